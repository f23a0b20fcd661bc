/**
 * The `mscn.costs.overridesFile` setting: a JSON object of cost events (`{ "invlpg": "300 cycles",
 * "ipis": "1.5 us" }`) that replaces entries of the default cost table (docs/model.md R33) in every run.
 * A scenario's own `cost` lines still win: they are the more specific statement. The file is read by
 * the run worker, never on the server's main thread, and only if it is a regular file of at most
 * COST_OVERRIDES_MAX_BYTES (files/regular-file.ts): /dev/zero or a FIFO is refused with the reason.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Cost } from '../../../language/src/engine/scenario.js';
import { isFigureName } from '../../../language/src/engine/figures.js';
import type { CostOverrides } from '../../../language/src/execution/run-job.js';
import { readTextFile } from '../../../language/src/files/regular-file.js';

export type { CostOverrides };

/** A cost table names a few dozen events: a larger file is not one. */
export const COST_OVERRIDES_MAX_BYTES = 64 * 1024;

const NS_PER: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6 };

/** `300 cycles` → { amount 300, unit cycles }; `1.5 us` → { amount 1500, unit ns }. */
export function parseCost(text: string): Cost | undefined {
    const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(cycles|ns|us|ms)\s*$/.exec(text);
    if (!m) return undefined;
    const amount = Number(m[1]);
    return m[2] === 'cycles' ? { amount, unit: 'cycles' } : { amount: amount * NS_PER[m[2]], unit: 'ns' };
}

/** The file the setting names for the scenario at scenarioPath (relative to it), or undefined for none. */
export function costOverridesPath(setting: string, scenarioPath: string): string | undefined {
    if (setting.trim() === '') return undefined;
    return isAbsolute(setting) ? setting : resolve(dirname(scenarioPath), setting);
}

/** The overrides, or a message saying what is wrong with the file. Reads the file: the run worker's job. */
export function readCostOverrides(setting: string, scenarioPath: string): CostOverrides | string {
    const path = costOverridesPath(setting, scenarioPath);
    if (path === undefined) return {};
    const read = readTextFile(path, COST_OVERRIDES_MAX_BYTES);
    if (!read.ok) return `cost overrides file '${path}': ${read.reason}`;
    let raw: unknown;
    try {
        raw = JSON.parse(read.text);
    } catch (error) {
        return `cost overrides file '${path}': ${error instanceof Error ? error.message : String(error)}`;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        return `cost overrides file '${path}': expected a JSON object`;
    const result: CostOverrides = {};
    for (const [event, value] of Object.entries(raw)) {
        const cost = typeof value === 'string' ? parseCost(value) : undefined;
        if (!isFigureName(event) || !cost)
            return `cost overrides file '${path}': bad entry '${event}': ${JSON.stringify(value)}`;
        result[event] = cost;
    }
    return result;
}
