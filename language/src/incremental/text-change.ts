/** The one stretch two texts differ in: old [start, oldEnd) became new [start, newEnd). */
export interface TextChange {
    start: number;
    oldEnd: number;
    newEnd: number;
}

export function textChange(oldText: string, newText: string): TextChange | undefined {
    if (oldText === newText) return undefined;
    const shorter = Math.min(oldText.length, newText.length);
    let start = 0;
    while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
    let suffix = 0;
    const maxSuffix = shorter - start;
    while (
        suffix < maxSuffix &&
        oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
    )
        suffix++;
    return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

export function isWhitespace(code: number): boolean {
    return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

/** True when `text[index]` is whitespace or outside the text (a file boundary). */
export function whitespaceOrEdge(text: string, index: number): boolean {
    return index < 0 || index >= text.length || isWhitespace(text.charCodeAt(index));
}
