/**
 * A real LSP client for tests: spawns the bundled server (`node out/server/main.cjs --stdio`) and talks
 * to it with vscode-languageserver-protocol messages. Notifications (diagnostics, mscn/runFinished)
 * are recorded so that tests can wait for the one they expect.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
    CancellationTokenSource,
    createProtocolConnection,
    StreamMessageReader,
    StreamMessageWriter,
    type ProtocolConnection,
    type PublishDiagnosticsParams,
    type Diagnostic,
} from 'vscode-languageserver-protocol/node.js';

export const SERVER = fileURLToPath(new URL('../../out/server/main.cjs', import.meta.url));

/** How the server is started besides its settings and root: `initialize` options, the user it runs as. */
export interface StartOptions {
    initializationOptions?: unknown;
    uid?: number;
    gid?: number;
    /** The server command on stdio: the bundle by default, or e.g. `mscn lsp`. */
    command?: string[];
}

export interface RunFinished {
    uri: string;
    version: number;
    outcome: string;
    millis: number;
    diagnostics: number;
}

export class LspClient {
    readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
    readonly finished: RunFinished[] = [];
    readonly started: Array<{ uri: string; version: number }> = [];
    readonly stderr: string[] = [];
    /** The server's answer to `initialize`. */
    capabilities: Record<string, unknown> = {};
    /** window/showMessage and window/logMessage texts, in order. */
    readonly shown: string[] = [];
    readonly logged: string[] = [];
    private readonly waiters: Array<() => void> = [];
    private readonly versions = new Map<string, number>();

    private constructor(
        readonly process: ChildProcess,
        readonly connection: ProtocolConnection,
    ) {}

