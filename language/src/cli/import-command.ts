/**
 * `mscn import PID|self [-o FILE]`: writes a scenario that rebuilds the address space of a running
 * process from /proc/PID/maps and the present bits of /proc/PID/pagemap (docs/probe.md). Exit 1 when
 * the process does not exist, may not be read or exits while it is read; 2 on bad arguments or an output
 * it cannot write (a directory, a FIFO, a full disk: files/output-file.ts).
 */
import * as fs from 'node:fs';
import { openOutputFile, writeAll } from '../files/output-file.js';
import { notExactlyOne, parseCommandArgs, usageError } from './command-args.js';
import { readProcess, ProcReadError } from '../probe/proc-maps.js';
import { importScenario } from '../probe/import-scenario.js';

const USAGE = 'usage: mscn import PID|self [-o FILE]\n';

export async function importCommand(args: string[]): Promise<number> {
    const parsed = parseCommandArgs(args, { output: { type: 'string', short: 'o' } });
    if (typeof parsed === 'string') return usageError('import', parsed, USAGE);
    const { values, positionals } = parsed;
    const count = notExactlyOne(positionals, 'process');
    if (count) return usageError('import', count, USAGE);
    if (process.platform !== 'linux') {
        process.stderr.write(`mscn import: reads /proc of a Linux kernel; this is ${process.platform}\n`);
        return 1;
    }
    let text: string;
    try {
        const image = readProcess(positionals[0]);
        text = importScenario(image, values.output ?? `/proc/${image.pid}`);
    } catch (error) {
        if (!(error instanceof ProcReadError)) throw error;
        process.stderr.write(`mscn import: ${error.message}\n`);
        return 1;
    }
    if (values.output === undefined) process.stdout.write(text);
    else return writeOutput(values.output, text);
    return 0;
}

/** Writes the scenario to `-o FILE`; an output that cannot take it is a bad argument (exit 2), named. */
function writeOutput(path: string, text: string): number {
    const opened = openOutputFile(path);
    if (!opened.ok) return usageError('import', `cannot write '${path}': ${opened.reason}`, USAGE);
    const failure = writeAll(opened.fd, text);
    fs.closeSync(opened.fd);
    if (failure === undefined) return 0;
    process.stderr.write(`mscn import: cannot write '${path}': ${failure}\n`);
    return 2;
}
