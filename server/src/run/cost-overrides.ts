/**
 * The `mscn.costs.overridesFile` setting: a JSON object of cost events (`{ "invlpg": "300 cycles",
 * "ipis": "1.5 us" }`) that replaces entries of the default cost table (docs/model.md R33) in every run.
 * A scenario's own `cost` lines still win: they are the more specific statement.
 */
import * as fs from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Cost, ScenarioConfig } from '../../../language/src/engine/scenario.js';
import { isFigureName, type FigureName } from '../../../language/src/engine/figures.js';

export type CostOverrides = Partial<Record<FigureName, Cost>>;

const NS_PER: Record<string, number> = { ns: 1, us: 1e3, ms: 1e6 };

/** `300 cycles` → { amount 300, unit cycles }; `1.5 us` → { amount 1500, unit ns }. */
export function parseCost(text: string): Cost | undefined {
    const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(cycles|ns|us|ms)\s*$/.exec(text);
    if (!m) return undefined;
    const amount = Number(m[1]);
    return m[2] === 'cycles' ? { amount, unit: 'cycles' } : { amount: amount * NS_PER[m[2]], unit: 'ns' };
}

/** The overrides, or a message saying what is wrong with the file. */
export function readCostOverrides(setting: string, scenarioPath: string): CostOverrides | string {
    if (setting.trim() === '') return {};
    const path = isAbsolute(setting) ? setting : resolve(dirname(scenarioPath), setting);
    let raw: unknown;
    try {
        raw = JSON.parse(fs.readFileSync(path, 'utf8'));
    } catch (error) {
        return `cost overrides file '${path}': ${error instanceof Error ? error.message : String(error)}`;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `cost overrides file '${path}': expected a JSON object`;
    const result: CostOverrides = {};
    for (const [event, value] of Object.entries(raw)) {
        const cost = typeof value === 'string' ? parseCost(value) : undefined;
        if (!isFigureName(event) || !cost) return `cost overrides file '${path}': bad entry '${event}': ${JSON.stringify(value)}`;
        result[event] = cost;
    }
    return result;
}

export function applyCostOverrides(configs: ScenarioConfig[], overrides: CostOverrides): ScenarioConfig[] {
    if (Object.keys(overrides).length === 0) return configs;
    return configs.map(c => ({ ...c, machine: { ...c.machine, costs: { ...overrides, ...c.machine.costs } } }));
}