    static async start(
        settings: Record<string, unknown> = {},
        rootDir?: string,
        options: StartOptions = {},
    ): Promise<LspClient> {
        const command = options.command ?? [SERVER, '--stdio'];
        const child = spawn(process.execPath, command, {
            stdio: ['pipe', 'pipe', 'pipe'],
            uid: options.uid,
            gid: options.gid,
        });
        const connection = createProtocolConnection(
            new StreamMessageReader(child.stdout!),
            new StreamMessageWriter(child.stdin!),
        );
        const client = new LspClient(child, connection);
        child.stderr!.on('data', d => client.stderr.push(String(d)));
        connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
            client.diagnostics.set(p.uri, [...(client.diagnostics.get(p.uri) ?? []), p]);
            client.wake();
        });
        connection.onNotification('window/showMessage', (p: { message: string }) => {
            client.shown.push(p.message);
            client.wake();
        });
        connection.onNotification('window/logMessage', (p: { message: string }) => {
            client.logged.push(p.message);
            client.wake();
        });
        connection.onNotification('mscn/runStarted', (p: { uri: string; version: number }) => {
            client.started.push(p);
            client.wake();
        });
        connection.onNotification('mscn/runFinished', (p: RunFinished) => {
            client.finished.push(p);
            client.wake();
        });
        connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
            p.items.map(i => (i.section === 'mscn' ? settings : null)),
        );
        for (const method of [
            'client/registerCapability',
            'workspace/inlayHint/refresh',
            'workspace/codeLens/refresh',
            'workspace/semanticTokens/refresh',
            'window/workDoneProgress/create',
        ]) {
            connection.onRequest(method, () => null);
        }
        connection.listen();
        client.capabilities = (
            await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
                processId: process.pid,
                rootUri: rootDir ? pathToFileURL(rootDir).toString() : null,
                workspaceFolders: rootDir ? [{ uri: pathToFileURL(rootDir).toString(), name: 'test' }] : null,
                initializationOptions: options.initializationOptions,
                capabilities: {
                    workspace: {
                        configuration: true,
                        inlayHint: { refreshSupport: true },
                        codeLens: { refreshSupport: true },
                    },
                },
            })
        ).capabilities;
        await connection.sendNotification('initialized', {});
        return client;
    }

    private wake(): void {
        this.waiters.splice(0).forEach(w => w());
    }

    /** Resolves when `test` holds, re-checked after every notification; rejects after `ms`. */
    async until<T>(test: () => T | undefined, what: string, ms = 20_000): Promise<T> {
        const deadline = Date.now() + ms;
        for (;;) {
            const value = test();
            if (value !== undefined) return value;
            if (Date.now() > deadline)
                throw new Error(`timed out waiting for ${what}; stderr: ${this.stderr.join('')}`);
            await new Promise<void>(r => {
                this.waiters.push(r);
                setTimeout(r, 200);
            });
        }
    }

    open(uri: string, text: string): void {
        this.versions.set(uri, 1);
        void this.connection.sendNotification('textDocument/didOpen', {
            textDocument: { uri, languageId: 'mscn', version: 1, text },
        });
    }

    change(uri: string, text: string): number {
        const version = (this.versions.get(uri) ?? 1) + 1;
        this.versions.set(uri, version);
        void this.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version },
            contentChanges: [{ text }],
        });
        return version;
    }

    /** An incremental change: `text` replaces `range`, as editors send keystrokes. */
    edit(
        uri: string,
        range: { start: { line: number; character: number }; end: { line: number; character: number } },
        text: string,
    ): number {
        const version = (this.versions.get(uri) ?? 1) + 1;
        this.versions.set(uri, version);
        void this.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version },
            contentChanges: [{ range, text }],
        });
        return version;
    }

    /** The number of diagnostics notifications published so far for `uri`. */
    published(uri: string): number {
        return this.diagnostics.get(uri)?.length ?? 0;
    }

    /** The run of `version` that finished. */
    ranVersion(uri: string, version: number, ms?: number): Promise<RunFinished> {
        return this.until(
            () => this.finished.find(f => f.uri === uri && f.version === version),
            `a run of ${uri} v${version}`,
            ms,
        );
    }

    /** The last diagnostics published for `uri` that satisfy `test`. */
    diagnosticsWhere(uri: string, test: (d: Diagnostic[]) => boolean, ms?: number): Promise<Diagnostic[]> {
        return this.until(
            () => {
                const last = this.diagnostics.get(uri)?.at(-1);
                return last && test(last.diagnostics) ? last.diagnostics : undefined;
            },
            `diagnostics of ${uri}`,
            ms,
        );
    }

    request<R>(method: string, params: unknown): Promise<R> {
        return this.connection.sendRequest(method, params) as Promise<R>;
    }

    /** A request the test may cancel (`$/cancelRequest`) while it is in flight. */
    cancellableRequest<R>(method: string, params: unknown): { reply: Promise<R>; cancel: () => void } {
        const source = new CancellationTokenSource();
        return {
            reply: this.connection.sendRequest(method, params, source.token) as Promise<R>,
            cancel: () => source.cancel(),
        };
    }

    close(uri: string): void {
        void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }

    /** The server's threads now (/proc/PID/task): the main thread, V8's and libuv's, and one per run worker. */
    threads(): number {
        return readdirSync(`/proc/${this.process.pid}/task`).length;
    }

    /**
     * CPU time the server process (every thread) used so far, in ms (/proc/PID/stat utime + stime, 100 ticks a
     * second).
     */
    cpuMillis(): number {
        const fields = readFileSync(`/proc/${this.process.pid}/stat`, 'utf8')
            .replace(/^.*\) /s, '')
            .split(' ');
        // after the command's ")": state is field 3, utime field 14 and stime field 15 (proc(5)), here at 11 and 12
        return (Number(fields[11]) + Number(fields[12])) * 10;
    }

    async stop(): Promise<void> {
        try {
            await this.connection.sendRequest('shutdown');
            await this.connection.sendNotification('exit');
        } catch {
            // already gone
        }
        this.connection.dispose();
        this.process.kill();
    }
}

export function fileUri(path: string): string {
    return pathToFileURL(path).toString();
}

const tempFolders: string[] = [];

/**
 * A fresh folder under the system's temporary folder, removed by removeTempFolders (after each test): the
 * workspace-scan tests read every .mscn file under /tmp, and leftovers slowed them from 8 s to 90.
 */
export function tempFolder(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    tempFolders.push(dir);
    return dir;
}

export function removeTempFolders(): void {
    for (const dir of tempFolders.splice(0)) rmSync(dir, { recursive: true, force: true });
}
