/**
 * A streaming parser of Valgrind lackey traces (`valgrind --tool=lackey --trace-mem=yes`), docs/model.md
 * section 12. Records look like `I  0401ab70,3` (instruction fetch) and ` L 1fff000750,8`, ` S …`, ` M …`
 * (load, store, modify); every other line (`==pid==` banners, program output, garbage) is skipped and counted.
 * It delivers the records as page runs (page-runs.ts), the form the engine replays: section 12 has a record
 * touch every 4 KiB page of [addr, addr + max(size, 1)) in address order (`firstPage`, `pageCount`).
 *
 * Why bytes and not strings: a trace of a few seconds of a real program is hundreds of millions of lines,
 * and `mscn replay` must sustain more than ten million records a second end to end. Decoding, splitting or
 * matching each line would allocate per line; this parser walks the chunk's bytes once and allocates nothing
 * per line (a word view per chunk, a small carry buffer for a line cut by a chunk boundary).
 */

import { PAGE_SIZE } from './machine.js';
import { MAX_REPEAT, RUN_RANGE, RUN_SHIFT, RUN_WRITE, type PageRuns } from './page-runs.js';

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const COMMA = 44;
const ZERO = 48;
const NINE = 57;
const LETTER_I = 73;
const LETTER_L = 76;
const LETTER_M = 77;
const LETTER_S = 83;

/** The kinds of record, their first three bytes read as one little-endian number: `I  `, ` L `, ` S `, ` M `. */
const KIND_I = LETTER_I | (SPACE << 8) | (SPACE << 16);
const KIND_L = SPACE | (LETTER_L << 8) | (SPACE << 16);
const KIND_S = SPACE | (LETTER_S << 8) | (SPACE << 16);
const KIND_M = SPACE | (LETTER_M << 8) | (SPACE << 16);

/**
 * The two shapes of nearly every line of a real trace: 8 address digits (`I  0401ab70,3`, code and heap)
 * or 10 (` S 1fff000778,8`, the stack), then `,`, one size digit and a newline. The four bytes from the
 * last address digit, read as one little-endian word and the digits masked out, are SHAPE.
 */
const SHAPE_MASK = 0xff00ff00;
const SHAPE = (COMMA << 8) | (NEWLINE << 24);
const SHORT_LINE = 14;
const STACK_LINE = 16;

/** Lackey prints at most 16 hex digits; more cannot be a 64-bit address. */
const MAX_ADDRESS_DIGITS = 16;
/** Lackey's sizes are a few bytes (up to 64 or so for vector stores); 9 digits keeps a size below 1 GB. */
const MAX_SIZE_DIGITS = 9;
/** A record is at most 3 + 16 + 1 + 9 + 2 bytes; a cut line longer than this is malformed anyway. */
export const MAX_CARRIED_LINE = 64;

/** Value of each byte as a hex digit, or -1. Built once per parser (no module-level state). */
function hexDigitTable(): Int8Array {
    const table = new Int8Array(256).fill(-1);
    for (let c = 0; c < 10; c++) table[ZERO + c] = c;
    for (let c = 0; c < 6; c++) {
        table[65 + c] = 10 + c; // 'A'..'F'
        table[97 + c] = 10 + c; // 'a'..'f'
    }
    return table;
}

/**
 * Value of each pair of bytes (first << 8 | second) as two hex digits, or -1 (128 KiB). Addresses are
 * 8 to 12 digits: the general path takes them two at a time, the fast paths four (a word, two lookups).
 */
function hexPairTable(digit: Int8Array): Int16Array {
    const table = new Int16Array(65536).fill(-1);
    for (let a = 0; a < 256; a++) {
        if (digit[a] < 0) continue;
        for (let b = 0; b < 256; b++) if (digit[b] >= 0) table[(a << 8) | b] = digit[a] * 16 + digit[b];
    }
    return table;
}

/** Section 12: the first 4 KiB page a record at addr touches. */
export function firstPage(addr: number): number {
    return Math.floor(addr / PAGE_SIZE);
}

/**
 * Section 12: how many pages a record of `size` bytes at addr touches, from firstPage (size 0 counts as 1).
 * From the offset in the page, which is exact for any address a double holds: addr + size itself is
 * rounded above 2^53 (2^56 - 8 plus 4 bytes would end on the next page).
 */
