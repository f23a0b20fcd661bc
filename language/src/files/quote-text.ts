/**
 * User text quoted in a diagnostic (an import path, a number as written): one short line whatever the
 * text. Control characters are escaped (`\0` for NUL, `\n`, `\t`, `\u001b`...), so that none reaches a
 * terminal raw, and a text past `max` characters (default 60) keeps its first `max` and its length:
 * `aaaa…(1,048,576 characters)` (docs/limits.md).
 */
export const QUOTED_TEXT_MAX = 60;

const ESCAPES: Record<string, string> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeControls(text: string): string {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, c => {
        return ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    });
}

export function quoteText(text: string, max = QUOTED_TEXT_MAX): string {
    if (text.length <= max) return escapeControls(text);
    let head = text.slice(0, max);
    // never half a surrogate pair
    if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
    return `${escapeControls(head)}…(${text.length.toLocaleString('en-US')} characters)`;
}
