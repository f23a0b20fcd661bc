/**
 * Addresses and sizes of operations, against the run's machine and split: page alignment (4 KiB,
 * or the mapping's huge page size), user space [0, TASK_SIZE), the arch's virtual address bits,
 * RAM, large page sizes the arch has, the UKVA window, and fixed mmaps that overlap an earlier one
 * in straight-line code (R27: MAP_FIXED silently unmaps it: legal, but rarely meant).
 */
import { type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { ARCHES, overlaps } from '../layout.js';
import { mmapOptions, range as lowerRange } from '../lowering/statements.js';
import { addressBytes, formatAddress, formatBytes, sizeBytes, PAGE_SIZE } from '../units.js';
import { IssueCodes } from './issue-codes.js';
import { lineOf, runContext, type RunContext } from './context.js';
import { mmsTouched } from './statements.js';

type RangeOp =
    ast.MunmapOp | ast.MprotectOp | ast.MadviseOp | ast.AccessOp | ast.SwapoutOp | ast.CopyToUserOp | ast.DeviceOp;

const OP_NAMES: Record<string, string> = {
    MunmapOp: 'munmap',
    MprotectOp: 'mprotect',
    MadviseOp: 'madvise',
    SwapoutOp: 'swapout',
    CopyToUserOp: 'copy_to_user',
    DeviceOp: 'device access',
    KmapOp: 'kmap',
};

function opName(op: AstNode): string {
    if (op.$type === 'AccessOp') return (op as ast.AccessOp).kind ?? 'access';
    return OP_NAMES[op.$type] ?? op.$type;
}

/** The page size a mapping uses: its `huge` size, else 4 KiB. */
function pageSizeOf(mmap: ast.MmapOp | undefined): bigint {
    const option = mmapOptions(mmap).huge;
    if (!option) return PAGE_SIZE;
    const huge = sizeBytes(option);
    return huge.ok ? huge.value : PAGE_SIZE;
}

function userSpaceText(ctx: RunContext): string {
    return `user space [0, ${formatAddress(ctx.split.taskSize)}) (TASK_SIZE of split '${ctx.split.name}')`;
}

export class AddressValidator {
    checks(): ValidationChecks<MscnAstType> {
        return {
            MmapOp: this.checkMmap,
            MunmapOp: this.checkAlignedRange,
            MprotectOp: this.checkAlignedRange,
            MadviseOp: this.checkAlignedRange,
            AccessOp: this.checkRange,
            SwapoutOp: this.checkRange,
            CopyToUserOp: this.checkRange,
            DeviceOp: this.checkRange,
            KmapOp: this.checkKmap,
            SegmentAttachOp: this.checkSegment,
            Run: this.checkFixedOverlaps,
        };
    }

    checkMmap = (op: ast.MmapOp, accept: ValidationAcceptor): void => {
        const ctx = runContext(op);
        const size = sizeBytes(op.size);
        const at = op.at ? addressBytes(op.at) : undefined;
        if (!ctx || !size.ok || (at && !at.ok)) return;
        const pageSize = pageSizeOf(op);
        const options = mmapOptions(op);
        if (options.huge && !ARCHES[ctx.machine.arch].leafSizes.includes(pageSize)) {
            const leaves = ARCHES[ctx.machine.arch].leafSizes.map(formatBytes).join(', ');
            accept('error', `${ctx.machine.arch} has no ${formatBytes(pageSize)} pages (${leaves})`, {
                node: options.huge,
                code: IssueCodes.HugePageSize,
            });
            return;
        }
        if (at?.ok) checkAligned(at.value, pageSize, accept, op, 'at', 'address');
        checkMultiple(size.value, pageSize, accept, op, 'size');
        const fileOffset = options.file?.offset;
        const offset = fileOffset ? addressBytes(fileOffset) : undefined;
        if (offset?.ok) checkAligned(offset.value, PAGE_SIZE, accept, options.file!, 'offset', 'file offset');
        if (!checkVaBits(size.value, ctx, accept, op, 'size')) return;
        if (!at) {
            if (size.value > ctx.split.taskSize) {
                accept('error', `mmap of ${formatBytes(size.value)} does not fit in ${userSpaceText(ctx)}`, {
                    node: op,
                    property: 'size',
                    code: IssueCodes.OutsideUserSpace,
                });
            }
            return;
        }
        const end = at.value + size.value;
        if (end > ctx.split.taskSize) {
            accept(
                'error',
                `mmap [${formatAddress(at.value)}, ${formatAddress(end)}) is outside ${userSpaceText(ctx)}`,
                { node: op, property: 'at', code: IssueCodes.OutsideUserSpace },
            );
        }
        const w = ctx.split.ukva;
        if (w && overlaps(at.value, end, w.start, w.start + w.size)) {
            accept(
                'error',
                `mmap [${formatAddress(at.value)}, ${formatAddress(end)}) overlaps the UKVA window ` +
                    `[${formatAddress(w.start)}, ${formatAddress(w.start + w.size)}) of split ` +
                    `'${ctx.split.name}'`,
                {
                    node: op,
                    property: 'at',
                    code: IssueCodes.UkvaOverlap,
                },
            );
        }
    };

    /** munmap, mprotect, madvise: page-aligned start and length (the region's huge page size if any). */
    checkAlignedRange = (op: ast.MunmapOp | ast.MprotectOp | ast.MadviseOp, accept: ValidationAcceptor): void => {
        const address = op.address;
        const pageSize = pageSizeOf(address?.region?.ref);
        if (address?.literal) {
            const start = addressBytes(address.literal);
            if (start.ok) checkAligned(start.value, pageSize, accept, address, 'literal', 'address');
        } else if (address?.offset) {
            const offset = addressBytes(address.offset);
            if (offset.ok) checkAligned(offset.value, pageSize, accept, address, 'offset', 'offset');
        }
        const size = op.size ? sizeBytes(op.size) : undefined;
        if (size?.ok) checkMultiple(size.value, pageSize, accept, op, 'size');
        this.checkRange(op, accept);
    };

    checkRange = (op: RangeOp, accept: ValidationAcceptor): void => {
        const ctx = runContext(op);
        if (!ctx || !op.address) return;
        const size = op.size ? sizeBytes(op.size) : undefined;
        if (size && !size.ok) return;
        if (size && !checkVaBits(size.value, ctx, accept, op, 'size')) return;
        const r = lowerRange(op.address, op.size);
        if (op.$type === 'AccessOp' && op.kind === 'write' && r.size > ctx.machine.ramBytes) {
            accept(
                'error',
                `write of ${formatBytes(r.size)} needs more than the ` +
                    `${formatBytes(ctx.machine.ramBytes)} of RAM of machine '${ctx.machine.name}'`,
                {
                    node: op,
                    property: op.size ? 'size' : 'address',
                    code: IssueCodes.SizeBeyondRam,
                },
            );
        }
        if (op.address.literal && addressBytes(op.address.literal).ok) {
            checkUserRange(opName(op), r.start, r.size, ctx, accept, op.address, 'literal');
        }
        if (op.address.region && op.address.offset) this.checkRegionOffset(op, r.size, ctx, accept);
    };

    /**
     * `REGION + OFFSET` past the end of user space: where the mapping has an `at`, from there; else from
     * address 0, the lowest it can be placed, so that only a range outside user space wherever the mapping
     * lands is refused (within it, a touch past the mapping is the run's to report, as a segfault).
     */
    private checkRegionOffset(op: RangeOp, size: bigint, ctx: RunContext, accept: ValidationAcceptor): void {
        const offset = addressBytes(op.address!.offset);
        const region = op.address!.region!;
        if (!offset.ok) return;
        const at = region.ref?.at ? addressBytes(region.ref.at) : undefined;
        if (at?.ok) {
            checkUserRange(opName(op), at.value + offset.value, size, ctx, accept, op.address!, 'offset');
            return;
        }
        const end = offset.value + size;
        if (end <= ctx.split.taskSize) return;
        accept(
            'error',
            `${opName(op)} ${region.$refText} + ${formatAddress(offset.value)} ends ${formatAddress(end)} past the ` +
                `start of '${region.$refText}': outside ${userSpaceText(ctx)} wherever it is placed`,
            { node: op.address!, property: 'offset', code: IssueCodes.OutsideUserSpace },
        );
    }

    checkKmap = (op: ast.KmapOp, accept: ValidationAcceptor): void => {
        const ctx = runContext(op);
        if (!ctx || !op.address?.literal) return;
        const start = addressBytes(op.address.literal);
        if (start.ok) checkUserRange(op.kind ?? 'kmap', start.value, 1n, ctx, accept, op.address, 'literal');
    };

    checkSegment = (op: ast.SegmentAttachOp, accept: ValidationAcceptor): void => {
        const ctx = runContext(op);
        const segment = op.segment?.ref;
        const start = addressBytes(segment?.address);
        const size = sizeBytes(segment?.size);
        if (!ctx || !segment || !start.ok || !size.ok) return;
        checkUserRange(`segment '${segment.name}'`, start.value, size.value, ctx, accept, op, 'segment');
    };

    /** A fixed mmap over an earlier fixed mmap of the same mm, with nothing in between that could unmap it. */
    checkFixedOverlaps = (run: ast.Run, accept: ValidationAcceptor): void => {
        const fixed = new Map<string, FixedMmaps>();
        for (const s of run.statements ?? []) {
            if (s?.$type === 'MmapOp' && s.at && s.task?.task) {
                const mm = s.task.task.$refText;
                const start = addressBytes(s.at);
                const size = sizeBytes(s.size);
                if (!start.ok || !size.ok) continue;
                const end = start.value + size.value;
                let mmaps = fixed.get(mm);
                if (!mmaps) fixed.set(mm, (mmaps = new FixedMmaps()));
                const earlier = mmaps.firstOverlap(start.value, end);
                if (earlier) {
                    accept(
                        'warning',
                        `mmap [${formatAddress(start.value)}, ${formatAddress(end)}) overlaps the fixed ` +
                            `mapping [${formatAddress(earlier.start)}, ${formatAddress(earlier.end)}) of ` +
                            `line ${lineOf(earlier.op)}: MAP_FIXED unmaps it first`,
                        {
                            node: s,
                            property: 'at',
                            code: IssueCodes.OverlappingFixedMmap,
                        },
                    );
                }
                mmaps.add({ op: s, start: start.value, end });
            } else if (s) {
                for (const mm of mmsTouched(s)) fixed.delete(mm);
            }
        }
    };
}

interface FixedMmap {
    op: ast.MmapOp;
    start: bigint;
    end: bigint;
}

/**
 * The fixed mmaps of one mm since it was last touched. Most never overlap: their union is kept
 * as sorted disjoint spans, so a mapping that overlaps nothing costs a binary search instead of
 * a scan of every earlier one (a generated file of 100k fixed mmaps was quadratic).
 */
class FixedMmaps {
    private readonly all: FixedMmap[] = [];
    private readonly spans: Array<{ start: bigint; end: bigint }> = [];

    /** The earliest mapping overlapping [start, end), if any. */
    firstOverlap(start: bigint, end: bigint): FixedMmap | undefined {
        const i = this.firstSpanEndingAfter(start);
        if (i >= this.spans.length || this.spans[i].start >= end) return undefined;
        return this.all.find(f => overlaps(start, end, f.start, f.end));
    }

    add(f: FixedMmap): void {
        this.all.push(f);
        const i = this.firstSpanEndingAfter(f.start);
        let start = f.start;
        let end = f.end;
        let j = i;
        while (j < this.spans.length && this.spans[j].start < end) {
            if (this.spans[j].start < start) start = this.spans[j].start;
            if (this.spans[j].end > end) end = this.spans[j].end;
            j++;
        }
        this.spans.splice(i, j - i, { start, end });
    }

    /** Index of the first span whose end is beyond `address` (spans are sorted and disjoint). */
    private firstSpanEndingAfter(address: bigint): number {
        let low = 0;
        let high = this.spans.length;
        while (low < high) {
            const mid = (low + high) >> 1;
            if (this.spans[mid].end > address) high = mid;
            else low = mid + 1;
        }
        return low;
    }
}

function checkAligned(
    value: bigint,
    alignment: bigint,
    accept: ValidationAcceptor,
    node: AstNode,
    property: string,
    what: string,
): void {
    if (value % alignment !== 0n) {
        accept('error', `${what} ${formatAddress(value)} is not aligned to ${formatBytes(alignment)}`, {
            node,
            property: property as never,
            code: IssueCodes.Unaligned,
        });
    }
}

function checkMultiple(
    value: bigint,
    alignment: bigint,
    accept: ValidationAcceptor,
    node: AstNode,
    property: string,
): void {
    if (value % alignment !== 0n) {
        accept('error', `size ${formatBytes(value)} is not a multiple of ${formatBytes(alignment)}`, {
            node,
            property: property as never,
            code: IssueCodes.Unaligned,
        });
    }
}

/** False (and an error) when a size is beyond the arch's virtual address space. */
function checkVaBits(
    size: bigint,
    ctx: RunContext,
    accept: ValidationAcceptor,
    node: AstNode,
    property: string,
): boolean {
    const bits = ARCHES[ctx.machine.arch].vaBits;
    if (size <= 1n << BigInt(bits)) return true;
    accept(
        'error',
        `size ${formatBytes(size)} exceeds the ${formatBytes(1n << BigInt(bits))} address space of ` +
            `${ctx.machine.arch} (${bits} VA bits)`,
        {
            node,
            property: property as never,
            code: IssueCodes.SizeBeyondVa,
        },
    );
    return false;
}

function checkUserRange(
    what: string,
    start: bigint,
    size: bigint,
    ctx: RunContext,
    accept: ValidationAcceptor,
    node: AstNode,
    property: string,
): void {
    const end = start + size;
    if (end > ctx.split.taskSize) {
        accept('error', `${what} [${formatAddress(start)}, ${formatAddress(end)}) is outside ${userSpaceText(ctx)}`, {
            node,
            property: property as never,
            code: IssueCodes.OutsideUserSpace,
        });
    }
}
