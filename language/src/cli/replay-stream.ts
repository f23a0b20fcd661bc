/**
 * Streams a trace file from disk into a sink in 1 MiB chunks through one reused buffer, so that memory
 * stays flat however long the trace is (docs/model.md section 12), with a progress bar when stderr is a terminal.
 */
import * as fs from 'node:fs';
import { openRegularFile } from '../files/regular-file.js';

const CHUNK_BYTES = 1 << 20;
/** Redraw the bar at most this often: a redraw per chunk would flood a slow terminal. */
const PROGRESS_INTERVAL_MS = 100;
const BAR_WIDTH = 30;

export interface StreamOptions {
    /** Called with each chunk; the chunk is only valid during the call (the buffer is reused). */
    onChunk: (chunk: Uint8Array) => void;
    /** Checked between chunks: true stops the stream early. */
    shouldStop: () => boolean;
    /** Extra text for the progress line, e.g. the records so far. */
    describe: () => string;
    progress: boolean;
}

export interface StreamResult {
    bytes: number;
    stoppedEarly: boolean;
}

/**
 * Reads `path` chunk by chunk. Yields to the event loop between chunks so that Ctrl-C (SIGINT) can
 * be noticed by `shouldStop`; a yield per megabyte costs nothing measurable.
 */
export async function streamFile(path: string, options: StreamOptions): Promise<StreamResult> {
    const opened = openRegularFile(path);
    if (!opened.ok) throw new Error(`cannot read trace '${path}': ${opened.reason}`);
    const fd = opened.fd;
    // A plain Uint8Array, not a Buffer: the parser's byte loop stays monomorphic (see lackey.ts).
    const buffer = new Uint8Array(CHUNK_BYTES);
    const total = opened.size;
    const bar = options.progress ? new ProgressBar(total) : undefined;
    let bytes = 0;
    try {
        for (;;) {
            if (options.shouldStop()) return { bytes, stoppedEarly: true };
            const n = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
            if (n === 0) break;
            bytes += n;
            options.onChunk(n === CHUNK_BYTES ? buffer : buffer.subarray(0, n));
            bar?.update(bytes, options.describe);
            await new Promise<void>(resolve => setImmediate(resolve));
        }
    } finally {
        fs.closeSync(fd);
        bar?.clear();
    }
    return { bytes, stoppedEarly: false };
}

class ProgressBar {
    private lastDraw = 0;

    constructor(private readonly total: number) {}

    update(done: number, describe: () => string): void {
        const now = Date.now();
        if (now - this.lastDraw < PROGRESS_INTERVAL_MS) return;
        this.lastDraw = now;
        const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
        const filled = Math.round(fraction * BAR_WIDTH);
        const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
        process.stderr.write(`\r${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  ${describe()}\x1b[K`);
    }

    clear(): void {
        if (this.lastDraw > 0) process.stderr.write('\r\x1b[K');
    }
}
