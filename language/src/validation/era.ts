/**
 * The kernel era, ASID policy and `noflush` (docs/model.md R40, R58, R62, R66, R75): `kernel 6.x`
 * follows x86_64's arch/x86/mm/tlb.c and is an error on an i386 preset; `asid lru` means nothing
 * without PCID; `noflush` on an mprotect that removes no permission the TLB holds leaves nothing stale.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { ARCHES } from '../layout.js';
import { IssueCodes } from './issue-codes.js';
import { machineOf } from './machine.js';

export class EraValidator {
    checks(): ValidationChecks<MscnAstType> {
        return {
            KernelProp: this.checkKernel,
            AsidProp: this.checkAsid,
            MprotectOp: this.checkNoflush,
        };
    }

    checkKernel = (p: ast.KernelProp, accept: ValidationAcceptor): void => {
        if (p.era === undefined) return;
        if (p.era !== '2.4' && p.era !== '2.6' && p.era !== '6.x') {
            accept('error', `unknown kernel era ${p.era}: the model knows 2.4, 2.6 (the default) and 6.x`, {
                node: p,
                property: 'era',
                code: IssueCodes.KernelEra,
            });
            return;
        }
        const arch = machineOf(p).arch;
        if (p.era === '6.x' && ARCHES[arch]?.is32Bit) {
            accept(
                'error',
                `kernel 6.x is modelled on x86_64 only (its arch/x86/mm/tlb.c); ${arch} is a 2.4 or 2.6 machine here`,
                {
                    node: p,
                    property: 'era',
                    code: IssueCodes.KernelEra,
                },
            );
        }
    };

    checkAsid = (p: ast.AsidProp, accept: ValidationAcceptor): void => {
        if (p.policy !== 'lru' || machineOf(p).pcid) return;
        accept('warning', 'asid lru has no effect without pcid on: every switch to another mm flushes the whole TLB', {
            node: p,
            property: 'policy',
            code: IssueCodes.AsidWithoutPcid,
        });
    };

    checkNoflush = (op: ast.MprotectOp, accept: ValidationAcceptor): void => {
        if (!op.noflush || (op.prot !== 'rw' && op.prot !== 'rwx')) return;
        accept(
            'warning',
            `noflush has no effect here: mprotect to ${op.prot} takes no permission away from a cached ` +
                `entry, so no stale one can stay`,
            {
                node: op,
                property: 'noflush',
                code: IssueCodes.NoflushNoEffect,
            },
        );
    };
}
