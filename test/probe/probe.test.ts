/**
 * `mscn probe` on the running kernel: hand-worked scenarios whose pageFaults and VmPTE the kernel
 * and the engine both give exactly; IPIs are read and reported (their count depends on what else the
 * machine runs, and under a hypervisor with a paravirtual flush there are none); refusals located.
 */
import { availableParallelism } from 'node:os';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildHelper, mscn, ROOT } from './native.js';

let dir = '';
let helper = '';

beforeAll(() => {
    helper = buildHelper();
    dir = mkdtempSync(join(tmpdir(), 'mscn-probe-'));
});

// x86_64 4-level paging; VmPTE counts pud, pmd and pte tables (mm_pgtables_bytes), never the pgd.
// heap [0x4000_0000, +1 MiB) and next 0x4020_0000 are in pgd slot 0, pud slot 1, pmd slots 0 and 1.
const HAND = `machine two { cpus 2 }
process p { threads 2 }
run hand on two {
    switch cpu 0 to p
    switch cpu 1 to p[1]
    mmap p at 0x4000_0000 size 1 MiB as heap
    write p heap
    munmap p heap + 512 KiB size 512 KiB
    mmap p at 0x4020_0000 size 4 KiB as next
    write p next
    fork p as child
    write p heap size 8 KiB
    switch cpu 1 to child
    munmap p heap
    exit child
    munmap p next
}
`;

// Per statement (line): pageFaults, then page-table pages of every live process after it.
//  7 write heap: 256 faults; 1 pud + 1 pmd + 1 pte table = 3 pages (12 kB)
//  8 munmap the upper half: the pte table still maps the lower half: 3
// 10 write next: 1 fault; 0x4020_0000 is the next 2 MiB: a second pte table: 4
// 11 fork: the child copies every table of its anonymous VMAs (anon_vma set): 4 + 4 = 8
// 12 write heap size 8 KiB: 2 copy-on-write faults in p: 8
// 14 munmap heap: its pte table maps nothing else: free_pgtables frees it: 3 + 4 = 7
// 15 exit child: exit_mmap frees the child's 4: 3
// 16 munmap next: pte, pmd and pud all empty: 0
const EXPECTED: Record<number, [number, number]> = {
    4: [0, 0],
    5: [0, 0],
    6: [0, 0],
    7: [256, 3],
    8: [0, 3],
    9: [0, 3],
    10: [1, 4],
    11: [0, 8],
    12: [2, 8],
    13: [0, 8],
    14: [0, 7],
    15: [0, 3],
    16: [0, 0],
};

interface Figures {
    pageFaults: number;
    ptPages: number;
    ipis: number | { min: number; median: number; max: number };
}
interface ProbeJson {
    schema: string;
    runs: Array<{
        run: string;
        repeat: number;
        statements: Array<{ line: number; kind: string; model: Figures; kernel: Figures }>;
        totals: { model: Figures; kernel: Figures };
    }>;
}

