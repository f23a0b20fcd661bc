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
            Scenario: this.indexRuns,
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

    /** Visited before the file's splits and variants: their checks read this validation's index of the runs. */
    indexRuns = (root: ast.Scenario): void => {
        runIndexes.set(root, indexRuns(root));
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

    /**
     * Each run's design as the variant changes it. The result depends on the run only through the
     * machine and split it names, so it is found once per such pair (runs are grouped by them once per
     * validation), and a design the variant leaves as declared once per file: checking every variant
     * against every run made 20,000 of each take minutes.
     */
    checkVariantDesigns = (variant: ast.Variant, accept: ValidationAcceptor): void => {
        const overrides = variant.overrides ?? [];
        const changes = overrides.some(
            o => o.$type === 'UseOverride' || o.$type === 'MachineOverride' || o.$type === 'SplitOverride',
        );
        if (!changes) return;
        const index = runIndexOf(AstUtils.findRootNode(variant) as ast.Scenario);
        const useMachine = [...overrides]
            .reverse()
            .find((o): o is ast.UseOverride => o.$type === 'UseOverride' && !!o.machine?.ref)?.machine?.ref;
        const useSplit = [...overrides]
            .reverse()
            .find((o): o is ast.UseOverride => o.$type === 'UseOverride' && !!o.split?.ref)?.split?.ref;
        const machineExtras = new Map<ast.Machine | undefined, ast.MachineProp[]>();
        const splitExtras = new Map<ast.Split | undefined, ast.SplitProp[]>();
        for (const o of overrides) {
            if (o.$type === 'MachineOverride') pushAll(machineExtras, o.target?.ref, o.props ?? []);
            if (o.$type === 'SplitOverride') pushAll(splitExtras, o.target?.ref, o.props ?? []);
        }
        const designs = new PairMap<Finding[]>();
        const findingsOf = (machineNode: ast.Machine | undefined, splitNode: ast.Split | undefined): Finding[] =>
            designs.get(machineNode, splitNode, () => {
                const machineExtra = machineExtras.get(machineNode) ?? [];
                const splitExtra = splitExtras.get(splitNode) ?? [];
                if (machineExtra.length === 0 && splitExtra.length === 0)
                    return index.designs.get(machineNode, splitNode, () => designFindings(machineNode, splitNode));
                return designFindings(machineNode, splitNode, machineExtra, splitExtra);
            });
        const reported: Array<{ run: ast.Run; position: number; findings: Finding[] }> = [];
        for (const group of index.groups) {
            const findings = findingsOf(useMachine ?? group.machine, useSplit ?? group.split);
            if (findings.length > 0)
                for (const [run, position] of group.runs) reported.push({ run, position, findings });
        }
        reported.sort((a, b) => a.position - b.position);
        for (const { run, findings } of reported) {
            const label = `variant '${variant.name}', run '${run.name ?? 'run'}': `;
            for (const [message, code, severity] of findings)
                accept(severity, label + message, { node: variant, property: 'name', code });
        }
    };
}

type Finding = [message: string, code: string, severity: 'error' | 'warning'];

/** What checkDesign reports for a machine and split, with a variant's additions to each. */
function designFindings(
    machineNode: ast.Machine | undefined,
    splitNode: ast.Split | undefined,
    machineExtra: readonly ast.MachineProp[] = [],
    splitExtra: readonly ast.SplitProp[] = [],
): Finding[] {
    const findings: Finding[] = [];
    checkDesign(lowerMachine(machineNode, machineExtra), splitNode, splitExtra, (message, code, severity) =>
        findings.push([message, code, severity]),
    );
    return findings;
}

function pushAll<K, V>(map: Map<K, V[]>, key: K, values: readonly V[]): void {
    const list = map.get(key);
    if (list) list.push(...values);
    else map.set(key, [...values]);
}

/** A map keyed by a machine and a split (either may be absent), computing a missing value once. */
class PairMap<V> {
    private readonly byMachine = new Map<ast.Machine | undefined, Map<ast.Split | undefined, V>>();

    get(machine: ast.Machine | undefined, split: ast.Split | undefined, compute: () => V): V {
        let bySplit = this.byMachine.get(machine);
        if (!bySplit) this.byMachine.set(machine, (bySplit = new Map()));
        if (bySplit.has(split)) return bySplit.get(split)!;
        const value = compute();
        bySplit.set(split, value);
        return value;
    }
}

/** The runs of a file grouped by the machine and split they name, for its splits' and variants' checks. */
interface RunIndex {
    elements: readonly AstNode[];
    /** One group per machine and split, in the order of their first runs; each run with its place among the runs. */
    groups: Array<{ machine: ast.Machine | undefined; split: ast.Split | undefined; runs: Array<[ast.Run, number]> }>;
    /** The first run of each split. */
    firstRuns: Map<ast.Split, ast.Run>;
    /** checkDesign's findings for a machine and split as declared, shared by the variants. */
    designs: PairMap<Finding[]>;
}

/**
 * Built by the scenario's check on every validation (the root is visited before its splits and
 * variants); a check that finds no index for the root's current elements builds one.
 */
const runIndexes = new WeakMap<ast.Scenario, RunIndex>();

function runIndexOf(root: ast.Scenario): RunIndex {
    const cached = runIndexes.get(root);
    if (cached?.elements === (root.elements ?? [])) return cached;
    const index = indexRuns(root);
    runIndexes.set(root, index);
    return index;
}

function indexRuns(root: ast.Scenario): RunIndex {
    const elements = root.elements ?? [];
    const groups = new PairMap<RunIndex['groups'][number]>();
    const index: RunIndex = { elements, groups: [], firstRuns: new Map(), designs: new PairMap() };
    let position = 0;
    for (const e of elements) {
        if (e?.$type !== 'Run') continue;
        const run = e as ast.Run;
        const machine = run.machine?.ref;
        const split = run.split?.ref;
        const group = groups.get(machine, split, () => {
            const created = { machine, split, runs: [] };
            index.groups.push(created);
            return created;
        });
        group.runs.push([run, position++]);
        if (split && !index.firstRuns.has(split)) index.firstRuns.set(split, run);
    }
    return index;
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
    const run = runIndexOf(AstUtils.findRootNode(split) as ast.Scenario).firstRuns.get(split);
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
