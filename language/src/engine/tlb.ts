/**
 * A TLB (docs/model.md section 4): a set-associative structure whose entries hold a translation. Each
 * entry also keeps a reference to the page-table slot it was filled from and that slot's version,
 * so that a hit can tell in O(1) whether the page table may have changed since (rule R5).
 */
import { SetAssociative } from './set-assoc.js';
import type { PageTable } from './page-table.js';

/** The tag of an entry: 0 without PCID, else the hardware ASID (slot + 1). */
export class Tlb extends SetAssociative {
    /** Base page number (4 KiB units) of the entry's page. */
    readonly base: Float64Array;
    /** Size of the entry in 4 KiB pages: 1, 512, 1024 or 262144. */
    readonly pages: Int32Array;
    readonly asid: Int32Array;
    readonly global: Uint8Array;
    readonly writable: Uint8Array;
    readonly frame: Float64Array;
    readonly leaf: (PageTable | null)[];
    readonly leafSlot: Int32Array;
    readonly version: Uint32Array;

    constructor(entries: number, ways: number) {
        super(entries, ways);
        const n = this.capacity;
        this.base = new Float64Array(n);
        this.pages = new Int32Array(n);
        this.asid = new Int32Array(n);
        this.global = new Uint8Array(n);
        this.writable = new Uint8Array(n);
        this.frame = new Float64Array(n);
        this.leaf = new Array<PageTable | null>(n).fill(null);
        this.leafSlot = new Int32Array(n);
        this.version = new Uint32Array(n);
    }

    /** Set of a page of `pages` 4 KiB pages at page number vpn (R1). */
    setOf(vpn: number, pages: number): number {
        if (pages === 1) return this.setMask >= 0 ? (vpn >>> 0) & this.setMask : vpn % this.sets;
        return Math.floor(vpn / pages) % this.sets;
    }

    /** The entry covering vpn at this size that matches (global or asid), or -1. */
    find(vpn: number, pages: number, asid: number): number {
        if (this.sets === 0) return -1;
        const base = pages === 1 ? vpn : vpn - (vpn % pages);
        const first = this.setOf(vpn, pages) * this.ways;
        for (let s = first; s < first + this.ways; s++) {
            if (
                this.valid[s] &&
                this.base[s] === base &&
                this.pages[s] === pages &&
                (this.global[s] || this.asid[s] === asid)
            )
                return s;
        }
        return -1;
    }

    /**
     * Fills a translation; returns 1 if a valid entry was evicted, else 0. R3: an entry with the same
     * (asid or global, base, size) is replaced in place, without an eviction.
     */
    fill(
        base: number,
        pages: number,
        asid: number,
        global: boolean,
        writable: boolean,
        frame: number,
        leaf: PageTable | null,
        leafSlot: number,
        version: number,
    ): number {
        if (this.sets === 0) return 0;
        const first = this.setOf(base, pages) * this.ways;
        const g = global ? 1 : 0;
        // One pass: the same-key entry (R3), else the first invalid way, else the LRU way.
        let slot = -1;
        let victim = first;
        let free = -1;
        for (let s = first; s < first + this.ways; s++) {
            if (this.valid[s] === 0) {
                if (free < 0) free = s;
                continue;
            }
            if (
                this.base[s] === base &&
                this.pages[s] === pages &&
                this.global[s] === g &&
                (global || this.asid[s] === asid)
            ) {
                slot = s;
                break;
            }
            if (this.stamp[s] < this.stamp[victim] || this.valid[victim] === 0) victim = s;
        }
        let evicted = 0;
        if (slot < 0) {
            slot = free >= 0 ? free : victim;
            evicted = free >= 0 ? 0 : 1;
        }
        this.valid[slot] = 1;
        this.base[slot] = base;
        this.pages[slot] = pages;
        this.asid[slot] = asid;
        this.global[slot] = global ? 1 : 0;
        this.writable[slot] = writable ? 1 : 0;
        this.frame[slot] = frame;
        this.leaf[slot] = leaf;
        this.leafSlot[slot] = leafSlot;
        this.version[slot] = version;
        this.touch(slot);
        return evicted;
    }

    private drop(slot: number): void {
        this.valid[slot] = 0;
        this.leaf[slot] = null;
    }

    /** Drops every non-global entry with this asid (asid < 0: any asid); returns how many. */
    flushAsid(asid: number): number {
        let dropped = 0;
        for (let s = 0; s < this.valid.length; s++) {
            if (this.valid[s] && !this.global[s] && (asid < 0 || this.asid[s] === asid)) {
                this.drop(s);
                dropped++;
            }
        }
        return dropped;
    }

    /** Drops every entry, global ones too (a PGE toggle). */
    flushAll(): number {
        let dropped = 0;
        for (let s = 0; s < this.valid.length; s++) {
            if (this.valid[s]) {
                this.drop(s);
                dropped++;
            }
        }
        return dropped;
    }

    /** invlpg of page vpn: drops entries of any size covering it, of this asid or global. */
    flushPage(vpn: number, asid: number, sizes: readonly number[]): number {
        let dropped = 0;
        for (const pages of sizes) {
            const slot = this.find(vpn, pages, asid);
            if (slot >= 0) {
                this.drop(slot);
                dropped++;
            }
        }
        return dropped;
    }

    /** Valid entry count (snapshots, tests). */
    occupancy(): number {
        let n = 0;
        for (let s = 0; s < this.valid.length; s++) n += this.valid[s];
        return n;
    }
}
