// A deterministic synthetic lackey trace for the benchmarks: the shape of a small program's main loop.
// Not a section (no `.bench.mjs`): the replay and parser sections share it.
//
// Per loop iteration (about 12.6 records, ~73% instruction fetches like real lackey traces):
// - 8 instruction fetches in a loop body on one code page;
// - an 8-byte load per cache line streaming through array `a` and an 8-byte store at a pseudo-random slot
//   of array `b`, both over a working set that grows by one page every 64 iterations up to 16384 pages
//   (64 MiB) each;
// - a read-modify-write of a loop counter on the stack;
// - every 16th iteration a call: 20 fetches on one of 6 other code pages, a return-address store and load;
// - every 4th iteration a load from array `c` with a stride of 4 KiB + 64 bytes over 16 MiB (a new page each
//   time: the TLB-hostile pattern);
// - every 1000th iteration a 16-byte load straddling a page boundary (two pages, one record).
// The working set stops growing after about 1.05 M iterations (13 M records), so a trace of 20 M records and
// one of 40 M records touch the same pages: the longer one only runs the loop longer.
import * as fs from 'node:fs';
import * as path from 'node:path';

const CODE = 0x401000;
const CALLEES = [0x403000, 0x404000, 0x407000, 0x40a000, 0x40b000, 0x412000];
const STACK = 0x1ffefffd40;
const HEAP_A = 0x555555760000;
const HEAP_B = HEAP_A + 0x4000000;
const HEAP_C = HEAP_A + 0x8000000;
const MAX_WS_PAGES = 16384;
const C_BYTES = 16 << 20;
const LOOP_SIZES = [3, 5, 4, 7, 2, 3, 5, 6];
const FLUSH_AT = (4 << 20) - 64;

const HEX = Array.from('0123456789abcdef', c => c.charCodeAt(0));
const PREFIX = { I: [73, 32, 32], L: [32, 76, 32], S: [32, 83, 32], M: [32, 77, 32] };

class TraceWriter {
    constructor(fd) {
        this.fd = fd;
        this.buf = new Uint8Array(4 << 20);
        this.pos = 0;
        this.records = 0;
    }

    /** One lackey line; the address as `%08lx` (at least 8 hex digits), the size in decimal. */
    record(kind, addr, size) {
        const b = this.buf;
        let p = this.pos;
        const prefix = PREFIX[kind];
        b[p++] = prefix[0];
        b[p++] = prefix[1];
        b[p++] = prefix[2];
        const hi = Math.floor(addr / 0x100000000);
        const lo = addr >>> 0;
        if (hi > 0) {
            let digits = 0;
            for (let h = hi; h > 0; h = Math.floor(h / 16)) digits++;
            for (let k = digits - 1, h = hi; k >= 0; k--, h = Math.floor(h / 16)) b[p + k] = HEX[h % 16];
            p += digits;
        }
        for (let k = 7; k >= 0; k--) b[p++] = HEX[(lo >>> (4 * k)) & 15];
        b[p++] = 44;
        if (size >= 10) b[p++] = 48 + Math.floor(size / 10);
        b[p++] = 48 + (size % 10);
        b[p++] = 10;
        this.pos = p;
        this.records++;
        if (p >= FLUSH_AT) this.flush();
    }

    flush() {
        fs.writeSync(this.fd, this.buf, 0, this.pos);
        this.pos = 0;
    }
}

function iteration(w, i, rng) {
    let pc = CODE + 0x40;
    for (const size of LOOP_SIZES) {
        w.record('I', pc, size);
        pc += size;
    }
    const wsBytes = Math.min(MAX_WS_PAGES, 64 + Math.floor(i / 64)) * 4096;
    w.record('L', HEAP_A + ((i * 64) % wsBytes), 8);
    w.record('S', HEAP_B + (rng() % (wsBytes / 8)) * 8, 8);
    w.record('M', STACK, 4);
    if (i % 16 === 0) {
        const callee = CALLEES[(i >>> 4) % CALLEES.length] + 0x120;
        w.record('S', STACK - 8, 8);
        for (let k = 0; k < 20; k++) w.record('I', callee + k * 4, 4);
        w.record('L', STACK - 8, 8);
    }
    if (i % 4 === 0) w.record('L', HEAP_C + (((i / 4) * (4096 + 64)) % C_BYTES), 8);
    if (i % 1000 === 999) w.record('L', HEAP_A + 4096 - 8, 16);
}

/** xorshift32: the same trace on every machine and every run. */
function xorshift(seed) {
    let x = seed >>> 0;
    return () => {
        x ^= x << 13;
        x >>>= 0;
        x ^= x >>> 17;
        x ^= x << 5;
        x >>>= 0;
        return x;
    };
}

/** Writes (or reuses) a trace of at least `records` records in `dir`; returns its path and exact record count. */
export function ensureSyntheticTrace(dir, records) {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `synthetic-v2-${records}.trace`);
    const meta = `${file}.records`;
    if (fs.existsSync(file) && fs.existsSync(meta)) return { file, records: Number(fs.readFileSync(meta, 'utf8')) };
    const tmp = `${file}.partial`;
    const fd = fs.openSync(tmp, 'w');
    const w = new TraceWriter(fd);
    const rng = xorshift(0x9e3779b9);
    // A banner like valgrind's: skipped lines are part of real traces.
    for (const line of ['==1== Lackey, an example Valgrind tool', '==1== Command: ./synthetic', '==1== ']) {
        fs.writeSync(fd, `${line}\n`);
    }
    for (let i = 0; w.records < records; i++) iteration(w, i, rng);
    w.flush();
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
    fs.writeFileSync(meta, String(w.records));
    return { file, records: w.records };
}
