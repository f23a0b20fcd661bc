/**
 * A snapshot as indented text (the server's page-tables command, server/src/commands.ts): one line per
 * table, leaves collapsed into runs, then each CPU's TLB, stale entries marked `!`.
 */
import type { Snapshot, TableSnapshot } from '../../language/src/engine/index.js';

function tableLines(table: TableSnapshot, depth: number, index: number | undefined, out: string[]): void {
    const pad = '  '.repeat(depth);
    const at = index === undefined ? '' : `[${index}] `;
    out.push(`${pad}${at}${table.level} table @ ${table.start} (${table.location}, ${table.used} used)`);
    for (const leaf of table.leaves) {
        const span = leaf.count > 1 ? `[${leaf.index}..${leaf.index + leaf.count - 1}]` : `[${leaf.index}]`;
        const frames =
            leaf.kind === 'zero'
                ? 'zero page'
                : leaf.count > 1
                  ? `frames ${leaf.frame}..${leaf.frame + leaf.count - 1}`
                  : `frame ${leaf.frame}`;
        out.push(`${pad}  ${span} ${leaf.start} ${leaf.kind} ${frames} ${leaf.perms}`);
    }
    for (const child of table.children) tableLines(child.table, depth + 1, child.index, out);
}

export function snapshotText(snapshot: Snapshot, title: string): string {
    const out = [`${title}: after statement ${snapshot.statementId} (operation ${snapshot.step})`];
    for (const mm of snapshot.mms) {
        out.push('', `mm ${mm.name}: cpumask {${mm.cpumask.join(',')}}, ${mm.vmas.length} VMA(s)`);
        for (const v of mm.vmas) out.push(`  vma ${v.start}-${v.end} ${v.prot}`);
        if (mm.root) tableLines(mm.root, 1, undefined, out);
        else out.push('  (exited: no page tables)');
    }
    for (const cpu of snapshot.cpus) {
        const stale = cpu.tlb.filter(e => e.stale).length;
        out.push(
            '',
            `cpu ${cpu.cpu}: ${cpu.current} (mm ${cpu.activeMm ?? 'none'}), ${cpu.tlb.length} TLB ` +
                `entries${stale ? `, ${stale} stale` : ''}`,
        );
        const shown = cpu.tlb.slice(0, 16).map(e => `${e.vpn}→${e.frame}${e.stale ? '!' : ''}`);
        if (shown.length > 0) out.push(`  ${shown.join(' ')}${cpu.tlb.length > 16 ? ' …' : ''}`);
    }
    return out.join('\n') + '\n';
}
