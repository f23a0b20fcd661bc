/**
 * Machines, splits and UKVA windows: TLB geometry, RAM the arch can address, the split a machine
 * can take (3G/1G-opt is non-PAE only), and a window that must stay clear of the stack and of the
 * kernel's vmalloc, pkmap and fixmap areas (docs/model.md sections 1, 2, 8; constants in layout.ts).
 */
import { AstUtils, type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import type { MachineConfig, SplitConfig, UkvaWindowConfig } from '../engine/scenario.js';
import { maxmemBytes } from '../engine/machine.js';
import { isOn, lowerMachine, lowerSplit, ukvaNeed } from '../lowering/machine.js';
import { ARCHES, I386_KERNEL_AREAS, STACK_SIZE, overlaps } from '../layout.js';
import { addressBytes, countValue, formatAddress, formatBytes, sizeBytes, PAGE_SIZE } from '../units.js';
import { IssueCodes } from './issue-codes.js';

const GiB = 1n << 30n;

/** The machine a property block belongs to (a variant's override adds to its target's). */
export function machineOf(prop: AstNode): MachineConfig {
    const container = prop.$container;
    if (container?.$type === 'MachineOverride') {
        const o = container as ast.MachineOverride;
        return lowerMachine(o.target?.ref, o.props);
    }
    return lowerMachine(container as ast.Machine | undefined);
}

export class MachineValidator {
    checks(): ValidationChecks<MscnAstType> {
        return {
            TlbProp: this.checkTlb,
            RamProp: this.checkRam,
            PcidProp: this.checkPcid,
            Split: this.checkSplit,
            Run: this.checkRunDesign,
            Variant: this.checkVariantDesigns,
        };
    }

    checkTlb = (tlb: ast.TlbProp, accept: ValidationAcceptor): void => {
        const entries = countValue(tlb.entries);
        const ways = countValue(tlb.ways);
        if (entries.ok && ways.ok && ways.value > 0n && entries.value % ways.value !== 0n) {
            accept(
                'error',
                `ways ${ways.value} do not divide entries ${entries.value}: sets = entries / ways must be whole`,
                {
                    node: tlb,
                    property: 'ways',
                    code: IssueCodes.TlbGeometry,
                },
            );
        }
        const size = tlb.pageSize ? sizeBytes(tlb.pageSize) : undefined;
        if (size?.ok) {
            const arch = machineOf(tlb).arch;
            const leaves = ARCHES[arch].leafSizes;
            if (!leaves.includes(size.value)) {
                accept(
                    'error',
                    `${arch} has no ${formatBytes(size.value)} pages (${leaves.map(formatBytes).join(', ')})`,
                    {
                        node: tlb,
                        property: 'pageSize',
                        code: IssueCodes.TlbGeometry,
                    },
                );
            }
        }
    };

    checkRam = (ram: ast.RamProp, accept: ValidationAcceptor): void => {
        const size = sizeBytes(ram.size);
        if (!size.ok) return;
        const arch = machineOf(ram).arch;
        const bits = ARCHES[arch].physBits;
        if (size.value > 1n << BigInt(bits)) {
            accept(
                'error',
                `ram ${formatBytes(size.value)} exceeds what ${arch} can address ` +
                    `(${formatBytes(1n << BigInt(bits))}, ${bits} physical address bits)`,
                {
                    node: ram,
                    property: 'size',
                    code: IssueCodes.RamTooLarge,
                },
            );
        }
    };

    /** R48: CR4.PCIDE needs long mode: PCID on an i386 preset is an error. */
    checkPcid = (pcid: ast.PcidProp, accept: ValidationAcceptor): void => {
        const arch = machineOf(pcid).arch;
        if (isOn(pcid.enabled) && ARCHES[arch].is32Bit) {
            accept('error', `pcid on ${arch}: PCID (CR4.PCIDE) needs long mode, so 32-bit kernels have none`, {
                node: pcid,
                property: 'enabled',
                code: IssueCodes.PcidOn32Bit,
            });
        }
    };

    checkSplit = (split: ast.Split, accept: ValidationAcceptor): void => {
        const arch = archForSplit(split);
        const config = lowerSplit(split, arch);
        const ukvaProp = (split.props ?? []).find((p): p is ast.UkvaProp => p?.$type === 'UkvaProp');
        const placement = (split.props ?? []).find((p): p is ast.PageTablesProp => p?.$type === 'PageTablesProp');
        if (placement?.placement === 'ukva' && !config.ukva?.holdsPageTables) {
            accept(
                'error',
                'pagetables ukva needs a UKVA window that holds them: ukva at ADDRESS size SIZE per-mm { pagetables }',
                {
                    node: placement,
                    property: 'placement',
                    code: IssueCodes.UkvaPageTables,
                },
            );
        } else if (placement && placement.placement !== 'ukva' && config.ukva?.holdsPageTables) {
            accept('error', `the UKVA window holds the page tables, but pagetables is ${placement.placement}`, {
                node: placement,
                property: 'placement',
                code: IssueCodes.UkvaPageTables,
            });
        }
        if (ukvaProp && config.ukva) checkWindow(ukvaProp, config, arch, accept);
    };

    checkRunDesign = (run: ast.Run, accept: ValidationAcceptor): void => {
        const machine = lowerMachine(run.machine?.ref);
        const report = (message: string, code: string, severity: 'error' | 'warning'): void =>
            accept(
                severity,
                message,
                run.split ? { node: run, property: 'split', code } : { node: run, keyword: 'run', code },
            );
        checkDesign(machine, run.split?.ref, [], report);
    };

    checkVariantDesigns = (variant: ast.Variant, accept: ValidationAcceptor): void => {
        const overrides = variant.overrides ?? [];
        const changes = overrides.some(
            o => o.$type === 'UseOverride' || o.$type === 'MachineOverride' || o.$type === 'SplitOverride',
        );
        if (!changes) return;
        const root = AstUtils.findRootNode(variant) as ast.Scenario;
        for (const run of (root.elements ?? []).filter((e): e is ast.Run => e?.$type === 'Run')) {
            const useMachine = [...overrides]
                .reverse()
                .find((o): o is ast.UseOverride => o.$type === 'UseOverride' && !!o.machine?.ref)?.machine?.ref;
            const useSplit = [...overrides]
                .reverse()
                .find((o): o is ast.UseOverride => o.$type === 'UseOverride' && !!o.split?.ref)?.split?.ref;
            const machineNode = useMachine ?? run.machine?.ref;
            const machineExtra = overrides
                .filter((o): o is ast.MachineOverride => o.$type === 'MachineOverride' && o.target?.ref === machineNode)
                .flatMap(o => o.props ?? []);
            const splitNode = useSplit ?? run.split?.ref;
            const splitExtra = overrides
                .filter((o): o is ast.SplitOverride => o.$type === 'SplitOverride' && o.target?.ref === splitNode)
                .flatMap(o => o.props ?? []);
            const label = `variant '${variant.name}', run '${run.name ?? 'run'}': `;
            checkDesign(lowerMachine(machineNode, machineExtra), splitNode, splitExtra, (message, code, severity) =>
                accept(severity, label + message, { node: variant, property: 'name', code }),
            );
        }
    };
}

type Report = (message: string, code: string, severity: 'error' | 'warning') => void;

/** Rules on a machine and split together: PAE's 1 GiB split granularity, 64-bit layouts, aliasing. */
function checkDesign(
    machine: MachineConfig,
    splitNode: ast.Split | undefined,
    extra: readonly ast.SplitProp[],
    report: Report,
): void {
    const split = lowerSplit(splitNode, machine.arch, extra);
    const props = [...(splitNode?.props ?? []), ...extra];
    const setsOffset = props.some(p => p?.$type === 'SplitKindProp' || p?.$type === 'PageOffsetProp');
    if (!ARCHES[machine.arch].is32Bit && setsOffset) {
        report(
            `split '${split.name}' sets PAGE_OFFSET, which ${machine.arch} ignores: user space is [0, ` +
                `${formatAddress(split.taskSize)})`,
            IssueCodes.SplitIgnored,
            'warning',
        );
    }
    if (machine.arch === 'i386-pae' && !split.fourGFourG && split.pageOffset % GiB !== 0n) {
        const what = props.some(p => p?.$type === 'SplitKindProp' && p.kind === '3G/1G-opt')
            ? '3G/1G-opt'
            : `PAGE_OFFSET ${formatAddress(split.pageOffset)}`;
        report(
            `${what} needs i386 without PAE: with PAE each pgd entry maps 1 GiB, so PAGE_OFFSET must be ` +
                `a multiple of 1 GiB`,
            IssueCodes.OptSplitWithPae,
            'error',
        );
    }
    const scope = split.ukva?.scope;
    if (machine.virtuallyIndexedCaches && scope) {
        const how =
            scope === 'per-task'
                ? 'one kernel address maps a different frame in each task'
                : 'one frame is mapped at its window address and at its direct-map address';
        report(
            `a ${scope} UKVA window on machine '${machine.name}' with virtually indexed caches aliases: ${how}`,
            IssueCodes.PerTaskVirtualCaches,
            'warning',
        );
    }
    if (scope === 'per-task' && machine.arch === 'i386' && !split.fourGFourG) {
        report(
            `a per-task UKVA window on non-PAE i386: the seed assumes three levels; here the user ` +
                `entries live in each task's pgd, so every one written or cleared is copied to the mm's ` +
                `other pgds (pgdSyncs)`,
            IssueCodes.PerTaskTwoLevels,
            'warning',
        );
    }
    if (split.ukva && (split.fourGFourG || !ARCHES[machine.arch].is32Bit)) {
        const what = split.fourGFourG
            ? '4G/4G (the kernel has its own address space)'
            : `${machine.arch} (no highmem, no window needed)`;
        report(`a UKVA window cannot be combined with ${what}`, IssueCodes.UkvaOverlap, 'error');
    }
}

/** The arch a split is checked against: that of the first run using it, else i386 (UKVA is a 32-bit idea). */
function archForSplit(split: ast.Split): MachineConfig['arch'] {
    const root = AstUtils.findRootNode(split) as ast.Scenario;
    const run = (root.elements ?? []).find((e): e is ast.Run => e?.$type === 'Run' && e.split?.ref === split);
    return run ? lowerMachine(run.machine?.ref).arch : 'i386';
}

function checkWindow(
    prop: ast.UkvaProp,
    split: SplitConfig,
    arch: MachineConfig['arch'],
    accept: ValidationAcceptor,
): void {
    const window = split.ukva!;
    if (prop.address && !addressBytes(prop.address).ok) return;
    if (prop.size && !sizeBytes(prop.size).ok) return;
    const where = prop.address ? { node: prop, property: 'address' as const } : { node: prop, keyword: 'ukva' };
    if (window.start % PAGE_SIZE !== 0n) {
        accept('error', `address ${formatAddress(window.start)} is not aligned to 4 KiB`, {
            node: prop,
            property: 'address',
            code: IssueCodes.Unaligned,
        });
    }
    if (window.size % PAGE_SIZE !== 0n) {
        accept('error', `size ${formatBytes(window.size)} is not a multiple of 4 KiB`, {
            node: prop,
            property: 'size',
            code: IssueCodes.Unaligned,
        });
    }
    checkWindowSize(prop, window, split, arch, accept);
    const end = window.start + window.size;
    const text = `UKVA window [${formatAddress(window.start)}, ${formatAddress(end)})`;
    const stackStart = split.taskSize > STACK_SIZE ? split.taskSize - STACK_SIZE : 0n;
    if (window.start < split.taskSize && overlaps(window.start, end, stackStart, split.taskSize)) {
        accept(
            'error',
            `${text} overlaps the stack [${formatAddress(stackStart)}, ` +
                `${formatAddress(split.taskSize)}), the 8 MiB below TASK_SIZE: lower task_size`,
            {
                ...where,
                code: IssueCodes.UkvaOverlap,
            },
        );
    }
    if (!ARCHES[arch].is32Bit || split.fourGFourG) return;
    // R46: reaching lowmem, pkmap (and the fixmap above it) or TASK_UNMAPPED_BASE is an error; vmalloc is where `at
    // kernel` goes.
    const lowmemEnd = split.pageOffset + maxmemBytes(split);
    const unmappedBase = ((split.pageOffset / 3n + PAGE_SIZE - 1n) / PAGE_SIZE) * PAGE_SIZE;
    const areas = [
        { name: 'lowmem (direct map)', start: split.pageOffset, end: lowmemEnd },
        ...I386_KERNEL_AREAS.filter(a => a.name !== 'vmalloc'),
    ];
    for (const area of areas) {
        if (overlaps(window.start, end, area.start, area.end)) {
            accept(
                'error',
                `${text} overlaps the kernel's ${area.name} area [${formatAddress(area.start)}, ` +
                    `${formatAddress(area.end)})`,
                {
                    ...where,
                    code: IssueCodes.UkvaOverlap,
                },
            );
        }
    }
    if (window.start < unmappedBase) {
        accept(
            'error',
            `${text} reaches below TASK_UNMAPPED_BASE ${formatAddress(unmappedBase)}, where mmap places mappings`,
            { ...where, code: IssueCodes.UkvaOverlap },
        );
    }
}

/** R45, R68: a window smaller than its kmap slots plus one slot per possible user PTE table is an error. */
function checkWindowSize(
    prop: ast.UkvaProp,
    window: UkvaWindowConfig,
    split: SplitConfig,
    arch: MachineConfig['arch'],
    accept: ValidationAcceptor,
): void {
    const need = ukvaNeed(arch, split, window.kmapSlots, window.holdsPageTables);
    const pages = window.size / PAGE_SIZE;
    if (pages >= BigInt(need.pages)) return;
    const parts = [
        window.kmapSlots > 0 ? `${window.kmapSlots} kmap slots` : '',
        need.tableSlots > 0 ? `${need.tableSlots} PTE-table slots` : '',
    ]
        .filter(Boolean)
        .join(' + ');
    accept(
        'error',
        `UKVA window of ${pages} pages (${pages * 4n} KiB) is smaller than what it holds on ${arch}: ` +
            `${need.pages} pages (${need.pages * 4} KiB) = ${parts}`,
        {
            ...(prop.size ? { node: prop, property: 'size' as const } : { node: prop, keyword: 'ukva' }),
            code: IssueCodes.UkvaTooSmall,
        },
    );
}
