/**
 * Lowering of run statements into the engine's `Statement`s, with stable ids (the pre-order
 * position of the statement in the file) and 1-based source locations.
 */
import { AstUtils, type AstNode, type Reference } from 'langium';
import type * as ast from '../generated/ast.js';
import type {
    Check,
    Comparator,
    Operation,
    Protection,
    Qualifier,
    Range,
    SourceLoc,
    Statement,
    TaskRef,
} from '../engine/scenario.js';
import { TIME_FIGURES, type FigureName } from '../engine/figures.js';
import { addressBytes, countValue, sizeBytes, timeNs, valueOr, PAGE_SIZE } from '../units.js';
import { smallCount } from './machine.js';

/**
 * Every statement of the file in pre-order (runs in file order, a repeat before its body):
 * a statement's id is its index here. The language server maps ids back to nodes with it.
 */
export function statementsInOrder(root: ast.Scenario): ast.Statement[] {
    const result: ast.Statement[] = [];
    const visit = (statements: readonly ast.Statement[] | undefined): void => {
        for (const s of statements ?? []) {
            result.push(s);
            if (s.$type === 'Repeat') visit(s.statements);
        }
    };
    for (const element of root.elements ?? []) {
        if (element.$type === 'Run') visit(element.statements);
    }
    return result;
}

/** Statement node → id, for the lowering. */
export function statementIds(root: ast.Scenario): Map<ast.Statement, number> {
    return new Map(statementsInOrder(root).map((s, i) => [s, i]));
}

/** The statement node with this id, or undefined. */
export function statementById(root: ast.Scenario, id: number): ast.Statement | undefined {
    return statementsInOrder(root)[id];
}

/** 1-based lines and columns; the end column is one past the last character. */
export function sourceLoc(node: AstNode | undefined): SourceLoc {
    const range = node?.$cstNode?.range;
    if (!range) return { line: 0, column: 0, endLine: 0, endColumn: 0 };
    return {
        line: range.start.line + 1,
        column: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
    };
}

export class StatementLowering {
    constructor(private readonly ids: Map<ast.Statement, number>) {}

    lowerAll(statements: readonly ast.Statement[] | undefined): Statement[] {
        return (statements ?? []).map(s => this.lower(s));
    }

    lower(s: ast.Statement): Statement {
        const id = this.ids.get(s) ?? -1;
        const loc = sourceLoc(s);
        if (s.$type === 'Repeat') {
            return { kind: 'repeat', id, loc, count: smallCount(s.count, 0), body: this.lowerAll(s.statements) };
        }
        if (s.$type === 'Expect') {
            return s.error !== undefined
                ? { kind: 'expect-error', id, loc, text: unquote(s.error) }
                : { kind: 'expect', id, loc, check: lowerCheck(s.check) };
        }
        const checks = (s.checks ?? []).map(lowerCheck);
        return { id, loc, checks, ...lowerOperation(s) } as Operation;
    }
}

type OperationBody = Operation extends infer O ? (O extends unknown ? Omit<O, 'id' | 'loc' | 'checks'> : never) : never;

/** `noflush` (R40) only when written, so that lowered scenarios without it stay as they were. */
function noflush(s: { noflush?: boolean }): { noflush?: true } {
    return s.noflush ? { noflush: true } : {};
}

