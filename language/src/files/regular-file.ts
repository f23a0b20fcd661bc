/**
 * Every file the tool reads (scenarios and their imports, traces, `--machine` files) is opened here:
 * only a regular file is read, checked with fstat on the opened descriptor before a byte is read. A FIFO,
 * a device (/dev/zero), a directory or a file of /proc or /sys is refused with the reason: reading
 * one would block forever or never end, and a /proc file's size is unknown until it is read. The open
 * itself never blocks (O_NONBLOCK: opening a FIFO nobody writes to would wait for a writer).
 */
import * as fs from 'node:fs';
import { formatBytes } from '../engine/memory.js';

export type Opened = { ok: true; fd: number; size: number } | { ok: false; reason: string };

const KIND_OF: Array<[test: (s: fs.Stats) => boolean, reason: string]> = [
    [s => s.isDirectory(), 'a directory, not a file'],
    [s => s.isFIFO(), 'a FIFO (named pipe), not a regular file'],
    [s => s.isCharacterDevice(), 'a character device, not a regular file'],
    [s => s.isBlockDevice(), 'a block device, not a regular file'],
    [s => s.isSocket(), 'a socket, not a regular file'],
];

/** An errno code in words; files/output-file.ts adds the ones of writing. */
export const ERRNO_REASONS: Readonly<Record<string, string>> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ELOOP: 'a loop of symbolic links',
    ENOTDIR: 'a folder on its path is a file',
    ENAMETOOLONG: 'the path is too long',
    EISDIR: 'a directory, not a file',
};

/** Why a file of this kind is not read (a directory, a FIFO, a device, a socket), or undefined for a regular file. */
export function notRegularReason(stats: fs.Stats): string | undefined {
    return KIND_OF.find(([test]) => test(stats))?.[1];
}

/** Why opening `path` failed, in words. */
export function errnoReason(error: unknown, reasons: Readonly<Record<string, string>> = ERRNO_REASONS): string {
    const code = (error as NodeJS.ErrnoException).code;
    return (code && reasons[code]) ?? (error instanceof Error ? error.message : String(error));
}

/** Why a path with a NUL byte is refused before any open (Node's own message echoes the path whole). */
export const NUL_IN_PATH = 'a path cannot contain a NUL character';

/** Opens `path` for reading if it is a regular file of at most `maxBytes` (when given); the caller closes fd. */
export function openRegularFile(path: string, maxBytes?: number): Opened {
    if (path.includes('\0')) return { ok: false, reason: NUL_IN_PATH };
    let fd: number;
    try {
        fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch (error) {
        return { ok: false, reason: errnoReason(error) };
    }
    const refuse = (reason: string): Opened => {
        fs.closeSync(fd);
        return { ok: false, reason };
    };
    const stats = fs.fstatSync(fd);
    const kind = notRegularReason(stats);
    if (kind) return refuse(kind);
    if (isKernelFile(path))
        return refuse("a file of the kernel's /proc or /sys (its size is unknown until read), not a regular file");
    if (maxBytes !== undefined && stats.size > maxBytes)
        return refuse(`${formatBytes(stats.size, { roundUp: true })}, over the limit of ${formatBytes(maxBytes)}`);
    return { ok: true, fd, size: stats.size };
}

/** The whole text of a regular file of at most `maxBytes`, read in one go from its descriptor. */
export function readTextFile(
    path: string,
    maxBytes: number,
): { ok: true; text: string; bytes: number } | { ok: false; reason: string } {
    const opened = openRegularFile(path, maxBytes);
    if (!opened.ok) return opened;
    try {
        // One byte more than allowed: a file that grew since fstat is still caught.
        const buffer = Buffer.alloc(Math.min(opened.size, maxBytes) + 1);
        let length = 0;
        for (
            let n;
            length < buffer.length && (n = fs.readSync(opened.fd, buffer, length, buffer.length - length, null)) > 0;
        )
            length += n;
        if (length > maxBytes) return { ok: false, reason: `more than ${formatBytes(maxBytes)}, the limit` };
        return { ok: true, text: buffer.toString('utf8', 0, length), bytes: length };
    } catch (error) {
        return { ok: false, reason: errnoReason(error) };
    } finally {
        fs.closeSync(opened.fd);
    }
}

/** A file of the kernel's /proc or /sys, symbolic links followed: its size and its writes are not a file's. */
export function isKernelFile(path: string): boolean {
    try {
        return /^\/(proc|sys)(\/|$)/.test(fs.realpathSync(path));
    } catch {
        return false;
    }
}
