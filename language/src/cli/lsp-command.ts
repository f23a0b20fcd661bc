/**
 * `mscn lsp [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]`: the language server for any LSP
 * editor, stdio by default. The server is its own bundle beside this one (out/server/main.cjs, which
 * starts its run worker from the same folder); it is loaded in this process with the transport set.
 */
import { join } from 'node:path';

export async function lspCommand(args: string[]): Promise<number> {
    const server = join(__dirname, '..', 'server', 'main.cjs');
    const transport = args.length === 0 ? ['--stdio'] : args;
    process.argv = [process.argv[0], server, ...transport];
    require(server);
    // The server runs until its client says exit; it ends the process itself.
    return new Promise<number>(() => undefined);
}