function lowerOperation(s: ast.Operation): OperationBody {
    switch (s.$type) {
        case 'MmapOp':
            return lowerMmap(s);
        case 'MunmapOp':
            return { kind: 'munmap', task: taskRef(s.task), range: range(s.address, s.size), ...noflush(s) };
        case 'MprotectOp':
            return {
                kind: 'mprotect',
                task: taskRef(s.task),
                range: range(s.address, s.size),
                prot: protection(s.prot),
                ...noflush(s),
            };
        case 'MadviseOp':
            return { kind: 'madvise-dontneed', task: taskRef(s.task), range: range(s.address, s.size), ...noflush(s) };
        case 'AccessOp':
            return {
                kind: 'access',
                access: s.kind ?? 'touch',
                task: taskRef(s.task),
                range: range(s.address, s.size),
                stride: valueOr(sizeBytes(s.stride), PAGE_SIZE),
            };
        case 'ForkOp':
            return { kind: 'fork', parent: taskRef(s.parent), child: s.name ?? '' };
        case 'ExecOp':
            return { kind: 'exec', task: taskRef(s.task) };
        case 'ExitOp':
            return { kind: 'exit', task: taskRef(s.task), group: s.task?.thread === undefined };
        case 'SwitchOp':
            return { kind: 'switch', cpu: smallCount(s.cpu, 0), to: s.idle || !s.task ? 'idle' : taskRef(s.task) };
        case 'MigrateOp':
            return { kind: 'migrate', task: taskRef(s.task), cpu: smallCount(s.cpu, 0) };
        case 'SwapoutOp':
            return { kind: 'swapout', mm: refName(s.mm), range: range(s.address, s.size), by: taskRef(s.by) };
        case 'KmapOp':
            return lowerKmap(s);
        case 'CopyToUserOp':
            return lowerCopyToUser(s);
        case 'KernelAccessOp':
            return lowerKernelAccess(s);
        case 'SyscallOp':
            return { kind: 'syscall', task: taskRef(s.task) };
        case 'RegisterOp':
            return { kind: s.register ? 'register' : 'unregister', notifier: refName(s.notifier) };
        case 'DeviceOp':
            return {
                kind: 'device-access',
                notifier: refName(s.notifier),
                access: s.kind ?? 'touch',
                range: range(s.address, s.size),
            };
        case 'VasCreateOp':
            return { kind: 'vas-create', vas: refName(s.vas) };
        case 'VasAttachOp':
            return {
                kind: 'vas-attach',
                vas: refName(s.vas),
                process: refName(s.process),
                ...(s.thread ? { thread: smallCount(s.thread, 0) } : {}),
            };
        case 'VasSwitchOp':
            return { kind: 'vas-switch', task: taskRef(s.task), to: refName(s.target) };
        case 'SegmentAttachOp':
            return { kind: 'segment-attach', segment: refName(s.segment), vas: refName(s.vas) };
        case 'ReplayOp':
            return { kind: 'replay', task: taskRef(s.task), path: unquote(s.path) };
        case 'SegmentDetachOp':
            return {
                kind: 'segment-detach',
                segment: refName(s.segment),
                vas: refName(s.vas),
                ...(s.by ? { by: taskRef(s.by) } : {}),
            };
        case 'SegmentZapOp':
            return {
                kind: 'segment-zap',
                segment: refName(s.segment),
                by: taskRef(s.by),
                ...(s.at ? { start: valueOr(addressBytes(s.at), 0n) } : {}),
                ...(s.size ? { size: valueOr(sizeBytes(s.size), PAGE_SIZE) } : {}),
            };
    }
}

/** The options of an mmap, the last of each kind winning (the checker reports repeats). */
export interface MmapOptions {
    file?: ast.FileOption;
    sharing?: string;
    prot?: string;
    huge?: ast.Quantity;
}

export function mmapOptions(op: ast.MmapOp | undefined): MmapOptions {
    const result: MmapOptions = {};
    for (const o of op?.options ?? []) {
        switch (o?.$type) {
            case 'AnonOption':
                result.file = undefined;
                break;
            case 'FileOption':
                result.file = o;
                break;
            case 'SharingOption':
                result.sharing = o.sharing;
                break;
            case 'ProtOption':
                result.prot = o.prot;
                break;
            case 'HugeOption':
                result.huge = o.size;
                break;
        }
    }
    return result;
}

function lowerMmap(s: ast.MmapOp): OperationBody {
    const o = mmapOptions(s);
    return {
        kind: 'mmap',
        task: taskRef(s.task),
        start: s.at ? valueOr(addressBytes(s.at), 0n) : undefined,
        size: valueOr(sizeBytes(s.size), PAGE_SIZE),
        backing: o.file
            ? {
                  kind: 'file',
                  file: unquote(o.file.file),
                  offset: o.file.offset ? valueOr(addressBytes(o.file.offset), 0n) : 0n,
              }
            : { kind: 'anon' },
        shared: o.sharing === 'shared',
        prot: protection(o.prot ?? 'rw'),
        pageSize: o.huge ? valueOr(sizeBytes(o.huge), PAGE_SIZE) : PAGE_SIZE,
        region: s.name,
    };
}

