/** Declarations of editor-scenario.mjs, for the TypeScript tests that parse the benchmark's scenario. */
export declare function editorScenario(lines: number): string;
