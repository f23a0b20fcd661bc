/**
 * Reads a regular file line by line in fixed chunks, so that memory follows the longest line, not the
 * file: `mscn merge` reads shard files of any size this way. A line longer than `maxLineBytes` stops the
 * read with its line number instead of growing without end (a file of zeros has no newline at all).
 */
import * as fs from 'node:fs';
import { formatBytes } from '../engine/memory.js';
import { errnoReason, openRegularFile } from './regular-file.js';

const CHUNK_BYTES = 1 << 20;

/** Whatever `onLine` returns that is not undefined stops the read and is returned (a message, say). */
export type LineHandler = (text: string, lineNumber: number) => string | undefined;

/**
 * Calls `onLine` for each line of the file at `path`, without its newline. Returns undefined when every
 * line was read, `{ open: reason }` when the file cannot be read at all, or `{ line, message }` when a
 * line is too long, cannot be read or `onLine` refused it.
 */
export function forEachLine(
    path: string,
    maxLineBytes: number,
    onLine: LineHandler,
): undefined | { open: string } | { line: number; message: string } {
    const opened = openRegularFile(path);
    if (!opened.ok) return { open: opened.reason };
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let lineNumber = 1;
    const tooLong = () => ({ line: lineNumber, message: `a line of more than ${formatBytes(maxLineBytes)}` });
    try {
        for (let n; (n = fs.readSync(opened.fd, chunk, 0, CHUNK_BYTES, null)) > 0;) {
            let start = 0;
            for (let nl; (nl = chunk.indexOf(10, start)) !== -1 && nl < n; start = nl + 1) {
                if (pendingBytes + nl - start > maxLineBytes) return tooLong();
                const text = Buffer.concat([...pending, chunk.subarray(start, nl)]).toString('utf8');
                pending = [];
                pendingBytes = 0;
                const refused = onLine(text, lineNumber);
                if (refused !== undefined) return { line: lineNumber, message: refused };
                lineNumber++;
            }
            pendingBytes += n - start;
            if (pendingBytes > maxLineBytes) return tooLong();
            // a copy: the chunk is read into again
            pending.push(Buffer.from(chunk.subarray(start, n)));
        }
        if (pendingBytes === 0) return undefined;
        const refused = onLine(Buffer.concat(pending).toString('utf8'), lineNumber);
        return refused === undefined ? undefined : { line: lineNumber, message: refused };
    } catch (error) {
        return { line: lineNumber, message: `cannot be read: ${errnoReason(error)}` };
    } finally {
        fs.closeSync(opened.fd);
    }
}
