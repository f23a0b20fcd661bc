// Compiles the probe's native helper (probe/native/mscn-probe.c) into out/probe/mscn-probe with the
// system's C compiler. Only on Linux; without a compiler the build goes on and says what is missing:
// `mscn probe` then explains that the helper is not there (docs/probe.md). -z now: no lazy PLT binding
// (a COW fault on the GOT) in the middle of a statement.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

// `node scripts/build-native.mjs [OUTPUT]`: the tests build their own copy (no race on out/).
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const source = join(root, 'probe/native/mscn-probe.c');
const output = process.argv[2] ?? join(root, 'out/probe/mscn-probe');

if (process.platform !== 'linux') {
    console.log(`build-native: ${output} not built: mscn probe needs Linux`);
} else {
    const cc = process.env.CC || 'cc';
    mkdirSync(dirname(output), { recursive: true });
    const r = spawnSync(cc, ['-O2', '-Wall', '-Wextra', '-Wl,-z,now', '-o', output, source, '-lpthread'], {
        stdio: 'inherit',
    });
    if (r.error)
        console.log(
            `build-native: ${output} not built: no C compiler '${cc}' (${r.error.code}); mscn probe and ` +
                `its tests need one`,
        );
    else if (r.status !== 0) process.exit(r.status ?? 1);
    else console.log(`build-native: built ${output}`);
}
