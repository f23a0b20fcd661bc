/**
 * out/cli/mscn-replay.cjs: `mscn replay` without `--machine`, bundled without the language front end.
 * The full CLI bundle (Langium, every command) costs about 0.15 s of CPU and 20 MiB to load before the
 * first record is read, as much as the whole native replay of a 12 M-record trace (docs/performance.md);
 * the launcher (mscn-launcher.ts) loads this 0.1 MB bundle instead when no machine file must be read.
 */
import { runReplay } from './replay-run.js';

// `mscn replay T | head` closes our stdout early: that is the reader's choice, not an error (as in mscn.ts).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
});

runReplay(process.argv.slice(3)).then(
    code => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(`mscn: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 3;
    },
);
