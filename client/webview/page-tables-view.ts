/**
 * The page-table panel: a statement slider, the chosen mm's tree and every CPU's TLB. Pure: data and
 * callbacks in, DOM out; hovering or focusing an address (a leaf, an entry, a TLB entry, or one typed
 * in) lights the walk to it in the tree and the TLB entries that translate it.
 */
import type { MmSnapshot, Snapshot } from '../../language/src/engine/index.js';
import type { Arch } from '../../language/src/engine/scenario.js';
import type { PanelSource, StatementInfo } from '../src/panels/messages.js';
import { el, onActivate } from './dom.js';
import { parseAddress, walkPath } from './page-path.js';
import { lightPath, renderTree } from './page-tree.js';
import { describeChanges, treeChanges } from './page-diff.js';
import { renderCpu } from './tlb-view.js';

export interface PageTablesView {
    title: string;
    statements: StatementInfo[];
    statementId: number;
    snapshot: Snapshot | null;
    /** The snapshot of the statement before, for the changes since (null: the first, or none kept). */
    previous?: Snapshot | null;
    /** Kept in the webview state so that the panel can be restored after a reload. */
    source?: PanelSource;
    /** The mm shown (the first one when absent or gone). */
    mm?: string;
}

export interface PageTablesHandlers {
    selectStatement(id: number): void;
    reveal(id: number): void;
    selectMm(name: string): void;
}

function statementControls(doc: Document, view: PageTablesView, on: PageTablesHandlers): HTMLElement {
    const at = Math.max(
        0,
        view.statements.findIndex(s => s.id === view.statementId),
    );
    const current = view.statements[at];
    const describe = (s: StatementInfo | undefined) => (s ? `statement ${s.id}, line ${s.line}` : 'no statement');
    const slider = el(doc, 'input', {
        type: 'range',
        id: 'step',
        min: 0,
        max: Math.max(0, view.statements.length - 1),
        step: 1,
        value: at,
        'aria-valuetext': describe(current),
        disabled: view.statements.length <= 1,
    });
    slider.addEventListener('change', () => {
        const s = view.statements[Number(slider.value)];
        if (s) on.selectStatement(s.id);
    });
    const reveal = el(
        doc,
        'button',
        { type: 'button', class: 'reveal', disabled: !current },
        `Go to line ${current?.line ?? '?'}`,
    );
    if (current) onActivate(reveal, () => on.reveal(current.id));
    const step = view.snapshot ? `, operation ${view.snapshot.step}` : '';
    return el(
        doc,
        'div',
        { class: 'controls' },
        el(doc, 'label', { for: 'step' }, 'After '),
        slider,
        el(doc, 'output', { class: 'where', for: 'step' }, `${describe(current)}${step}`),
        reveal,
    );
}

function mmPicker(doc: Document, mms: MmSnapshot[], mm: MmSnapshot, on: PageTablesHandlers): HTMLElement {
    const select = el(doc, 'select', { id: 'mm' });
    for (const m of mms)
        select.append(
            el(doc, 'option', { value: m.name, selected: m === mm }, `${m.name}${m.root ? '' : ' (exited)'}`),
        );
    select.addEventListener('change', () => on.selectMm(select.value));
    return el(doc, 'span', { class: 'mm-picker' }, el(doc, 'label', { for: 'mm' }, 'mm '), select);
}

function addressBox(doc: Document, root: HTMLElement, arch: Arch, mm: MmSnapshot): HTMLElement {
    const input = el(doc, 'input', {
        id: 'address',
        type: 'text',
        placeholder: '0x40000000',
        spellcheck: false,
        autocomplete: 'off',
    });
    input.addEventListener('input', () => highlightAddress(root, arch, mm, parseAddress(input.value), true));
    return el(doc, 'span', { class: 'address' }, el(doc, 'label', { for: 'address' }, 'Address '), input);
}

/** The changes since the previous statement's snapshot, when there is one to compare with. */
function changesOf(view: PageTablesView, mm: MmSnapshot) {
    if (!view.previous) return undefined;
    const before = view.previous.mms.find(m => m.name === mm.name);
    return { changes: treeChanges(before?.root ?? null, mm.root), since: view.previous.statementId };
}

