/**
 * `mscn lsp [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]`: the language server for any LSP
 * editor, stdio by default. The server is its own bundle beside this one (out/server/main.cjs, which
 * starts its run worker from the same folder); it is loaded in this process with the transport set.
 */
import { join } from 'node:path';
import { usageError } from './command-args.js';

const USAGE = 'usage: mscn lsp [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]\n';

/**
 * What is wrong with a transport flag, checked here because vscode-languageserver reads them itself and
 * throws on a bad one (`--socket=99999` was an internal error: `Port should be >= 0 and < 65536`), and
 * silently falls back to no transport on `--socket=0` or `--socket=abc`.
 */
function transportProblem(args: readonly string[]): string | undefined {
    for (let i = 0; i < args.length; i++) {
        const [flag, ...rest] = args[i].split('=');
        if (flag !== '--socket' && flag !== '--pipe') continue;
        // the library takes `--socket PORT` as well as `--socket=PORT`
        const value = rest.length > 0 ? rest.join('=') : args[i + 1];
        if (flag === '--socket' && !isPort(value)) return `--socket takes a port from 1 to 65535, not '${value ?? ''}'`;
        if (flag === '--pipe' && !value) return '--pipe takes the name of a pipe';
    }
    return undefined;
}

function isPort(text: string | undefined): boolean {
    return text !== undefined && /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

export async function lspCommand(args: string[]): Promise<number> {
    const problem = transportProblem(args);
    if (problem) return usageError('lsp', problem, USAGE);
    const server = join(__dirname, '..', 'server', 'main.cjs');
    const transport = args.length === 0 ? ['--stdio'] : args;
    process.argv = [process.argv[0], server, ...transport];
    require(server);
    // The server runs until its client says exit; it ends the process itself.
    return new Promise<number>(() => undefined);
}
