/**
 * Numbers and units: every quantity is converted by the rule its place in the grammar gives it
 * (a size, an address, a count, a time, a cost, a frequency), so overflow beyond 64 bits, a
 * negative or zero size, a fraction, an unknown unit and a unit of the wrong dimension are all
 * reported on the quantity itself. Counts then get their bounds (a CPU count, a repeat count).
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { TIME_FIGURES, type FigureName } from '../engine/figures.js';
import { addressBytes, costValue, countValue, frequencyHz, sizeBytes, timeNs, type Result } from '../units.js';
import { IssueCodes } from './issue-codes.js';

type Role = 'size' | 'address' | 'count' | 'pageCount' | 'time' | 'cost' | 'frequency';

/** The role of a quantity by where it stands: `<container type>.<property>`. */
const ROLES: Record<string, Role> = {
    'RamProp.size': 'size',
    'TlbProp.pageSize': 'size',
    'UkvaProp.size': 'size',
    'Segment.size': 'size',
    'ApiProp.size': 'size',
    'MmapOp.size': 'size',
    'HugeOption.size': 'size',
    'MunmapOp.size': 'size',
    'MprotectOp.size': 'size',
    'MadviseOp.size': 'size',
    'AccessOp.size': 'size',
    'AccessOp.stride': 'size',
    'SwapoutOp.size': 'size',
    'CopyToUserOp.size': 'size',
    'DeviceOp.size': 'size',
    'PageOffsetProp.address': 'address',
    'TaskSizeProp.address': 'address',
    'UkvaProp.address': 'address',
    'Segment.address': 'address',
    'ApiProp.address': 'address',
    'MmapOp.at': 'address',
    'FileOption.offset': 'address',
    'Address.offset': 'address',
    'Address.literal': 'address',
    'CpusProp.count': 'count',
    'TlbProp.entries': 'count',
    'TlbProp.ways': 'count',
    'ThreadsProp.count': 'count',
    'UkvaContent.slots': 'count',
    'Repeat.count': 'count',
    'TaskRef.thread': 'count',
    'SwitchOp.cpu': 'count',
    'MigrateOp.cpu': 'count',
    'Qualifier.cpu': 'count',
    'SecondaryProp.maxPages': 'pageCount',
    'FlushProp.ceiling': 'pageCount',
    'ClockProp.frequency': 'frequency',
    'CostProp.amount': 'cost',
    'SecondaryProp.cost': 'time',
    'SegmentZapOp.at': 'address',
    'SegmentZapOp.size': 'size',
    'VasAttachOp.thread': 'count',
    'KernelAccessOp.size': 'size',
    'KernelAccessOp.stride': 'size',
    'KernelAccessOp.cpu': 'count',
    'KmapOp.fileOffset': 'address',
    'CopyToUserOp.fileOffset': 'address',
    'PkmapSlotsProp.slots': 'count',
};

interface Bounds {
    label: string;
    min: bigint;
    max: bigint;
    note?: string;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A TLB's entries and ways: the language's bounds, which `mscn replay --tlb` obeys too. */
export const TLB_BOUNDS = {
    entries: { label: 'entries', min: 0n, max: 1n << 20n },
    ways: { label: 'ways', min: 1n, max: 1n << 20n },
} as const satisfies Record<string, Bounds>;

/** Bounds of counts beyond "fits a double exactly". */
const BOUNDS: Record<string, Bounds> = {
    'CpusProp.count': { label: 'cpus', min: 1n, max: 8192n, note: 'CONFIG_NR_CPUS' },
    'ThreadsProp.count': { label: 'threads', min: 1n, max: 4194304n, note: 'PID_MAX_LIMIT' },
    'TlbProp.entries': TLB_BOUNDS.entries,
    'TlbProp.ways': TLB_BOUNDS.ways,
    'UkvaContent.slots': { label: 'kmap slots', min: 1n, max: 1n << 20n },
    'SecondaryProp.maxPages': { label: 'max pages', min: 1n, max: 1n << 32n },
    'PkmapSlotsProp.slots': { label: 'pkmapSlots', min: 1n, max: 1024n, note: 'LAST_PKMAP' },
};

export function quantityRole(q: ast.Quantity): Role | 'figure' | undefined {
    const container = q.$container;
    if (!container) return undefined;
    if (container.$type === 'Check') {
        return TIME_FIGURES.has(container.figure as FigureName) ? 'time' : 'count';
    }
    return ROLES[`${container.$type}.${q.$containerProperty ?? ''}`];
}

function evaluate(q: ast.Quantity, role: Role): Result<unknown> {
    switch (role) {
        case 'size':
            return sizeBytes(q);
        case 'address':
            return addressBytes(q);
        case 'count':
            return countValue(q);
        case 'pageCount':
            return countValue(q, true);
        case 'time':
            return timeNs(q);
        case 'cost':
            return costValue(q);
        case 'frequency':
            return frequencyHz(q);
    }
}

export class NumberValidator {
    checks(): ValidationChecks<MscnAstType> {
        return { Quantity: this.checkQuantity };
    }

    checkQuantity = (q: ast.Quantity, accept: ValidationAcceptor): void => {
        const role = quantityRole(q);
        if (!role || role === 'figure') return;
        const result = evaluate(q, role);
        if (!result.ok) {
            accept('error', result.message, { node: q, code: IssueCodes.InvalidQuantity });
            return;
        }
        if (role === 'count' || role === 'pageCount') this.checkBounds(q, result.value as bigint, accept);
    };

    private checkBounds(q: ast.Quantity, value: bigint, accept: ValidationAcceptor): void {
        const key = `${q.$container?.$type}.${q.$containerProperty ?? ''}`;
        const bounds = BOUNDS[key];
        if (bounds && (value < bounds.min || value > bounds.max)) {
            const note = bounds.note ? ` (${bounds.note})` : '';
            accept('error', `${bounds.label} must be between ${bounds.min} and ${bounds.max}${note}, found ${value}`, {
                node: q,
                code: IssueCodes.CountOutOfRange,
            });
        } else if (value > MAX_SAFE) {
            accept('error', `${value} is too large a count (at most ${MAX_SAFE})`, {
                node: q,
                code: IssueCodes.CountOutOfRange,
            });
        }
    }
}
