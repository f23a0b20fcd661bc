/** Declarations of chromium.mjs, for the TypeScript tests that launch the browser. */
export declare const CHROMIUM_EXECUTABLE: string;
export declare const CHROMIUM_ARGS: string[];
