/** Entry of the page-table webview: keeps the last view in VS Code's state and re-renders on each message. */
import { renderPageTables, type PageTablesView } from './page-tables-view.js';
import { onHostMessage, vscodeApi } from './vscode-api.js';
import { el } from './dom.js';
import { renderTreeRows } from './page-tree.js';

const api = vscodeApi<PageTablesView>();
const mount = document.getElementById('root')!;
let view: PageTablesView | undefined = api.getState();

function show(next: PageTablesView): void {
    view = next;
    api.setState(next);
    const focused = document.activeElement?.id;
    // each column keeps its scroll position across statements (the same mm's tree, drawn again)
    const scrolls = [...document.querySelectorAll('.pt-scroll')].map(e => e.scrollTop);
    mount.replaceChildren(
        renderPageTables(document, next, {
            selectStatement: statementId => api.postMessage({ type: 'selectStatement', statementId }),
            reveal: statementId => api.postMessage({ type: 'reveal', statementId }),
            selectMm: mm => show({ ...next, mm }),
        }),
    );
    document.querySelectorAll('.pt-scroll').forEach((e, i) => {
        e.scrollTop = scrolls[i] ?? 0;
    });
    // the columns have their sizes only now that they are in the page: build the rows in view
    const tree = document.querySelector<HTMLElement>('.pt-tree');
    if (tree) renderTreeRows(tree);
    // keep the keyboard where it was (the slider, the mm picker) across re-renders
    if (focused) document.getElementById(focused)?.focus();
}

onHostMessage(message => {
    switch (message.type) {
        case 'pageTables':
            show({
                source: message.source,
                title: message.title,
                statements: message.statements,
                statementId: message.statementId,
                snapshot: message.snapshot,
                previous: message.previous,
                mm: view?.mm,
            });
            break;
        case 'snapshot':
            if (view)
                show({
                    ...view,
                    statementId: message.statementId,
                    snapshot: message.snapshot,
                    previous: message.previous,
                });
            break;
        case 'unavailable':
            mount.replaceChildren(el(document, 'p', { class: 'empty' }, message.reason));
            break;
        default:
            break;
    }
});

if (view) show(view);
api.postMessage({ type: 'ready' });
