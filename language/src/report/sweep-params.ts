/**
 * A sweep point's name is its parameters (docs/sweeps.md): `tlb=64/4,api=range`. Reports, the sweep
 * lines and the comparison panel read them back from the name, so no engine structure carries them.
 */

/** `tlb=64/4,api=range` → [['tlb', '64/4'], ['api', 'range']]; undefined for `base` or a hand-written variant. */
export function pointParams(variant: string): Array<[string, string]> | undefined {
    const parts = variant.split(',').map(s => s.split('='));
    return parts.every(p => p.length === 2 && p[0] !== '' && p[1] !== '')
        ? (parts as Array<[string, string]>)
        : undefined;
}
