/**
 * What the `mscn` commands share in reading their arguments: node:util's parseArgs (strict, positionals
 * allowed) with its complaint as a message, the one file or process a command takes, positive whole-number
 * flags, and the usage line with exit 2 on a bad argument.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A negative number: parseArgs takes it for an option and calls `--timeout -1` ambiguous. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * `--flag -1` as `--flag=-1`, for the flags that take a value: the command's own check then says what the
 * flag takes (`--timeout takes a positive number of seconds, not '-1'`) instead of parseArgs's "ambiguous".
 */
function joinNegativeValues(args: string[], options: Options): string[] {
    const takesValue = new Set(
        Object.entries(options)
            .filter(([, option]) => option.type === 'string')
            .map(([name]) => `--${name}`),
    );
    const out: string[] = [];
    for (let i = 0; i < args.length; i++) {
        if (args[i] === '--') return [...out, ...args.slice(i)];
        if (takesValue.has(args[i]) && i + 1 < args.length && NEGATIVE_NUMBER.test(args[i + 1])) {
            out.push(`${args[i]}=${args[i + 1]}`);
            i++;
        } else out.push(args[i]);
    }
    return out;
}

/**
 * The options and positionals, or parseArgs's message (an unknown option, a missing value), or that a flag
 * taking one value is given twice: parseArgs keeps the last, so `--variant a --variant b` ran only b and
 * `--budget 5 --budget 10` silently dropped the 5; which one was meant is a guess.
 */
export function parseCommandArgs<const O extends Options>(args: string[], options: O) {
    try {
        const parsed = parseArgs({
            args: joinNegativeValues(args, options),
            options,
            allowPositionals: true,
            strict: true,
            tokens: true,
        });
        const twice = repeatedFlag(parsed.tokens, options);
        if (twice) return twice;
        return { values: parsed.values, positionals: parsed.positionals };
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
}

type Token = { kind: string; name?: string; rawName?: string };

/** `--flag is given twice` for the first single-valued flag that is, else undefined (`-j 1 --jobs 2` too). */
function repeatedFlag(tokens: readonly Token[], options: Options): string | undefined {
    const seen = new Set<string>();
    for (const token of tokens) {
        if (token.kind !== 'option' || token.name === undefined) continue;
        const option = options[token.name];
        if (option?.type !== 'string' || option.multiple) continue;
        if (seen.has(token.name)) return `--${token.name} is given twice`;
        seen.add(token.name);
    }
    return undefined;
}

/** Why the positionals are not exactly one (`no file given`, `one file at a time`), or undefined. */
export function notExactlyOne(positionals: readonly string[], noun = 'file'): string | undefined {
    if (positionals.length === 1) return undefined;
    return positionals.length === 0 ? `no ${noun} given` : `one ${noun} at a time`;
}

/** The largest whole number a flag takes: 2^53 - 1, the last a double holds exactly. */
export const MAX_WHOLE = Number.MAX_SAFE_INTEGER.toLocaleString('en-US');

/** A flag's whole number from 1 to `max` (`_` separators allowed), undefined when not given, or a message. */
export function positiveFlag(
    text: string | undefined,
    flag: string,
    max = Number.MAX_SAFE_INTEGER,
): number | string | undefined {
    if (text === undefined) return undefined;
    const n = Number(text.replace(/_/g, ''));
    if (Number.isSafeInteger(n) && n > 0 && n <= max) return n;
    return `${flag} takes a whole number from 1 to ${max.toLocaleString('en-US')}, not '${text}'`;
}

/** Says what is wrong with the arguments and how the command is used; the exit code of bad arguments. */
export function usageError(command: string, problem: string, usage: string): number {
    process.stderr.write(`mscn ${command}: ${problem}\n${usage}`);
    return 2;
}
