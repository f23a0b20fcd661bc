// The language server as the editor sees it (out/server/main.cjs over stdio, vscode-languageserver-protocol):
// (a) keystroke-to-diagnostics: a one-character edit of a 2,000-line scenario until its diagnostics are
//     published (parse + link + validate; the run is debounced out of the way), p50 and p95 over 200 edits
//     of each kind: typing in a comment (the incremental build's trivia path), changing a number in a
//     statement and typing a new statement letter by letter (a text with a syntax error at most
//     keystrokes): both the region path, language/src/incremental/region-reparse.ts;
// (b) hover on an operation from a cached run, p50 and p95 over 200 hovers;
// (c) the server's heap after a full GC (mscn/memory, --expose-gc) after opening, 200 and 1,000 edits: growth = a leak.
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { editorScenario } from './editor-scenario.mjs';

export const title = 'language server: keystroke to diagnostics, hover, memory over edits';

const LINES = 2000;
const LATENCY_EDITS = 200;
const MEMORY_EDITS = 1000;
const HOVERS = 200;

const scenario = editorScenario;

function percentile(sorted, p) {
    return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** The server's heap after a full GC (it runs with --expose-gc) and its resident set, in MiB. */
async function memory(server) {
    const m = await server.connection.sendRequest('mscn/memory');
    return { heap: m.heapUsed / 2 ** 20, rss: m.rss / 2 ** 20 };
}

async function startServer(root, settings) {
    const require = createRequire(import.meta.url);
    const rpc = require(path.join(root, 'node_modules', 'vscode-languageserver-protocol', 'node.js'));
    const child = spawn(process.execPath, ['--expose-gc', path.join(root, 'out', 'server', 'main.cjs'), '--stdio'], {
        stdio: ['pipe', 'pipe', 'ignore'],
    });
    const connection = rpc.createProtocolConnection(
        new rpc.StreamMessageReader(child.stdout),
        new rpc.StreamMessageWriter(child.stdin),
    );
    const listeners = new Set();
    const emit = (kind, params) => listeners.forEach(l => l(kind, params));
    connection.onNotification('textDocument/publishDiagnostics', p => emit('diagnostics', p));
    connection.onNotification('mscn/runFinished', p => emit('finished', p));
    connection.onRequest('workspace/configuration', p => p.items.map(i => (i.section === 'mscn' ? settings : null)));
    for (const m of ['client/registerCapability', 'workspace/inlayHint/refresh', 'workspace/codeLens/refresh'])
        connection.onRequest(m, () => null);
    connection.listen();
    await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: { workspace: { configuration: true } },
    });
    await connection.sendNotification('initialized', {});
    const next = (kind, test = () => true) =>
        new Promise(resolve => {
            const listener = (k, p) => {
                if (k === kind && test(p)) {
                    listeners.delete(listener);
                    resolve(p);
                }
            };
            listeners.add(listener);
        });
    const stop = async () => {
        await connection.sendRequest('shutdown').catch(() => undefined);
        await connection.sendNotification('exit').catch(() => undefined);
        connection.dispose();
        child.kill();
    };
    return { connection, child, next, stop };
}

/** Sends one change and waits for the diagnostics of that version. */
async function change(server, uri, version, range, text) {
    const published = server.next('diagnostics', p => p.uri === uri);
    const started = process.hrtime.bigint();
    await server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range, text }],
    });
    await published;
    return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Replaces the character at line/column by one digit. */
function digit(server, uri, version, line, column) {
    const range = { start: { line, character: column }, end: { line, character: column + 1 } };
    return change(server, uri, version, range, String(version % 10));
}

/** Type one digit into the comment of line 6 (an edit that changes no meaning), then wait for the diagnostics. */
function edit(server, uri, version, column) {
    return digit(server, uri, version, 5, column);
}

const NEW_STATEMENT = 'read db heap size 8 KiB';

/** Types NEW_STATEMENT on a new line after line 7 letter by letter, then deletes it letter by letter. */
async function typeStatement(server, uri, version, line, keystrokes) {
    const times = [];
    times.push(
        await change(server, uri, ++version, { start: { line, character: 0 }, end: { line, character: 0 } }, '  \n'),
    );
    let typed = 0;
    for (let i = 1; i < keystrokes; i++) {
        const forward = Math.floor(i / NEW_STATEMENT.length) % 2 === 0;
        const at = { line, character: 2 + typed };
        if (forward && typed < NEW_STATEMENT.length) {
            times.push(await change(server, uri, ++version, { start: at, end: at }, NEW_STATEMENT[typed++]));
        } else if (typed > 0) {
            const from = { line, character: 2 + --typed };
            times.push(await change(server, uri, ++version, { start: from, end: at }, ''));
        } else {
            times.push(await change(server, uri, ++version, { start: at, end: at }, NEW_STATEMENT[typed++]));
        }
    }
    return { times, version };
}

