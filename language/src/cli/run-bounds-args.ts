/**
 * The bounds `mscn run` and `mscn check` put on each run (docs/limits.md): `--budget N` operations,
 * `--memory SIZE` and `--timeout SECONDS`, read the same way by both commands.
 */
import { parseSize } from './size-arg.js';
import { MAX_WHOLE } from './command-args.js';

/** The parseArgs options of the bounds. */
export const RUN_BOUND_OPTIONS = {
    budget: { type: 'string' },
    memory: { type: 'string' },
    timeout: { type: 'string' },
} as const;

export interface RunBounds {
    budget?: number;
    memory?: number;
    timeout?: number;
}

/** `--budget N`: a positive whole number of operations (`_` separators allowed). */
export function parseBudget(text: string): number | string {
    const budget = Number(text.replace(/_/g, ''));
    if (!/^[\d_]+$/.test(text) || !Number.isSafeInteger(budget) || budget <= 0)
        return `--budget takes a whole number from 1 to ${MAX_WHOLE}, not '${text}'`;
    return budget;
}

/** The largest `--timeout`: a day. */
const MAX_TIMEOUT_SECONDS = 86_400;

/** `--timeout SECONDS`: a positive number of seconds (`0.5`, `60`), at most a day. */
export function parseTimeout(text: string): number | string {
    const seconds = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0) || seconds > MAX_TIMEOUT_SECONDS)
        return `--timeout takes a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not '${text}'`;
    return seconds;
}

/** The bounds given, or the message about the first that is wrong. */
export function runBounds(values: { budget?: string; memory?: string; timeout?: string }): RunBounds | string {
    const budget = values.budget === undefined ? undefined : parseBudget(values.budget);
    if (typeof budget === 'string') return budget;
    const memory = values.memory === undefined ? undefined : parseSize(values.memory);
    if (typeof memory === 'string') return memory;
    const timeout = values.timeout === undefined ? undefined : parseTimeout(values.timeout);
    if (typeof timeout === 'string') return timeout;
    return { budget, memory, timeout };
}
