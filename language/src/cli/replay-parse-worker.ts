/**
 * The parse thread of `mscn replay` (out/cli/replay-parse-worker.cjs, started by replay-parse-thread.ts):
 * reads the trace from the descriptor the main thread opened (and closes once this thread has ended),
 * 1 MiB at a time from a chunk boundary on, and parses each chunk into
 * the next free slot of the ring (replay-ring.ts), until the end of the file or until asked to stop.
 * It runs no engine and decides nothing: what it parses is exactly what the main thread would.
 */
import * as fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { MAX_CARRIED_LINE } from '../engine/lackey.js';
import { PageRuns } from '../engine/page-runs.js';
import { BATCH_CAPACITY, CHUNK_BYTES, TraceBatcher } from './replay-batches.js';
import { BatchRing, type RingBuffers } from './replay-ring.js';

export interface ParseJob {
    fd: number;
    /** Where to start: 0, or a chunk boundary (the main thread parses the chunks before it). */
    offset: number;
    buffers: RingBuffers;
}

export type ParseReply = { error: string };

function parseTrace(fd: number, offset: number, ring: BatchRing): void {
    const batcher = new TraceBatcher();
    const chunk = new Uint8Array(CHUNK_BYTES);
    const runs = new PageRuns(BATCH_CAPACITY);
    if (offset > 0) {
        const before = chunk.subarray(0, MAX_CARRIED_LINE + 1);
        fs.readSync(fd, before, 0, before.length, offset - before.length);
        batcher.resumeAfter(before, runs);
    }
    let position = offset;
    for (let n = 0; ring.waitForSlot(n); n++) {
        const got = fs.readSync(fd, chunk, 0, CHUNK_BYTES, position);
        position += got;
        const data = got === 0 ? undefined : got === CHUNK_BYTES ? chunk : chunk.subarray(0, got);
        const batch = batcher.parse(data, runs);
        ring.publish(n, batch, runs.vpn, runs.run);
        if (batch.last) return;
    }
}

const job = workerData as ParseJob;
try {
    parseTrace(job.fd, job.offset, new BatchRing(job.buffers));
} catch (error) {
    const reply: ParseReply = { error: error instanceof Error ? error.message : String(error) };
    parentPort?.postMessage(reply);
}
