/**
 * Every file the tool writes (`mscn sweep --out`, `mscn import -o`) is opened here, the counterpart of
 * regular-file.ts for reading. The open never blocks (O_NONBLOCK: a FIFO nobody reads would wait forever
 * for a reader), nothing is truncated until the file is known to be writable and not one of the inputs
 * (`mscn sweep f.mscn --out f.mscn` would replace the scenario with its own results), and a failed open or
 * write is a reason in words, not an errno code.
 */
import * as fs from 'node:fs';
import { ERRNO_REASONS, errnoReason, isKernelFile, notRegularReason } from './regular-file.js';

export type OpenedOutput = { ok: true; fd: number } | { ok: false; reason: string };

const WRITE_REASONS: Readonly<Record<string, string>> = {
    ...ERRNO_REASONS,
    ENOENT: 'no such folder',
    EROFS: 'a read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'over the disk quota',
    EFBIG: 'the file would be too large',
    EIO: 'an input/output error on the device',
    EINVAL: 'the file does not take these writes',
    ENXIO: 'a FIFO (named pipe) or device with nobody at the other end',
    ETXTBSY: 'a program that is running',
};

/** Why writing (or opening to write) failed, in words. */
export function writeErrorReason(error: unknown): string {
    return errnoReason(error, WRITE_REASONS);
}

/** What is wrong with writing to a file of this kind, or undefined for a regular file or a terminal-like device. */
function refusedKind(stats: fs.Stats): string | undefined {
    // character devices stay allowed: /dev/null and a terminal are ordinary places to write to
    if (stats.isCharacterDevice()) return undefined;
    const reason = notRegularReason(stats);
    return stats.isFIFO() ? `${reason}: leave out the flag to write to standard output` : reason;
}

/**
 * Opens `path` to write, truncated, unless it is a directory, FIFO, socket, block device, a file of /proc
 * or /sys (their writes are commands to the kernel, not text), or the same file as one of `inputs`.
 * The caller closes the descriptor.
 */
export function openOutputFile(path: string, inputs: readonly string[] = []): OpenedOutput {
    if (path === '') return { ok: false, reason: 'an empty file name' };
    if (isKernelFile(path)) return { ok: false, reason: "a file of the kernel's /proc or /sys, not a regular file" };
    const real = realPathOf(path);
    // before the open: opening a FIFO nobody reads fails with ENXIO, which names no FIFO
    const before = real === undefined ? undefined : kindAt(real);
    if (before) return { ok: false, reason: before };
    let fd: number;
    try {
        // no O_TRUNC yet: the checks below may refuse a file that must then be left as it was
        const { O_WRONLY, O_CREAT, O_NONBLOCK } = fs.constants;
        fd = fs.openSync(path, O_WRONLY | O_CREAT | O_NONBLOCK, 0o666);
    } catch (error) {
        return { ok: false, reason: writeErrorReason(error) };
    }
    const refuse = (reason: string): OpenedOutput => {
        fs.closeSync(fd);
        return { ok: false, reason };
    };
    const stats = fs.fstatSync(fd);
    const kind = refusedKind(stats);
    if (kind) return refuse(kind);
    const input = inputs.find(i => sameFile(i, stats));
    if (input !== undefined) return refuse(`the same file as the input '${input}': it would be overwritten`);
    if (stats.isCharacterDevice()) {
        // a terminal opened O_NONBLOCK may refuse a write with EAGAIN when it is busy: open it again, blocking
        fs.closeSync(fd);
        try {
            return { ok: true, fd: fs.openSync(path, fs.constants.O_WRONLY) };
        } catch (error) {
            return { ok: false, reason: writeErrorReason(error) };
        }
    }
    try {
        fs.ftruncateSync(fd, 0);
    } catch (error) {
        return refuse(writeErrorReason(error));
    }
    return { ok: true, fd };
}

/** Writes all of `text` to `fd` (writeSync may write part of it); a reason in words when it fails. */
export function writeAll(fd: number, text: string): string | undefined {
    const buffer = Buffer.from(text, 'utf8');
    try {
        for (let done = 0; done < buffer.length;) done += fs.writeSync(fd, buffer, done, buffer.length - done);
    } catch (error) {
        return writeErrorReason(error);
    }
    return undefined;
}

function kindAt(path: string): string | undefined {
    try {
        return refusedKind(fs.statSync(path));
    } catch {
        return undefined; // gone since realpath: the open below says so
    }
}

function sameFile(path: string, stats: fs.Stats): boolean {
    try {
        const other = fs.statSync(path);
        return other.dev === stats.dev && other.ino === stats.ino;
    } catch {
        return false;
    }
}

function realPathOf(path: string): string | undefined {
    try {
        return fs.realpathSync(path);
    } catch {
        return undefined;
    }
}
