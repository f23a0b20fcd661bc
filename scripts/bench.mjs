// `npm run bench`: runs every section in scripts/bench/*.bench.mjs in file-name order and prints one table.
// Measures, asserts nothing (speed is never a test). A section that fails prints its error as a row and the
// others still run.
//
// Adding a section (language server latency, webview render, ...): create scripts/bench/NN-name.bench.mjs with
//   export const title = 'what it measures';
//   export async function run(ctx) { return [{ measurement, value, unit, note }] }
// where ctx = { root, cacheDir, cli, log }: the repository root, a cache directory for generated inputs
// (MSCN_BENCH_DIR, default $TMPDIR/mscn-bench), the bundled CLI path, and a progress logger (stderr).
//
// Options: --only SUBSTRING (sections whose file name contains it), --json FILE (rows as JSON too).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sectionsDir = path.join(root, 'scripts', 'bench');

function option(name) {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
}

function formatValue(value) {
    if (typeof value !== 'number') return String(value);
    if (!Number.isFinite(value)) return String(value);
    if (Number.isInteger(value)) return value.toLocaleString('en-US');
    return value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 2 : 1 });
}

function printTable(rows) {
    const head = ['section', 'measurement', 'value', 'unit', 'note'];
    const cells = rows.map(r => [r.section, r.measurement, formatValue(r.value), r.unit ?? '', r.note ?? '']);
    const widths = head.map((h, i) => Math.max(h.length, ...cells.map(c => c[i].length)));
    const line = c =>
        c
            .map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
            .join('  ')
            .trimEnd();
    console.log(line(head));
    console.log(widths.map(w => '─'.repeat(w)).join('  '));
    for (const c of cells) console.log(line(c));
}

function machineRows() {
    const cpus = os.cpus();
    return [
        {
            section: 'machine',
            measurement: 'cpu',
            value: cpus[0]?.model ?? 'unknown',
            unit: '',
            note: `${os.availableParallelism()} CPUs`,
        },
        {
            section: 'machine',
            measurement: 'node',
            value: process.version,
            unit: '',
            note: `${os.platform()} ${os.release()}`,
        },
        { section: 'machine', measurement: 'memory', value: Math.round(os.totalmem() / 2 ** 30), unit: 'GiB' },
    ];
}

async function main() {
    const only = option('--only');
    const cacheDir = process.env.MSCN_BENCH_DIR ?? path.join(os.tmpdir(), 'mscn-bench');
    const ctx = {
        root,
        cacheDir,
        cli: path.join(root, 'out', 'cli', 'mscn.cjs'),
        log: message => process.stderr.write(`bench: ${message}\n`),
    };
    const files = fs
        .readdirSync(sectionsDir)
        .filter(f => f.endsWith('.bench.mjs'))
        .sort()
        .filter(f => only === undefined || f.includes(only));
    const rows = machineRows();
    for (const file of files) {
        const section = await import(pathToFileURL(path.join(sectionsDir, file)).href);
        const name = file.replace(/^\d+-/, '').replace(/\.bench\.mjs$/, '');
        ctx.log(`${name}: ${section.title ?? ''}`);
        try {
            for (const row of await section.run(ctx)) rows.push({ section: name, ...row });
        } catch (error) {
            rows.push({
                section: name,
                measurement: 'error',
                value: String(error?.message ?? error).split('\n')[0],
                unit: '',
            });
        }
    }
    printTable(rows);
    const jsonFile = option('--json');
    if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(rows, null, 2) + '\n');
}

await main();