export function pageCount(addr: number, size: number): number {
    return Math.floor(((addr % PAGE_SIZE) + (size > 0 ? size : 1) - 1) / PAGE_SIZE) + 1;
}

export class LackeyParser {
    private readonly hex = hexDigitTable();
    private readonly hexPair = hexPairTable(this.hex);
    /** The start of a line cut by the end of the previous chunk, plus room for its newline at end(). */
    private readonly carry = new Uint8Array(MAX_CARRIED_LINE + 1);
    private carryLength = 0;
    /** The cut line outgrew the carry buffer: it is skipped when its newline arrives. */
    private carryOverlong = false;
    private recordCount = 0;
    private skippedCount = 0;
    private byteCount = 0;

    /** Records delivered so far. */
    get records(): number {
        return this.recordCount;
    }

    /** Lines that were not records (banners, blank lines, malformed records). */
    get skippedLines(): number {
        return this.skippedCount;
    }

    /** Bytes pushed so far. */
    get bytes(): number {
        return this.byteCount;
    }

    /**
     * Parses a chunk, appending its records' page runs to `out`, which must have room for
     * runCapacity(chunk length + MAX_CARRIED_LINE) more entries. Chunk boundaries may fall anywhere,
     * including inside a line.
     */
    push(data: Uint8Array, out: PageRuns): void {
        // A Node Buffer is a Uint8Array subclass: indexing both kinds makes the byte loop polymorphic and
        // about 40% slower, so every chunk is seen through a plain Uint8Array view (no copy).
        const chunk =
            data.constructor === Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.length);
        this.byteCount += chunk.length;
        let start = 0;
        if (this.carryLength > 0 || this.carryOverlong) {
            const newline = chunk.indexOf(NEWLINE);
            if (newline < 0) {
                this.appendToCarry(chunk, 0, chunk.length);
                return;
            }
            this.appendToCarry(chunk, 0, newline + 1);
            this.finishCarriedLine(out);
            start = newline + 1;
        }
        // The lines up to the last newline are whole; the rest of the chunk is carried into the next.
        const rest = Math.max(start, chunk.lastIndexOf(NEWLINE) + 1);
        this.parseLines(chunk, start, rest, out);
        this.appendToCarry(chunk, rest, chunk.length);
    }

    /** Ends the trace: a last line without a newline still counts (appended to `out`). */
    end(out: PageRuns): void {
        if (this.carryLength === 0 && !this.carryOverlong) return;
        this.carry[this.carryLength++] = NEWLINE;
        this.finishCarriedLine(out);
    }

    private appendToCarry(chunk: Uint8Array, from: number, to: number): void {
        const length = to - from;
        if (length === 0) return;
        if (this.carryOverlong || this.carryLength + length > MAX_CARRIED_LINE) {
            this.carryOverlong = true;
            this.carryLength = 0;
            return;
        }
        this.carry.set(chunk.subarray(from, to), this.carryLength);
        this.carryLength += length;
    }

    /** The carry holds one whole line ending in a newline (or is overlong): parse or skip it. */
    private finishCarriedLine(out: PageRuns): void {
        if (this.carryOverlong) this.skippedCount++;
        else this.parseLines(this.carry, 0, this.carryLength, out);
        this.carryLength = 0;
        this.carryOverlong = false;
    }

    /**
     * Parses every line of buf[start, end), where end - 1 is a newline (or end === start), so that no
     * field can run past the range: each stops at a byte that does not belong to it, at the latest the
     * newline. One long function on purpose: this is the hot loop, and a call per field or per record
     * would cost a call per line; the open run lives in locals for the same reason.
     *
     * The two common shapes (SHAPE) go first, read a word at a time: the kind and the shape as two words,
     * the address as 4-digit words through the pair table, the page and offset in int32 arithmetic. A
     * record that crosses a page, and every other shape, takes the general path, byte by byte, and
     * firstPage and pageCount: the same pages for the same line.
     */
    private parseLines(buf: Uint8Array, start: number, end: number, out: PageRuns): void {
        const hex = this.hex;
        const hexPair = this.hexPair;
        const words = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        const vpns = out.vpn;
        const runs = out.run;
        let length = out.length;
        let openVpn = out.openVpn;
        let openWrite = out.openWrite;
        let records = 0;
        let skipped = 0;
        let i = start;
        while (i < end) {
            const lineStart = i;
            // The record's pages, `pages` from page `vpn` (-1: the line is not a record), and its kind.
            let vpn = -1;
            let pages = 1;
            let write = 0;
            record: {
                const kind = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16);
                if (kind === KIND_S || kind === KIND_M) write = RUN_WRITE;
                else if (kind !== KIND_I && kind !== KIND_L) break record;
                if (i + SHORT_LINE <= end) {
                    // Digits 0-7 as two big-endian words, each split into two hex pairs (-1: not hex).
                    const high = words.getUint32(i + 3);
                    const low = words.getUint32(i + 7);
                    const a = hexPair[high >>> 16];
                    const b = hexPair[high & 0xffff];
                    const c = hexPair[low >>> 16];
                    const d = hexPair[low & 0xffff];
                    const short = words.getUint32(i + 10, true);
                    if ((short & SHAPE_MASK) === SHAPE) {
                        // 8 digits: page a b c(high nibble), offset c(low nibble) d.
                        const size = ((short >>> 16) & 0xff) - ZERO;
                        const offset = ((c & 15) << 8) | d;
                        if ((a | b | c | d) >= 0 && size >= 0 && size <= 9 && offset + (size || 1) <= PAGE_SIZE) {
                            vpn = (a << 12) | (b << 4) | (c >> 4);
                            i += SHORT_LINE;
                            break record;
                        }
                    } else if (i + STACK_LINE <= end) {
                        const stack = words.getUint32(i + 12, true);
                        const e = hexPair[words.getUint16(i + 11)];
                        const size = ((stack >>> 16) & 0xff) - ZERO;
                        const offset = ((d & 15) << 8) | e;
                        // 10 digits: page a b c d(high nibble), 28 bits; offset d(low nibble) e.
                        if (
                            (stack & SHAPE_MASK) === SHAPE &&
                            (a | b | c | d | e) >= 0 &&
                            size >= 0 &&
                            size <= 9 &&
                            offset + (size || 1) <= PAGE_SIZE
                        ) {
                            vpn = (a << 20) | (b << 12) | (c << 4) | (d >> 4);
                            i += STACK_LINE;
                            break record;
                        }
                    }
                }
                i += 3;
                let addr = 0;
                for (;;) {
                    const d = hexPair[(buf[i] << 8) | buf[i + 1]];
                    if (d < 0) break;
                    addr = addr * 256 + d;
                    i += 2;
                }
                const odd = hex[buf[i]];
                if (odd >= 0) {
                    addr = addr * 16 + odd; // an odd digit count
                    i++;
                }
                const addrDigits = i - lineStart - 3;
                if (addrDigits === 0 || addrDigits > MAX_ADDRESS_DIGITS || buf[i] !== COMMA) break record;
                let size = buf[++i] - ZERO;
                if (size < 0 || size > 9) break record;
                const sizeStart = i;
                let c = buf[++i];
                while (c >= ZERO && c <= NINE) {
                    size = size * 10 + (c - ZERO);
                    c = buf[++i];
                }
                if (i - sizeStart > MAX_SIZE_DIGITS) break record;
                if (c === CARRIAGE_RETURN) c = buf[++i];
                if (c !== NEWLINE) break record;
                i++;
                vpn = firstPage(addr);
                pages = pageCount(addr, size);
            }
            if (vpn < 0) {
                // Not a record: skip to its newline (the range ends with one), consuming no newline on the way.
                i = lineStart;
                while (buf[i] !== NEWLINE) i++;
                i++;
                skipped++;
                continue;
            }
            records++;
            // page-runs.ts: a one-page record of the open run's page and kind extends it; any other starts one.
            if (pages === 1) {
                if (vpn === openVpn && write === openWrite && runs[length - 1] < MAX_REPEAT << RUN_SHIFT) {
                    runs[length - 1] += 1 << RUN_SHIFT;
                    continue;
                }
                vpns[length] = vpn;
                runs[length++] = (1 << RUN_SHIFT) | write;
                openVpn = vpn;
                openWrite = write;
            } else {
                // At most 244,142 pages: sizes of more than 9 digits are refused above.
                vpns[length] = vpn;
                runs[length++] = (pages << RUN_SHIFT) | RUN_RANGE | write;
                openVpn = -1;
            }
        }
        out.length = length;
        out.openVpn = openVpn;
        out.openWrite = openWrite;
        this.recordCount += records;
        this.skippedCount += skipped;
    }
}
