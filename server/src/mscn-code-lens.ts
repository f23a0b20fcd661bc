/**
 * Above each run block: `Run`, `Compare variants`, `Show page tables` and, once the current text has
 * run, the block's totals for the selected variant (a click prints the run's report). Each lens carries
 * a server command (server/src/protocol/commands.ts): any LSP client can execute it, and VS Code's
 * client middleware turns it into the extension's own command, which opens a panel instead.
 */
import type { CodeLensProvider } from 'langium/lsp';
import type { LangiumDocument } from 'langium';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import * as ast from '../../language/src/generated/ast.js';
import { runName } from '../../language/src/lowering/scenario.js';
import type { MscnEditorServices } from './mscn-editor-module.js';
import { figuresLine } from './figure-labels.js';
import { ServerCommands } from './protocol/index.js';

export class MscnCodeLensProvider implements CodeLensProvider {
    /** The run store and the settings, read per request (the provider keeps no state of its own). */
    constructor(private readonly services: MscnEditorServices) {}

    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): CodeLens[] {
        const root = document.parseResult.value;
        if (!ast.isScenario(root)) return [];
        const uri = document.uri.toString();
        const runs = root.elements.filter(ast.isRun);
        const { RunStore: store, Settings: settings } = this.services.editor;
        const entry = store.get(uri, document.textDocument.version);
        const variant = store.selectedVariant(uri);
        return runs.flatMap((run, index) => {
            const start = run.$cstNode?.range.start;
            if (!start) return [];
            const range = { start, end: start };
            const name = runName(run, index, runs.length);
            const args = [uri, name];
            const lenses: CodeLens[] = [
                { range, command: { title: '▶ Run', command: ServerCommands.run, arguments: args } },
                {
                    range,
                    command: { title: 'Compare variants', command: ServerCommands.compareVariants, arguments: args },
                },
                { range, command: { title: 'Show page tables', command: ServerCommands.pageTables, arguments: args } },
            ];
            const result = entry?.runs.find(r => r.run === name)?.results.find(r => r.variant === variant);
            if (result) {
                const figures = figuresLine(
                    result.totals,
                    [...settings.value.inlayFigures, 'estimatedTime'],
                    Object.keys(result.perNotifier),
                );
                const stopped = result.stopped ? ` · stopped: ${result.stopped.reason}` : '';
                lenses.push({
                    range,
                    command: {
                        title: `${variant}: ${figures || 'nothing counted'}${stopped}`,
                        command: ServerCommands.run,
                        arguments: args,
                    },
                });
            }
            return lenses;
        });
    }
}
