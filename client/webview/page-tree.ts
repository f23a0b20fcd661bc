/**
 * The radix tree of one mm as columns, one per level, each table a box coloured by where it lives
 * (lowmem, highmem, the UKVA window). Only populated entries are drawn; leaves come collapsed into
 * runs with their counts. Each column scrolls on its own and builds only the tables and rows in view
 * (virtual-column.ts), so an mm of 100,000 pages costs a few hundred nodes, not 100,000.
 * Changes since the previous statement are marked (class and a word, for colour and for readers).
 */
import type { LeafRun, TableSnapshot } from '../../language/src/engine/index.js';
import { el, type Attrs } from './dom.js';
import { ROW_HEIGHT, virtualColumn, type Groups, type VirtualColumn } from './virtual-column.js';
import { entryKey, tableKey } from './page-path.js';
import type { Change, TreeChanges } from './page-diff.js';

interface Placed {
    key: string;
    table: TableSnapshot;
}

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
    const frames =
        leaf.kind === 'swap'
            ? `slot ${leaf.frame}`
            : leaf.kind === 'zero'
              ? 'zero page'
              : leaf.count > 1
                ? `frames ${leaf.frame}..${leaf.frame + leaf.count - 1}`
                : `frame ${leaf.frame}`;
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

/** What an entry's row shows: built only when the row comes into view. */
interface EntryContent {
    kindClass: string;
    addresses: Attrs;
    text: string;
}

/** A child table's or a leaf run's row, marked with its change since the previous snapshot. */
function entryRow(entry: string, changes: TreeChanges | undefined, content: () => EntryContent): Row {
    const change = changes?.entries.get(entry);
    return doc => {
        const { kindClass, addresses, text } = content();
        const attrs = { class: `entry ${kindClass}${change ? ` change-${change}` : ''}`, 'data-key': entry };
        return el(doc, 'li', { ...attrs, ...addresses, tabindex: 0 }, text, changeTag(doc, change));
    };
}

function entryRows(key: string, table: TableSnapshot, changes: TreeChanges | undefined): Row[] {
    const rows: Row[] = [];
    for (const c of table.children) {
        rows.push(
            entryRow(entryKey(key, c.index), changes, () => ({
                kindClass: 'table-entry',
                addresses: { 'data-address': c.table.start },
                text: `[${c.index}] → ${c.table.level} @ ${c.table.start}`,
            })),
        );
    }
    for (const leaf of table.leaves) {
        rows.push(
            entryRow(entryKey(key, leaf.index), changes, () => ({
                kindClass: `leaf leaf-${leaf.kind}`,
                addresses: { 'data-address': leaf.start, 'data-end': leafEnd(leaf) },
                text: leafText(leaf),
            })),
        );
    }
    for (const text of changes?.removed.get(key) ?? [])
        rows.push(doc => el(doc, 'li', { class: 'entry change-removed' }, text, changeTag(doc, 'removed')));
    return rows;
}

function listSpacer(doc: Document, rows: number): HTMLElement {
    const li = el(doc, 'li', { class: 'spacer', role: 'presentation', 'aria-hidden': 'true' });
    li.style.height = `${rows * ROW_HEIGHT}px`;
    return li;
}

/** A table's box with its rows [from, to) built (their global index from `first`) and spacers for the others. */
function tableBox(
    doc: Document,
    placed: Placed,
    rows: Row[],
    from: number,
    to: number,
    first: number,
    changes: TreeChanges | undefined,
): HTMLElement {
    const { key, table } = placed;
    const list = el(doc, 'ul', {
        class: 'entries',
        'aria-label': `entries of ${table.level} table at ${table.start}: ${rows.length.toLocaleString('en-US')}`,
    });
    if (from > 0) list.append(listSpacer(doc, from));
    for (let r = from; r < to; r++) {
        const row = rows[r](doc);
        row.dataset.row = String(first + r);
        row.setAttribute('aria-posinset', String(r + 1));
        row.setAttribute('aria-setsize', String(rows.length));
        list.append(row);
    }
    if (to < rows.length) list.append(listSpacer(doc, rows.length - to));
    const isNew = changes?.tables.has(key) ?? false;
    return el(
        doc,
        'div',
        {
            class: `pt-table loc-${table.location}${isNew ? ' change-added' : ''}`,
            'data-key': key,
            role: 'group',
            'aria-label':
                `${table.level} table at ${table.start} in ${table.location}, ${table.used} ` +
                `used${isNew ? ', new' : ''}`,
        },
        el(
            doc,
            'div',
            { class: 'pt-head' },
            el(doc, 'span', { class: 'level' }, table.level),
            ` @ ${table.start}`,
            el(doc, 'span', { class: 'loc' }, table.location),
            el(doc, 'span', { class: 'used' }, `${table.used} used`),
            isNew ? changeTag(doc, 'added') : '',
        ),
        list,
    );
}

interface Column {
    view: VirtualColumn;
    placed: Placed[];
    byKey: Map<string, number>;
}
interface TreeState {
    columns: Column[];
    lit: Set<string>;
    unmapped: boolean;
}
const TREES = new WeakMap<HTMLElement, TreeState>();

