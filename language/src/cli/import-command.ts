/**
 * `mscn import PID|self [-o FILE]`: writes a scenario that rebuilds the address space of a running
 * process from /proc/PID/maps and the present bits of /proc/PID/pagemap (docs/probe.md). Exit 1 when
 * the process does not exist, may not be read or exits while it is read; 2 on bad arguments.
 */
import { writeFileSync } from 'node:fs';
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
    else writeFileSync(values.output, text);
    return 0;
}
