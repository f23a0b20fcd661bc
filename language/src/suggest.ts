/**
 * "Did you mean": the closest known name to a misspelt one, for figures, cost events, units and
 * unresolved references.
 */

/** Levenshtein distance, case-insensitive (a wrong case is the mildest typo). */
export function editDistance(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
        const current = [i];
        for (let j = 1; j <= y.length; j++) {
            const substitution = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
        }
        previous = current;
    }
    return previous[y.length];
}

/**
 * The candidate closest to `word`, if it is close enough to be a typo: at most a third of the
 * word's length (at least 1, at most 3 edits), or `word` is a prefix of it (`tlbMiss` → `tlbMisses`).
 * Ties go to the first candidate, so the order of `candidates` is the order of preference.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
    if (word.length === 0 || word.length > 200) return undefined;
    const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        if (candidate === word) continue;
        const prefix = candidate.toLowerCase().startsWith(word.toLowerCase()) && word.length >= 3;
        const distance = prefix ? Math.min(1, editDistance(word, candidate)) : editDistance(word, candidate);
        if ((distance <= limit || prefix) && distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}
