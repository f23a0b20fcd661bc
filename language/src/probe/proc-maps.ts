/**
 * A process's address space as the kernel shows it: /proc/PID/maps (its VMAs) and the present bit
 * (bit 63) of each page's entry in /proc/PID/pagemap (Documentation/admin-guide/mm/pagemap.rst).
 * Present bits need no privilege beyond reading the process (PTRACE_MODE_READ); frame numbers would.
 */
import * as fs from 'node:fs';

export interface ProcVma {
    start: bigint;
    end: bigint;
    /** `rwxp` / `rw-s` as in maps. */
    perms: string;
    offset: bigint;
    inode: number;
    /** The path, `[heap]`, `[stack]`, `[vdso]`, ... or '' for anonymous memory. */
    path: string;
    /** Indexes (pages from `start`) of the present pages, ascending. */
    present: number[];
}

export interface ProcImage {
    pid: number;
    comm: string;
    threads: number;
    vmPteKb: number;
    vmas: ProcVma[];
}

export class ProcReadError extends Error {}

/** The message for a failed read of /proc/PID/<what>. */
export function readErrorMessage(pid: string, what: string, code: string | undefined): string {
    switch (code) {
        case 'ENOENT':
        case 'ESRCH':
            return what === 'maps' ? `no process ${pid}` : `process ${pid} exited while it was read`;
        case 'EACCES':
        case 'EPERM':
            return (
                `cannot read /proc/${pid}/${what}: permission denied (read another user's process as root, ` +
                `or as its owner)`
            );
        default:
            return `cannot read /proc/${pid}/${what}: ${code ?? 'unknown error'}`;
    }
}

function readProc(pid: string, what: string): string {
    try {
        return fs.readFileSync(`/proc/${pid}/${what}`, 'utf8');
    } catch (error) {
        throw new ProcReadError(readErrorMessage(pid, what, (error as NodeJS.ErrnoException).code));
    }
}

export function parseMaps(text: string): ProcVma[] {
    const vmas: ProcVma[] = [];
    for (const line of text.split('\n')) {
        const m = /^([0-9a-f]+)-([0-9a-f]+)\s+(\S{4})\s+([0-9a-f]+)\s+\S+\s+(\d+)\s*(.*)$/.exec(line);
        if (!m) continue;
        vmas.push({
            start: BigInt(`0x${m[1]}`),
            end: BigInt(`0x${m[2]}`),
            perms: m[3],
            offset: BigInt(`0x${m[4]}`),
            inode: Number(m[5]),
            path: m[6].trim(),
            present: [],
        });
    }
    return vmas;
}

const PRESENT = 1n << 63n;
const CHUNK_PAGES = 1 << 16;

/** Fills each VMA's present pages from the pagemap (VMAs above user space, [vsyscall], are skipped). */
function readPresent(pid: string, vmas: ProcVma[]): void {
    let fd: number;
    try {
        fd = fs.openSync(`/proc/${pid}/pagemap`, 'r');
    } catch (error) {
        throw new ProcReadError(readErrorMessage(pid, 'pagemap', (error as NodeJS.ErrnoException).code));
    }
    const buffer = Buffer.alloc(CHUNK_PAGES * 8);
    try {
        for (const vma of vmas) {
            if (vma.perms.startsWith('---') || vma.start >= 1n << 47n) continue; // PROT_NONE pages are never present
            const first = Number(vma.start >> 12n);
            const pages = Number((vma.end - vma.start) >> 12n);
            for (let done = 0; done < pages; done += CHUNK_PAGES) {
                const n = Math.min(CHUNK_PAGES, pages - done);
                const got = readAt(fd, buffer, n * 8, (first + done) * 8, pid);
                if (got < n * 8) throw new ProcReadError(`process ${pid} exited while it was read`);
                for (let i = 0; i < n; i++)
                    if ((buffer.readBigUInt64LE(i * 8) & PRESENT) !== 0n) vma.present.push(done + i);
            }
        }
    } finally {
        fs.closeSync(fd);
    }
}

function readAt(fd: number, buffer: Buffer, length: number, position: number, pid: string): number {
    try {
        return fs.readSync(fd, buffer, 0, length, position);
    } catch (error) {
        throw new ProcReadError(readErrorMessage(pid, 'pagemap', (error as NodeJS.ErrnoException).code));
    }
}

function statusField(status: string, name: string): string | undefined {
    return new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim();
}

/** `self` or a PID: its VMAs with present pages; throws ProcReadError with the user's message. */
export function readProcess(target: string): ProcImage {
    if (target !== 'self' && !/^[1-9]\d*$/.test(target))
        throw new ProcReadError(`'${target}' is not a process id (a number, or self)`);
    const pid = target === 'self' ? String(process.pid) : target;
    const maps = readProc(pid, 'maps');
    const vmas = parseMaps(maps);
    if (vmas.length === 0) {
        // a zombie or a kernel thread: no mm to read
        throw new ProcReadError(
            `process ${pid} has no address space (a kernel thread, or it exited while it was read)`,
        );
    }
    readPresent(pid, vmas);
    const status = readProc(pid, 'status');
    return {
        pid: Number(pid),
        comm: statusField(status, 'Name') ?? `pid${pid}`,
        threads: Number(statusField(status, 'Threads') ?? 1),
        vmPteKb: Number((statusField(status, 'VmPTE') ?? '0').replace(/\s*kB$/, '')),
        vmas,
    };
}