function lowerKmap(s: ast.KmapOp): OperationBody {
    const where = range(s.address, undefined);
    const kind = s.kind === 'kmap_atomic' ? 'kmap-atomic' : s.kind === 'kunmap' ? 'kunmap' : 'kmap';
    const file = s.file !== undefined ? { file: filePage(s) } : {};
    return {
        kind,
        task: taskRef(s.task),
        address: where.start,
        ...(where.region ? { region: where.region } : {}),
        ...file,
        ...(s.access ? { access: true } : {}),
    };
}

/** `file "f" offset X` of a kmap or copy_to_user (R83, R88). */
function filePage(s: ast.KmapOp | ast.CopyToUserOp): { file: string; offset: bigint } {
    return { file: unquote(s.file), offset: s.fileOffset ? valueOr(addressBytes(s.fileOffset), 0n) : 0n };
}

function lowerCopyToUser(s: ast.CopyToUserOp): OperationBody {
    const base = {
        kind: 'copy-to-user' as const,
        task: taskRef(s.task),
        range: range(s.address, s.size),
        ...(s.atomic || s.kmapAtomic ? { atomic: true } : {}),
    };
    if (s.file !== undefined) return { ...base, source: { kind: 'file', ...filePage(s) } };
    if (!s.src) return base;
    const src = range(s.src, undefined);
    return { ...base, source: { kind: 'src', address: src.start, ...(src.region ? { region: src.region } : {}) } };
}

function lowerKernelAccess(s: ast.KernelAccessOp): OperationBody {
    const who = s.task ? { task: taskRef(s.task) } : { cpu: smallCount(s.cpu, 0) };
    return {
        kind: 'kernel-access',
        access: s.kind === 'write' ? 'write' : 'read',
        ...who,
        range: range(s.address, s.size),
        stride: valueOr(sizeBytes(s.stride), PAGE_SIZE),
    };
}

export function refName(ref: Reference | undefined): string {
    return ref?.$refText ?? '';
}

export function taskRef(t: ast.TaskRef | undefined): TaskRef {
    return { name: refName(t?.task), thread: t?.thread ? smallCount(t.thread, 0) : 0 };
}

/**
 * A range from an address and an optional size. A region without a size covers the rest of the
 * mapping; a literal without a size is one page.
 */
export function range(address: ast.Address | undefined, size: ast.Quantity | undefined): Range {
    const explicit = size ? valueOr(sizeBytes(size), PAGE_SIZE) : undefined;
    if (address?.region) {
        const offset = address.offset ? valueOr(addressBytes(address.offset), 0n) : 0n;
        const mmap = address.region.ref;
        const whole = mmap ? valueOr(sizeBytes(mmap.size), PAGE_SIZE) : PAGE_SIZE;
        const rest = whole > offset ? whole - offset : PAGE_SIZE;
        return { start: offset, size: explicit ?? rest, region: refName(address.region) };
    }
    return { start: valueOr(addressBytes(address?.literal), 0n), size: explicit ?? PAGE_SIZE };
}

export function protection(p: string | undefined): Protection {
    const text = p === 'none' || p === undefined ? '' : p;
    return { read: text.includes('r'), write: text.includes('w'), exec: text.includes('x') };
}

/** A STRING token's text without its quotes. */
export function unquote(s: string | undefined): string {
    return (s ?? '').replace(/^"|"$/g, '');
}

export function lowerCheck(c: ast.Check | undefined): Check {
    const figure = (c?.figure ?? '') as FigureName;
    const value = TIME_FIGURES.has(figure) ? valueOr(timeNs(c?.value), 0) : Number(valueOr(countValue(c?.value), 0n));
    return {
        figure,
        qualifier: lowerQualifier(c?.qualifier),
        comparator: (c?.comparator ?? '==') as Comparator,
        value,
        loc: sourceLoc(c),
        text: c?.$cstNode?.text ?? '',
    };
}

function lowerQualifier(q: ast.Qualifier | undefined): Qualifier | undefined {
    if (!q) return undefined;
    if (q.cpu) return { kind: 'cpu', cpu: smallCount(q.cpu, 0) };
    if (q.level !== undefined) return { kind: 'level', level: q.level };
    if (!q.target) return undefined;
    return q.target.ref?.$type === 'Notifier'
        ? { kind: 'notifier', name: refName(q.target) }
        : { kind: 'mm', name: refName(q.target) };
}

/** The run a node belongs to, if any. */
export function runOf(node: AstNode | undefined): ast.Run | undefined {
    return node ? AstUtils.getContainerOfType(node, (n): n is ast.Run => n.$type === 'Run') : undefined;
}
