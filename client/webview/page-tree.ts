/**
 * The radix tree of one mm as columns, one per level, each table a box coloured by where it lives
 * (lowmem, highmem, the UKVA window). Only populated entries are drawn; leaves come collapsed into
 * runs; a column or a table with many rows shows the first ones and a "more" row that shows the next
 * page of them when activated, so an mm of 100,000 pages costs a few hundred nodes, not 100,000.
 * Changes since the previous statement are marked (class and a word, for colour and for readers).
 */
import type { LeafRun, TableSnapshot } from '../../language/src/engine/index.js';
import { el, onActivate } from './dom.js';
import { entryKey, tableKey } from './page-path.js';
import type { Change, TreeChanges } from './page-diff.js';

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

const CHANGE_WORD: Record<Change | 'removed', string> = { added: 'new', changed: 'changed', removed: 'removed' };

function changeTag(doc: Document, change: Change | 'removed' | undefined): Node | string {
    return change ? el(doc, 'span', { class: `tag change-tag change-${change}` }, CHANGE_WORD[change]) : '';
}

/** A row to build later: only the rows on screen become nodes. */
type Row = (doc: Document) => HTMLElement;

function entryRows(key: string, table: TableSnapshot, changes: TreeChanges | undefined): Row[] {
    const rows: Row[] = [];
    for (const c of table.children) {
        const k = entryKey(key, c.index), change = changes?.entries.get(k);
        rows.push(doc => el(doc, 'li', { class: `entry table-entry${change ? ` change-${change}` : ''}`, 'data-key': k, 'data-address': c.table.start, tabindex: 0 },
            `[${c.index}] → ${c.table.level} @ ${c.table.start}`, changeTag(doc, change)));
    }
    for (const leaf of table.leaves) {
        const k = entryKey(key, leaf.index), change = changes?.entries.get(k);
        rows.push(doc => el(doc, 'li', {
            class: `entry leaf leaf-${leaf.kind}${change ? ` change-${change}` : ''}`, 'data-key': k, 'data-address': leaf.start, 'data-end': leafEnd(leaf), tabindex: 0,
        }, leafText(leaf), changeTag(doc, change)));
    }
    for (const text of changes?.removed.get(key) ?? []) rows.push(doc => el(doc, 'li', { class: 'entry change-removed' }, text, changeTag(doc, 'removed')));
    return rows;
}

/**
 * Appends rows[from, from + page) to `box` and, if rows remain, a "more" row that stands for them;
 * activating it shows the next page. Path highlighting lights the "more" row when it hides the path.
 */
function appendPage(doc: Document, box: HTMLElement, rows: Row[], from: number, page: number, what: string, marker: string, tag: 'li' | 'div'): void {
    for (const row of rows.slice(from, from + page)) box.append(row(doc));
    const hidden = rows.length - from - page;
    if (hidden <= 0) return;
    const more = el(doc, tag, { class: 'more', 'data-more': marker, role: 'button', tabindex: 0, 'aria-label': `show ${Math.min(page, hidden)} of ${hidden.toLocaleString('en-US')} more ${what}` },
        `… ${hidden.toLocaleString('en-US')} more ${what}`);
    onActivate(more, () => {
        more.remove();
        appendPage(doc, box, rows, from + page, page, what, marker, tag);
    });
    box.append(more);
}

function tableBox(doc: Document, placed: Placed, changes: TreeChanges | undefined): HTMLElement {
    const { key, table } = placed;
    const list = el(doc, 'ul', { class: 'entries', 'aria-label': `entries of ${table.level} table at ${table.start}` });
    appendPage(doc, list, entryRows(key, table, changes), 0, MAX_ROWS, 'entries', `${key}#`, 'li');
    const isNew = changes?.tables.has(key) ?? false;
    return el(doc, 'div', {
        class: `pt-table loc-${table.location}${isNew ? ' change-added' : ''}`, 'data-key': key, role: 'group',
        'aria-label': `${table.level} table at ${table.start} in ${table.location}, ${table.used} used${isNew ? ', new' : ''}`,
    },
    el(doc, 'div', { class: 'pt-head' }, el(doc, 'span', { class: 'level' }, table.level), ` @ ${table.start}`,
        el(doc, 'span', { class: 'loc' }, table.location), el(doc, 'span', { class: 'used' }, `${table.used} used`), isNew ? changeTag(doc, 'added') : ''),
    list);
}

export function renderTree(doc: Document, root: TableSnapshot, changes?: TreeChanges): HTMLElement {
    const tree = el(doc, 'div', { class: 'pt-tree' });
    columnsOf(root).forEach((column, depth) => {
        const level = column[0].table.level;
        const box = el(doc, 'div', { class: 'pt-column', role: 'group', 'aria-label': `${level} level: ${column.length} table(s)` },
            el(doc, 'h3', {}, `${level} · ${column.length.toLocaleString('en-US')}`));
        const rows: Row[] = column.map(p => d => tableBox(d, p, changes));
        appendPage(doc, box, rows, 0, MAX_TABLES, `${level} tables`, `col:${depth}`, 'div');
        tree.append(box);
    });
    return tree;
}