function latencyRows(label, times, note) {
    times.sort((a, b) => a - b);
    return [
        { measurement: `keystroke → diagnostics, ${label}, p50`, value: percentile(times, 50), unit: 'ms', note },
        {
            measurement: `keystroke → diagnostics, ${label}, p95`,
            value: percentile(times, 95),
            unit: 'ms',
            note: `max ${times[times.length - 1].toFixed(0)} ms`,
        },
    ];
}

async function keystrokes(ctx) {
    const text = scenario(LINES);
    const uri = 'file:///bench/editor-2000.mscn';
    const column = text.split('\n')[5].length - 1; // the `c` of the first comment
    const server = await startServer(ctx.root, { run: { debounce: 600_000 } });
    try {
        const opened = server.next('diagnostics', p => p.uri === uri);
        await server.connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri, languageId: 'mscn', version: 1, text },
        });
        await opened;
        const atOpen = await memory(server);
        const times = [];
        let version = 1;
        for (let i = 0; i < LATENCY_EDITS; i++) times.push(await edit(server, uri, ++version, column));
        const at200 = await memory(server);
        ctx.log(`keystrokes: ${LATENCY_EDITS} edits measured; ${MEMORY_EDITS - LATENCY_EDITS} more for memory`);
        for (let i = LATENCY_EDITS; i < MEMORY_EDITS; i++) await edit(server, uri, ++version, column);
        const at1000 = await memory(server);
        const statementColumn = text.split('\n')[6].length - 1; // the limit of `pageFaults <= 1`
        const inStatement = [];
        for (let i = 0; i < LATENCY_EDITS; i++)
            inStatement.push(await digit(server, uri, ++version, 6, statementColumn));
        ctx.log(`keystrokes: typing a new statement, ${LATENCY_EDITS} keystrokes`);
        const typing = await typeStatement(server, uri, version, 7, LATENCY_EDITS);
        return [
            ...latencyRows(
                'comment',
                times,
                `${LINES}-line scenario, ${LATENCY_EDITS} one-character edits in a comment (target p95 < 50 ms)`,
            ),
            ...latencyRows('statement', inStatement, `${LATENCY_EDITS} one-digit edits of an expectation`),
            ...latencyRows(
                'new statement',
                typing.times,
                `typing and deleting '${NEW_STATEMENT}': syntax errors, region path (target p95 < 50 ms)`,
            ),
            {
                measurement: 'server heap after open',
                value: atOpen.heap,
                unit: 'MiB',
                note: `after a full GC; RSS ${atOpen.rss.toFixed(0)} MiB`,
            },
            {
                measurement: `server heap after ${LATENCY_EDITS} edits`,
                value: at200.heap,
                unit: 'MiB',
                note: `RSS ${at200.rss.toFixed(0)} MiB`,
            },
            {
                measurement: `server heap after ${MEMORY_EDITS} edits`,
                value: at1000.heap,
                unit: 'MiB',
                note:
                    `RSS ${at1000.rss.toFixed(0)} MiB; heap growth from ${LATENCY_EDITS} edits: ` +
                    `${(at1000.heap - at200.heap).toFixed(1)} MiB`,
            },
        ];
    } finally {
        await server.stop();
    }
}

async function hovers(ctx) {
    const text = scenario(200);
    const uri = 'file:///bench/editor-hover.mscn';
    const server = await startServer(ctx.root, { run: { debounce: 0 } });
    try {
        const finished = server.next('finished', p => p.uri === uri);
        await server.connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri, languageId: 'mscn', version: 1, text },
        });
        await finished;
        const times = [];
        for (let i = 0; i < HOVERS; i++) {
            const line = 5 + (i % 190);
            const started = process.hrtime.bigint();
            const hover = await server.connection.sendRequest('textDocument/hover', {
                textDocument: { uri },
                position: { line, character: 3 },
            });
            times.push(Number(process.hrtime.bigint() - started) / 1e6);
            if (!hover) throw new Error(`no hover on line ${line + 1}`);
        }
        times.sort((a, b) => a - b);
        return [
            {
                measurement: 'hover on an operation, p50',
                value: percentile(times, 50),
                unit: 'ms',
                note: `cached run, 200-line scenario, ${HOVERS} hovers (target < 20 ms)`,
            },
            {
                measurement: 'hover on an operation, p95',
                value: percentile(times, 95),
                unit: 'ms',
                note: 'page-table walk + TLB of the snapshot after the statement',
            },
        ];
    } finally {
        await server.stop();
    }
}

export async function run(ctx) {
    return [...(await keystrokes(ctx)), ...(await hovers(ctx))];
}