/** Marks the built nodes of the lit path (called after every render: nodes come and go with the scroll). */
function markPath(box: HTMLElement, state: TreeState): void {
    for (const node of box.querySelectorAll('.on-path')) node.classList.remove('on-path', 'unmapped');
    for (const node of box.querySelectorAll<HTMLElement>('[data-key]')) {
        if (!state.lit.has(node.dataset.key!)) continue;
        node.classList.add('on-path');
        if (state.unmapped) node.classList.add('unmapped');
    }
}

function columnOf(
    doc: Document,
    placed: Placed[],
    level: string,
    changes: TreeChanges | undefined,
    state: TreeState,
): Column {
    const cache = new Map<number, Row[]>();
    const rowsOf = (g: number) => {
        let rows = cache.get(g);
        if (!rows) cache.set(g, (rows = entryRows(placed[g].key, placed[g].table, changes)));
        return rows;
    };
    const removed = (key: string) => changes?.removed.get(key)?.length ?? 0;
    const groups: Groups = {
        count: placed.length,
        rowsIn: g => placed[g].table.children.length + placed[g].table.leaves.length + removed(placed[g].key),
        render: (d, g, from, to, first) => tableBox(d, placed[g], rowsOf(g), from, to, first, changes),
    };
    const view = virtualColumn(
        doc,
        groups,
        `${level} tables, ${placed.length.toLocaleString('en-US')}: arrow keys move between entries`,
        box => markPath(box, state),
    );
    return { view, placed, byKey: new Map(placed.map((p, i) => [p.key, i])) };
}

/**
 * Characters of the widest line of a column, estimated from each table's head and its first and last
 * rows (rows differ only in their numbers), so that the column has one width however it is scrolled.
 */
function columnChars(placed: Placed[], tagRoom: number): number {
    let head = 0,
        row = 0;
    for (const { table } of placed) {
        head = Math.max(head, `${table.level} @ ${table.start} ${table.location} ${table.used} used`.length + 6);
        const rows = [table.children[0], table.children.at(-1)]
            .filter(c => c !== undefined)
            .map(c => `[${c.index}] → ${c.table.level} @ ${c.table.start}`)
            .concat([table.leaves[0], table.leaves.at(-1)].filter(l => l !== undefined).map(leafText));
        for (const text of rows) row = Math.max(row, text.length + tagRoom);
    }
    // entries are set at 0.9em; the head at 1em
    return Math.max(head, row * 0.9);
}

export function renderTree(doc: Document, root: TableSnapshot, changes?: TreeChanges): HTMLElement {
    const tree = el(doc, 'div', { class: 'pt-tree' });
    const state: TreeState = { columns: [], lit: new Set(), unmapped: false };
    columnsOf(root).forEach(placed => {
        const level = placed[0].table.level;
        const column = columnOf(doc, placed, level, changes, state);
        state.columns.push(column);
        tree.append(
            el(
                doc,
                'div',
                { class: 'pt-column', 'data-level': level },
                el(doc, 'h3', {}, `${level} · ${placed.length.toLocaleString('en-US')}`),
                column.view.element,
            ),
        );
        // the box's padding and borders (14 px) and a scrollbar (14 px); room for a change tag when marked
        column.view.element.style.width = `calc(${columnChars(placed, changes ? 9 : 1).toFixed(1)}ch + 28px)`;
        column.view.render();
    });
    TREES.set(tree, state);
    return tree;
}

/** Builds every column's rows for its current scroll position (once the tree is in the page and has a size). */
export function renderTreeRows(tree: HTMLElement): void {
    for (const c of TREES.get(tree)?.columns ?? []) c.view.render();
}

/** Lights the tables and entries of a walk (keys from page-path.ts); `reveal` scrolls each column to its entry. */
export function lightPath(tree: HTMLElement, keys: readonly string[], unmapped: boolean, reveal = false): void {
    const state = TREES.get(tree);
    if (!state) return;
    state.lit = new Set(keys);
    state.unmapped = unmapped;
    for (const column of state.columns) {
        const entry = reveal ? keys.map(k => rowOfEntry(column, k)).find(r => r !== undefined) : undefined;
        if (entry !== undefined) column.view.reveal(entry);
        else markPath(column.view.element, state);
    }
}

/**
 * The global row index of an entry key (`t/1/2#5`) in this column, if its table is here (rows: children, then
 * leaves).
 */
function rowOfEntry(column: Column, key: string): number | undefined {
    const hash = key.indexOf('#');
    const group = hash < 0 ? undefined : column.byKey.get(key.slice(0, hash));
    if (group === undefined) return undefined;
    const { children, leaves } = column.placed[group].table,
        index = Number(key.slice(hash + 1));
    const child = children.findIndex(c => c.index === index),
        leaf = leaves.findIndex(l => l.index === index);
    const row = child >= 0 ? child : leaf >= 0 ? children.length + leaf : -1;
    return row < 0 ? undefined : column.view.firstRow(group) + row;
}
