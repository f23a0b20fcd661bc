/**
 * `sweep` blocks (docs/sweeps.md): each point runs exactly as the hand-written variant with the same
 * overrides; the checker refuses a sweep past its limit with the count, on the sweep's header.
 */
import { describe, expect, test } from 'vitest';
import { lowerScenario } from '../../language/src/lowering/scenario.js';
import { runScenario } from '../../language/src/engine/index.js';
import { diagnostics, parse, span } from './helpers.js';

// x86_64, 3 CPUs, a 3-thread process current on all three; 34 pages written on CPU 0, 33 unmapped
// (the scenario of test/cli/run-command.test.ts). flush_tlb_mm_range (arch/x86/mm/tlb.c) flushes page
// by page when the range is at most tlb_single_page_flush_ceiling pages, else the whole TLB:
//   flush=33:          33 <= 33 → 33 invlpg on each of 3 CPUs = 99; fullFlushes = the 3 CR3 writes of the switches
//   flush=32:          33 > 32  → one full flush per CPU instead: 0 invlpg, 3 + 3 = 6 fullFlushes
//   flush=always-full: the same 0 invlpg and 6 fullFlushes (2.6 i386 flushed the whole TLB every time)
// Either way 2 IPIs (CPUs 1 and 2) and 1 shootdown.
const WORK = [
    'machine m { cpus 3 }',
    'process a { threads 3 }',
    'run demo on m {',
    '    switch cpu 0 to a',
    '    switch cpu 1 to a[1]',
    '    switch cpu 2 to a[2]',
    '    mmap a at 0x1000_0000 size 64 pages rw as heap',
    '    write a heap size 34 pages',
    '    munmap a heap size 33 pages',
    '}',
].join('\n');

const SWEEP = `${WORK}
sweep ceilings {
    flush = 32 to 33, always-full
    cost invlpg = 100 cycles, 200 cycles
}
`;

const HAND = `${WORK}
variant c32_100 { machine m { flush ceiling 32  cost invlpg 100 cycles } }
variant c32_200 { machine m { flush ceiling 32  cost invlpg 200 cycles } }
variant c33_100 { machine m { flush ceiling 33  cost invlpg 100 cycles } }
variant c33_200 { machine m { flush ceiling 33  cost invlpg 200 cycles } }
variant full_100 { machine m { flush always-full  cost invlpg 100 cycles } }
variant full_200 { machine m { flush always-full  cost invlpg 200 cycles } }
`;

async function results(text: string) {
    const document = await parse(text);
    return lowerScenario(document.parseResult.value).map(config => runScenario(config));
}

