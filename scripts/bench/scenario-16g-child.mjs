// Child process of 30-scenario-16g.bench.mjs (so that its peak RSS is measured alone): builds the 16 GiB
// scenario as a ScenarioConfig by hand, runs it through the bundled engine's runScenario, prints JSON.
// argv: the repository root, then the defaults bundled by scenario-config.mjs (bundleDefaults).
// The language-level version of this scenario (a .mscn file through `mscn run`) is the lead's to add.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { scenarioConfig } from './scenario-config.mjs';

const require = createRequire(import.meta.url);
const engine = require(path.join(process.argv[2], 'out', 'engine', 'index.cjs'));

const GiB = 1n << 30n;
const CPUS = 4;
const START = 0x200000000000n; // 32 TiB: far from anything else, aligned to 512 GiB
const SIZE = 16n * GiB;
const loc = { line: 1, column: 1, endLine: 1, endColumn: 1 };
let nextId = 1;
const op = fields => ({ id: nextId++, loc, checks: [], ...fields });
const thread = i => ({ name: 'bigproc', thread: i });

export function scenario16g() {
    const perThread = SIZE / BigInt(CPUS);
    return scenarioConfig(process.argv[3], {
        run: 'touch-16g',
        machine: { name: 'bench4', ramBytes: 64n * GiB, cpus: CPUS },
        processes: [{ name: 'bigproc', threads: CPUS }],
        statements: [
            ...Array.from({ length: CPUS }, (_, i) => op({ kind: 'switch', cpu: i, to: thread(i) })),
            op({
                kind: 'mmap',
                task: thread(0),
                start: START,
                size: SIZE,
                backing: { kind: 'anon' },
                shared: false,
                prot: { read: true, write: true, exec: false },
                pageSize: 4096n,
            }),
            ...Array.from({ length: CPUS }, (_, i) =>
                op({
                    kind: 'access',
                    access: 'write',
                    task: thread(i),
                    range: { start: START + BigInt(i) * perThread, size: perThread },
                    stride: 4096n,
                }),
            ),
            op({ kind: 'munmap', task: thread(0), range: { start: START, size: SIZE } }),
        ],
    });
}

const started = process.hrtime.bigint();
const result = engine.runScenario(scenario16g());
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const totals = result.totals ?? result;
process.stdout.write(JSON.stringify({ seconds, totals }, (_, v) => (typeof v === 'bigint' ? String(v) : v)) + '\n');
