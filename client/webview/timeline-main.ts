/**
 * Entry of the timeline webview: draws each timeline the host sends, keeps the selection (and the data,
 * when small) in VS Code's state, and redraws at the new width when the panel is resized.
 */
import type { TimelineData } from '../src/panels/timeline-data.js';
import type { PanelSource } from '../src/panels/messages.js';
import { renderTimeline, type Selection } from './timeline-view.js';
import { onHostMessage, vscodeApi } from './vscode-api.js';
import { el } from './dom.js';

interface TimelineState {
    source?: PanelSource;
    data?: TimelineData;
    selection: Selection;
}

/** Past this many marks the data is not kept in the state (VS Code stores it as JSON); the host resends it. */
const MAX_SAVED_MARKS = 100_000;

const api = vscodeApi<TimelineState>();
const mount = document.getElementById('root')!;
let state: TimelineState = api.getState() ?? { selection: { statement: 0, lane: -1 } };
let data: TimelineData | undefined = state.data;

function save(): void {
    const keep = data && data.marks.step.length <= MAX_SAVED_MARKS ? data : undefined;
    api.setState({ ...state, data: keep });
}

function plotWidth(): number {
    return Math.max(320, document.documentElement.clientWidth - 220);
}

function show(next: TimelineData): void {
    data = next;
    const focused = document.activeElement?.classList.contains('tl-plot');
    const parts = renderTimeline(document, next, plotWidth(), state.selection, {
        reveal: statementId => api.postMessage({ type: 'reveal', statementId }),
        select: selection => {
            state = { ...state, selection };
            save();
        },
    });
    mount.replaceChildren(parts.root);
    parts.redraw();
    save();
    if (focused) mount.querySelector<HTMLElement>('.tl-plot')?.focus();
}

onHostMessage(message => {
    if (message.type === 'timeline') {
        state = { ...state, source: message.source };
        show(message.data);
    } else if (message.type === 'unavailable')
        mount.replaceChildren(el(document, 'p', { class: 'empty' }, message.reason));
});

let pending = 0;
window.addEventListener('resize', () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
        // VS Code switches themes by changing the body's class: the canvas takes the new colours
        new MutationObserver(() => {
            if (data) show(data);
        }).observe(document.body, { attributes: true, attributeFilter: ['class'] });

        if (data) show(data);
    });
});

// VS Code switches themes by changing the body's class: the canvas takes the new colours
new MutationObserver(() => {
    if (data) show(data);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

if (data) show(data);
api.postMessage({ type: 'ready' });
