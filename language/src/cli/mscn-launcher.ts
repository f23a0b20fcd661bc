/**
 * out/cli/mscn.cjs, the `mscn` executable: picks the bundle a command needs, so that start-up loads
 * only that. `mscn replay` without `--machine` needs neither Langium nor the other commands: it runs
 * out/cli/mscn-replay.cjs (replay-main.ts, 0.1 MB); everything else runs out/cli/mscn-main.cjs (mscn.ts).
 * Both are bundled next to this file by scripts/bundle.mjs.
 */
import * as path from 'node:path';

const argv = process.argv.slice(2);
const replayOnly = argv[0] === 'replay' && !argv.some(a => a === '--machine' || a.startsWith('--machine='));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate: one of two bundles, chosen at run time
require(path.join(__dirname, replayOnly ? 'mscn-replay.cjs' : 'mscn-main.cjs'));
