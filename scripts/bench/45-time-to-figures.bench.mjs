// Time to figures (issue #13): per example, the editor's time from opening the file to its figures
// against `mscn run --json` of the same file, measured one after the other in one bench run. The editor
// side is the bundled server over stdio with the examples folder as its workspace, started afresh for each
// file as VS Code starts it: `initialized`, then `textDocument/didOpen` at once, until `mscn/runFinished`
// for version 1 (the figures are in the run store then; hovers and panels read them from there). The CLI
// is timed before and after the editor and the two averaged, so that a machine that gets busier or calmer
// during the pair tilts the ratio less. Target: ratio <= 1.2.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export const title = 'editor time to figures against mscn run, per example';

function cliMillis(ctx, file) {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, [ctx.cli, 'run', '--json', file], { stdio: 'ignore' });
    return Number(process.hrtime.bigint() - started) / 1e6;
}

async function editorMillis(ctx, file) {
    const require = createRequire(import.meta.url);
    const rpc = require(path.join(ctx.root, 'node_modules', 'vscode-languageserver-protocol', 'node.js'));
    const child = spawn(process.execPath, [path.join(ctx.root, 'out', 'server', 'main.cjs'), '--stdio'], {
        stdio: ['pipe', 'pipe', 'ignore'],
    });
    const connection = rpc.createProtocolConnection(
        new rpc.StreamMessageReader(child.stdout),
        new rpc.StreamMessageWriter(child.stdin),
    );
    const uri = pathToFileURL(file).toString();
    const folder = pathToFileURL(path.dirname(file)).toString();
    let finish;
    const finished = new Promise(resolve => (finish = resolve));
    connection.onNotification('mscn/runFinished', p => {
        if (p.uri === uri && p.version === 1 && p.outcome !== 'skipped') finish(p);
    });
    connection.onRequest('workspace/configuration', p => p.items.map(() => null));
    for (const m of [
        'client/registerCapability',
        'workspace/inlayHint/refresh',
        'workspace/codeLens/refresh',
        'window/workDoneProgress/create',
    ])
        connection.onRequest(m, () => null);
    connection.listen();
    try {
        await connection.sendRequest('initialize', {
            processId: process.pid,
            rootUri: folder,
            workspaceFolders: [{ uri: folder, name: 'examples' }],
            capabilities: {
                workspace: {
                    configuration: true,
                    inlayHint: { refreshSupport: true },
                    codeLens: { refreshSupport: true },
                },
            },
        });
        await connection.sendNotification('initialized', {});
        const started = process.hrtime.bigint();
        await connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri, languageId: 'mscn', version: 1, text: fs.readFileSync(file, 'utf8') },
        });
        const run = await finished;
        const millis = Number(process.hrtime.bigint() - started) / 1e6;
        if (run.outcome !== 'done') throw new Error(`${path.basename(file)}: the editor's run ${run.outcome}`);
        return { millis, worker: run.millis };
    } finally {
        await connection.sendRequest('shutdown').catch(() => undefined);
        await connection.sendNotification('exit').catch(() => undefined);
        connection.dispose();
        child.kill();
    }
}

export async function run(ctx) {
    const examples = path.join(ctx.root, 'examples');
    const files = fs
        .readdirSync(examples)
        .filter(f => f.endsWith('.mscn'))
        .sort()
        .map(f => path.join(examples, f))
        // files without a run block (machines.mscn) have no figures to wait for
        .filter(f => /^\s*run\s/m.test(fs.readFileSync(f, 'utf8')));
    const rows = [];
    for (const file of files) {
        const name = path.basename(file);
        ctx.log(`time to figures: ${name}`);
        const before = cliMillis(ctx, file);
        const editor = await editorMillis(ctx, file);
        const after = cliMillis(ctx, file);
        const cli = (before + after) / 2;
        rows.push({
            measurement: `${name}: editor / mscn run`,
            value: editor.millis / cli,
            unit: 'x',
            note:
                `editor ${(editor.millis / 1000).toFixed(2)} s (engine in the worker ` +
                `${(editor.worker / 1000).toFixed(2)} s), mscn run --json ${(before / 1000).toFixed(2)} s / ` +
                `${(after / 1000).toFixed(2)} s (target <= 1.2)`,
        });
    }
    return rows;
}
