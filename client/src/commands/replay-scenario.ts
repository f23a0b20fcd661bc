/** The scenario Replay Trace... writes next to a lackey trace, and where (pure: tested without the editor). */
import { quoteString } from '../../../language/src/quote-string.js';

/** The scenario text for a trace file called `traceName`, replayed as process `task`. Pure, for tests. */
export function replayScenario(traceName: string, task = 'traced'): string {
    // Any file name: quotes, backslashes and line breaks are escaped as the grammar's STRING reads them.
    const path = quoteString(traceName);
    return [
        `// Replays ${path} (Valgrind --tool=lackey --trace-mem=yes), docs/model.md section 12.`,
        `process ${task}`,
        '',
        'run trace {',
        `    switch cpu 0 to ${task}`,
        `    replay ${path} as ${task}`,
        '}',
        '',
    ].join('\n');
}

/** `ls.lackey` → `ls-replay.mscn`: the scenario's name beside the trace. */
export function replayFileName(traceName: string): string {
    return `${traceName.replace(/\.[^.]*$/, '')}-replay.mscn`;
}

/** What writing the scenario needs from the editor: the file system and the user's answer. */
export interface ReplayTarget {
    exists(name: string): Promise<boolean>;
    write(name: string, text: string): Promise<void>;
    /** Asked when `name` exists already: true to overwrite it. */
    confirmOverwrite(name: string): Promise<boolean>;
}

/**
 * Writes the replay scenario of `traceName` beside it; an existing file of that name (perhaps edited
 * since) is overwritten only when the user says so. Returns the name written, or undefined if the
 * user kept the existing file.
 */
export async function writeReplayScenario(traceName: string, target: ReplayTarget): Promise<string | undefined> {
    const name = replayFileName(traceName);
    if ((await target.exists(name)) && !(await target.confirmOverwrite(name))) return undefined;
    await target.write(name, replayScenario(traceName));
    return name;
}
