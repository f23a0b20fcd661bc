/** The text the commands print or write, without the editor: page tables of a snapshot, the replay scenario. */
import { describe, expect, test } from 'vitest';
import { snapshotText } from '../../client/src/commands/page-tables-text.js';
import { replayScenario } from '../../client/src/commands/replay-scenario.js';
import type { SnapshotJson } from '../../client/src/protocol.js';
import { parseValid } from '../server/helpers.js';

describe('GIVEN a snapshot of one mm with two written pages', () => {
    const snapshot: SnapshotJson = {
        step: 260, statementId: 2,
        mms: [{
            name: 'p', cpumask: [0], vmas: [{ start: '0x40000000', end: '0x40002000', prot: 'rw-' }],
            root: {
                level: 'pgd', start: '0x0', location: 'lowmem', used: 1, leaves: [],
                children: [{ index: 256, table: { level: 'pte', start: '0x40000000', location: 'lowmem', used: 2, children: [],
                    leaves: [{ index: 0, count: 2, start: '0x40000000', size: 4096, kind: 'page', frame: 7, perms: 'rw' }] } }],
            },
        }],
        cpus: [{ cpu: 0, current: 'p', activeMm: 'p', tlb: [{ vpn: '0x40000000', frame: 7, stale: false }, { vpn: '0x40001000', frame: 8, stale: true }] }],
    };

    test('WHEN printed THEN each table is a line, leaves collapse into runs and stale TLB entries are marked', () => {
        expect(snapshotText(snapshot, 'run r (base)')).toBe([
            'run r (base): after statement 2 (operation 260)', '',
            'mm p: cpumask {0}, 1 VMA(s)', '  vma 0x40000000-0x40002000 rw-',
            '  pgd table @ 0x0 (lowmem, 1 used)', '    [256] pte table @ 0x40000000 (lowmem, 2 used)', '      [0..1] 0x40000000 page frames 7..8 rw',
            '', 'cpu 0: p (mm p), 2 TLB entries, 1 stale', '  0x40000000→7 0x40001000→8!', '',
        ].join('\n'));
    });
});

describe('GIVEN a lackey trace called ls.lackey', () => {
    test('WHEN Replay Trace writes its scenario THEN it replays the trace on cpu 0 and passes the checker', async () => {
        const text = replayScenario('ls.lackey');
        expect(text).toContain('    replay "ls.lackey" as traced\n');
        await parseValid(text);
    });
});
