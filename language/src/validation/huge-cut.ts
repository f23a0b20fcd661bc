/**
 * A huge-page mapping cut off its page boundary (docs/model.md R37, R76): what the checker can see.
 * Per process (its threads with it), the large-page mmaps made at literal addresses by a run's
 * top-level statements; a later top-level munmap, mprotect, madvise or MAP_FIXED mmap at a literal
 * address whose start or end falls inside one off its page boundary is an error (hugetlb split returns
 * EINVAL). A repeat, fork or vas switch of the process stops its tracking; a literal munmap or mmap
 * forgets the mappings it overlaps. Everything else is the engine's run-time EINVAL.
 */
import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { mmapOptions } from '../lowering/statements.js';
import { addressBytes, formatAddress, formatBytes, sizeBytes, PAGE_SIZE } from '../units.js';
import { mmsTouched } from './statements.js';
import { lineOf } from './context.js';
import { IssueCodes } from './issue-codes.js';

interface HugeMapping {
    op: ast.MmapOp;
    start: bigint;
    end: bigint;
    pageSize: bigint;
}

/** A statement's literal range: [start, end) and where each bound is written, or null. */
interface LiteralRange {
    start: bigint;
    end: bigint;
    startAt: [AstNode, string];
    endAt: [AstNode, string];
}

function literalRange(s: ast.Statement): LiteralRange | null {
    if (s.$type === 'MmapOp') {
        const start = addressBytes(s.at);
        const size = sizeBytes(s.size);
        if (!s.at || !start.ok || !size.ok) return null;
        return { start: start.value, end: start.value + size.value, startAt: [s, 'at'], endAt: [s, 'size'] };
    }
    if (s.$type !== 'MunmapOp' && s.$type !== 'MprotectOp' && s.$type !== 'MadviseOp') return null;
    const start = addressBytes(s.address?.literal);
    const size = s.size ? sizeBytes(s.size) : { ok: true as const, value: PAGE_SIZE };
    if (!s.address?.literal || !start.ok || !size.ok) return null;
    return {
        start: start.value,
        end: start.value + size.value,
        startAt: [s.address, 'literal'],
        endAt: s.size ? [s, 'size'] : [s.address, 'literal'],
    };
}

/** The process a statement acts on, by name (threads share their process's mappings). */
function processOf(s: ast.Statement): string | undefined {
    if (s.$type === 'ForkOp') return s.parent?.task?.$refText;
    return 'task' in s && s.task && typeof s.task === 'object' && 'task' in s.task ? s.task.task?.$refText : undefined;
}

const OP_WORDS: Partial<Record<string, string>> = {
    MmapOp: 'mmap',
    MunmapOp: 'munmap',
    MprotectOp: 'mprotect',
    MadviseOp: 'madvise',
};

export class HugeCutValidator {
    checks(): ValidationChecks<MscnAstType> {
        return { Run: this.checkHugeCuts };
    }

    checkHugeCuts = (run: ast.Run, accept: ValidationAcceptor): void => {
        const tracked = new Map<string, HugeMapping[]>();
        for (const s of run.statements ?? []) {
            if (!s) continue;
            const process = processOf(s);
            if (s.$type === 'Repeat') for (const mm of mmsTouched(s)) tracked.delete(mm);
            else if ((s.$type === 'ForkOp' || s.$type === 'VasSwitchOp') && process) tracked.delete(process);
            const range = literalRange(s);
            if (!range || !process) continue;
            const mappings = tracked.get(process) ?? [];
            this.reportCut(s, range, mappings, accept);
            const kept =
                s.$type === 'MunmapOp' || s.$type === 'MmapOp'
                    ? mappings.filter(m => m.end <= range.start || m.start >= range.end)
                    : mappings;
            const pageSize = s.$type === 'MmapOp' ? hugeSize(s) : PAGE_SIZE;
            if (s.$type === 'MmapOp' && pageSize > PAGE_SIZE)
                kept.push({ op: s, start: range.start, end: range.end, pageSize });
            tracked.set(process, kept);
        }
    };

    private reportCut(
        s: ast.Statement,
        range: LiteralRange,
        mappings: HugeMapping[],
        accept: ValidationAcceptor,
    ): void {
        for (const m of mappings) {
            const bound = inside(range.start, m)
                ? { at: range.start, where: range.startAt }
                : inside(range.end, m)
                  ? { at: range.end, where: range.endAt }
                  : null;
            if (!bound) continue;
            accept(
                'error',
                `${OP_WORDS[s.$type] ?? s.$type} cuts the ${formatBytes(m.pageSize)} huge-page mapping ` +
                    `[${formatAddress(m.start)}, ${formatAddress(m.end)}) of line ${lineOf(m.op)} at ` +
                    `${formatAddress(bound.at)}: not ${formatBytes(m.pageSize)} aligned (hugetlb split ` +
                    `returns EINVAL)`,
                {
                    node: bound.where[0],
                    property: bound.where[1] as never,
                    code: IssueCodes.HugePageCut,
                },
            );
            return;
        }
    }
}

function inside(address: bigint, m: HugeMapping): boolean {
    return address > m.start && address < m.end && address % m.pageSize !== 0n;
}

function hugeSize(op: ast.MmapOp): bigint {
    const huge = sizeBytes(mmapOptions(op).huge);
    return mmapOptions(op).huge && huge.ok ? huge.value : PAGE_SIZE;
}
