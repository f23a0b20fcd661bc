/**
 * The package as a user gets it: `npm pack` of the repository (with the bundles in out/ that the test run
 * built), installed with `npm install -g --prefix` into a temporary folder. Used by the packaging test and by
 * the Neovim test, which drives the installed `mscn lsp`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

export interface Installed {
    /** The packed tarball. */
    tarball: string;
    /** The paths in the tarball, as `npm pack --json` lists them. */
    files: string[];
    /** The prefix it was installed into: bin/mscn and lib/node_modules/memory-scenarios. */
    prefix: string;
    /** The installed `mscn`: the bin link npm made. */
    mscn: string;
}

function npm(args: string[], cwd: string): string {
    // offline: the package has no dependencies to fetch; no scripts: out/ is already built
    const r = spawnSync('npm', [...args, '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
        cwd,
        encoding: 'utf8',
        timeout: 120_000,
    });
    if (r.status !== 0)
        throw new Error(`npm ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
    return r.stdout;
}

/** Packs the repository and installs the tarball globally into a fresh prefix. */
export function packAndInstall(): Installed {
    const dir = mkdtempSync(join(tmpdir(), 'mscn-package-'));
    const [pack] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], ROOT)) as Array<{
        filename: string;
        files: Array<{ path: string }>;
    }>;
    const tarball = join(dir, pack.filename);
    const prefix = join(dir, 'prefix');
    npm(['install', '--global', '--prefix', prefix, tarball], dir);
    return { tarball, files: pack.files.map(f => f.path).sort(), prefix, mscn: join(prefix, 'bin', 'mscn') };
}

/** The folders npm installed next to the package (none: everything it needs is bundled). */
export function installedPackages(installed: Installed): string[] {
    return readdirSync(join(installed.prefix, 'lib', 'node_modules'));
}
