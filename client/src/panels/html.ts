/**
 * The HTML shell of a panel: a Content-Security-Policy that admits only the bundled script (by its
 * nonce) and stylesheet (from the extension's own webview origin), nothing else. Pure, so that the
 * webview tests load exactly the page VS Code would.
 */
export interface PanelPage {
    title: string;
    /** The webview's `cspSource` (its resource origin). */
    cspSource: string;
    nonce: string;
    scriptUri: string;
    styleUri: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, c => ESCAPES[c]);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
    return [
        `default-src 'none'`,
        `style-src ${cspSource}`,
        `img-src ${cspSource}`,
        `font-src ${cspSource}`,
        `script-src 'nonce-${nonce}'`,
    ].join('; ');
}

export function panelHtml(page: PanelPage): string {
    const e = escapeHtml;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(page.cspSource, page.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(page.styleUri)}">
<title>${e(page.title)}</title>
</head>
<body>
<main id="root" aria-live="polite"></main>
<script nonce="${e(page.nonce)}" src="${e(page.scriptUri)}"></script>
</body>
</html>
`;
}
