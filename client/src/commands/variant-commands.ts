/**
 * Select Variant: which variant's figures inlay hints, hovers and lenses show, picked from the variants
 * of the last run and shown in the status bar.
 */
import * as vscode from 'vscode';
import { BASE_VARIANT, ClientCommands, Requests, type RunResultReply } from '../../../server/src/protocol/index.js';
import { targetUri, type CommandContext } from './run-commands.js';
import { refreshPanels, type PanelSlots } from '../panels/panel-serializers.js';

export function registerVariantCommands(
    ctx: CommandContext,
    setVariant: (variant: string) => void,
    panels: PanelSlots,
): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand(ClientCommands.selectVariant, async () => {
            const uri = targetUri(undefined);
            if (!uri) return;
            const reply = await ctx.client.sendRequest<RunResultReply | null>(Requests.runResult, { uri });
            const variants = reply?.variants ?? [BASE_VARIANT];
            const picked = await vscode.window.showQuickPick(variants, {
                placeHolder: `variant (now ${ctx.variant()})`,
            });
            if (!picked) return;
            await ctx.client.sendRequest(Requests.selectVariant, { variant: picked });
            setVariant(picked);
            // the panels follow the selected variant
            refreshPanels(panels);
        }),
    ];
}
