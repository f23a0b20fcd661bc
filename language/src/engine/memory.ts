/**
 * The memory budget: what a run holds, in bytes, by a fixed estimate per object, next to the budget of
 * operations (kernel.ts). The estimates are what the engine's own data structures take (typed arrays,
 * one object per table, mm or task), not what the modelled kernel would take: they bound the simulator.
 * Crossing the limit stops the run as the budget of operations does (Kernel.stop): every figure so far
 * is kept, and the stop is located on the statement that allocated past the limit.
 */

export const GIB = 1024 ** 3;

/**
 * 2 GiB. Sized for a 2-core, 24 GiB machine running the editor: V8's overhead on top of the accounted
 * state (GC headroom, hidden classes) is at most about 1.5x, so one run stays under ~3.5 GiB of RSS, and
 * the language server's worker (4 GiB heap limit) and a command-line run side by side leave more than
 * half the machine to the editor. The largest example holds under 10 MiB.
 */
export const DEFAULT_MEMORY_BYTES = 2 * GIB;

/**
 * Bytes per object. frame: a mapcount (4), a kind (1) and a zone (1) in typed arrays that grow by
 * doubling (up to half slack): 12. table: the object (128) plus a pointer per slot (8) for an upper
 * table, or frame (4) + version (4) + flags (1) per slot for leaves. mm: the object, its figures
 * (a Float64Array per figure) and its VMAs: 1 KiB plus a cpumask byte per CPU. task: 256. A TLB entry:
 * ten typed-array fields (48). A stored event: 256 (an object with a few details). A snapshot: 128 per
 * table and per VMA, 64 per leaf run and per TLB entry it lists.
 */
export const BYTES = {
    frame: 12,
    tableObject: 128,
    upperSlot: 8,
    leafSlot: 9,
    mm: 1024,
    task: 256,
    tlbEntry: 48,
    event: 256,
    snapshotTable: 128,
    snapshotRun: 64,
} as const;

export type HeldKind = 'frames' | 'tables' | 'mms' | 'tasks' | 'tlbEntries' | 'events' | 'snapshots';

const KIND_WORDS: Record<HeldKind, [string, string]> = {
    frames: ['frame', 'frames'],
    tables: ['page table', 'page tables'],
    mms: ['mm', 'mms'],
    tasks: ['task', 'tasks'],
    tlbEntries: ['TLB entry', 'TLB entries'],
    events: ['event', 'events'],
    snapshots: ['snapshot', 'snapshots'],
};

/** Zero of every kind, in KIND_WORDS's order. */
function noneHeld(): Record<HeldKind, number> {
    return Object.fromEntries(Object.keys(KIND_WORDS).map(kind => [kind, 0])) as Record<HeldKind, number>;
}

/** Counts and bytes held, by kind; tells `onExceeded` once when the bytes pass the limit. */
export class MemoryMeter {
    readonly counts = noneHeld();
    readonly bytesOf = noneHeld();
    bytes = 0;
    exceeded = false;
    onExceeded: () => void = () => {};

    constructor(readonly limit: number) {}

    /** `count` objects of `kind` taking `bytes` (both negative when freed). */
    add(kind: HeldKind, count: number, bytes: number): void {
        this.counts[kind] += count;
        this.bytesOf[kind] += bytes;
        this.bytes += bytes;
        if (this.bytes > this.limit && !this.exceeded) {
            this.exceeded = true;
            this.onExceeded();
        }
    }

    /** `memory budget of 2 GiB reached: 1,300,000 frames (15 MiB), 2,540 page tables (11 MiB), ...`. */
    message(hint: string): string {
        const parts = (Object.keys(KIND_WORDS) as HeldKind[])
            .filter(kind => this.counts[kind] !== 0)
            .map(kind => {
                const word = KIND_WORDS[kind][this.counts[kind] === 1 ? 0 : 1];
                return `${this.counts[kind].toLocaleString('en-US')} ${word} (${formatBytes(this.bytesOf[kind])})`;
            });
        return `stopped: the memory budget of ${formatBytes(this.limit)} is reached: ${parts.join(', ')} (${hint})`;
    }
}

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

/**
 * The one size formatter of messages and reports: `100 bytes`, `1.5 KiB`, `23.05 KiB`, `512 MiB`, `2 GiB`,
 * `1.25 TiB`, in the largest binary unit the value reaches (up to TiB), with at most `decimals` (default 2),
 * trailing zeros dropped. `roundUp`: rounded up, for a size compared with a limit (a file 1 byte over 1 MiB
 * reads `1.01 MiB`, never `1 MiB`). A value that rounds to 1024 of a unit is 1 of the next (`1 GiB`).
 */
export function formatBytes(bytes: number, options: { decimals?: number; roundUp?: boolean } = {}): string {
    const decimals = options.decimals ?? 2;
    const scale = 10 ** decimals;
    let unit = 0;
    while (unit < UNITS.length - 1 && Math.abs(bytes) >= 1024 ** (unit + 1)) unit++;
    if (unit === 0) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
    const round = options.roundUp ? Math.ceil : Math.round;
    // bytes x scale first: exact below 2^53, and a division by a power of 2 adds no float noise to round up
    let scaled = round((bytes * scale) / 1024 ** unit);
    if (scaled >= 1024 * scale && unit < UNITS.length - 1) {
        unit++;
        scaled = round((bytes * scale) / 1024 ** unit);
    }
    return `${scaled / scale} ${UNITS[unit]}`;
}
