/**
 * `mscn replay TRACE` in the full CLI: replay-run.ts with the `--machine` loader, which needs the
 * language front end (Langium). Without `--machine`, out/cli/mscn.cjs runs replay-main.ts instead.
 */
import { runReplay } from './replay-run.js';
import { loadReplayMachine } from './replay-machine.js';

export function replayCommand(argv: string[]): Promise<number> {
    return runReplay(argv, loadReplayMachine);
}
