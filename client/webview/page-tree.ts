/**
 * The radix tree of one mm as columns, one per level, each table a box coloured by where it lives
 * (lowmem, highmem, the UKVA window). Only populated entries are drawn; leaves come collapsed into
 * runs; a column or a table with many rows shows the first ones and a count of the rest.
 */
import type { LeafRun, TableSnapshot } from '../../language/src/engine/index.js';
import { el } from './dom.js';
import { entryKey, tableKey } from './page-path.js';

/** Rows and tables shown before the rest is collapsed into a count. */
export const MAX_ROWS = 12;
export const MAX_TABLES = 16;

interface Placed { key: string; table: TableSnapshot }

/** Tables by depth in address order, with their keys. */
export function columnsOf(root: TableSnapshot): Placed[][] {
    const columns: Placed[][] = [];
    const visit = (table: TableSnapshot, key: string, depth: number) => {
        (columns[depth] ??= []).push({ key, table });
        for (const c of table.children) visit(c.table, tableKey(key, c.index), depth + 1);
    };
    visit(root, tableKey(undefined, undefined), 0);
    return columns;
}

function leafText(leaf: LeafRun): string {
    const span = leaf.count > 1 ? `[${leaf.index}..${leaf.index + leaf.count - 1}] ×${leaf.count}` : `[${leaf.index}]`;
    const frames = leaf.kind === 'swap' ? `slot ${leaf.frame}` : leaf.kind === 'zero' ? 'zero page'
        : leaf.count > 1 ? `frames ${leaf.frame}..${leaf.frame + leaf.count - 1}` : `frame ${leaf.frame}`;
    return `${span} ${leaf.start} ${leaf.kind} ${frames} ${leaf.perms}`;
}

function leafEnd(leaf: LeafRun): string {
    return `0x${(BigInt(leaf.start) + BigInt(leaf.count) * BigInt(leaf.size)).toString(16)}`;
}

/** A row that stands for `hidden` rows not drawn; path highlighting lights it when it hides the path. */
function moreRow(doc: Document, tag: 'li' | 'div', hidden: number, what: string, marker: string): HTMLElement {
    return el(doc, tag, { class: 'more', 'data-more': marker, role: tag === 'li' ? 'listitem' : undefined }, `… ${hidden.toLocaleString('en-US')} more ${what}`);
}

function entryRows(doc: Document, key: string, table: TableSnapshot): HTMLElement[] {
    const rows: HTMLElement[] = [];
    for (const c of table.children) {
        rows.push(el(doc, 'li', { class: 'entry table-entry', 'data-key': entryKey(key, c.index), 'data-address': c.table.start, tabindex: 0 },
            `[${c.index}] → ${c.table.level} @ ${c.table.start}`));
    }
    for (const leaf of table.leaves) {
        rows.push(el(doc, 'li', { class: `entry leaf leaf-${leaf.kind}`, 'data-key': entryKey(key, leaf.index), 'data-address': leaf.start, 'data-end': leafEnd(leaf), tabindex: 0 },
            leafText(leaf)));
    }
    return rows;
}

function tableBox(doc: Document, placed: Placed): HTMLElement {
    const { key, table } = placed;
    const rows = entryRows(doc, key, table);
    const list = el(doc, 'ul', { class: 'entries', 'aria-label': `entries of ${table.level} table at ${table.start}` });
    list.append(...rows.slice(0, MAX_ROWS));
    if (rows.length > MAX_ROWS) list.append(moreRow(doc, 'li', rows.length - MAX_ROWS, 'entries', `${key}#`));
    return el(doc, 'div', { class: `pt-table loc-${table.location}`, 'data-key': key, role: 'group', 'aria-label': `${table.level} table at ${table.start} in ${table.location}, ${table.used} used` },
        el(doc, 'div', { class: 'pt-head' }, el(doc, 'span', { class: 'level' }, table.level), ` @ ${table.start}`,
            el(doc, 'span', { class: 'loc' }, table.location), el(doc, 'span', { class: 'used' }, `${table.used} used`)),
        list);
}

export function renderTree(doc: Document, root: TableSnapshot): HTMLElement {
    const columns = columnsOf(root);
    const tree = el(doc, 'div', { class: 'pt-tree' });
    columns.forEach((column, depth) => {
        const level = column[0].table.level;
        const box = el(doc, 'div', { class: 'pt-column', role: 'group', 'aria-label': `${level} level: ${column.length} table(s)` },
            el(doc, 'h3', {}, `${level} · ${column.length.toLocaleString('en-US')}`));
        box.append(...column.slice(0, MAX_TABLES).map(p => tableBox(doc, p)));
        if (column.length > MAX_TABLES) box.append(moreRow(doc, 'div', column.length - MAX_TABLES, `${level} tables`, `col:${depth}`));
        tree.append(box);
    });
    return tree;
}
