/**
 * `workspace/executeCommand`: what the code lenses offer, for every LSP client (ids and arguments:
 * server/src/protocol/commands.ts). Each command takes `[uri, run?]`, runs the document's current text
 * if it has not run yet, and answers plain text: the report of the selected variant as `mscn run`
 * prints it, every variant side by side, or the page tables and TLBs after the run's last statement.
 */
import { posix } from 'node:path';
import { AbstractExecuteCommandHandler, type ExecuteCommandAcceptor } from 'langium/lsp';
import { URI } from 'langium';
import { formatRunsText } from '../../language/src/report/format-runs.js';
import { findingsText } from '../../language/src/report/run-findings.js';
import type { ScenarioRuns } from '../../language/src/execution/run-scenario-file.js';
import { ServerCommands } from './protocol/index.js';
import type { RunStore, StoredRun } from './run/run-store.js';
import type { RunScheduler } from './run/run-scheduler.js';
import { snapshotText } from './page-tables-text.js';

interface Target {
    uri: string;
    run?: string;
}

function targetOf(args: unknown[]): Target {
    const [uri, run] = args;
    if (typeof uri !== 'string') throw new Error('expected the arguments [uri, run?]: a document URI first');
    if (run !== undefined && run !== null && typeof run !== 'string')
        throw new Error('expected the arguments [uri, run?]: a run block name second');
    return typeof run === 'string' ? { uri, run } : { uri };
}

export class MscnCommandHandler extends AbstractExecuteCommandHandler {
    /** Set by main.ts once the run scheduler exists (the handler is created with the shared services). */
    private deps: { scheduler: RunScheduler; store: RunStore } | undefined;

    bind(scheduler: RunScheduler, store: RunStore): void {
        this.deps = { scheduler, store };
    }

    registerCommands(accept: ExecuteCommandAcceptor): void {
        accept(ServerCommands.run, args =>
            this.withRuns(args, (entry, runs, variant) =>
                report(
                    fileName(entry.uri),
                    runs.map(r => ({ ...r, results: r.results.filter(x => x.variant === variant) })),
                ),
            ),
        );
        accept(ServerCommands.compareVariants, args =>
            this.withRuns(args, (entry, runs) => report(fileName(entry.uri), runs)),
        );
        accept(ServerCommands.pageTables, args =>
            this.withRuns(args, (entry, runs, variant) => this.pageTables(entry, runs, variant)),
        );
    }

    private async withRuns(
        args: unknown[],
        answer: (entry: StoredRun, runs: ScenarioRuns[], variant: string) => string | Promise<string>,
    ): Promise<string> {
        if (!this.deps) throw new Error('the server is still starting');
        const target = targetOf(args);
        const entry = await this.deps.scheduler.runNow(target.uri);
        if (!entry) throw new Error(`${target.uri} is not open, or has errors (see its diagnostics): nothing was run`);
        const runs = entry.runs.filter(r => target.run === undefined || r.run === target.run);
        if (runs.length === 0) throw new Error(`no run block '${target.run}' in ${target.uri}`);
        return answer(entry, runs, this.deps.store.selectedVariant(target.uri));
    }

    private async pageTables(entry: StoredRun, runs: ScenarioRuns[], variant: string): Promise<string> {
        const store = this.deps!.store;
        const texts: string[] = [];
        for (const block of runs) {
            const result = block.results.find(r => r.variant === variant);
            const ids = result ? store.snapshotStatements(entry, result) : [];
            const snapshot = ids.length > 0 ? await store.load(entry, Math.max(...ids), variant) : undefined;
            const title = `run ${block.run} (${variant})`;
            texts.push(snapshot ? snapshotText(snapshot, title) : `${title}: no snapshot\n`);
        }
        return texts.join('\n');
    }
}

/** The figures and then the findings, as `mscn run` prints them. */
function report(shown: string, runs: ScenarioRuns[]): string {
    return formatRunsText(shown, runs) + findingsText(shown, runs).text;
}

function fileName(uri: string): string {
    return posix.basename(URI.parse(uri).path);
}
