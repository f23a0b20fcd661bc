/**
 * The Memory Scenarios extension: starts the language server (a separate Node process over IPC,
 * out/server/main.cjs), registers the commands and keeps the selected variant in the status bar.
 */
import * as vscode from 'vscode';
import {
    LanguageClient,
    TransportKind,
    type LanguageClientOptions,
    type ServerOptions,
} from 'vscode-languageclient/node.js';
import { registerRunCommands, type CommandContext } from './commands/run-commands.js';
import { registerVariantCommands } from './commands/variant-commands.js';
import { registerReplayCommands } from './commands/replay-commands.js';
import { BASE_VARIANT, ClientCommands, LENS_TO_CLIENT } from '../../server/src/protocol/index.js';
import { createPanelSlots } from './panels/panel-serializers.js';

let client: LanguageClient | undefined;

function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
    const module = context.asAbsolutePath('out/server/main.cjs');
    const serverOptions: ServerOptions = {
        run: { module, transport: TransportKind.ipc },
        debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'mscn' },
            { scheme: 'untitled', language: 'mscn' },
        ],
        synchronize: { configurationSection: 'mscn' },
        // an untrusted workspace: the server ignores settings that name files to read
        // (package.json restrictedConfigurations)
        // push only: pulled diagnostics would be a second copy of each (server/src/pull-diagnostics.ts)
        initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted, pullDiagnostics: false }),
        outputChannel: output,
        middleware: {
            // The lenses carry the server's commands (any client can run them); vscode-languageclient
            // registers those ids, and a click here opens the extension's panel or output instead.
            executeCommand: (command, args, next) => {
                const local = (LENS_TO_CLIENT as Record<string, string | undefined>)[command];
                return local ? vscode.commands.executeCommand(local, ...args) : next(command, args);
            },
        },
    };
    return new LanguageClient('mscn', 'Memory Scenarios', serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const output = vscode.window.createOutputChannel('Memory Scenarios');
    client = createClient(context, output);
    let variant: string = BASE_VARIANT;
    const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
    status.command = ClientCommands.selectVariant;
    const showVariant = (v: string) => {
        variant = v;
        status.text = `$(versions) ${v}`;
        status.tooltip = 'Memory Scenarios: variant shown in hints and hovers';
        status.show();
    };
    showVariant(BASE_VARIANT);
    const ctx: CommandContext = { client, output, extensionUri: context.extensionUri, variant: () => variant };
    const panels = createPanelSlots(ctx);
    context.subscriptions.push(
        output,
        status,
        ...registerRunCommands(ctx, panels),
        ...registerVariantCommands(ctx, showVariant, panels),
        ...registerReplayCommands(),
    );
    // trust granted: start again, so that the server reads the file-naming settings too
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()));
    await client.start();
}

export function deactivate(): Promise<void> | undefined {
    return client?.stop();
}
