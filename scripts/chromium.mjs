// How every browser in this project starts (webview tests, the e2e suite, the webview bench): Debian's
// Chromium, headless, with nothing that reaches the network; nothing ever downloads a browser.
export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];
