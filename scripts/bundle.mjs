// Bundles the command-line tool (and, as they land, the language server and the extension) with esbuild.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
    { in: 'language/src/cli/mscn.ts', out: 'out/cli/mscn.cjs', banner: '#!/usr/bin/env node' },
    { in: 'server/src/main.ts', out: 'out/server/main.cjs' },
    { in: 'client/src/extension.ts', out: 'out/client/extension.cjs', external: ['vscode'] },
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
