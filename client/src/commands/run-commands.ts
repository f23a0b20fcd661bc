/**
 * Run Scenario, Compare Variants, Show Page Tables and Show Timeline: ask the server for the run of the current text
 * (it runs it now if it has not yet). Run Scenario prints it in the output channel with the report
 * formatters; the others open their panels (client/src/panels/), which follow each finished run.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node.js';
import { formatRunsText } from '../../../language/src/report/format-runs.js';
import type { ReportRuns } from '../../../language/src/report/format-runs.js';
import { ClientCommands, Notifications, Requests, type RunResultReply } from '../../../server/src/protocol/index.js';
import { refreshPanels, registerPanelSerializers, type PanelSlots } from '../panels/panel-serializers.js';
import type { PanelSlot, HostedPanel } from '../panels/panel-slot.js';

export interface CommandContext {
    client: LanguageClient;
    output: vscode.OutputChannel;
    /** Where the webview bundles are (out/webview/ under it). */
    extensionUri: vscode.Uri;
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
    const reply = await ctx.client.sendRequest<RunResultReply | null>(Requests.runResult, { uri, variant });
    if (!reply)
        void vscode.window.showWarningMessage(
            'Memory Scenarios: the scenario has errors (see Problems); nothing was run.',
        );
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

/** A command that opens (or reveals) a panel for the lens's document and run block. */
function panelCommand(id: string, slot: PanelSlot<HostedPanel>): vscode.Disposable {
    return vscode.commands.registerCommand(id, async (uri?: unknown, run?: unknown) => {
        const target = targetUri(uri);
        if (target) await slot.show(target, typeof run === 'string' ? run : undefined);
    });
}

export function registerRunCommands(ctx: CommandContext, panels: PanelSlots): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand(ClientCommands.runScenario, async (uri?: unknown, run?: unknown) => {
            const target = targetUri(uri);
            const reply = target && (await fetchRuns(ctx, target, ctx.variant()));
            if (target && reply) print(ctx, target, only(reply, run), reply.millis);
        }),
        panelCommand(ClientCommands.compareVariants, panels.comparison),
        panelCommand(ClientCommands.showPageTables, panels.pageTables),
        panelCommand(ClientCommands.showTimeline, panels.timeline),
        // the panels follow edits: each run that lands refreshes the panels showing its document
        ctx.client.onNotification(Notifications.runFinished, (params: { uri?: unknown }) => {
            if (typeof params?.uri === 'string') refreshPanels(panels, params.uri);
        }),
        ...registerPanelSerializers(panels),
    ];
}