function mmSection(doc: Document, root: HTMLElement, view: PageTablesView, arch: Arch, mm: MmSnapshot): HTMLElement {
    const vmas = mm.vmas.map(v => `${v.start}-${v.end} ${v.prot} ${v.backing}`).join(' · ');
    const diff = changesOf(view, mm);
    const section = el(
        doc,
        'section',
        { class: 'mm', 'aria-label': `page tables of mm ${mm.name}` },
        el(doc, 'h2', {}, `mm ${mm.name}`),
        el(doc, 'p', { class: 'vmas' }, `cpumask {${mm.cpumask.join(',')}} · ${vmas || 'no VMAs'}`),
        el(
            doc,
            'p',
            { class: 'changes' },
            diff
                ? `Since statement ${diff.since}: ${describeChanges(diff.changes)}`
                : 'First statement shown: no previous state to compare.',
        ),
    );
    section.append(
        mm.root ? renderTree(doc, mm.root, diff?.changes) : el(doc, 'p', { class: 'empty' }, 'exited: no page tables'),
    );
    // hover or focus on anything that carries an address shows its walk
    const show = (e: Event) => {
        const target = (e.target as Element | null)?.closest?.('[data-address]');
        // an address from outside the tree (a TLB entry) scrolls the columns to its walk; one inside does not
        if (target)
            highlightAddress(root, arch, mm, BigInt(target.getAttribute('data-address')!), !target.closest('.pt-tree'));
    };
    for (const type of ['mouseover', 'focusin']) root.addEventListener(type, show);
    return section;
}

export function renderPageTables(doc: Document, view: PageTablesView, on: PageTablesHandlers): HTMLElement {
    const root = el(
        doc,
        'div',
        { class: 'page-tables' },
        el(doc, 'h1', {}, view.title),
        statementControls(doc, view, on),
    );
    const snapshot = view.snapshot;
    if (!snapshot) {
        root.append(
            el(
                doc,
                'p',
                { class: 'empty' },
                'No snapshot for this statement (snapshots cover the first 400 operations).',
            ),
        );
        return root;
    }
    const mm = snapshot.mms.find(m => m.name === view.mm) ?? snapshot.mms[0];
    if (!mm) {
        root.append(el(doc, 'p', { class: 'empty' }, 'No mm exists yet at this statement.'));
        return root;
    }
    root.querySelector('.controls')!.append(
        mmPicker(doc, snapshot.mms, mm, on),
        addressBox(doc, root, snapshot.arch, mm),
    );
    const cpus = el(doc, 'section', { class: 'cpus', 'aria-label': 'TLB contents per CPU' }, el(doc, 'h2', {}, 'TLBs'));
    cpus.append(...snapshot.cpus.map(c => renderCpu(doc, c)));
    root.append(el(doc, 'div', { class: 'panes' }, mmSection(doc, root, view, snapshot.arch, mm), cpus));
    return root;
}

/**
 * Lights the walk of `address` in the tree (scrolling each column to it when `reveal`) and the TLB entries covering
 * it.
 */
export function highlightAddress(
    root: HTMLElement,
    arch: Arch,
    mm: MmSnapshot,
    address: bigint | undefined,
    reveal = false,
): void {
    for (const node of root.querySelectorAll('.hit')) node.classList.remove('hit');
    const tree = root.querySelector<HTMLElement>('.pt-tree');
    if (address === undefined || !mm.root) {
        if (tree) lightPath(tree, [], false);
        return;
    }
    const path = walkPath(mm.root, address, arch);
    if (tree) lightPath(tree, [...path.tables, ...path.entries], !path.mapped, reveal);
    for (const cell of root.querySelectorAll<HTMLElement>('.tlb-entry')) {
        const lo = BigInt(cell.dataset.address!),
            hi = BigInt(cell.dataset.end!);
        if (lo <= address && address < hi) cell.classList.add('hit');
    }
}
