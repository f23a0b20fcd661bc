/**
 * First-class VASes and segments (docs/model.md R55, R57, R73): `model rfc` needs VAS support (the
 * RFC was x86_64-only: an i386 preset has none); a `vas switch` into a VAS needs an earlier `vas
 * attach` in the run (shared: of the process; rfc: of that very thread, vas_attach(tsk)); a seg-zap's
 * range lies inside its segment.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { ARCHES } from '../layout.js';
import { addressBytes, countValue, sizeBytes } from '../units.js';
import { IssueCodes } from './issue-codes.js';
import { runContext, taskText } from './context.js';
import { checkThreadExists } from './tasks.js';
import { forEachStatement } from './statements.js';

export class VasValidator {
    checks(): ValidationChecks<MscnAstType> {
        return {
            VasCreateOp: this.checkSupport,
            Run: this.checkAttachedBeforeSwitch,
            SegmentZapOp: this.checkZapRange,
            VasAttachOp: this.checkAttachThread,
        };
    }

    checkAttachThread = (op: ast.VasAttachOp, accept: ValidationAcceptor): void => {
        checkThreadExists(op.process?.ref, op, accept);
    };

    checkSupport = (op: ast.VasCreateOp, accept: ValidationAcceptor): void => {
        const vas = op.vas?.ref;
        const ctx = runContext(op);
        if (!vas || vas.model !== 'rfc' || !ctx || !ARCHES[ctx.machine.arch].is32Bit) return;
        accept(
            'error',
            `VAS '${vas.name}' is model rfc, which ${ctx.machine.arch} does not support: the RFC's ` +
                `first-class address spaces were x86_64-only`,
            {
                node: op,
                property: 'vas',
                code: IssueCodes.VasUnsupported,
            },
        );
    };

    /** In pre-order (a repeat's body included): a switch into a VAS that no earlier statement attached. */
    checkAttachedBeforeSwitch = (run: ast.Run, accept: ValidationAcceptor): void => {
        const attached = new Set<string>();
        forEachStatement(run.statements, s => {
            if (s.$type === 'VasAttachOp' && s.vas?.ref) {
                const thread = s.thread ? countValue(s.thread) : undefined;
                attached.add(`${s.vas.ref.name}|${s.process?.$refText ?? ''}`);
                attached.add(`${s.vas.ref.name}|${s.process?.$refText ?? ''}[${thread?.ok ? thread.value : 0n}]`);
            }
            if (s.$type !== 'VasSwitchOp' || s.target?.ref?.$type !== 'Vas' || !s.task) return;
            const vas = s.target.ref;
            const rfc = vas.model === 'rfc';
            const thread = s.task.thread ? countValue(s.task.thread) : undefined;
            const process = s.task.task?.$refText ?? '';
            const key = rfc ? `${vas.name}|${process}[${thread?.ok ? thread.value : 0n}]` : `${vas.name}|${process}`;
            if (attached.has(key)) return;
            const what = rfc
                ? `task '${taskText(s.task)}' has no attachment of VAS '${vas.name}' (model rfc attaches ` +
                  `per task: \`vas attach ${vas.name} to ${taskText(s.task)}\`)`
                : `'${process}' has not attached VAS '${vas.name}'`;
            accept('error', `vas switch: ${what}`, { node: s, property: 'target', code: IssueCodes.VasNotAttached });
        });
    };

    checkZapRange = (op: ast.SegmentZapOp, accept: ValidationAcceptor): void => {
        const segment = op.segment?.ref;
        const segStart = addressBytes(segment?.address);
        const segSize = sizeBytes(segment?.size);
        if (!segment || !segStart.ok || !segSize.ok) return;
        const at = op.at ? addressBytes(op.at) : { ok: true as const, value: segStart.value };
        const size = op.size
            ? sizeBytes(op.size)
            : { ok: true as const, value: segStart.value + segSize.value - (at.ok ? at.value : 0n) };
        if (!at.ok || !size.ok) return;
        if (at.value < segStart.value || at.value + size.value > segStart.value + segSize.value || size.value <= 0n) {
            accept(
                'error',
                `seg-zap: the range is not inside segment '${segment.name}' ` +
                    `[0x${segStart.value.toString(16)}, 0x${(segStart.value + segSize.value).toString(16)})`,
                {
                    node: op,
                    property: op.at ? 'at' : 'size',
                    code: IssueCodes.SegmentRange,
                },
            );
        }
    };
}
