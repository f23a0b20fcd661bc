/**
 * The extension without VS Code: the manifest's contributions match the command ids the client and the
 * server's lenses use, the files it points at exist, and every snippet expands to a scenario that the
 * checker accepts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
    ALL_CLIENT_COMMANDS,
    ClientCommands,
    LENS_TO_CLIENT,
    ServerCommands,
} from '../../server/src/protocol/index.js';
import { DEFAULT_INLAY_FIGURES, DEFAULT_SETTINGS } from '../../server/src/settings.js';
import { parseValid } from '../server/helpers.js';
import { PANEL_VIEW_TYPES } from '../../client/src/panels/view-types.js';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

describe('GIVEN package.json as the extension manifest', () => {
    test("WHEN its commands are listed THEN they are exactly the exported command ids, and the lenses' server commands map onto three of them", () => {
        expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toEqual([
            ...ALL_CLIENT_COMMANDS,
        ]);
        expect(manifest.contributes.commands.map((c: { title: string }) => c.title)).toEqual([
            'Run Scenario',
            'Compare Variants',
            'Show Page Tables',
            'Replay Trace...',
            'Select Variant',
            'Show Timeline',
        ]);
        expect(LENS_TO_CLIENT).toEqual({
            [ServerCommands.run]: ClientCommands.runScenario,
            [ServerCommands.compareVariants]: ClientCommands.compareVariants,
            [ServerCommands.pageTables]: ClientCommands.showPageTables,
        });
        // vscode-languageclient registers the server's commands: an id the extension registers too would throw
        for (const id of Object.values(ServerCommands)) expect(ALL_CLIENT_COMMANDS).not.toContain(id);
    });

    test('WHEN it names files THEN they exist (the grammar once generated), and main is the bundled client', () => {
        expect(manifest.main).toBe('./out/client/extension.cjs');
        expect(manifest.activationEvents).toContain('onLanguage:mscn');
        // a panel restored after a reload activates the extension for its serializer
        for (const view of PANEL_VIEW_TYPES) expect(manifest.activationEvents).toContain(`onWebviewPanel:${view}`);
        const language = manifest.contributes.languages[0];
        for (const path of [
            manifest.icon,
            language.configuration,
            language.icon.light,
            manifest.contributes.snippets[0].path,
            manifest.contributes.grammars[0].path,
        ]) {
            expect(existsSync(path), path).toBe(true);
        }
    });

    test('WHEN settings are declared THEN their defaults are the server defaults', () => {
        const p = manifest.contributes.configuration.properties;
        expect(p['mscn.run.budget'].default).toBe(DEFAULT_SETTINGS.budget);
        expect(p['mscn.run.debounce'].default).toBe(DEFAULT_SETTINGS.debounceMs);
        expect(p['mscn.run.timeout'].default).toBe(DEFAULT_SETTINGS.timeoutSeconds);
        expect(p['mscn.inlayHints.figures'].default).toEqual(DEFAULT_INLAY_FIGURES);
    });
});

/** `${1:numaq}` → numaq, `$1` → the default of placeholder 1, `$0` → nothing. */
function expand(body: string[]): string {
    const text = body.join('\n');
    const defaults = new Map<string, string>();
    for (const m of text.matchAll(/\$\{(\d+):([^}]*)\}/g)) defaults.set(m[1], m[2]);
    return text.replace(/\$\{(\d+):([^}]*)\}/g, '$2').replace(/\$(\d+)/g, (_, n: string) => defaults.get(n) ?? '');
}

describe('GIVEN the snippets for the three seed designs', () => {
    const snippets = JSON.parse(readFileSync('client/snippets/mscn.json', 'utf8')) as Record<
        string,
        { prefix: string; body: string[] }
    >;

    test('WHEN listed THEN UKVA, MMU notifiers and first-class VAS each have one', () => {
        expect(Object.values(snippets).map(s => s.prefix)).toEqual(['ukva', 'notifier-gru', 'vas']);
    });

    test.each(Object.keys(snippets))(
        'WHEN "%s" expands with its defaults THEN the checker finds no error',
        async name => {
            await parseValid(expand(snippets[name].body));
        },
    );
});
