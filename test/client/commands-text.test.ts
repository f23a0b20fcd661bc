/** The text the commands write, without the editor: the replay scenario. */
import { describe, expect, test } from 'vitest';
import { replayScenario } from '../../client/src/commands/replay-scenario.js';
import { parseValid } from '../server/helpers.js';

describe('GIVEN a lackey trace called ls.lackey', () => {
    test('WHEN Replay Trace writes its scenario THEN it replays the trace on cpu 0 and passes the checker', async () => {
        const text = replayScenario('ls.lackey');
        expect(text).toContain('    replay "ls.lackey" as traced\n');
        await parseValid(text);
    });
});
