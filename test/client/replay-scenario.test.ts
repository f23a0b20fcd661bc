/**
 * Replay Trace...'s scenario for any trace name, and its question before overwriting. Before, the name
 * went between quotes as it was: `a".lackey` ended the string early and a newline ended the line (the
 * checker reported a lexer error), and an existing NAME-replay.mscn was overwritten without asking.
 */
import { describe, expect, test } from 'vitest';
import { replayScenario, writeReplayScenario, type ReplayTarget } from '../../client/src/commands/replay-scenario.js';
import { isReplayOp, isRun } from '../../language/src/generated/ast.js';
import { parseValid } from '../server/helpers.js';

const HOSTILE = [
    'say "hi".lackey',
    'back\\slash.lackey',
    'new\nline.lackey',
    'carriage\rreturn',
    'ends with a backslash\\',
    '\\"',
    '"; } run evil { syscall traced',
    'tab\there',
    'no extension',
];

describe('GIVEN trace names with quotes, backslashes and line breaks', () => {
    test.each(HOSTILE)(
        'WHEN the scenario for %j is written THEN it parses without error and replays exactly that name',
        async name => {
            const document = await parseValid(replayScenario(name));
            const run = document.parseResult.value.elements.find(isRun)!;
            const replay = run.statements.find(isReplayOp)!;
            // Langium's value converter reads the escapes back: the path is the file's name, byte for byte
            expect(replay.path).toBe(name);
            expect(document.parseResult.value.elements.filter(isRun).map(r => r.name)).toEqual(['trace']);
        },
    );
});

/** A folder of names in memory; the user answers `answer` when asked. */
function folder(existing: string[], answer: boolean) {
    const files = new Map(existing.map(n => [n, 'edited by hand']));
    const asked: string[] = [];
    const target: ReplayTarget = {
        exists: async name => files.has(name),
        write: async (name, text) => void files.set(name, text),
        confirmOverwrite: async name => {
            asked.push(name);
            return answer;
        },
    };
    return { files, asked, target };
}

describe('GIVEN Replay Trace on ls.lackey', () => {
    test('WHEN ls-replay.mscn does not exist THEN it is written without a question', async () => {
        const { files, asked, target } = folder([], false);
        expect(await writeReplayScenario('ls.lackey', target)).toBe('ls-replay.mscn');
        expect(asked).toEqual([]);
        expect(files.get('ls-replay.mscn')).toContain('replay "ls.lackey" as traced');
    });

    test('WHEN ls-replay.mscn exists and the user cancels THEN it is kept as it was', async () => {
        const { files, asked, target } = folder(['ls-replay.mscn'], false);
        expect(await writeReplayScenario('ls.lackey', target)).toBeUndefined();
        expect(asked).toEqual(['ls-replay.mscn']);
        expect(files.get('ls-replay.mscn')).toBe('edited by hand');
    });

    test('WHEN ls-replay.mscn exists and the user says Overwrite THEN it is replaced', async () => {
        const { files, asked, target } = folder(['ls-replay.mscn'], true);
        expect(await writeReplayScenario('ls.lackey', target)).toBe('ls-replay.mscn');
        expect(asked).toEqual(['ls-replay.mscn']);
        expect(files.get('ls-replay.mscn')).toContain('replay "ls.lackey" as traced');
    });
});
