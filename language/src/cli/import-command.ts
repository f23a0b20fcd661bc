/**
 * `mscn import PID|self [-o FILE]`: writes a scenario that rebuilds the address space of a running
 * process from /proc/PID/maps and the present bits of /proc/PID/pagemap (docs/probe.md). Exit 1 when
 * the process does not exist, may not be read or exits while it is read; 2 on bad arguments.
 */
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { readProcess, ProcReadError } from '../probe/proc-maps.js';
import { importScenario } from '../probe/import-scenario.js';

const USAGE = 'usage: mscn import PID|self [-o FILE]\n';

export async function importCommand(args: string[]): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs({
            args,
            allowPositionals: true,
            strict: true,
            options: { output: { type: 'string', short: 'o' } },
        });
    } catch (error) {
        process.stderr.write(`mscn import: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
        return 2;
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) {
        process.stderr.write(
            `mscn import: ${positionals.length === 0 ? 'no process given' : 'one process at a time'}\n${USAGE}`,
        );
        return 2;
    }
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
