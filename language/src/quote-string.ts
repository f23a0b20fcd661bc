/**
 * Text as a STRING of the language (mscn.langium): in double quotes, a backslash before `"` and `\`,
 * line breaks as `\n` and `\r`. Langium's value converter reads it back to the same text. For the
 * tools that write scenarios (Replay Trace...), so that any file name gives a valid scenario.
 */
export function quoteString(text: string): string {
    const escaped = text
        .replace(/[\\"]/g, c => `\\${c}`)
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r');
    return `"${escaped}"`;
}
