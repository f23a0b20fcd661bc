/** The webview side of the channel to the host: typed postMessage and the state VS Code keeps for us. */
import type { FromWebview, ToWebview } from '../src/panels/messages.js';

interface VsCodeApi<S> {
    postMessage(message: FromWebview): void;
    getState(): S | undefined;
    setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export function vscodeApi<S>(): VsCodeApi<S> {
    return acquireVsCodeApi<S>();
}

const TYPES = new Set<ToWebview['type']>(['pageTables', 'snapshot', 'comparison', 'timeline', 'unavailable']);

/** Messages from the host, by type; anything else (other extensions' frames, devtools) is ignored. */
export function onHostMessage(handler: (message: ToWebview) => void): void {
    window.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as { type?: unknown } | null;
        if (data && typeof data === 'object' && TYPES.has(data.type as ToWebview['type'])) handler(data as ToWebview);
    });
}
