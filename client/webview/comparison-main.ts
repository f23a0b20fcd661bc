/** Entry of the comparison webview: renders each comparison the host sends and keeps it in VS Code's state. */
import { renderComparison, type ComparisonView } from './comparison-view.js';
import { onHostMessage, vscodeApi } from './vscode-api.js';
import { el } from './dom.js';
import { chartPng, chartSvg } from './chart-export.js';

const api = vscodeApi<ComparisonView>();
const mount = document.getElementById('root')!;

function show(view: ComparisonView): void {
    api.setState(view);
    mount.replaceChildren(
        renderComparison(document, view, {
            export: format => api.postMessage({ type: 'export', format }),
            saveChart: (chart, format) =>
                api.postMessage({
                    type: 'saveImage',
                    format,
                    data: format === 'svg' ? chartSvg(chart) : chartPng(chart),
                }),
        }),
    );
}

onHostMessage(message => {
    if (message.type === 'comparison') show({ source: message.source, title: message.title, runs: message.runs });
    else if (message.type === 'unavailable')
        mount.replaceChildren(el(document, 'p', { class: 'empty' }, message.reason));
});

const saved = api.getState();
if (saved) show(saved);
api.postMessage({ type: 'ready' });
