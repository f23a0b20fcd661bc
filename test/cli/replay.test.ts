/**
 * `mscn replay` (docs/model.md section 12) through the bundled CLI: a hand-worked trace, a real valgrind lackey
 * trace of a small C program recorded at test time, and the argument errors.
 * Needs valgrind and a C compiler (`apt-get install -y valgrind gcc`; scripts/ensure-system-deps.sh).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { referenceReplay, parseLackeyText } from './replay-reference.js';
import { referenceRecords } from '../fixtures/lackey-runs.js';
import { createTraceReplay } from '../../language/src/engine/replay.js';
import { replayMachine } from '../../language/src/cli/replay-run.js';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'out', 'cli', 'mscn.cjs');
let dir = '';
let realTrace = '';

function mscn(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    return mscnWith({}, ...args);
}

/** MSCN_REPLAY_THREADS=2 makes `mscn replay` use its parse thread whatever the machine's load. */
function mscnWith(env: Record<string, string>, ...args: string[]) {
    const run = spawnSync(process.execPath, [CLI, ...args], {
        encoding: 'utf8',
        cwd: dir,
        env: { ...process.env, ...env },
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function replayJson(file: string, ...args: string[]): Record<string, number> {
    return replayJsonWith({}, file, ...args);
}

function replayJsonWith(env: Record<string, string>, file: string, ...args: string[]): Record<string, number> {
    const run = mscnWith(env, 'replay', file, '--json', ...args);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return JSON.parse(run.stdout) as Record<string, number>;
}

function write(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
}

// Reads a static 3 MiB array page by page (zero page), writes every other page of it (COW), then writes
// every page of a 1 MiB malloc (mmap'd: write faults on untouched pages). Exit status 0.
const PROGRAM = `#include <stdlib.h>
static char bss[3 << 20];
int main(void) {
    long sum = 0;
    for (int i = 0; i < (int)sizeof bss; i += 4096) sum += bss[i];
    for (int i = 0; i < (int)sizeof bss; i += 8192) bss[i] = (char)i;
    char *heap = malloc(1 << 20);
    for (int i = 0; i < (1 << 20); i += 4096) heap[i] = 1;
    return (int)(sum + heap[4096] - 1);
}
`;

function need(tool: string, install: string): void {
    const probe = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (probe.status !== 0)
        throw new Error(`${tool} is missing: the replay tests record a real trace with it. Install it: ${install}`);
}

beforeAll(() => {
    need('valgrind', 'apt-get update && apt-get install -y valgrind');
    need('cc', 'apt-get install -y gcc');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mscn-replay-'));
    const source = write('touch.c', PROGRAM);
    const binary = path.join(dir, 'touch');
    const cc = spawnSync('cc', ['-O0', '-o', binary, source], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`cc failed:\n${cc.stderr}`);
    realTrace = path.join(dir, 'touch.trace');
    const vg = spawnSync('valgrind', ['--tool=lackey', '--trace-mem=yes', `--log-file=${realTrace}`, binary], {
        encoding: 'utf8',
    });
    if (vg.status !== 0) throw new Error(`valgrind failed (exit ${vg.status}):\n${vg.stderr}`);
}, 120_000);

describe('mscn replay, hand-worked trace', () => {
    // TLB 64/4: 16 sets, set = vpn mod 16. Pages: 0x401 (set 1), 0x402 (set 2), 0x600 (set 0).
    const TRACE = [
        '==7== Lackey, an example Valgrind tool', // skipped
        'I  00401000,4', // 0x401 read: miss, walk 1 ref (empty pgd), fault: pud+pmd+pte tables, zero page; retry 4
        ' L 00401ff8,16', // 0x401ff8..0x402007: 0x401 hit; 0x402 miss, walk 4 (pte empty), fault, zero page, retry 4
        ' S 00401008,8', // 0x401 write through a read-only entry: miss, walk 4, COW: frame, invlpg; retry 4
        ' M 00401010,4', // 0x401 write: hit
        // 0x600 (another 2 MiB region): miss, walk 3 (pmd entry empty), fault: pte table, frame; retry 4
        ' S 00600000,8',
        'I  00401004,2', // hit
        'garbage', // skipped
    ].join('\n');

    test('GIVEN the trace WHEN replayed THEN every figure is as worked out from section 12', () => {
        const figures = replayJson(write('hand.trace', TRACE));
        expect(figures).toMatchObject({
            accesses: 7, // 1 + 2 + 1 + 1 + 1 + 1
            tlbHits: 3, // the 0x401 parts of lines 2, 4 and 6
            tlbMisses: 4,
            walks: 8, // 4 misses + 4 retries after handled faults (R6)
            walkRefs: 28, // (1 + 4) + (4 + 4) + (4 + 4) + (3 + 4)
            pageFaults: 4,
            cowFaults: 1,
            segfaults: 0,
            framesAllocated: 2, // the COW copy of 0x401 and the write fault of 0x600
            ptPagesAllocated: 4, // pud, pmd, pte for 0x401; a second pte for 0x600
            tlbEvictions: 0,
            invlpg: 1, // the COW flush of the zero-page translation
            records: 6,
            skippedLines: 2,
        });
        expect(referenceReplay(TRACE)).toMatchObject({ accesses: 7, tlbHits: 3, walkRefs: 28, ptPagesAllocated: 4 });
    });

    test('GIVEN pages at and above TASK_SIZE WHEN replayed THEN each counts segfaults +1 and nothing else', () => {
        const trace = [
            ' S 7ffffffff000,8', // the first page above user space (TASK_SIZE = 0x7ffffffff000)
            // the last user page (read: miss, walk 1, fault, 3 tables, zero page, retry 4) + the next
            ' L 7fffffffeff8,16',
            ' L ffffffffff600000,8', // the vsyscall page: far above, an imprecise double, still a segfault
        ].join('\n');
        expect(replayJson(write('segv.trace', trace))).toMatchObject({
            segfaults: 3,
            accesses: 1,
            tlbMisses: 1,
            walks: 2,
            walkRefs: 5,
            pageFaults: 1,
            ptPagesAllocated: 3,
            framesAllocated: 0,
            records: 3,
        });
        // Section 12 leaves these segfaults out of accesses and pageFaults, so R6's identity does not hold
        // here: walks = 2 but tlbMisses + pageFaults - segfaults = 1 + 1 - 3 (R6 counts a segfault as a fault).
        expect(referenceReplay(trace)).toMatchObject({ segfaults: 3, accesses: 1, walks: 2, pageFaults: 1 });
    });

    test('GIVEN 5 pages in one 4-way set WHEN the first is read again THEN LRU evicted it and it misses', () => {
        // vpn 0x600, 0x610, 0x620, 0x630, 0x640 all map to set 0 of 16.
        const pages = [0x600, 0x610, 0x620, 0x630, 0x640, 0x600];
        const trace = pages.map(vpn => ` L ${(vpn * 4096).toString(16)},8`).join('\n') + '\n';
        const figures = replayJson(write('lru.trace', trace));
        // 5 first reads: each misses and faults (zero page); the 5th fill evicts 0x600; re-reading 0x600 misses
        // (walk 4, present) and its fill evicts 0x610. walkRefs: first read 1 + 4, next four 4 + 4, last 4.
        expect(figures).toMatchObject({
            accesses: 6,
            tlbHits: 0,
            tlbMisses: 6,
            walks: 11,
            walkRefs: 5 + 4 * 8 + 4,
            pageFaults: 5,
            framesAllocated: 0,
            ptPagesAllocated: 3,
            tlbEvictions: 2,
        });
        // The same trace with a 64/64 fully associative TLB: no eviction, the last read hits.
        expect(replayJson(path.join(dir, 'lru.trace'), '--tlb', '64/64')).toMatchObject({
            tlbHits: 1,
            tlbEvictions: 0,
        });
        // And with no TLB at all every access misses (R2: a TLB of 0 entries caches nothing).
        expect(replayJson(path.join(dir, 'lru.trace'), '--tlb', '0/1')).toMatchObject({ tlbHits: 0, tlbMisses: 6 });
    });
});

describe('mscn replay, a real valgrind trace', () => {
    test('GIVEN a lackey trace of a C program WHEN replayed THEN the figures satisfy section 12 and R6', () => {
        const text = fs.readFileSync(realTrace, 'utf8');
        const figures = replayJson(realTrace);
        // Counted here from the text alone: pages per record, distinct 2 MiB / 1 GiB / 512 GiB regions.
        const { records, skipped } = parseLackeyText(text);
        let pageAccesses = 0;
        const regions = { pte: new Set<bigint>(), pmd: new Set<bigint>(), pud: new Set<bigint>() };
        const written = new Set<bigint>();
        for (const [addr, size, isWrite] of records) {
            for (let vpn = addr >> 12n; vpn <= (addr + BigInt(Math.max(size, 1)) - 1n) >> 12n; vpn++) {
                pageAccesses++;
                regions.pte.add(vpn >> 9n);
                regions.pmd.add(vpn >> 18n);
                regions.pud.add(vpn >> 27n);
                if (isWrite) written.add(vpn);
            }
        }
        expect(figures.records).toBe(records.length);
        expect(figures.skippedLines).toBe(skipped);
        expect(figures.accesses).toBe(pageAccesses);
        expect(figures.tlbHits + figures.tlbMisses).toBe(figures.accesses);
        expect(figures.walks).toBe(figures.tlbMisses + figures.pageFaults - figures.segfaults);
        expect(figures.segfaults).toBe(0); // valgrind keeps the guest below 0x7ffffffff000
        expect(figures.ptPagesAllocated).toBe(regions.pte.size + regions.pmd.size + regions.pud.size);
        // Every written page gets exactly one frame (a write fault or the COW of the zero page).
        expect(figures.framesAllocated).toBe(written.size);
        // The program read 768 bss pages and then wrote 384 of them: at least 384 COW faults.
        expect(figures.cowFaults).toBeGreaterThanOrEqual(384);
        // A second reading of section 12 (test/cli/replay-reference.ts) gives every figure.
        const reference = referenceReplay(text);
        for (const name of [
            'accesses',
            'tlbHits',
            'tlbMisses',
            'walks',
            'walkRefs',
            'pageFaults',
            'cowFaults',
            'segfaults',
            'framesAllocated',
            'ptPagesAllocated',
            'tlbEvictions',
            'invlpg',
        ] as const) {
            expect(figures[name], name).toBe(reference[name]);
        }
    });

    // The real trace twice (5.3 MB, 6 chunks of 1 MiB), once on one thread and once on two: with two, the
    // CLI parses chunk 0 on the main thread and chunks 1-5 on its parse thread (replay-pipeline.ts: 20 %
    // of 6 chunks rounded down, at least one), which starts at 1 MiB, in the middle of a line, and carries
    // that line's start over from the bytes before it. The reference reads the text line by line.
    test('GIVEN a trace of 6 chunks WHEN parsed on two threads THEN every figure equals record-by-record replay', () => {
        const once = fs.readFileSync(realTrace);
        const MiB = 1 << 20;
        // A banner line first, as long as it takes for the boundary at 1 MiB to fall inside a line.
        let bytes = new Uint8Array(0);
        for (let pad = 0; bytes.length === 0 || bytes[MiB - 1] === 10; pad++)
            bytes = new Uint8Array(Buffer.concat([Buffer.from(`==1== ${'x'.repeat(pad)}\n`), once, once]));
        const file = write('twice.trace', '');
        fs.writeFileSync(file, bytes);
        expect(Math.ceil(bytes.length / MiB)).toBe(6);
        const direct = createTraceReplay(replayMachine({ entries: 64, ways: 4 }));
        const { records, skipped } = referenceRecords(new TextDecoder().decode(bytes));
        for (const [addr, size, w] of records) direct.access(addr, size, w);
        const want = { ...direct.result().totals, records: records.length, skippedLines: skipped };
        expect(replayJsonWith({ MSCN_REPLAY_THREADS: '2' }, file, '--tlb', '64/4')).toEqual(want);
        expect(replayJsonWith({ MSCN_REPLAY_THREADS: '1' }, file, '--tlb', '64/4')).toEqual(want);
    });

    test('GIVEN the real trace WHEN printed as a table THEN it has the figures aligned, hit rate and records/s', () => {
        const run = mscn('replay', realTrace);
        expect(run.status).toBe(0);
        expect(run.stderr).toBe(''); // not a terminal: no progress bar
        const figures = replayJson(realTrace);
        const rate = ((100 * figures.tlbHits) / figures.accesses).toFixed(2);
        expect(run.stdout).toMatch(new RegExp(`^accesses +${figures.accesses.toLocaleString('en-US')}$`, 'm'));
        expect(run.stdout).toMatch(new RegExp(`^hit rate +${rate} %$`, 'm'));
        expect(run.stdout).toMatch(/^records\/s +[\d,]+$/m);
        expect(run.stdout).toContain('machine  replay: x86_64, 4 KiB TLB 64 entries / 4 ways, large TLB none');
        const widths = new Set(
            run.stdout
                .split('\n')
                .slice(3)
                .filter(Boolean)
                .map(line => line.length),
        );
        expect(widths.size).toBe(1);
    });

    test('GIVEN --budget WHEN the trace has more page accesses THEN it stops, prints the figures so far, exit 1', () => {
        const run = mscn('replay', realTrace, '--json', '--budget', '1000');
        expect(run.status).toBe(1);
        const figures = JSON.parse(run.stdout) as Record<string, unknown>;
        expect(figures.accesses).toBe(1000);
        expect((figures.stopped as { reason: string }).reason).toBe('budget');
        expect(run.stderr).toMatch(/^mscn replay: stopped early: /);
    });
});

describe('mscn replay, Ctrl-C while the parse thread reads ahead', () => {
    // 1.3 M records of 100 pages each (25 MB, 130 M page accesses): seconds of engine work, while the
    // parse thread runs up to 3 MiB ahead of it. SIGINT once the replay is well under way.
    test('GIVEN a long trace WHEN SIGINT arrives THEN exit 130 and the records counted are those replayed', async () => {
        const trace = write('hundred-pages.trace', ' S 04021000,409600\n'.repeat(1_300_000));
        const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>(done => {
            const env = { ...process.env, MSCN_REPLAY_THREADS: '2' };
            const child = spawn(process.execPath, [CLI, 'replay', trace, '--json'], { cwd: dir, env });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
            child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
            const timer = setTimeout(() => child.kill('SIGINT'), 1500);
            child.on('close', status => {
                clearTimeout(timer);
                done({ status, stdout, stderr });
            });
        });
        expect(run.status).toBe(130);
        const json = JSON.parse(run.stdout) as { records: number; accesses: number; stopped: { reason: string } };
        expect(json.stopped.reason).toBe('cancelled');
        expect(json.records).toBeGreaterThan(0);
        expect(json.records).toBeLessThan(1_300_000);
        // Every record counted was replayed whole (100 pages), none parsed ahead and not replayed.
        expect(json.accesses).toBe(json.records * 100);
        expect(run.stderr).toBe(
            `mscn replay: interrupted by SIGINT after ${json.records.toLocaleString('en-US')} records: ` +
                'figures are partial\n',
        );
    }, 60_000);
});

describe('mscn replay, several configurations in one pass', () => {
    // Set-associative shapes from no TLB to a fully associative one, 1,536/6 (256 sets) and 48/6 (8 sets).
    const TLBS = ['0/1', '8/1', '16/4', '32/4', '48/6', '64/4', '64/64', '1536/6'];

    test('GIVEN a real lackey trace WHEN 8 TLBs replay in one pass THEN each row equals its own separate replay', () => {
        const run = mscn('replay', realTrace, '--json', '--tlb', TLBS.join(','));
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
        expect(rows.map(r => r.configuration)).toEqual(TLBS);
        const text = fs.readFileSync(realTrace, 'utf8');
        for (const [i, tlb] of TLBS.entries()) {
            const [entries, ways] = tlb.split('/').map(Number);
            const { configuration, tlbEntries, tlbWays, ...figures } = rows[i];
            expect([configuration, tlbEntries, tlbWays]).toEqual([tlb, entries, ways]);
            // Every figure and records/skippedLines, exactly: the pass changes nothing but the reading.
            expect(figures, tlb).toEqual(replayJson(realTrace, '--tlb', tlb));
            // And the naive second reading of section 12 agrees on the TLB figures of each shape.
            const reference = referenceReplay(text, entries, ways);
            expect([figures.tlbHits, figures.tlbMisses, figures.tlbEvictions, figures.walkRefs], tlb).toEqual([
                reference.tlbHits,
                reference.tlbMisses,
                reference.tlbEvictions,
                reference.walkRefs,
            ]);
        }
        // More entries, fewer misses on the same trace (LRU in sets of equal ways is a stack algorithm).
        const misses = (tlb: string) => rows[TLBS.indexOf(tlb)].tlbMisses as number;
        expect(misses('16/4')).toBeGreaterThan(misses('32/4'));
        expect(misses('32/4')).toBeGreaterThan(misses('64/4'));
        expect(misses('0/1')).toBe(rows[0].accesses);
    });

    test('GIVEN --tlb repeated and --csv THEN a header and a row per configuration with raw numbers', () => {
        const run = mscn('replay', realTrace, '--csv', '--tlb', '16/4', '--tlb=64/4');
        expect(run.status).toBe(0);
        const [head, ...rows] = run.stdout
            .trimEnd()
            .split('\n')
            .map(line => line.split(','));
        expect(head.slice(0, 5)).toEqual(['configuration', 'tlbEntries', 'tlbWays', 'accesses', 'tlbHits']);
        expect(head.at(-1)).toBe('stopped');
        expect(rows.map(r => r.slice(0, 3))).toEqual([
            ['16/4', '16', '4'],
            ['64/4', '64', '4'],
        ]);
        const separate = replayJson(realTrace, '--tlb', '64/4');
        const row = Object.fromEntries(head.map((name, i) => [name, rows[1][i]]));
        expect(Number(row.tlbHits)).toBe(separate.tlbHits);
        expect(Number(row.records)).toBe(separate.records);
        expect(row.stopped).toBe('');
    });

    test('GIVEN several configurations WHEN printed as a table THEN one aligned row each, hit rate last', () => {
        const run = mscn('replay', realTrace, '--tlb', '16/4,64/4');
        expect(run.status).toBe(0);
        const lines = run.stdout.split('\n');
        expect(lines[1]).toMatch(/^records +[\d,]+ \([\d,]+ lines skipped\), 2 configurations in one pass$/);
        const table = lines.slice(3).filter(Boolean);
        expect(table[0]).toMatch(/^configuration +accesses +tlbHits .* hit rate$/);
        expect(table.map(l => l.split(/ +/)[0])).toEqual(['configuration', '16/4', '64/4']);
        expect(new Set(table.map(l => l.length)).size).toBe(1);
        const hits = replayJson(realTrace, '--tlb', '64/4').tlbHits.toLocaleString('en-US');
        expect(table[2].split(/ +/)[2]).toBe(hits);
    });

    test('GIVEN a budget WHEN several configurations replay THEN every row stops at the same access, exit 1', () => {
        const run = mscn('replay', realTrace, '--json', '--budget', '1000', '--tlb', '16/4,64/4');
        expect(run.status).toBe(1);
        const rows = JSON.parse(run.stdout) as { accesses: number; stopped: { reason: string } }[];
        expect(rows.map(r => [r.accesses, r.stopped.reason])).toEqual([
            [1000, 'budget'],
            [1000, 'budget'],
        ]);
    });

    test('GIVEN machines of a scenario file as a list THEN a row per machine, as --tlb gives for their TLBs', () => {
        const file = write(
            'machines-list.mscn',
            'machine tiny {\n    arch x86_64\n    tlb 4 KiB entries 16 ways 16\n}\nmachine other { arch x86_64 }\n',
        );
        const rows = JSON.parse(
            mscn('replay', realTrace, '--json', '--machine', `${file}:tiny,other`).stdout,
        ) as Record<string, unknown>[];
        expect(rows.map(r => [r.configuration, r.tlbEntries, r.tlbWays])).toEqual([
            ['tiny', 16, 16],
            ['other', 64, 4],
        ]);
        const { configuration: _c, tlbEntries: _e, tlbWays: _w, ...tiny } = rows[0];
        expect(tiny).toEqual(replayJson(realTrace, '--tlb', '16/16'));
    });

    test.each([
        [['--tlb', '16/4,16/4'], 'mscn replay: --tlb 16/4 is given twice'],
        [['--tlb', '16/4,'], "mscn replay: --tlb expects ENTRIES/WAYS (e.g. 64/4), got ''"],
        [
            ['--tlb', Array.from({ length: 65 }, (_, i) => `${i + 1}/1`).join(',')],
            'mscn replay: at most 64 configurations in one pass, got 65',
        ],
        [['--json', '--csv'], 'mscn replay: --json and --csv cannot be combined'],
        [
            ['--machine', 'm.mscn:a,'],
            "mscn replay: --machine expects FILE:NAME (e.g. scenarios/pae.mscn:xeon), got 'm.mscn:a,'",
        ],
    ])('GIVEN %j THEN exit 2 with a clear message', (args, message) => {
        const run = mscn('replay', realTrace, ...args);
        expect([run.status, run.stderr.split('\n')[0], run.stdout]).toEqual([2, message, '']);
    });
});

describe('mscn replay --machine', () => {
    const SCENARIO = `machine tiny {
    arch x86_64
    tlb 4 KiB entries 16 ways 16
}
machine other { arch x86_64 }
`;

    test('GIVEN a machine declared in a scenario file WHEN named THEN the trace replays on its TLB', () => {
        const file = write('machines.mscn', SCENARIO);
        // Replay uses no large pages, so the declared machine gives what --tlb 16/16 gives.
        expect(replayJson(realTrace, '--machine', `${file}:tiny`)).toEqual(replayJson(realTrace, '--tlb', '16/16'));
        expect(replayJson(realTrace, '--machine', `${file}:tiny`).tlbHits).toBeLessThan(replayJson(realTrace).tlbHits);
    });

    test('GIVEN an unknown machine, a missing file or --tlb too THEN exit 2 with a clear message', () => {
        const file = write('machines2.mscn', SCENARIO);
        expect(mscn('replay', realTrace, '--machine', `${file}:nope`)).toMatchObject({
            status: 2,
            stdout: '',
            stderr: `mscn replay: --machine: no machine 'nope' in ${file} (it declares: tiny, other)\n`,
        });
        expect(mscn('replay', realTrace, '--machine', 'absent.mscn:tiny')).toMatchObject({
            status: 2,
            stderr: "mscn replay: --machine: cannot read 'absent.mscn': no such file\n",
        });
        expect(mscn('replay', realTrace, '--machine', `${file}:tiny`, '--tlb', '8/2').stderr.split('\n')[0]).toBe(
            'mscn replay: --tlb and --machine cannot be combined: the machine declares its TLBs',
        );
    });
});

describe('mscn replay, bad arguments', () => {
    const cases: [string[], string][] = [
        [[], 'mscn replay: no trace file given'],
        [['missing.trace'], 'mscn replay: missing.trace: no such file'],
        [['.'], 'mscn replay: .: a directory, not a file'],
        [['/dev/zero'], 'mscn replay: /dev/zero: a character device, not a regular file'],
        [['a', 'b'], 'mscn replay: one trace file expected, got 2'],
        [['x', '--tlb', '64'], "mscn replay: --tlb expects ENTRIES/WAYS (e.g. 64/4), got '64'"],
        [['x', '--tlb', '64/0'], 'mscn replay: --tlb 64/0: ways must be at least 1'],
        // the language's bounds: before, a billion entries aborted V8 (exit 134), 2^32 gave a stack trace and
        // 20 digits said "ways must be at least 1"
        [
            ['x', '--tlb', '1000000000/1'],
            "mscn replay: --tlb 1000000000/1: at most 1,048,576 entries, as in a machine's tlb line",
        ],
        [
            ['x', '--tlb', '4294967296/1'],
            "mscn replay: --tlb 4294967296/1: at most 1,048,576 entries, as in a machine's tlb line",
        ],
        [
            ['x', '--tlb', '99999999999999999999/1'],
            "mscn replay: --tlb 99999999999999999999/1: at most 1,048,576 entries, as in a machine's tlb line",
        ],
        [['x', '--tlb', '60/8'], 'mscn replay: --tlb 60/8: 60 entries do not divide into sets of 8 ways'],
        [['x', '--tlb'], 'mscn replay: --tlb needs a value'],
        [['x', '--budget', '0'], "mscn replay: --budget expects a positive whole number of page accesses, got '0'"],
        [
            ['x', '--machine', 'file.mscn'],
            "mscn replay: --machine expects FILE:NAME (e.g. scenarios/pae.mscn:xeon), got 'file.mscn'",
        ],
        [['x', '--fast'], "mscn replay: unknown option '--fast'"],
    ];
    test.each(cases)('GIVEN %j THEN exit 2 with a clear message', (args, message) => {
        const run = mscn('replay', ...args);
        expect(run.status).toBe(2);
        expect(run.stderr.split('\n')[0]).toBe(message);
        expect(run.stdout).toBe('');
    });
});
