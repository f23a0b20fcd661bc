// Bundles some exports of the repository's TypeScript into one CommonJS file for a bench to require
// (esbuild, loaded only when called: the 16 GiB child imports scenario-config.mjs and measures its RSS).
export async function bundleExports(root, outfile, source) {
    const { build } = await import('esbuild');
    await build({
        stdin: { contents: source, resolveDir: root, loader: 'ts' },
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        logLevel: 'warning',
    });
    return outfile;
}
