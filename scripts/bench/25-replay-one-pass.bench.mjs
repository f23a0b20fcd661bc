// Several configurations in one pass (issue 16): `mscn replay TRACE --tlb 8/4,16/4,...` (8 TLBs, the trace
// parsed once and fed to 8 engines) against the same 8 replays run one after the other, and against one replay,
// on the real lackey trace of 22-replay-refsim. Target: the pass of 8 in well under 8 times one replay.
import { ensureLackeyTrace } from './lackey-trace.mjs';
import { failureRows, measureNode } from './measure.mjs';

export const title = 'mscn replay: 8 TLB configurations in one pass against 8 replays';

const TLBS = ['8/4', '16/4', '32/4', '64/4', '128/4', '256/4', '512/8', '1536/6'];
const ROUNDS = 2;

const best = xs => Math.min(...xs);

export async function run(ctx) {
    const trace = ensureLackeyTrace(ctx);
    const one = [];
    const pass = [];
    const separate = [];
    const cpu = { one: [], pass: [], separate: [] };
    let passRows = [];
    let separateRows = [];
    for (let r = 0; r < ROUNDS; r++) {
        ctx.log(`round ${r + 1} of ${ROUNDS}: one replay, the pass of ${TLBS.length}, then ${TLBS.length} replays`);
        const single = measureNode(ctx.cli, ['replay', trace.file, '--tlb', '64/4', '--json']);
        const all = measureNode(ctx.cli, ['replay', trace.file, '--tlb', TLBS.join(','), '--json']);
        const each = TLBS.map(tlb => measureNode(ctx.cli, ['replay', trace.file, '--tlb', tlb, '--json']));
        const failed = failureRows([single, all, ...each]);
        if (failed) return failed;
        one.push(single.seconds);
        pass.push(all.seconds);
        separate.push(each.reduce((sum, x) => sum + x.seconds, 0));
        cpu.one.push(single.cpuSeconds);
        cpu.pass.push(all.cpuSeconds);
        cpu.separate.push(each.reduce((sum, x) => sum + x.cpuSeconds, 0));
        passRows = JSON.parse(all.stdout);
        separateRows = each.map(x => JSON.parse(x.stdout));
    }
    // The pass must give each configuration's own figures, every key.
    const differ = TLBS.filter((tlb, i) => {
        const { configuration: _c, tlbEntries: _e, tlbWays: _w, ...figures } = passRows[i];
        return JSON.stringify(figures) !== JSON.stringify(separateRows[i]);
    });
    const hits = passRows.map(r => `${r.configuration} ${((100 * r.tlbHits) / r.accesses).toFixed(2)} %`).join(', ');
    return [
        {
            measurement: 'one replay (64/4)',
            value: best(one),
            unit: 's',
            note: `wall, best of ${ROUNDS}; CPU ${best(cpu.one).toFixed(2)} s`,
        },
        {
            measurement: `${TLBS.length} configurations, one pass`,
            value: best(pass),
            unit: 's',
            note: `wall, best of ${ROUNDS}; CPU ${best(cpu.pass).toFixed(2)} s; --tlb ${TLBS.join(',')}`,
        },
        {
            measurement: `${TLBS.length} separate replays`,
            value: best(separate),
            unit: 's',
            note: `sum of the ${TLBS.length} walls, best of ${ROUNDS}; CPU ${best(cpu.separate).toFixed(2)} s`,
        },
        {
            measurement: `one pass / one replay`,
            value: best(pass) / best(one),
            unit: 'ratio',
            note: `wall; target well under ${TLBS.length}; CPU ${(best(cpu.pass) / best(cpu.one)).toFixed(2)}`,
        },
        {
            measurement: `one pass / ${TLBS.length} replays`,
            value: best(pass) / best(separate),
            unit: 'ratio',
            note: `wall; CPU ${(best(cpu.pass) / best(cpu.separate)).toFixed(2)}`,
        },
        {
            measurement: 'same figures as separate replays',
            value: differ.length === 0 ? 'yes' : 'NO',
            unit: '',
            note:
                differ.length === 0
                    ? `every key of ${TLBS.length} rows; hit rates ${hits}`
                    : `differ: ${differ.join(', ')}`,
        },
    ];
}
