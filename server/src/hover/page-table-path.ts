/**
 * The walk of one address through an mm's page-table snapshot as Markdown, level by level: the index,
 * whether the entry is present, what it points at (a table and where it lives, or a frame) and its
 * permissions. The walk itself is the engine's snapshot walk, shared with the page-table panel.
 */
import { walkSnapshotTables } from '../../../language/src/engine/snapshot-walk.js';
import { PAGE_SIZE } from '../../../language/src/engine/arch.js';
import type { Arch } from '../../../language/src/engine/scenario.js';
import type { CpuSnapshot, MmSnapshot, TableSnapshot } from '../../../language/src/engine/index.js';

export interface WalkRow {
    level: string;
    index: number;
    present: string;
    target: string;
    perms: string;
}

export function walkSnapshot(mm: MmSnapshot, address: bigint, arch: Arch): WalkRow[] {
    if (!mm.root) return [];
    return walkSnapshotTables(mm.root, address, arch).map(({ table, index, child, leaf }) => {
        const level = table.level;
        if (child)
            return {
                level,
                index,
                present: 'yes',
                target: `${child.level} table (${child.location}, ${child.used} used)`,
                perms: '',
            };
        if (!leaf) return { level, index, present: 'no', target: '', perms: '' };
        const frame =
            leaf.kind === 'zero'
                ? 'zero page'
                : leaf.kind === 'swap'
                  ? `swap slot ${leaf.frame + index - leaf.index}`
                  : `frame ${leaf.frame + index - leaf.index}`;
        const size =
            leaf.size > PAGE_SIZE
                ? ` (${leaf.size >= 1 << 30 ? `${leaf.size / 2 ** 30} GiB` : `${leaf.size / 2 ** 20} MiB`})`
                : '';
        return {
            level,
            index,
            present: leaf.kind === 'page' || leaf.kind === 'zero' ? 'yes' : 'no',
            target: frame + size,
            perms: leaf.perms,
        };
    });
}

export function walkMarkdown(mm: MmSnapshot, address: bigint, arch: Arch): string {
    if (!mm.root) return `\`${mm.name}\` has exited: no page tables`;
    const rows = walkSnapshot(mm, address, arch);
    return [
        `**${mm.name}** \`0x${address.toString(16)}\``,
        '',
        '| level | index | present | points at | perms |',
        '|---|---:|---|---|---|',
        ...rows.map(r => `| ${r.level} | ${r.index} | ${r.present} | ${r.target} | ${r.perms} |`),
    ].join('\n');
}

/** TLB entries of `mm` on each CPU that holds any (by ASID slot with PCID, else the active mm). */
export function tlbMarkdown(cpus: readonly CpuSnapshot[], mm: string, limit = 8): string {
    const lines: string[] = [];
    for (const cpu of cpus) {
        const slots = new Set(cpu.asids.filter(a => a.mm === mm).map(a => a.slot + 1));
        const mine = cpu.tlb.filter(e => (slots.size > 0 ? slots.has(e.asid) || e.global : cpu.activeMm === mm));
        if (mine.length === 0) continue;
        const shown = mine
            .slice(0, limit)
            .map(
                e =>
                    `${e.vpn}${e.size > PAGE_SIZE ? ` (${e.size >> 10} KiB)` : ''}→${e.frame}` +
                    `${e.writable ? ' w' : ''}${e.stale ? ' **stale**' : ''}`,
            );
        const more = mine.length > limit ? ` … +${mine.length - limit}` : '';
        lines.push(`| ${cpu.cpu} | ${cpu.current} | ${mine.length} | ${shown.join(', ')}${more} |`);
    }
    if (lines.length === 0) return `no TLB entries for \`${mm}\` on any CPU`;
    return ['| cpu | current | entries | vpn→frame |', '|---:|---|---:|---|', ...lines].join('\n');
}

/** Page-table pages of an mm by level, counted over its snapshot tree. */
export function tablesByLevel(mm: MmSnapshot): Record<string, number> {
    const counts: Record<string, number> = {};
    const visit = (t: TableSnapshot) => {
        counts[t.level] = (counts[t.level] ?? 0) + 1;
        t.children.forEach(c => visit(c.table));
    };
    if (mm.root) visit(mm.root);
    return counts;
}
