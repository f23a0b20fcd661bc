/**
 * Select Variant: which variant's figures inlay hints, hovers and lenses show, picked from the variants
 * of the last run and shown in the status bar.
 */
import * as vscode from 'vscode';
import { RUN_RESULT, SELECT_VARIANT_REQUEST, type RunResultReply } from '../protocol.js';
import { SELECT_VARIANT } from './ids.js';
import { targetUri, type CommandContext } from './run-commands.js';
import { refreshPanels, type PanelSlots } from '../panels/panel-serializers.js';

export function registerVariantCommands(ctx: CommandContext, setVariant: (variant: string) => void, panels: PanelSlots): vscode.Disposable[] {
    return [
        vscode.commands.registerCommand(SELECT_VARIANT, async () => {
            const uri = targetUri(undefined);
            if (!uri) return;
            const reply = await ctx.client.sendRequest<RunResultReply | null>(RUN_RESULT, { uri });
            const variants = reply?.variants ?? ['base'];
            const picked = await vscode.window.showQuickPick(variants, { placeHolder: `variant (now ${ctx.variant()})` });
            if (!picked) return;
            await ctx.client.sendRequest(SELECT_VARIANT_REQUEST, { variant: picked });
            setVariant(picked);
            // the panels follow the selected variant
            refreshPanels(panels);
        }),
    ];
}
