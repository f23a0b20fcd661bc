/**
 * A trace as batches of page runs: each 1 MiB chunk read from the file is parsed (engine/lackey.ts) into
 * the page runs of its records (engine/page-runs.ts), which the engines then replay (replay-pipeline.ts).
 * The same code runs on the parse thread (replay-parse-worker.ts) and, for a trace of one chunk or
 * without the bundled worker, in-thread.
 */
import { LackeyParser, MAX_CARRIED_LINE } from '../engine/lackey.js';
import { runCapacity, type PageRuns } from '../engine/page-runs.js';

export const CHUNK_BYTES = 1 << 20;
const NEWLINE = 10;
/** Entries one batch may need: a chunk plus the line carried into it from the one before. */
export const BATCH_CAPACITY = runCapacity(CHUNK_BYTES + MAX_CARRIED_LINE);

/** What a batch holds besides its entries. */
export interface Batch {
    /** Entries in the batch's arrays. */
    length: number;
    /** Records, lines skipped (not records) and bytes of the trace this batch accounts for. */
    records: number;
    skipped: number;
    bytes: number;
    /** The end of the trace: no batch follows. */
    last: boolean;
}

/** Parses chunk after chunk into batches; a line cut by a chunk boundary counts in the next batch. */
export class TraceBatcher {
    private readonly parser = new LackeyParser();

    /**
     * Starts in the middle of a trace, at a chunk boundary: `before` holds the MAX_CARRIED_LINE + 1 bytes
     * just before it, whose last line (cut by the boundary, or too long to be a record) is carried into
     * the first chunk exactly as if every chunk before had been parsed. Counts nothing.
     */
    resumeAfter(before: Uint8Array, runs: PageRuns): void {
        this.parser.push(before.subarray(before.lastIndexOf(NEWLINE) + 1), runs);
    }

    /** Parses `chunk` (undefined: the trace ended) into `runs` (BATCH_CAPACITY), emptied first. */
    parse(chunk: Uint8Array | undefined, runs: PageRuns): Batch {
        const parser = this.parser;
        const records = parser.records;
        const skipped = parser.skippedLines;
        runs.clear();
        if (chunk) parser.push(chunk, runs);
        else parser.end(runs);
        return {
            length: runs.length,
            records: parser.records - records,
            skipped: parser.skippedLines - skipped,
            bytes: chunk?.length ?? 0,
            last: chunk === undefined,
        };
    }
}
