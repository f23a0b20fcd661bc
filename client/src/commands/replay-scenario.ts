/** The scenario Replay Trace... writes next to a lackey trace (pure: tested without the editor). */

/** The scenario text for a trace file called `traceName`, replayed as process `task`. Pure, for tests. */
export function replayScenario(traceName: string, task = 'traced'): string {
    return [
        `// Replays ${traceName} (Valgrind --tool=lackey --trace-mem=yes), docs/model.md section 12.`,
        `process ${task}`, '',
        'run trace {',
        `    switch cpu 0 to ${task}`,
        `    replay "${traceName}" as ${task}`,
        '}', '',
    ].join('\n');
}