describe('mscn probe', () => {
    test('GIVEN the hand-worked scenario THEN kernel and engine give the worked faults and VmPTE per statement, and IPIs are read', () => {
        writeFileSync(join(dir, 'hand.mscn'), HAND);
        const r = mscn(dir, helper, 'probe', 'hand.mscn', '--json', '--repeat', '3');
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        const report = JSON.parse(r.stdout) as ProbeJson;
        expect(report.schema).toBe('mscn-probe/1');
        const run = report.runs[0];
        expect(run.repeat).toBe(3);
        const got = Object.fromEntries(run.statements.map(s => [s.line, [s.model.pageFaults, s.model.ptPages]]));
        expect(got).toEqual(EXPECTED);
        const kernel = Object.fromEntries(run.statements.map(s => [s.line, [s.kernel.pageFaults, s.kernel.ptPages]]));
        expect(kernel).toEqual(EXPECTED);
        expect(run.totals.model).toMatchObject({ pageFaults: 259, ptPages: 8 });
        expect(run.totals.kernel).toMatchObject({ pageFaults: 259, ptPages: 8 });
        // IPIs: munmap of 128 pages (> the 33-page ceiling) with p[1] current on cpu 1: one IPI (R25).
        // The kernel's are read and reported as min <= median <= max over the 3 runs.
        expect(run.statements.find(s => s.line === 8)!.model.ipis).toBe(1);
        for (const s of [...run.statements, run.totals]) {
            const ipis = s.kernel.ipis as { min: number; median: number; max: number };
            expect(Number.isInteger(ipis.min) && ipis.min >= 0).toBe(true);
            expect(ipis.min <= ipis.median && ipis.median <= ipis.max).toBe(true);
        }
    });

    test('GIVEN examples/probe.mscn THEN the text report has model and kernel side by side, equal in faults and VmPTE', () => {
        const r = mscn(ROOT, helper, 'probe', 'examples/probe.mscn', '--repeat', '1');
        expect(r.status).toBe(0);
        const total = r.stdout
            .split('\n')
            .find(l => l.startsWith('total'))!
            .trim()
            .split(/\s+/);
        // 64 x 1,000 + 1,024 + 16 + 16 faults; peak VmPTE: 5 tables in app and 5 in child, 40 kB
        expect(total.slice(1, 5)).toEqual(['65,056', '65,056', '40', '40']);
        expect(r.stdout).not.toContain('differs');
        expect(r.stdout).toContain('line:col  statement');
    });

    test('GIVEN an i386 machine THEN the probe refuses at the run, file:line:col', () => {
        writeFileSync(
            join(dir, 'i386.mscn'),
            'machine old { arch i386 }\nprocess p\nrun on old {\n    switch cpu 0 to p\n}\n',
        );
        const r = mscn(dir, helper, 'probe', 'i386.mscn');
        expect(r.status).toBe(1);
        expect(r.stderr).toBe(
            "i386.mscn:3:1: error: machine 'old' is i386: only x86_64 scenarios run on this kernel\n",
        );
    });

    test('GIVEN a kmap inside a repeat THEN the probe refuses at that statement, naming the operation', () => {
        writeFileSync(
            join(dir, 'kmap.mscn'),
            'process p\nrun {\n    switch cpu 0 to p\n    mmap p size 8 KiB as a\n    repeat 2 {\n       ' +
                ' kmap p a\n    }\n}\n',
        );
        const r = mscn(dir, helper, 'probe', 'kmap.mscn');
        expect(r.status).toBe(1);
        expect(r.stderr).toMatch(/^kmap\.mscn:6:9: error: kmap cannot run on the kernel: /);
    });

    test('GIVEN more CPUs than this machine has THEN a clear refusal', () => {
        const cpus = availableParallelism() + 1;
        writeFileSync(
            join(dir, 'big.mscn'),
            `machine big { cpus ${cpus} }\nprocess p\nrun on big {\n    switch cpu 0 to p\n}\n`,
        );
        const r = mscn(dir, helper, 'probe', 'big.mscn');
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(`big.mscn:3:1: error: machine 'big' has ${cpus} CPUs; this machine has ${cpus - 1}`);
    });

    test('GIVEN bad arguments THEN exit 2 with the usage', () => {
        expect(mscn(dir, helper, 'probe', 'hand.mscn', '--repeat', '0')).toMatchObject({
            status: 2,
            stderr: expect.stringContaining("--repeat takes a whole number from 1 to 1000, not '0'"),
        });
        expect(mscn(dir, helper, 'probe', 'hand.mscn', '--run', 'nope')).toMatchObject({
            status: 2,
            stderr: "mscn probe: unknown run 'nope': this file has hand\n",
        });
    });

    test('GIVEN no helper THEN the message says how to build it', () => {
        const r = mscn(dir, join(dir, 'missing-helper'), 'probe', 'hand.mscn');
        expect(r.status).toBe(1);
        expect(r.stderr).toContain('install a C compiler (cc) and run npm run build');
    });
});