describe('sweep', () => {
    test('GIVEN a sweep of flush and cost THEN one variant per point, named by its values, after the base', async () => {
        const names = (await results(SWEEP)).map(r => r.variant);
        expect(names).toEqual([
            'base',
            'flush=32,cost.invlpg=100cycles',
            'flush=32,cost.invlpg=200cycles',
            'flush=33,cost.invlpg=100cycles',
            'flush=33,cost.invlpg=200cycles',
            'flush=always-full,cost.invlpg=100cycles',
            'flush=always-full,cost.invlpg=200cycles',
        ]);
    });

    test('GIVEN the sweep and the same points written by hand THEN every figure of every point is equal', async () => {
        const swept = (await results(SWEEP)).slice(1);
        const hand = (await results(HAND)).slice(1);
        expect(swept.map(r => r.totals)).toEqual(hand.map(r => r.totals));
        expect(swept.map(r => r.timeByKind)).toEqual(hand.map(r => r.timeByKind));
        // the hand-worked figures above
        expect(swept.map(r => [r.totals.invlpg, r.totals.fullFlushes, r.totals.ipis, r.totals.shootdowns])).toEqual([
            [0, 6, 2, 1],
            [0, 6, 2, 1],
            [99, 3, 2, 1],
            [99, 3, 2, 1],
            [0, 6, 2, 1],
            [0, 6, 2, 1],
        ]);
        // 99 invlpg at 100 cycles and at 200 cycles of 2.4 GHz: 4125 ns and 8250 ns
        expect([swept[2].timeByKind.invlpg, swept[3].timeByKind.invlpg]).toEqual([4125, 8250]);
    });

    test('GIVEN a sweep of 16 to 1536 by 16 TLB entries against 4 designs THEN 384 points: 96 × 4', async () => {
        const text = `${WORK}\nsweep big { tlb = 16 to 1536 by 16  flush = 1, 16, 33, always-full }\n`;
        expect(await diagnostics(text)).toEqual([]);
        const document = await parse(text);
        expect(lowerScenario(document.parseResult.value)).toHaveLength(1 + 96 * 4);
    });

    test('GIVEN a sweep past 10,000 points THEN an error with the count on the sweep header', async () => {
        const text = `${WORK}\nsweep wide { tlb = 4 to 4096 by 4  cpus = 1 to 16 }\n`;
        expect(await diagnostics(text)).toEqual([
            `${span(text, 'sweep wide')} error: sweep wide expands to 16,384 points, over the limit of 10,000: ` +
                'narrow a range or drop values, or raise the limit: sweep wide max 16,384 {',
        ]);
        const document = await parse(text);
        expect(lowerScenario(document.parseResult.value)).toHaveLength(1);
        const raised = text.replace('sweep wide {', 'sweep wide max 20000 {');
        expect(await diagnostics(raised)).toEqual([]);
    });

    test('GIVEN bad values THEN each is an error on the value', async () => {
        const text = `${WORK}\nsweep bad { pcid = maybe  tlb = 64/3, 10  cost invlpgs = 1 cycles  flush = 8 to 2 }\n`;
        expect(await diagnostics(text)).toEqual([
            `${span(text, 'maybe')} error: pcid takes on, off, yes, no, not 'maybe'`,
            `${span(text, '64/«3»')} error: ways 3 do not divide entries 64: sets = entries / ways must be whole`,
            `${span(text, '64/3, «10»')} error: tlb 10: the 4 ways of machine 'm' do not divide it (give ENTRIES/WAYS)`,
            `${span(text, 'invlpgs')} error: unknown cost event 'invlpgs': did you mean 'invlpg'?`,
            `${span(text, '8 to 2')} error: a range must not end below its start`,
        ]);
    });

    test('GIVEN a value given twice, a parameter swept twice, an empty sweep THEN errors, and a warning', async () => {
        // Points are named by their values: `flush = 32, 32` made two points `flush=32`; `flush = 32 flush = 33`
        // made `flush=32,flush=33`, which ran flush 33 only; `sweep none {}` has no point at all.
        const sweeps = 'sweep dup { flush = 32, 30 to 34 by 2 }\nsweep two { flush = 32  flush = 33 }\nsweep none { }';
        const text = `${WORK}\n${sweeps}\n`;
        expect(await diagnostics(text)).toEqual([
            `${span(text, '«30 to 34 by 2»')} error: flush=32 is given twice: ` +
                'its points would run twice, under one name',
            `${span(text, '32  «flush»')} error: flush is swept twice in this sweep: give all its values in one list ` +
                '(flush = A, B to C)',
            `${span(text, 'sweep none')} warning: sweep none names no parameter: it has no points`,
        ]);
    });

    test('GIVEN two sweeps of the same parameters sharing a value of each THEN a warning on the later one', async () => {
        // first: flush 32, 33 × invlpg 100, 200 cycles; second: flush 33, always-full × invlpg 200, 300 cycles:
        // both have flush=33,cost.invlpg=200cycles. With flush 34 instead, second shares no flush value: no error.
        const shared = `${WORK}\nsweep first { flush = 32 to 33  cost invlpg = 100 cycles, 200 cycles }\n`;
        const text = `${shared}sweep second { flush = 33, always-full  cost invlpg = 200 cycles, 300 cycles }\n`;
        expect(await diagnostics(text)).toEqual([
            `${span(text, 'sweep second')} warning: point flush=33,cost.invlpg=200cycles ` +
                'is also a point of sweep first: it would run twice, under one name',
        ]);
        expect(await diagnostics(text.replace('flush = 33, always-full', 'flush = 34'))).toEqual([]);
    });

    test('GIVEN 4,000 one-value sweeps THEN each repeat is found in one pass over their points', async () => {
        // sweep i sets flush = i mod 2,000 + 2: sweeps 2,000 to 3,999 repeat the points of 0 to 1,999. Comparing
        // every sweep with every earlier one took 29 s here (45 s for 5,000): past this test's timeout.
        const sweeps = Array.from({ length: 4000 }, (_, i) => `sweep s${i} { flush = ${(i % 2000) + 2} }`);
        const text = `${WORK}\n${sweeps.join('\n')}\n`;
        const found = (await diagnostics(text)).filter(d => d.includes('is also a point'));
        expect(found).toHaveLength(2000);
        expect(found[0]).toBe(
            `${span(text, 'sweep s2000')} warning: point flush=2 is also a point of sweep s0: ` +
                'it would run twice, under one name',
        );
    }, 10_000);

    test('GIVEN a parameter with no valid value and a range of a billion THEN no point', async () => {
        // 0 points: within the limit, so the count alone let the lowering list the billion values before.
        const text = `${WORK}\nsweep none { flush = 8 to 2  cost invlpg = 1 cycles to 1000000000 cycles }\n`;
        expect(await diagnostics(text)).toEqual([
            `${span(text, '8 to 2')} error: a range must not end below its start`,
        ]);
        const document = await parse(text);
        expect(lowerScenario(document.parseResult.value)).toHaveLength(1); // before: out of memory listing them
    });

    test('GIVEN TLB sizes in 4 ways past the limit THEN the count error alone: the values are not listed', async () => {
        const text = `${WORK}\nsweep wide { tlb = 4 to 1048576 by 4 ways 4 }\n`;
        expect(await diagnostics(text)).toEqual([
            `${span(text, 'sweep wide')} error: sweep wide expands to 262,144 points, over the limit of 10,000: ` +
                'narrow a range or drop values, or raise the limit: sweep wide max 262,144 {',
        ]);
    });

    test('GIVEN pcid on or kernel 6.x swept on an i386 run THEN errors on those values, as for the machine properties', async () => {
        const text =
            'machine old { arch i386 }\nprocess p\nrun on old { syscall p }\n' +
            'sweep s { pcid = off, on  kernel = 2.4, 6.x }\n';
        expect(await diagnostics(text)).toEqual([
            `${span(text, 'off, «on»')} error: pcid on for machine 'old' (i386): ` +
                'PCID (CR4.PCIDE) needs long mode, so 32-bit kernels have none',
            `${span(text, '6.x')} error: kernel 6.x for machine 'old' (i386): ` +
                '6.x is modelled on x86_64 only (its arch/x86/mm/tlb.c)',
        ]);
    });

    test('GIVEN api(gru) and threads swept THEN each point equals the hand-written notifier and process overrides', async () => {
        // The process writes 256 pages and a GRU maps them; the munmap of them is 256 invalidate_page callouts with
        // api page (one GRU flush each, mm/rmap.c calls it per pte) and one range pair with api range
        // (one flush for up to 1,024 pages, GRUMAXINVAL): secondaryFlushes(gru) 256 and 1.
        const work =
            'process app\nnotifier gru on app { secondary range max 1024 pages else purge }\n' +
            'run r { switch cpu 0 to app\n mmap app at 0x4000_0000 size 1 MiB as heap\n write app heap\n' +
            ' device gru read heap\n munmap app heap }\n';
        const swept = (await results(`${work}sweep s { api(gru) = page, range  threads = 1, 2 }`)).slice(1);
        const hand = (
            await results(
                `${work}` +
                    'variant a { notifier gru { api page } process app { threads 1 } }\n' +
                    'variant b { notifier gru { api page } process app { threads 2 } }\n' +
                    'variant c { notifier gru { api range } process app { threads 1 } }\n' +
                    'variant d { notifier gru { api range } process app { threads 2 } }\n',
            )
        ).slice(1);
        expect(swept.map(r => r.variant)).toEqual([
            'api.gru=page,threads=1',
            'api.gru=page,threads=2',
            'api.gru=range,threads=1',
            'api.gru=range,threads=2',
        ]);
        expect(swept.map(r => [r.totals, r.perNotifier])).toEqual(hand.map(r => [r.totals, r.perNotifier]));
        expect(swept.map(r => r.totals.secondaryFlushes)).toEqual([256, 256, 1, 1]);
    });
});
