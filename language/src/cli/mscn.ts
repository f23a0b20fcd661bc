/**
 * `mscn`: the command-line tool. Each subcommand lives in its own file; this one only dispatches.
 */
import { checkCommand } from './check-command.js';
import { runCommand } from './run-command.js';
import { replayCommand } from './replay-command.js';
import { lspCommand } from './lsp-command.js';
import { probeCommand } from './probe-command.js';
import { importCommand } from './import-command.js';
import { sweepCommand } from './sweep-command.js';
import { mergeCommand } from './merge-command.js';
import { VERSION } from './version.js';
import { own } from '../own.js';
import { reportInternalError } from './internal-error.js';

const USAGE = `mscn ${VERSION}: memory scenarios: paging, TLB and MMU-notifier designs with exact figures

Usage:
  mscn check FILE... [--no-run] [--check-invariants] [--budget N] [--memory SIZE] [--timeout SECONDS]
                                     diagnostics as file:line:col: severity: message (exit 1 on errors)
  mscn run FILE [--variant NAME] [--json | --markdown | --csv] [--budget N] [--memory SIZE] [--timeout SECONDS]
                [--check-invariants]
                                     run every variant (or one) and print the figures side by side;
                                     --check-invariants: check the engine's invariants after every
                                     statement (docs/model.md Invariants), a broken one is an error
  mscn replay TRACE [--tlb E/W[,E/W...]] [--machine FILE:NAME[,NAME...]] [--json | --csv]
                    [--budget N] [--memory SIZE]
                                     replay a valgrind lackey trace (docs/model.md section 12); a list
                                     replays every configuration in one pass, a row each
  mscn sweep FILE [--jobs N] [--shard I/N] [--out FILE] [--budget N]
                                     run every point (variants, sweep points) on N threads, or one
                                     shard of them: one JSON line per point (docs/sweeps.md)
  mscn merge FILE.jsonl... [--json | --markdown | --csv]
                                     join sweep lines (any number of shards) into mscn run's report
  mscn lsp [--stdio | --node-ipc | --socket=PORT]
                                     the language server for any LSP editor (stdio by default; docs/editors.md)
  mscn probe FILE [--run NAME] [--variant NAME] [--repeat N] [--json]
                                     run the scenario on this Linux kernel: model vs kernel (docs/probe.md)
  mscn import PID|self [-o FILE]     a scenario that rebuilds a process's address space (docs/probe.md)
  mscn --help | --version

Limits: --budget N operations (default 50,000,000; replay: 1,000,000,000 page accesses) and --memory SIZE
of engine state (512M, 2G, 1GiB; default 2G, replay 256M) and, for check and run, --timeout SECONDS of wall
clock (default 60) stop a run with the figures so far (exit 1).
Ctrl-C during check, run or replay prints the figures so far, marked as interrupted (exit 130).
`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
    check: checkCommand,
    run: runCommand,
    replay: replayCommand,
    lsp: lspCommand,
    probe: probeCommand,
    import: importCommand,
    sweep: sweepCommand,
    merge: mergeCommand,
};

async function main(argv: string[]): Promise<number> {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        process.stdout.write(USAGE);
        return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-V') {
        process.stdout.write(`${VERSION}\n`);
        return 0;
    }
    const command = own(COMMANDS, name);
    if (!command) {
        process.stderr.write(`mscn: unknown command '${name}'\n\n${USAGE}`);
        return 2;
    }
    return command(rest);
}

// `mscn check big.mscn | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
});

// An error that escapes a command (a bug, never the input): one line and exit 1 (cli/internal-error.ts).
process.on('uncaughtException', error => {
    reportInternalError(error);
    process.exit(process.exitCode);
});

main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
}, reportInternalError);
