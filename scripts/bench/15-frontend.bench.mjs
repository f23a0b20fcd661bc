// The front end on a whole document: parse + link + validate (no engine run) of a 2,000-line scenario,
// (a) warm, in one process: the services are created once and each edit goes through
// DocumentBuilder.update. The document is not open in an editor (no TextDocument), so the incremental
// build (language/src/incremental/) does not apply and every edit is a full rebuild: what the server
// does when an edit cannot be patched, e.g. while a statement has a syntax error. The server's own
// keystroke latency, patched edits included, is section 40-editor. (b) cold, `mscn check --no-run`;
// (c) 10 MB inputs (statements, random bytes), which the size limit answers with one diagnostic.
// Uses out/language/index.cjs (language/src/mscn-module.ts bundled by scripts/bundle.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { measureNode } from './measure.mjs';
import { editorScenario } from './editor-scenario.mjs';

export const title = 'front end: parse + link + validate (editor path)';

const EDITS = 200;
const LINES = 2000;

const scenario = editorScenario;

function ensureFile(dir, name, make) {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) fs.writeFileSync(file, make());
    return file;
}

function randomBytes(n) {
    const bytes = Buffer.alloc(n);
    let seed = 7;
    for (let i = 0; i < n; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
    return bytes;
}

/** A file system holding only the documents of this bench, read from memory. */
function memoryFileSystem(texts) {
    const stat = uri => ({ uri, isFile: texts.has(uri.toString()), isDirectory: false });
    return {
        stat: async uri => stat(uri),
        statSync: stat,
        exists: async uri => texts.has(uri.toString()),
        existsSync: uri => texts.has(uri.toString()),
        readFile: async uri => texts.get(uri.toString()),
        readFileSync: uri => texts.get(uri.toString()),
        readBinary: async () => {
            throw new Error('no binary files');
        },
        readBinarySync: () => {
            throw new Error('no binary files');
        },
        readDirectory: async () => [],
        readDirectorySync: () => [],
    };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function warm(root, text, edits) {
    const require = createRequire(path.join(root, 'package.json'));
    const { createMscnServices } = require(path.join(root, 'out', 'language', 'index.cjs'));
    const { URI } = require('vscode-uri');
    const texts = new Map();
    const { shared } = createMscnServices({ fileSystemProvider: () => memoryFileSystem(texts) });
    const uri = URI.parse('memory:///bench/scenario.mscn');
    texts.set(uri.toString(), text);
    const builder = shared.workspace.DocumentBuilder;
    const document = await shared.workspace.LangiumDocuments.getOrCreateDocument(uri);
    await builder.build([document], { validation: true });
    const times = [];
    for (let i = 0; i < edits; i++) {
        // An edit that changes the text (an unchanged text is not reparsed): a comment, as typing does.
        texts.set(uri.toString(), text.replace('// c', `// c${i}`));
        const started = performance.now();
        await builder.update([uri], []);
        times.push(performance.now() - started);
    }
    const diagnostics = shared.workspace.LangiumDocuments.getDocument(uri).diagnostics?.length ?? -1;
    return { times: times.sort((a, b) => a - b), diagnostics };
}

function cold(ctx, file) {
    const runs = [0, 1, 2].map(() => measureNode(ctx.cli, ['check', '--no-run', file]));
    const seconds = runs.map(r => r.seconds).sort((a, b) => a - b);
    return { seconds: seconds[1], first: runs[0] };
}

export async function run(ctx) {
    const dir = path.join(ctx.cacheDir, 'frontend');
    const text = scenario(LINES);
    const file = ensureFile(dir, 'lines-2000.mscn', () => text);
    ctx.log(`warm: ${EDITS} edits of a ${LINES}-line scenario through DocumentBuilder.update`);
    const w = await warm(ctx.root, text, EDITS);
    const c = cold(ctx, file);
    const statements = ensureFile(dir, 'statements-10mb.mscn', () => {
        const line = '  write db 0x1000_0000 size 4 KiB => pageFaults <= 1\n';
        return scenario(6).replace(/}\n$/, line.repeat(Math.ceil(10e6 / line.length)) + '}\n');
    });
    const garbage = ensureFile(dir, 'random-10mb.mscn', () => randomBytes(10e6));
    const big = [
        ['10 MB of statements', statements],
        ['10 MB of random bytes', garbage],
    ].map(([label, f]) => {
        const r = cold(ctx, f);
        const message = (r.first.stdout.split('\n')[0] ?? '').replace(/^[^:]*:/, '');
        return { measurement: `cold check, ${label}`, value: r.seconds, unit: 's', note: message.slice(0, 90) };
    });
    return [
        {
            measurement: `warm full rebuild, ${LINES} lines, p50`,
            value: quantile(w.times, 0.5),
            unit: 'ms',
            note: `${EDITS} edits, DocumentBuilder.update`,
        },
        {
            measurement: `warm full rebuild, ${LINES} lines, p95`,
            value: quantile(w.times, 0.95),
            unit: 'ms',
            note: `${w.diagnostics} diagnostics`,
        },
        {
            measurement: `cold mscn check --no-run, ${LINES} lines`,
            value: c.seconds,
            unit: 's',
            note: `median of 3, node start-up included, peak RSS ${Math.round(c.first.peakRssKiB / 1024)} MiB`,
        },
        ...big,
    ];
}
