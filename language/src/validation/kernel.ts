/**
 * Kernel-side statements (docs/model.md R42, R65, R90): a literal kernel address that no kernel
 * mapping could cover (R65's pkmap slots, fixmap slots, the UKVA window's kmap slots, the direct map),
 * a user address read from a kernel thread, a `src` outside user space, and `pkmapSlots` on a 64-bit
 * machine, which has no pkmap pool.
 */
import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { geometryOf, zonesOf } from '../engine/machine.js';
import { FIXMAP_BASE_VPN, KM_TYPE_NR, PKMAP_BASE_VPN } from '../engine/kernel-map.js';
import { lowerMachine } from '../lowering/machine.js';
import { addressBytes, formatAddress, sizeBytes, PAGE_SIZE } from '../units.js';
import { IssueCodes } from './issue-codes.js';
import { runContext, type RunContext } from './context.js';

/** The kernel areas R65 resolves, as [start, end) byte ranges, for the run's machine and split. */
function kernelAreas(ctx: RunContext): Array<{ name: string; start: bigint; end: bigint }> {
    const { machine, split } = ctx;
    const geometry = geometryOf(machine.arch);
    if (geometry.is64) return [{ name: 'direct map', start: split.pageOffset, end: 1n << 64n }];
    const page = (vpn: number) => BigInt(vpn) * PAGE_SIZE;
    const slots = machine.pkmapSlots ?? geometry.pkmapSlots;
    const areas = [
        {
            name: 'direct map',
            start: split.pageOffset,
            end: split.pageOffset + BigInt(zonesOf(machine, split).lowmemPages) * PAGE_SIZE,
        },
        { name: 'pkmap', start: page(PKMAP_BASE_VPN), end: page(PKMAP_BASE_VPN + slots) },
        { name: 'fixmap', start: page(FIXMAP_BASE_VPN), end: page(FIXMAP_BASE_VPN + machine.cpus * KM_TYPE_NR) },
    ];
    const w = split.ukva;
    if (w && w.kmapSlots > 0)
        areas.push({ name: 'UKVA kmap', start: w.start, end: w.start + BigInt(w.kmapSlots) * PAGE_SIZE });
    return areas;
}

export class KernelValidator {
    checks(): ValidationChecks<MscnAstType> {
        return {
            KernelAccessOp: this.checkKernelAccess,
            CopyToUserOp: this.checkCopySource,
            PkmapSlotsProp: this.checkPkmapSlots,
        };
    }

    checkKernelAccess = (op: ast.KernelAccessOp, accept: ValidationAcceptor): void => {
        const ctx = runContext(op);
        const literal = op.address?.literal;
        const start = literal ? addressBytes(literal) : undefined;
        const size = op.size ? sizeBytes(op.size) : undefined;
        if (!ctx || !start?.ok || (size && !size.ok) || ctx.split.fourGFourG) return;
        const last = start.value + (size?.ok ? size.value : 1n) - 1n;
        for (const address of last === start.value ? [start.value] : [start.value, last]) {
            if (this.checkAddress(op, address, ctx, accept)) return;
        }
    };

    /** One address of a kernel access; true when it reported an error. */
    private checkAddress(
        op: ast.KernelAccessOp,
        address: bigint,
        ctx: RunContext,
        accept: ValidationAcceptor,
    ): boolean {
        const node: AstNode = op.address!;
        if (address < ctx.split.taskSize) {
            if (op.task?.task?.ref?.$type !== 'KernelThread') return false;
            accept(
                'error',
                `kernel ${op.kind} at ${formatAddress(address)}: a user address, but ` +
                    `'${op.task.task.$refText}' is a kernel thread with no user mm (R65)`,
                {
                    node,
                    property: 'literal',
                    code: IssueCodes.KernelThreadUserAddress,
                },
            );
            return true;
        }
        const areas = kernelAreas(ctx);
        if (areas.some(a => address >= a.start && address < a.end)) return false;
        const list = areas.map(a => `${a.name} [${formatAddress(a.start)}, ${formatAddress(a.end)})`).join(', ');
        accept(
            'error',
            `kernel ${op.kind} at ${formatAddress(address)}: no kernel mapping covers it (the kernel ` +
                `would oops); kernel mappings: ${list}`,
            {
                node,
                property: 'literal',
                code: IssueCodes.KernelAddressUnmapped,
            },
        );
        return true;
    }

    checkCopySource = (op: ast.CopyToUserOp, accept: ValidationAcceptor): void => {
        const ctx = runContext(op);
        const literal = op.src?.literal;
        const start = literal ? addressBytes(literal) : undefined;
        if (!ctx || !start?.ok || start.value < ctx.split.taskSize) return;
        accept(
            'error',
            `copy_to_user src ${formatAddress(start.value)} is outside user space [0, ` +
                `${formatAddress(ctx.split.taskSize)})`,
            {
                node: op.src!,
                property: 'literal',
                code: IssueCodes.OutsideUserSpace,
            },
        );
    };

    checkPkmapSlots = (prop: ast.PkmapSlotsProp, accept: ValidationAcceptor): void => {
        const container = prop.$container;
        const machine =
            container?.$type === 'MachineOverride'
                ? lowerMachine((container as ast.MachineOverride).target?.ref, (container as ast.MachineOverride).props)
                : lowerMachine(container as ast.Machine | undefined);
        if (!geometryOf(machine.arch).is64) return;
        accept('error', `${machine.arch} has no pkmap pool: every frame is lowmem and kmap takes no slot (R90)`, {
            node: prop,
            code: IssueCodes.NoPkmapPool,
        });
    };
}
