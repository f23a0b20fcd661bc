/**
 * `mscn probe FILE [--run NAME] [--variant NAME] [--repeat N] [--json]`: runs the x86_64 part of a
 * scenario on the running Linux kernel through the native helper and prints the model's figures and
 * the kernel's side by side (docs/probe.md). Exit 1 when the file has errors, the kernel cannot run
 * an operation (a located message) or the helper fails; 2 on bad arguments.
 */
import { relative } from 'node:path';
import type * as ast from '../generated/ast.js';
import { notExactlyOne, parseCommandArgs, usageError } from './command-args.js';
import { loadRunnableFile } from './load-runnable.js';
import { lowerScenario, runName, BASE_VARIANT } from '../lowering/scenario.js';
import { sourceLoc } from '../lowering/statements.js';
import type { SourceLoc } from '../engine/scenario.js';
import { hostProblem } from '../probe/native.js';
import { probeConfig } from '../probe/probe.js';
import type { ProbeComparison } from '../probe/compare.js';
import { formatProbeText, probeJson } from '../probe/format.js';

const USAGE = 'usage: mscn probe FILE [--run NAME] [--variant NAME] [--repeat N] [--json]\n';

interface ProbeArgs {
    file: string;
    run?: string;
    variant: string;
    repeat: number;
    json: boolean;
}

function parseProbeArgs(args: string[]): ProbeArgs | string {
    const parsed = parseCommandArgs(args, {
        run: { type: 'string' },
        variant: { type: 'string' },
        repeat: { type: 'string' },
        json: { type: 'boolean' },
    });
    if (typeof parsed === 'string') return parsed;
    const { values, positionals } = parsed;
    const count = notExactlyOne(positionals);
    if (count) return count;
    const repeat = values.repeat === undefined ? 3 : Number(values.repeat);
    if (!Number.isSafeInteger(repeat) || repeat < 1 || repeat > 1000)
        return `--repeat takes a whole number from 1 to 1000, not '${values.repeat}'`;
    return {
        file: positionals[0],
        run: values.run,
        variant: values.variant ?? BASE_VARIANT,
        repeat,
        json: values.json ?? false,
    };
}

/** Where each run block starts, by its lowered name. */
function runLocations(root: ast.Scenario): Map<string, SourceLoc> {
    const runs = (root.elements ?? []).filter((e): e is ast.Run => e?.$type === 'Run');
    return new Map(runs.map((r, i) => [runName(r, i, runs.length), sourceLoc(r)]));
}

export async function probeCommand(args: string[]): Promise<number> {
    const parsed = parseProbeArgs(args);
    if (typeof parsed === 'string') return usageError('probe', parsed, USAGE);
    const host = hostProblem();
    if (host) {
        process.stderr.write(`mscn probe: ${host}\n`);
        return 1;
    }
    const file = await loadRunnableFile('probe', parsed.file);
    if (typeof file === 'number') return file;
    const root = file.document.parseResult.value;
    const fsPath = file.document.uri.fsPath;
    const shown = relative(process.cwd(), fsPath) || parsed.file;
    const all = lowerScenario(root, file.imports);
    const configs = all.filter(c => c.variant === parsed.variant && (parsed.run === undefined || c.run === parsed.run));
    if (configs.length === 0) {
        const what =
            parsed.run !== undefined && !all.some(c => c.run === parsed.run)
                ? `unknown run '${parsed.run}': this file has ` +
                  `${[...new Set(all.map(c => c.run))].join(', ') || 'no run'}`
                : `unknown variant '${parsed.variant}': this file has ` +
                  `${[...new Set(all.map(c => c.variant))].join(', ')}`;
        process.stderr.write(`mscn probe: ${what}\n`);
        return 2;
    }
    const locations = runLocations(root);
    const comparisons: ProbeComparison[] = [];
    for (const config of configs) {
        const outcome = probeConfig(config, locations.get(config.run)!, fsPath, parsed.repeat);
        if (outcome.kind === 'refused') {
            for (const r of outcome.refusals)
                process.stderr.write(`${shown}:${r.loc.line}:${r.loc.column}: error: ${r.message}\n`);
            return 1;
        }
        if (outcome.kind === 'failed') {
            process.stderr.write(`mscn probe: run ${config.run}: ${outcome.message}\n`);
            return 1;
        }
        comparisons.push(outcome.comparison);
    }
    if (parsed.json) process.stdout.write(`${JSON.stringify(probeJson(parsed.file, comparisons), undefined, 2)}\n`);
    else process.stdout.write(comparisons.map(c => formatProbeText(shown, c)).join('\n'));
    return 0;
}
