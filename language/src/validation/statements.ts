/**
 * Walks over run statements that know the grammar's shape, for the per-run checks. Langium's
 * generic `streamAst` visits every node through `Object.keys` and a stack of iterators; the
 * per-run checks called it once per statement, which made three extra walks of the whole file
 * on every keystroke. A task appears only in the fields listed here, so a direct look is exact.
 */
import type * as ast from '../generated/ast.js';

/** Every statement of a block in pre-order: a repeat before its body. */
export function forEachStatement(
    statements: readonly ast.Statement[] | undefined,
    visit: (s: ast.Statement) => void,
): void {
    for (const s of statements ?? []) {
        if (!s) continue;
        visit(s);
        if (s.$type === 'Repeat') forEachStatement(s.statements, visit);
    }
}

/** The task references of one operation (not of a repeat's body), in source order. */
export function ownTaskRefs(s: ast.Statement): ast.TaskRef[] {
    switch (s.$type) {
        case 'ForkOp':
            return s.parent ? [s.parent] : [];
        case 'SwapoutOp':
            return s.by ? [s.by] : [];
        case 'SegmentZapOp':
        case 'SegmentDetachOp':
            return s.by ? [s.by] : [];
        case 'MmapOp':
        case 'MunmapOp':
        case 'MprotectOp':
        case 'MadviseOp':
        case 'AccessOp':
        case 'ExecOp':
        case 'ExitOp':
        case 'SwitchOp':
        case 'MigrateOp':
        case 'KmapOp':
        case 'CopyToUserOp':
        case 'SyscallOp':
        case 'VasSwitchOp':
        case 'ReplayOp':
        case 'KernelAccessOp':
            return s.task ? [s.task] : [];
        default:
            return [];
    }
}

/** Every task reference inside a statement, a repeat's body included, in source order. */
export function taskRefsIn(s: ast.Statement): ast.TaskRef[] {
    if (s.$type !== 'Repeat') return ownTaskRefs(s);
    const refs: ast.TaskRef[] = [];
    forEachStatement(s.statements, inner => refs.push(...ownTaskRefs(inner)));
    return refs;
}

/** The mms a statement might unmap from (conservative: any task or mm it names, anywhere inside it). */
export function mmsTouched(s: ast.Statement): string[] {
    const names = taskRefsIn(s).map(t => t.task?.$refText ?? '');
    forEachStatement([s], inner => {
        if (inner.$type === 'SwapoutOp') names.push(inner.mm?.$refText ?? '');
    });
    return names;
}
