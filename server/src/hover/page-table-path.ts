/**
 * The walk of one address through an mm's page-table snapshot, level by level: the index, whether the
 * entry is present, what it points at (a table and where it lives, or a frame) and its permissions.
 * The same walk the hardware does (docs/model.md section 3), over the engine's JSON snapshot.
 */
import { geometryOf, PAGE_SHIFT } from '../../../language/src/engine/arch.js';
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
    const geometry = geometryOf(arch);
    const vpn = Number(address >> BigInt(PAGE_SHIFT));
    const rows: WalkRow[] = [];
    let table: TableSnapshot | null = mm.root;
    for (let level = 0; level < geometry.levels.length && table; level++) {
        const { name, spanPages, entries } = geometry.levels[level];
        const index = Math.floor(vpn / spanPages) % entries;
        const child = table.children.find(c => c.index === index)?.table;
        const leaf = table.leaves.find(l => index >= l.index && index < l.index + l.count);
        if (child) {
            rows.push({ level: name, index, present: 'yes', target: `${child.level} table (${child.location}, ${child.used} used)`, perms: '' });
        } else if (leaf) {
            const frame = leaf.kind === 'zero' ? 'zero page' : leaf.kind === 'swap' ? `swap slot ${leaf.frame + index - leaf.index}` : `frame ${leaf.frame + index - leaf.index}`;
            const size = leaf.size > 4096 ? ` (${leaf.size >= 1 << 30 ? `${leaf.size / 2 ** 30} GiB` : `${leaf.size / 2 ** 20} MiB`})` : '';
            rows.push({ level: name, index, present: leaf.kind === 'page' || leaf.kind === 'zero' ? 'yes' : 'no', target: frame + size, perms: leaf.perms });
        } else {
            rows.push({ level: name, index, present: 'no', target: '', perms: '' });
        }
        table = child ?? null;
        if (!child) break;
    }
    return rows;
}

export function walkMarkdown(mm: MmSnapshot, address: bigint, arch: Arch): string {
    if (!mm.root) return `\`${mm.name}\` has exited: no page tables`;
    const rows = walkSnapshot(mm, address, arch);
    return [
        `**${mm.name}** \`0x${address.toString(16)}\``, '',
        '| level | index | present | points at | perms |', '|---|---:|---|---|---|',
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
        const shown = mine.slice(0, limit).map(e => `${e.vpn}${e.size > 4096 ? ` (${e.size >> 10} KiB)` : ''}→${e.frame}${e.writable ? ' w' : ''}${e.stale ? ' **stale**' : ''}`);
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
