// Bundles the command-line tool, the language server (with its run worker) and the extension with esbuild.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
    // the `mscn` executable is a launcher that loads one of the two bundles below (mscn-launcher.ts)
    { in: 'language/src/cli/mscn-launcher.ts', out: 'out/cli/mscn.cjs', banner: '#!/usr/bin/env node' },
    { in: 'language/src/cli/mscn.ts', out: 'out/cli/mscn-main.cjs' },
    // `mscn replay` without --machine: the engine and the replay command, no language front end
    { in: 'language/src/cli/replay-main.ts', out: 'out/cli/mscn-replay.cjs' },
    // the parse thread of `mscn replay`: loaded from next to mscn.cjs (language/src/cli/replay-parse-thread.ts)
    { in: 'language/src/cli/replay-parse-worker.ts', out: 'out/cli/replay-parse-worker.cjs' },
    // the worker threads of `mscn sweep`: loaded from next to mscn.cjs (language/src/cli/sweep-command.ts)
    { in: 'language/src/cli/sweep-worker.ts', out: 'out/cli/sweep-worker.cjs' },
    // the engine thread of `mscn run` and `check`, loaded from next to mscn.cjs (language/src/cli/engine-thread.ts)
    { in: 'language/src/cli/engine-worker.ts', out: 'out/cli/engine-worker.cjs' },
    // server, worker and extension are minified: they ship in the .vsix. Identifiers are not mangled, so
    // stack traces keep their names; esbuild's keepNames would instead wrap every function it creates at
    // run time in a defineProperty call: a fifth of the server's time on every parse.
    { in: 'server/src/main.ts', out: 'out/server/main.cjs', minify: true },
    // the run worker: loaded by the server from next to main.cjs (server/src/run/worker-host.ts)
    { in: 'server/src/run/worker.ts', out: 'out/server/run-worker.cjs', minify: true },
    { in: 'client/src/extension.ts', out: 'out/client/extension.cjs', external: ['vscode'], minify: true },
    // for scripts/bench: the engine and the lackey parser without the CLI around them
    { in: 'language/src/engine/index.ts', out: 'out/engine/index.cjs' },
    { in: 'language/src/engine/lackey.ts', out: 'out/engine/lackey.cjs' },
    // for scripts/bench/15-frontend: the language services in-process (parse, link, validate)
    { in: 'language/src/mscn-module.ts', out: 'out/language/index.cjs' },
].filter(e => existsSync(e.in));

await Promise.all(
    entries.map(e =>
        build({
            entryPoints: [e.in],
            outfile: e.out,
            bundle: true,
            platform: 'node',
            format: 'cjs',
            target: 'node20',
            sourcemap: true,
            external: e.external ?? [],
            minifyWhitespace: e.minify ?? false,
            minifySyntax: e.minify ?? false,
            banner: e.banner ? { js: e.banner } : undefined,
            logLevel: 'warning',
        }),
    ),
);

// The panels' front ends (client/webview/): browser scripts loaded by the webviews, plus their stylesheet.
const webviews = [
    { in: 'client/webview/page-tables-main.ts', out: 'out/webview/page-tables.js' },
    { in: 'client/webview/comparison-main.ts', out: 'out/webview/comparison.js' },
    { in: 'client/webview/timeline-main.ts', out: 'out/webview/timeline.js' },
    { in: 'client/webview/panels.css', out: 'out/webview/panels.css' },
].filter(e => existsSync(e.in));
await Promise.all(
    webviews.map(e =>
        build({
            entryPoints: [e.in],
            outfile: e.out,
            bundle: true,
            platform: 'browser',
            format: 'iife',
            target: 'es2022',
            minify: true,
            sourcemap: false,
            logLevel: 'warning',
        }),
    ),
);
console.log(`bundled ${[...entries, ...webviews].map(e => e.out).join(', ')}`);
