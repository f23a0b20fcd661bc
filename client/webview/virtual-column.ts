/**
 * A scroll container that builds only what is in view: a list of groups (page tables), each a head
 * and rows of one fixed height, laid out by arithmetic (prefix sums of the group heights) between two
 * spacers. Scrolling re-renders on the next animation frame; the keyboard moves a roving focus over the
 * rows (arrows, Page Up/Down, Home/End), scrolling each row into view before it is focused.
 */

/** Pixel geometry, shared with panels.css (which fixes the same heights). */
export const ROW_HEIGHT = 18;
export const HEAD_HEIGHT = 20;
/** From a table box's top to its head: border 1 + padding 3; from the head to the rows: the list's margin 3. */
const ABOVE_HEAD = 4,
    ABOVE_ROWS = 3;
/** A table box's border (1 + 1), padding (3 + 3) and the list's top margin (3). */
export const BOX_CHROME = 11;
export const GROUP_GAP = 6;
/** Rows built beyond each edge of the view, so that a small scroll shows rows already there. */
const OVERSCAN = 8 * ROW_HEIGHT;

export interface Groups {
    count: number;
    rowsIn(group: number): number;
    /** The group's box with its rows [from, to) (global index of row r: `first + r`) and spacers for the rest. */
    render(doc: Document, group: number, from: number, to: number, first: number): HTMLElement;
}

export interface VirtualColumn {
    element: HTMLElement;
    /** Builds the rows in view now (after a scroll, a resize, a change of the hooks' data). */
    render(): void;
    /** Scrolls so that the row is in view (with its group's head when it is the first), and renders. */
    reveal(row: number): void;
    /** The group and the row within it of a global row index. */
    locate(row: number): { group: number; row: number };
    firstRow(group: number): number;
}

interface Layout {
    top: Float64Array;
    firstRow: Int32Array;
    rows: number;
}

function layoutOf(groups: Groups): Layout {
    const top = new Float64Array(groups.count + 1),
        firstRow = new Int32Array(groups.count + 1);
    for (let i = 0; i < groups.count; i++) {
        const rows = groups.rowsIn(i);
        top[i + 1] = top[i] + BOX_CHROME + HEAD_HEIGHT + rows * ROW_HEIGHT + GROUP_GAP;
        firstRow[i + 1] = firstRow[i] + rows;
    }
    return { top, firstRow, rows: firstRow[groups.count] };
}

/** The last index i with values[i] <= x (values ascending, values[0] = 0). */
function lastAtOrBelow(values: ArrayLike<number>, x: number, n: number): number {
    let lo = 0,
        hi = n - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (values[mid] <= x) lo = mid;
        else hi = mid - 1;
    }
    return lo;
}

export const groupHeight = (rows: number) => BOX_CHROME + HEAD_HEIGHT + rows * ROW_HEIGHT;
const rowOffset = (row: number) => ABOVE_HEAD + HEAD_HEIGHT + ABOVE_ROWS + row * ROW_HEIGHT;

function spacer(doc: Document, height: number): HTMLElement {
    const node = doc.createElement('div');
    node.className = 'spacer';
    node.setAttribute('aria-hidden', 'true');
    node.style.height = `${height}px`;
    return node;
}

/** Fills `box` with the groups that meet [y0, y1) and spacers above and below them. */
function fill(doc: Document, box: HTMLElement, groups: Groups, layout: Layout, y0: number, y1: number): void {
    const { top, firstRow } = layout;
    if (groups.count === 0) return box.replaceChildren();
    const from = lastAtOrBelow(top, Math.max(0, y0), groups.count);
    const to = lastAtOrBelow(top, Math.max(0, y1), groups.count);
    const nodes: HTMLElement[] = [spacer(doc, top[from])];
    for (let g = from; g <= to; g++) {
        const rows = groups.rowsIn(g),
            inside = (y: number) => Math.floor((y - top[g] - rowOffset(0)) / ROW_HEIGHT);
        const first = Math.min(rows, Math.max(0, inside(y0))),
            last = Math.min(rows, Math.max(0, inside(y1) + 1));
        const node = groups.render(doc, g, first, last, firstRow[g]);
        node.style.height = `${groupHeight(rows)}px`;
        node.style.marginBottom = `${GROUP_GAP}px`;
        nodes.push(node);
    }
    nodes.push(spacer(doc, top[groups.count] - top[to + 1]));
    box.replaceChildren(...nodes);
}

/** Roving tabindex: the current row (or, when it is out of view, the first one built) is the column's tab stop. */
function rove(box: HTMLElement, current: number): void {
    const rows = [...box.querySelectorAll<HTMLElement>('[data-row]')];
    const stop = rows.find(r => Number(r.dataset.row) === current) ?? rows[0];
    for (const r of rows) r.tabIndex = r === stop ? 0 : -1;
}

const KEY_STEP: Record<string, (row: number, page: number, last: number) => number> = {
    ArrowDown: r => r + 1,
    ArrowUp: r => r - 1,
    PageDown: (r, p) => r + p,
    PageUp: (r, p) => r - p,
    Home: () => 0,
    End: (_, __, last) => last,
};

export function virtualColumn(
    doc: Document,
    groups: Groups,
    label: string,
    afterRender: (box: HTMLElement) => void,
): VirtualColumn {
    const box = doc.createElement('div');
    box.className = 'pt-scroll';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', label);
    const layout = layoutOf(groups);
    let current = 0,
        pending = 0;
    const render = () => {
        pending = 0;
        const had = box.contains(doc.activeElement);
        const view = box.clientHeight || 600;
        fill(doc, box, groups, layout, box.scrollTop - OVERSCAN, box.scrollTop + view + OVERSCAN);
        rove(box, current);
        afterRender(box);
        if (had) box.querySelector<HTMLElement>(`[data-row="${current}"]`)?.focus({ preventScroll: true });
    };
    const locate = (row: number) => {
        const group = lastAtOrBelow(layout.firstRow, row, groups.count);
        return { group, row: row - layout.firstRow[group] };
    };
    const reveal = (row: number) => {
        const at = locate(row),
            y = layout.top[at.group] + rowOffset(at.row);
        if (y < box.scrollTop) box.scrollTop = at.row === 0 ? layout.top[at.group] : y;
        else if (y + ROW_HEIGHT > box.scrollTop + box.clientHeight) box.scrollTop = y + ROW_HEIGHT - box.clientHeight;
        render();
    };
    box.addEventListener('scroll', () => {
        if (!pending) pending = requestAnimationFrame(render);
    });
    box.addEventListener('focusin', e => {
        const row = (e.target as HTMLElement).dataset?.row;
        if (row !== undefined) {
            current = Number(row);
            rove(box, current);
        }
    });
    box.addEventListener('keydown', e => {
        const step = KEY_STEP[e.key];
        if (!step || layout.rows === 0 || !(e.target as HTMLElement).dataset?.row) return;
        e.preventDefault();
        current = Math.max(
            0,
            Math.min(
                layout.rows - 1,
                step(current, Math.max(1, Math.floor(box.clientHeight / ROW_HEIGHT) - 1), layout.rows - 1),
            ),
        );
        reveal(current);
        box.querySelector<HTMLElement>(`[data-row="${current}"]`)?.focus({ preventScroll: true });
    });
    return { element: box, render, reveal, locate, firstRow: g => layout.firstRow[g] };
}
