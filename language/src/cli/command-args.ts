/**
 * What the `mscn` commands share in reading their arguments: node:util's parseArgs (strict, positionals
 * allowed) with its complaint as a message, the one file or process a command takes, positive whole-number
 * flags, and the usage line with exit 2 on a bad argument.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options and positionals, or parseArgs's message (an unknown option, a missing value). */
export function parseCommandArgs<const O extends Options>(args: string[], options: O) {
    try {
        return parseArgs({ args, options, allowPositionals: true, strict: true });
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
}

/** Why the positionals are not exactly one (`no file given`, `one file at a time`), or undefined. */
export function notExactlyOne(positionals: readonly string[], noun = 'file'): string | undefined {
    if (positionals.length === 1) return undefined;
    return positionals.length === 0 ? `no ${noun} given` : `one ${noun} at a time`;
}

/** A flag's positive whole number (`_` separators allowed), undefined when not given, or a message. */
export function positiveFlag(text: string | undefined, flag: string): number | string | undefined {
    if (text === undefined) return undefined;
    const n = Number(text.replace(/_/g, ''));
    return Number.isSafeInteger(n) && n > 0 ? n : `${flag} takes a positive whole number, not '${text}'`;
}

/** Says what is wrong with the arguments and how the command is used; the exit code of bad arguments. */
export function usageError(command: string, problem: string, usage: string): number {
    process.stderr.write(`mscn ${command}: ${problem}\n${usage}`);
    return 2;
}
