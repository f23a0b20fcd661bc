/** `--memory SIZE`: a byte count with an optional binary unit (512M, 2G, 1GiB, 1.5GiB, 4096). */

/** The end of a memory stop's message on the command line (the engine's default names no flag). */
export const MEMORY_HINT = 'raise it with --memory';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/**
 * Bytes, or a message. K, M, G and T are powers of 1024 however written (`2G`, `2GB`, `2GiB`): a memory
 * budget is counted in the engine's binary units. At least one byte, at most 2^53.
 */
export function parseSize(text: string, flag = '--memory'): number | string {
    const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim().replace(/_/g, ''));
    const bad = `${flag} takes a size such as 512M, 2G or 1GiB, not '${text}'`;
    if (!match) return bad;
    const bytes = Math.floor(Number(match[1]) * UNITS[match[2].toLowerCase()]);
    if (!Number.isSafeInteger(bytes) || bytes < 1) return bad;
    return bytes;
}
