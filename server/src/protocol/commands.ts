/**
 * Command ids. The extension's commands (package.json `contributes.commands`) open panels and the
 * output channel; the server's (`workspace/executeCommand`, server/src/commands.ts) answer with text,
 * so that any LSP client can run what the code lenses offer.
 *
 * The ids differ on purpose: vscode-languageclient registers every command the server advertises in
 * `executeCommandProvider` as a VS Code command, and registering an id twice throws. The lenses carry
 * the server's ids; in VS Code the client's middleware (client/src/extension.ts) turns a lens click
 * into the extension's command of LENS_TO_CLIENT, elsewhere the click reaches the server.
 */

/** The extension's commands, in the order of package.json. */
export const ClientCommands = {
    runScenario: 'mscn.runScenario',
    compareVariants: 'mscn.compareVariants',
    showPageTables: 'mscn.showPageTables',
    replayTrace: 'mscn.replayTrace',
    selectVariant: 'mscn.selectVariant',
    showTimeline: 'mscn.showTimeline',
} as const;

export const ALL_CLIENT_COMMANDS = Object.values(ClientCommands);

/**
 * The server's commands; each takes `[uri, run?]` (the lens's arguments; no run: every run block) and
 * answers plain text: the report `mscn run` prints, the variants side by side, the page tables and TLBs
 * after the run's last statement.
 */
export const ServerCommands = {
    run: 'mscn.server.run',
    compareVariants: 'mscn.server.compareVariants',
    pageTables: 'mscn.server.pageTables',
} as const;

export type ServerCommand = (typeof ServerCommands)[keyof typeof ServerCommands];

export const ALL_SERVER_COMMANDS: readonly ServerCommand[] = Object.values(ServerCommands);

/** What a lens click runs in VS Code instead of the server's command. */
export const LENS_TO_CLIENT: Readonly<Record<ServerCommand, string>> = {
    [ServerCommands.run]: ClientCommands.runScenario,
    [ServerCommands.compareVariants]: ClientCommands.compareVariants,
    [ServerCommands.pageTables]: ClientCommands.showPageTables,
};
