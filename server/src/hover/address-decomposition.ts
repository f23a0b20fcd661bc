/**
 * An address split into its page-table indices for an arch (pgd/p4d/pud/pmd/pte and the offset in the
 * 4 KiB page), as a compact Markdown table. Geometry and address bits come from the engine's arch module.
 */
import { ARCHES, entryIndex, geometryOf, PAGE_SHIFT } from '../../../language/src/engine/arch.js';
import type { Arch } from '../../../language/src/engine/scenario.js';

export interface AddressIndex {
    level: string;
    index: number;
}

/** Indices top to leaf and the 12-bit page offset. */
export function decompose(address: bigint, arch: Arch): { indices: AddressIndex[]; offset: number } {
    const geometry = geometryOf(arch);
    const vpn = address >> BigInt(PAGE_SHIFT);
    const indices = geometry.levels.map(level => ({ level: level.name, index: entryIndex(level, vpn) }));
    return { indices, offset: Number(address & BigInt((1 << PAGE_SHIFT) - 1)) };
}

function hex(n: number | bigint, width = 0): string {
    return `0x${n.toString(16).padStart(width, '0')}`;
}

export function addressMarkdown(address: bigint, arch: Arch, where: string): string {
    const { indices, offset } = decompose(address, arch);
    const head = [...indices.map(i => i.level), 'offset'];
    const values = [...indices.map(i => `${i.index} (${hex(i.index)})`), hex(offset, 3)];
    const vaBits = ARCHES[arch].vaBits;
    const beyond =
        address >= 1n << 64n || (vaBits === 32 && address >= 1n << 32n)
            ? `\n\n⚠ beyond the ${vaBits}-bit virtual address space of ${arch}`
            : '';
    return (
        [
            `**${hex(address)}** on ${arch}${where}`,
            '',
            `| ${head.join(' | ')} |`,
            `|${head.map(() => '---:').join('|')}|`,
            `| ${values.join(' | ')} |`,
        ].join('\n') + beyond
    );
}
