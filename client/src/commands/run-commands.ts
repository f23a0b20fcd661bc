/**
 * Run Scenario, Compare Variants and Show Page Tables: ask the server for the run of the current text
 * (it runs it now if it has not yet) and print it in the output channel with the report formatters.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { formatRunsText } from '../../../language/src/report/format-runs.js';
import { RUN_RESULT, SNAPSHOT, type ReportRuns, type RunResultReply, type SnapshotJson } from '../protocol.js';
import { COMPARE_VARIANTS, RUN_SCENARIO, SHOW_PAGE_TABLES } from './ids.js';
import { snapshotText } from './page-tables-text.js';

export interface CommandContext {
    client: LanguageClient;
    output: vscode.OutputChannel;
    /** The variant chosen with Select Variant (`base` by default). */
    variant: () => string;
}

/** The document a command applies to: the lens's argument or the active `.mscn` editor. */
export function targetUri(uri: unknown): string | undefined {
    if (typeof uri === 'string') return uri;
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === 'mscn' ? editor.document.uri.toString() : undefined;
}

async function fetchRuns(ctx: CommandContext, uri: string, variant?: string): Promise<RunResultReply | undefined> {
    const reply = await ctx.client.sendRequest<RunResultReply | null>(RUN_RESULT, { uri, variant });
    if (!reply) void vscode.window.showWarningMessage('Memory Scenarios: the scenario has errors (see Problems); nothing was run.');
    return reply ?? undefined;
}

function print(ctx: CommandContext, uri: string, runs: ReportRuns[], millis: number): void {
    const file = vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
    ctx.output.appendLine(formatRunsText(file, runs));
    ctx.output.appendLine(`(${millis.toFixed(0)} ms in the engine)\n`);
    ctx.output.show(true);
}

function only(reply: RunResultReply, run: unknown): RunResultReply['runs'] {
    return typeof run === 'string' ? reply.runs.filter(r => r.run === run) : reply.runs;
}

export function registerRunCommands(ctx: CommandContext): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand(RUN_SCENARIO, async (uri?: unknown, run?: unknown) => {
            const target = targetUri(uri);
            const reply = target && await fetchRuns(ctx, target, ctx.variant());
            if (target && reply) print(ctx, target, only(reply, run), reply.millis);
        }),
        vscode.commands.registerCommand(COMPARE_VARIANTS, async (uri?: unknown, run?: unknown) => {
            const target = targetUri(uri);
            const reply = target && await fetchRuns(ctx, target);
            if (target && reply) print(ctx, target, only(reply, run), reply.millis);
        }),
        vscode.commands.registerCommand(SHOW_PAGE_TABLES, async (uri?: unknown, run?: unknown) => {
            const target = targetUri(uri);
            const reply = target && await fetchRuns(ctx, target, ctx.variant());
            const result = reply ? only(reply, run)[0]?.results[0] : undefined;
            const last = result ? Math.max(-1, ...result.snapshotStatements) : -1;
            if (!target || !result || last < 0) return;
            const snapshot = await ctx.client.sendRequest<SnapshotJson | null>(SNAPSHOT, { uri: target, statementId: last, variant: result.variant });
            if (!snapshot) return;
            ctx.output.appendLine(snapshotText(snapshot, `run ${result.run} (${result.variant})`));
            ctx.output.show(true);
        }),
    ];
}
