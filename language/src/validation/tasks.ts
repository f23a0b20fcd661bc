/**
 * Tasks and CPUs: a CPU index within the machine's count, a thread index within the process's
 * threads, no mm operation on a kernel thread, and no use of a task after its exit where that is
 * decidable statically: an `exit` among a run's own statements (not inside a repeat) makes every
 * later mention of that task an error, until a `fork ... as` of the same name brings it back.
 */
import { type ValidationAcceptor, type ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { countValue } from '../units.js';
import { IssueCodes } from './issue-codes.js';
import { lineOf, runContext, taskText, threadCount } from './context.js';
import { taskRefsIn } from './statements.js';

/** Operations that need the task's own mm: a kernel thread has none. */
const MM_OPERATIONS: Record<string, string> = {
    MmapOp: 'mmap',
    MunmapOp: 'munmap',
    MprotectOp: 'mprotect',
    MadviseOp: 'madvise',
    AccessOp: 'access',
    ForkOp: 'fork',
    ExecOp: 'exec',
    CopyToUserOp: 'copy_to_user',
    KmapOp: 'kmap',
    ReplayOp: 'replay',
};

/** `db[4]` of a process with 4 threads: the index is past its last thread (ThreadOutOfRange on `thread`). */
export function checkThreadExists(
    owner: ast.TaskOwner | undefined,
    node: ast.TaskRef | ast.VasAttachOp,
    accept: ValidationAcceptor,
): void {
    const index = node.thread ? countValue(node.thread) : undefined;
    const threads = threadCount(owner);
    if (!owner || !index?.ok || index.value < BigInt(threads)) return;
    const message =
        `thread ${index.value} does not exist: '${owner.name}' has ${threads} ` + `thread${threads === 1 ? '' : 's'}`;
    accept('error', message, { node, property: 'thread', code: IssueCodes.ThreadOutOfRange });
}

export class TaskValidator {
    checks(): ValidationChecks<MscnAstType> {
        return {
            TaskRef: this.checkTaskRef,
            SwitchOp: (op, accept) => this.checkCpu(op, accept),
            MigrateOp: (op, accept) => this.checkCpu(op, accept),
            KernelAccessOp: (op, accept) => {
                if (op.cpu) this.checkCpu(op, accept);
            },
            Qualifier: (q, accept) => {
                if (q.cpu) this.checkCpu(q, accept);
            },
            Run: this.checkUseAfterExit,
        };
    }

    checkTaskRef = (t: ast.TaskRef, accept: ValidationAcceptor): void => {
        const owner = t.task?.ref;
        if (!owner) return;
        checkThreadExists(owner, t, accept);
        const operation = t.$container ? MM_OPERATIONS[t.$container.$type] : undefined;
        // R88: kthreads kmap page-cache pages
        const fileKmap = t.$container?.$type === 'KmapOp' && (t.$container as ast.KmapOp).file !== undefined;
        if (owner.$type === 'KernelThread' && operation && t.$containerProperty !== 'by' && !fileKmap) {
            accept('error', `kernel thread '${owner.name}' has no mm of its own: ${operation} needs a process`, {
                node: t,
                property: 'task',
                code: IssueCodes.KernelThreadNoMm,
            });
        }
    };

    checkCpu(
        node: ast.SwitchOp | ast.MigrateOp | ast.Qualifier | ast.KernelAccessOp,
        accept: ValidationAcceptor,
    ): void {
        const ctx = runContext(node);
        const cpu = countValue(node.cpu);
        if (!ctx || !cpu.ok) return;
        if (cpu.value >= BigInt(ctx.machine.cpus)) {
            const n = ctx.machine.cpus;
            accept(
                'error',
                `cpu ${cpu.value} does not exist: machine '${ctx.machine.name}' has ${n} CPU${n === 1 ? '' : 's'}`,
                {
                    node,
                    property: 'cpu',
                    code: IssueCodes.CpuOutOfRange,
                },
            );
        }
    }

    checkUseAfterExit = (run: ast.Run, accept: ValidationAcceptor): void => {
        const exited = new Map<string, ast.ExitOp>();
        for (const s of run.statements ?? []) {
            if (!s) continue;
            for (const t of exited.size > 0 ? taskRefsIn(s) : []) {
                const exit = exited.get(taskKey(t));
                if (exit) {
                    accept('error', `task '${taskText(t)}' is used after its exit at line ${lineOf(exit)}`, {
                        node: t,
                        code: IssueCodes.UseAfterExit,
                    });
                }
            }
            if (s.$type === 'ExitOp' && s.task && !exited.has(taskKey(s.task))) exited.set(taskKey(s.task), s);
            if (s.$type === 'ForkOp' && s.name) exited.delete(`${s.name}[0]`);
        }
    };
}

function taskKey(t: ast.TaskRef): string {
    const thread = t.thread ? countValue(t.thread) : undefined;
    return `${t.task?.$refText ?? ''}[${thread?.ok ? thread.value : 0n}]`;
}
