// A ScenarioConfig built by hand for the engine benches, on the language's own defaults: defaultMachine
// (language/src/lowering/machine.ts) and defaultSplit (language/src/engine/machine.ts), bundled from the
// TypeScript into the bench cache, so that no bench restates them.
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { bundleExports } from './bundle-exports.mjs';

const require = createRequire(import.meta.url);

/** Bundles the defaults into cacheDir and returns the file for scenarioConfig. */
export function bundleDefaults(root, cacheDir) {
    return bundleExports(
        root,
        path.join(cacheDir, 'config-defaults.cjs'),
        "export { defaultMachine } from './language/src/lowering/machine.ts'; " +
            "export { defaultSplit } from './language/src/engine/machine.ts';",
    );
}

/**
 * One run block under the base variant on x86_64: the default machine with `machine`'s fields over it
 * (a name at least), the default split, and nothing else declared but `processes`.
 */
export function scenarioConfig(defaultsFile, { run, machine, processes, statements }) {
    const { defaultMachine, defaultSplit } = require(defaultsFile);
    return {
        run,
        variant: 'base',
        machine: { ...defaultMachine(machine.name), ...machine },
        split: defaultSplit('x86_64'),
        processes,
        kernelThreads: [],
        vases: [],
        segments: [],
        notifiers: [],
        finalChecks: [],
        statements,
    };
}
