/**
 * `mscn import`: a C subject with a known layout (test/probe/subject.c) is imported, and the engine's
 * page-table pages for the imported scenario equal the subject's VmPTE exactly; errors are clear.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, ROOT, mscn } from './native.js';
import { parseMaps, readErrorMessage } from '../../language/src/probe/proc-maps.js';
import { identifier, touchRuns } from '../../language/src/probe/import-scenario.js';

let dir = '';
let subject: ChildProcess;

beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mscn-import-'));
    const cc = spawnSync('cc', ['-O2', '-o', join(dir, 'subject'), join(ROOT, 'test/probe/subject.c')], {
        encoding: 'utf8',
    });
    if (cc.status !== 0) throw new Error(`the import test needs a C compiler (cc): ${cc.stderr ?? cc.error}`);
    subject = spawn(join(dir, 'subject'), [], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
        subject.stdout!.on('data', (d: Buffer) => {
            if (d.toString().includes('ready')) resolve();
        });
        subject.on('exit', code => reject(new Error(`the subject exited (${code})`)));
    });
});

afterAll(() => {
    subject?.kill('SIGKILL');
});

function vmPteKb(pid: number): number {
    return Number(/^VmPTE:\s*(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

describe('mscn import', () => {
    test("GIVEN the subject THEN its regions are mmap lines with compressed touches and the engine's tables equal VmPTE", () => {
        const file = join(dir, 'subject.mscn');
        const r = mscn(dir, '', 'import', String(subject.pid), '-o', file);
        expect(r).toMatchObject({ status: 0, stderr: '' });
        const text = readFileSync(file, 'utf8');
        // A: 16 pages written; B: every 4th page of 1,024 written (256 pages, one statement with a stride);
        // C: one page read; D: mapped, never touched.
        expect(text).toContain(
            '    mmap subject at 0x10000000 size 16 pages rw as anon\n    write subject anon size 16 pages\n',
        );
        expect(text).toContain(
            '    mmap subject at 0x10200000 size 1024 pages rw as anon_2\n    write subject anon_2 size ' +
                '1021 pages stride 4 pages\n',
        );
        expect(text).toContain(
            '    mmap subject at 0x10800000 size 8 pages rw as anon_3\n    mmap subject at 0x4000000000 ' +
                'size 1 page r as anon_4\n    read subject anon_4 size 1 page\n',
        );
        const run = spawnSync(process.execPath, [CLI, 'run', file, '--json'], {
            encoding: 'utf8',
            maxBuffer: 64 << 20,
        });
        expect(run.status).toBe(0);
        const v = JSON.parse(run.stdout).runs[0].variants[0];
        const { allocated: a, freed: f } = v.ptPages;
        // VmPTE = pud + pmd + pte tables (mm_pgtables_bytes; the pgd is not in it). The subject's own
        // part: A and B share a pud (slot 0) and a pmd, and take 3 pte tables; C at 256 GiB its own
        // pud, pmd and pte: 8 tables; the rest is its binary, libc, ld.so, stack and vdso.
        const tables = a.pud + a.pmd + a.pte - f.pud - f.pmd - f.pte;
        expect(tables * 4).toBe(vmPteKb(subject.pid!));
        expect(tables).toBeGreaterThanOrEqual(8);
    });

    test('GIVEN self THEN the CLI imports its own address space', () => {
        const r = mscn(dir, '', 'import', 'self');
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/^\/\/ \/proc\/\d+: the address space of process \d+ \(node\)/);
        expect(r.stdout).toMatch(/\n {4}switch cpu 0 to node\n {4}mmap node at 0x/);
    });

    test('GIVEN a PID that does not exist THEN "no process"', () => {
        // PID_MAX_LIMIT is 2^22: no process can have a larger id
        expect(mscn(dir, '', 'import', '4194305')).toMatchObject({
            status: 1,
            stderr: 'mscn import: no process 4194305\n',
        });
        expect(mscn(dir, '', 'import', 'init')).toMatchObject({
            status: 1,
            stderr: "mscn import: 'init' is not a process id (a number, or self)\n",
        });
    });

    test('GIVEN a process the user may not read THEN permission denied', () => {
        // as nobody (from root through setpriv, or as the unprivileged user running the tests), init is unreadable
        const asNobody =
            process.getuid?.() === 0
                ? spawnSync(
                      'setpriv',
                      ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, CLI, 'import', '1'],
                      { encoding: 'utf8' },
                  )
                : spawnSync(process.execPath, [CLI, 'import', '1'], { encoding: 'utf8' });
        expect(asNobody.status).toBe(1);
        expect(asNobody.stderr).toBe(
            "mscn import: cannot read /proc/1/maps: permission denied (read another user's process as " +
                'root, or as its owner)\n',
        );
    });

    test('GIVEN a process that has exited (a zombie) THEN it says so', async () => {
        // sh starts `sleep 0.2` and execs `sleep 5`, which never reaps it: a zombie until sleep 5 ends
        const sh = spawn('sh', ['-c', 'sleep 0.2 & echo $!; exec sleep 5 >/dev/null'], {
            stdio: ['ignore', 'pipe', 'inherit'],
        });
        try {
            const zombie = await new Promise<string>(resolve =>
                sh.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim())),
            );
            while (!/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${zombie}/stat`, 'utf8')))
                await new Promise(r => setTimeout(r, 10));
            expect(mscn(dir, '', 'import', zombie)).toMatchObject({
                status: 1,
                stderr:
                    `mscn import: process ${zombie} has no address space (a kernel thread, or it exited ` +
                    `while it was read)\n`,
            });
        } finally {
            sh.kill('SIGKILL');
        }
    });
});

describe('import pieces', () => {
    test('GIVEN pagemap vanishing mid-read THEN "exited while it was read"', () => {
        expect(readErrorMessage('42', 'pagemap', 'ESRCH')).toBe('process 42 exited while it was read');
        expect(readErrorMessage('42', 'maps', 'ENOENT')).toBe('no process 42');
    });

    test('GIVEN present pages THEN runs, and equally spaced single pages as one stride', () => {
        expect(touchRuns([0, 1, 2, 5, 9, 13, 17, 30])).toEqual([
            [0, 3, 1],
            [5, 13, 4],
            [30, 1, 1],
        ]);
        expect(touchRuns([3, 7])).toEqual([
            [3, 1, 1],
            [7, 1, 1],
        ]);
    });

    test('GIVEN maps lines THEN VMAs with perms, offset and path', () => {
        const [a, b] = parseMaps(
            '55d0c0a00000-55d0c0a02000 r-xp 00001000 08:01 1234  /usr/bin/x y\n7ffd1000-7ffd3000 rw-p ' +
                '00000000 00:00 0  [stack]\n',
        );
        expect(a).toMatchObject({
            start: 0x55d0c0a00000n,
            end: 0x55d0c0a02000n,
            perms: 'r-xp',
            offset: 0x1000n,
            inode: 1234,
            path: '/usr/bin/x y',
        });
        expect(b).toMatchObject({ path: '[stack]', inode: 0 });
        expect(identifier('libc.so.6', 'v')).toBe('libc_so_6');
        expect(identifier('read', 'v')).toBe('read_map');
    });
});
