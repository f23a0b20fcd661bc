/**
 * The workspace scan is bounded (issue #13; server/src/mscn-workspace-manager.ts): over a real LSP
 * connection, a workspace holding an unreadable folder, a broken symlink, a symlink loop, node_modules,
 * .git, a hidden folder and out/ with .mscn files inside loads exactly the .mscn files outside them;
 * a cap lowered through initializationOptions stops the scan at that many files (breadth first: the
 * top-level ones) with a warning; and a workspace root of `/` still answers an opened file.
 * Which files were loaded is read from the diagnostics Langium publishes for every built document.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, fileUri, type StartOptions } from './lsp-client.js';

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
});

const TOP = Array.from({ length: 8 }, (_, i) => `ok-${i}.mscn`);
let dir: string;
/** As root every folder is readable: the server then runs as nobody, for whom `locked/` is not. */
const AS_USER: StartOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

beforeAll(() => {
    // not under the test run's TMPDIR (0700): the server may run as another user, who must reach it
    dir = fs.mkdtempSync(path.join(AS_USER.uid === undefined ? os.tmpdir() : '/tmp', 'mscn-scan-'));
    fs.chmodSync(dir, 0o755);
    const write = (rel: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), 'machine m { cpus 1 }\n');
    };
    for (const name of TOP) write(name);
    write('sub/deep.mscn');
    for (const skipped of [
        'node_modules/pkg/dep.mscn',
        '.git/hooks.mscn',
        '.hidden/h.mscn',
        'out/o.mscn',
        'locked/l.mscn',
    ])
        write(skipped);
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    fs.symlinkSync(path.join(dir, 'nowhere.mscn'), path.join(dir, 'broken.mscn'));
    fs.symlinkSync(dir, path.join(dir, 'loop'));
});
afterAll(() => {
    fs.chmodSync(path.join(dir, 'locked'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens `file`, waits for its diagnostics and then for 2 s without a new publication: the workspace is built. */
async function openAndSettle(c: LspClient, file: string, ms = 30_000): Promise<void> {
    const uri = fileUri(file);
    c.open(uri, fs.readFileSync(file, 'utf8'));
    await c.until(() => c.diagnostics.get(uri), `diagnostics of ${file}`, ms);
    const count = () => [...c.diagnostics.values()].reduce((n, list) => n + list.length, 0);
    for (let seen = -1; seen !== count();) {
        seen = count();
        await new Promise(resolve => setTimeout(resolve, 2000));
    }
}

function loaded(c: LspClient): string[] {
    return [...c.diagnostics.keys()]
        .filter(u => u.startsWith(fileUri(dir)))
        .map(u => u.slice(fileUri(dir).length + 1))
        .sort();
}

describe("GIVEN a workspace with an unreadable folder, a broken symlink, a loop and folders that are not the user's", () => {
    test('WHEN the server starts THEN it loads the .mscn files outside them and logs the folder it could not read', async () => {
        client = await LspClient.start({}, dir, AS_USER);
        await openAndSettle(client, path.join(dir, 'ok-0.mscn'));
        expect(loaded(client)).toEqual([...TOP, 'sub/deep.mscn'].sort());
        if (AS_USER.uid !== undefined || process.getuid?.() !== 0) {
            expect(client.logged.some(m => m.includes(`skipped ${path.join(dir, 'locked')}: EACCES`))).toBe(true);
        }
        expect(client.shown).toEqual([]);
        expect(client.stderr.join('')).not.toMatch(/WorkspaceManager initialization/);
    });

    test('WHEN the cap is 5 files THEN the 5 first top-level files are loaded, a warning says so, and an opened file beyond is still checked', async () => {
        client = await LspClient.start({}, dir, { ...AS_USER, initializationOptions: { workspace: { maxFiles: 5 } } });
        await openAndSettle(client, path.join(dir, 'sub', 'deep.mscn'));
        const files = loaded(client);
        // 5 scanned (all at the top: breadth first) + the opened file
        expect(files.filter(f => f !== 'sub/deep.mscn')).toHaveLength(5);
        expect(files.filter(f => f !== 'sub/deep.mscn').every(f => TOP.includes(f))).toBe(true);
        expect(files).toContain('sub/deep.mscn');
        expect(client.shown).toHaveLength(1);
        expect(client.shown[0]).toMatch(/stopped scanning .* after 5 \.mscn files; 5 \.mscn files loaded/);
    });
});

describe('GIVEN a file that imports an existing file that is not a scenario', () => {
    // before: the import loader asked for /etc/passwd-like files after every build; Langium could not keep
    // them (no services for .txt), so it asked again: builds and publications without end (seen on root /)
    test('WHEN it is opened THEN the builds stop: a few publications, then quiet', async () => {
        const other = fs.mkdtempSync(path.join(os.tmpdir(), 'mscn-import-txt-'));
        try {
            fs.writeFileSync(path.join(other, 'notes.txt'), 'not a scenario\n');
            fs.writeFileSync(path.join(other, 'imports-text.mscn'), 'import "notes.txt"\nmachine m { cpus 1 }\n');
            client = await LspClient.start({}, other);
            await openAndSettle(client, path.join(other, 'imports-text.mscn'));
            expect(client.published(fileUri(path.join(other, 'imports-text.mscn')))).toBeLessThanOrEqual(3);
        } finally {
            fs.rmSync(other, { recursive: true, force: true });
        }
    }, 90_000);
});

describe('GIVEN the workspace root /', () => {
    // before: EACCES and ENOENT under /proc, "Error in WorkspaceManager initialization: ENOENT", no diagnostics in 90 s
    test('WHEN a file is opened THEN its diagnostics arrive (no crawl of /proc, no failed initialization)', async () => {
        // 3 s of scanning and at most 200 files (whatever .mscn files this machine holds) to build before the opened
        // one
        client = await LspClient.start({}, '/', {
            initializationOptions: { workspace: { maxMillis: 3000, maxFiles: 200 } },
        });
        await openAndSettle(client, path.join(dir, 'ok-1.mscn'), 90_000);
        expect(client.stderr.join('')).not.toMatch(/WorkspaceManager initialization|EACCES|ENOENT/);
        expect(client.logged.some(m => m.includes('/proc'))).toBe(false);
    }, 150_000);
});

describe('GIVEN an open scenario that imports a 600 MB .mscn file', () => {
    test('WHEN the server loads the import THEN it reads at most 1 MiB of it and refuses it as over 1 MiB', async () => {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mscn-huge-'));
        // sparse: 600 MB of size, no blocks; Langium's own provider read it whole into the server's memory
        fs.writeFileSync(path.join(folder, 'huge.mscn'), '');
        fs.truncateSync(path.join(folder, 'huge.mscn'), 600e6);
        const main = path.join(folder, 'main.mscn');
        fs.writeFileSync(main, 'import "huge.mscn"\nmachine m { cpus 1 }\n');
        client = await LspClient.start({}, folder);
        client.open(fileUri(main), fs.readFileSync(main, 'utf8'));
        const huge = fileUri(path.join(folder, 'huge.mscn'));
        const published = await client.until(() => client!.diagnostics.get(huge), 'diagnostics of huge.mscn', 30_000);
        expect(published.at(-1)!.diagnostics.map(d => d.message)).toEqual([
            'file is over 1 MiB; scenarios over 1 MiB are not parsed: split it with imports',
        ]);
        fs.rmSync(folder, { recursive: true, force: true });
    });
});
