// A real lackey trace for the benchmarks: `valgrind --tool=lackey --trace-mem=yes ls -la /usr/share/doc`, about
// 12 M records (175 MB) on Debian 12, recorded once into the cache directory. Not a section (no `.bench.mjs`).
// MSCN_BENCH_TRACE=FILE uses that trace instead (and nothing is recorded).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const PROGRAM = ['ls', '-la', '/usr/share/doc'];

/** The trace file and how it was made; throws with the command to run when valgrind is missing. */
export function ensureLackeyTrace(ctx) {
    const given = process.env.MSCN_BENCH_TRACE;
    if (given) return { file: given, what: `MSCN_BENCH_TRACE=${given}` };
    const file = path.join(ctx.cacheDir, 'ls-doc.lackey');
    const what = `valgrind --tool=lackey --trace-mem=yes ${PROGRAM.join(' ')}`;
    if (fs.existsSync(file)) return { file, what };
    const probe = spawnSync('sh', ['-c', 'command -v valgrind'], { encoding: 'utf8' });
    if (probe.status !== 0)
        throw new Error('valgrind is missing (apt-get install -y valgrind), or set MSCN_BENCH_TRACE');
    fs.mkdirSync(ctx.cacheDir, { recursive: true });
    ctx.log(`recording ${what} into ${file} (about a minute)`);
    const partial = `${file}.partial`;
    const run = spawnSync('valgrind', ['--tool=lackey', '--trace-mem=yes', `--log-file=${partial}`, ...PROGRAM], {
        stdio: 'ignore',
    });
    if (run.status !== 0) throw new Error(`${what} failed with exit ${run.status}`);
    fs.renameSync(partial, file);
    return { file, what };
}

/** /work/shared/bench/refsim.c compiled with `cc -O2` into the cache directory; undefined without cc or the source. */
export function ensureRefsim(ctx) {
    const source = process.env.MSCN_REFSIM_C ?? path.resolve(ctx.root, '..', 'shared', 'bench', 'refsim.c');
    if (!fs.existsSync(source)) return undefined;
    const binary = path.join(ctx.cacheDir, 'refsim');
    fs.mkdirSync(ctx.cacheDir, { recursive: true });
    const cc = spawnSync('cc', ['-O2', '-o', binary, source], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`cc -O2 ${source} failed: ${(cc.stderr ?? '').split('\n')[0]}`);
    return { binary, source };
}

/**
 * The trace `times` times over in one file in the cache directory (made once): its extra copies cost both
 * replays only their per-record work, which tells that apart from the fixed costs of one run.
 */
export function ensureRepeatedTrace(ctx, trace, times) {
    const file = path.join(ctx.cacheDir, `${path.basename(trace.file)}.x${times}`);
    const size = fs.statSync(trace.file).size * times;
    if (fs.existsSync(file) && fs.statSync(file).size === size) return file;
    fs.mkdirSync(ctx.cacheDir, { recursive: true });
    ctx.log(`writing the trace ${times} times over into ${file}`);
    const partial = `${file}.partial`;
    fs.writeFileSync(partial, '');
    for (let i = 0; i < times; i++) fs.appendFileSync(partial, fs.readFileSync(trace.file));
    fs.renameSync(partial, file);
    return file;
}
