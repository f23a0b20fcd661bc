/**
 * Each CPU's TLBs as sets × ways (only sets holding an entry), with the ASID and global bit of every
 * entry; an entry a hit on which would be stale (R5) is marked, in colour and in words.
 */
import type { CpuSnapshot, TlbEntrySnapshot } from '../../language/src/engine/index.js';
import { el } from './dom.js';

function entryCell(doc: Document, e: TlbEntrySnapshot): HTMLElement {
    const end = `0x${(BigInt(e.vpn) + BigInt(e.size)).toString(16)}`;
    const flags = [
        e.global ? 'global' : `asid ${e.asid}`,
        e.writable ? 'writable' : 'read-only',
        e.stale ? 'stale' : '',
    ].filter(Boolean);
    return el(
        doc,
        'td',
        {
            class: `tlb-entry${e.stale ? ' stale' : ''}${e.global ? ' global' : ''}`,
            tabindex: 0,
            'data-address': e.vpn,
            'data-end': end,
            'aria-label': `way ${e.way}: ${e.vpn} to frame ${e.frame}, ${flags.join(', ')}`,
        },
        el(doc, 'span', { class: 'vpn' }, e.vpn),
        ` → ${e.frame}`,
        el(doc, 'span', { class: 'tag' }, e.global ? 'G' : `a${e.asid}`),
        e.stale ? el(doc, 'span', { class: 'tag stale-tag' }, 'stale') : '',
    );
}

function tlbTable(doc: Document, name: '4k' | 'large', entries: TlbEntrySnapshot[]): HTMLElement {
    const ways = Math.max(...entries.map(e => e.way)) + 1;
    const sets = [...new Set(entries.map(e => e.set))].sort((a, b) => a - b);
    const table = el(
        doc,
        'table',
        { class: 'tlb' },
        el(doc, 'caption', {}, `${name} TLB: ${entries.length} entries in ${sets.length} set(s)`),
    );
    const head = el(doc, 'tr', {}, el(doc, 'th', { scope: 'col' }, 'set'));
    for (let w = 0; w < ways; w++) head.append(el(doc, 'th', { scope: 'col' }, `way ${w}`));
    table.append(el(doc, 'thead', {}, head));
    const body = el(doc, 'tbody');
    for (const set of sets) {
        const row = el(doc, 'tr', {}, el(doc, 'th', { scope: 'row' }, String(set)));
        for (let w = 0; w < ways; w++) {
            const e = entries.find(x => x.set === set && x.way === w);
            row.append(e ? entryCell(doc, e) : el(doc, 'td', { class: 'tlb-empty' }, ''));
        }
        body.append(row);
    }
    table.append(body);
    return table;
}

export function renderCpu(doc: Document, cpu: CpuSnapshot): HTMLElement {
    const stale = cpu.tlb.filter(e => e.stale).length;
    const title =
        `cpu ${cpu.cpu}: ${cpu.current}, mm ${cpu.activeMm ?? 'none'}, root ${cpu.loadedRoot}, asid ` + `${cpu.asid}`;
    const box = el(
        doc,
        'section',
        { class: 'cpu', 'aria-label': title },
        el(doc, 'h3', {}, title, stale > 0 ? el(doc, 'span', { class: 'tag stale-tag' }, `${stale} stale`) : ''),
    );
    if (cpu.tlb.length === 0) box.append(el(doc, 'p', { class: 'empty' }, 'TLB empty'));
    for (const name of ['4k', 'large'] as const) {
        const entries = cpu.tlb.filter(e => e.tlb === name);
        if (entries.length > 0) box.append(tlbTable(doc, name, entries));
    }
    return box;
}
