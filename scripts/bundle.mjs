// Bundles the command-line tool (and, as they land, the language server and the extension) with esbuild.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
    { in: 'language/src/cli/mscn.ts', out: 'out/cli/mscn.cjs', banner: '#!/usr/bin/env node' },
    { in: 'server/src/main.ts', out: 'out/server/main.cjs' },
    { in: 'client/src/extension.ts', out: 'out/client/extension.cjs', external: ['vscode'] },
    // for scripts/bench: the engine and the lackey parser without the CLI around them
    { in: 'language/src/engine/index.ts', out: 'out/engine/index.cjs' },
    { in: 'language/src/engine/lackey.ts', out: 'out/engine/lackey.cjs' },
].filter(e => existsSync(e.in));

await Promise.all(entries.map(e => build({
    entryPoints: [e.in],
    outfile: e.out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: e.external ?? [],
    banner: e.banner ? { js: e.banner } : undefined,
    logLevel: 'warning',
})));
console.log(`bundled ${entries.map(e => e.out).join(', ')}`);
