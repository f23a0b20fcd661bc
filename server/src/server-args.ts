/**
 * The server's command line. vscode-languageserver picks its transport from `--stdio`, `--node-ipc`,
 * `--socket=N` or `--pipe=NAME` and throws when none is given; Node then printed that exception with the
 * minified bundle's source line (151 KB). Checked here first: usage instead of source, `--help` and
 * `--version` answered.
 */
import { VERSION } from '../../language/src/cli/version.js';

export const SERVER_USAGE = `Memory Scenarios language server ${VERSION}
Usage: mscn lsp [--stdio | --node-ipc | --socket=PORT | --pipe=NAME]   (stdio when none is given)
       node out/server/main.cjs --stdio | --node-ipc | --socket=PORT | --pipe=NAME
Speaks the Language Server Protocol for .mscn files; see docs/editor.md for editor set-up.
`;

const TRANSPORTS = [/^--stdio$/, /^--node-ipc$/, /^--socket=\d+$/, /^--pipe=.+$/, /^--clientProcessId=\d+$/];

/** What to do with these arguments: serve, or print and exit with a code. */
export function serverArgs(
    argv: readonly string[],
): { serve: true } | { serve: false; out: 'stdout' | 'stderr'; text: string; code: number } {
    if (argv.includes('--help') || argv.includes('-h'))
        return { serve: false, out: 'stdout', text: SERVER_USAGE, code: 0 };
    if (argv.includes('--version') || argv.includes('-V'))
        return { serve: false, out: 'stdout', text: `${VERSION}\n`, code: 0 };
    const unknown = argv.filter(a => !TRANSPORTS.some(t => t.test(a)));
    if (unknown.length > 0)
        return { serve: false, out: 'stderr', text: `unknown argument '${unknown[0]}'\n${SERVER_USAGE}`, code: 2 };
    if (!argv.some(a => TRANSPORTS.slice(0, 4).some(t => t.test(a)))) {
        return { serve: false, out: 'stderr', text: `no transport given\n${SERVER_USAGE}`, code: 2 };
    }
    return { serve: true };
}
