/**
 * Lowering of declarations: machine, split, process and notifier nodes (with a variant's
 * override properties appended: the last property of a kind wins) into the engine's plain configs.
 * Total functions: an invalid or missing value falls back to its documented default, because the
 * checker has already reported it and the language server lowers files that are being typed.
 */
import type {
    MachineProp,
    Machine,
    Split,
    SplitProp,
    Process,
    ProcessProp,
    Notifier,
    NotifierProp,
    TlbProp,
} from '../generated/ast.js';
import { DEFAULT_ARCH, PAGE_SIZE, tlbClassOf, type TlbClass } from '../engine/arch.js';
import type {
    Arch,
    MachineConfig,
    SplitConfig,
    ProcessConfig,
    NotifierConfig,
    UkvaWindowConfig,
    Cost,
} from '../engine/scenario.js';
import type { FigureName } from '../engine/figures.js';
import { lowmemDefaults } from '../engine/lowmem.js';
import { addressBytes, costValue, countValue, frequencyHz, sizeBytes, timeNs, valueOr } from '../units.js';
import {
    ARCHES,
    PAGE_OFFSET_LA57,
    PAGE_OFFSET_X86_64,
    SPLIT_PAGE_OFFSET,
    TASK_SIZE_4G4G,
    TASK_SIZE_LA57,
    TASK_SIZE_X86_64,
} from '../layout.js';
import { own } from '../own.js';

const GiB = 1n << 30n;
const MiB = 1n << 20n;
/** VMALLOC_START with lowmem full: PAGE_OFFSET + MAXMEM + VMALLOC_OFFSET = 4 GiB - 128 MiB + 8 MiB. */
const VMALLOC_START_FULL = 4n * GiB - 128n * MiB + 8n * MiB;

/** The defaults of docs/language.md: a 2.4 GHz x86_64 (the seed's Xeon E5620) with 4 GiB and one CPU. */
export function defaultMachine(name = 'default'): MachineConfig {
    return {
        name,
        arch: DEFAULT_ARCH,
        ramBytes: 4n * GiB,
        cpus: 1,
        clockHz: 2.4e9,
        tlb4k: { entries: 64, ways: 4 },
        tlbLarge: { entries: 32, ways: 4 },
        pcid: false,
        globalPages: true,
        flushPolicy: { kind: 'ceiling', pages: 33 },
        virtuallyIndexedCaches: false,
        costs: {},
        era: '2.6',
        asidPolicy: 'round-robin',
    };
}

/** LAST_PKMAP as `pkmapSlots` may set it: 1..1024 (R42), else undefined (the checker reported it). */
function pkmapSlots(n: number): number | undefined {
    return n >= 1 && n <= 1024 ? n : undefined;
}

/** A count that fits a double exactly, or the fallback. */
export function smallCount(q: Parameters<typeof countValue>[0], fallback: number, allowPages = false): number {
    const v = countValue(q, allowPages);
    return v.ok && v.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v.value) : fallback;
}

export function lowerMachine(machine: Machine | undefined, extra: readonly MachineProp[] = []): MachineConfig {
    const config = defaultMachine(machine?.name ?? 'default');
    for (const prop of [...(machine?.props ?? []), ...extra]) applyMachineProp(config, prop);
    return config;
}

function applyMachineProp(c: MachineConfig, p: MachineProp): void {
    switch (p.$type) {
        case 'ArchProp':
            if (p.arch) c.arch = p.arch;
            break;
        case 'RamProp':
            c.ramBytes = valueOr(sizeBytes(p.size), c.ramBytes);
            break;
        case 'CpusProp':
            c.cpus = smallCount(p.count, c.cpus);
            break;
        case 'ClockProp':
            c.clockHz = valueOr(frequencyHz(p.frequency), c.clockHz);
            break;
        case 'TlbProp':
            applyTlb(c, p);
            break;
        case 'PcidProp':
            c.pcid = isOn(p.enabled);
            break;
        case 'GlobalPagesProp':
            c.globalPages = isOn(p.enabled);
            break;
        case 'PkmapSlotsProp':
            c.pkmapSlots = pkmapSlots(smallCount(p.slots, 0)) ?? c.pkmapSlots;
            break;
        case 'FlushProp':
            c.flushPolicy = p.alwaysFull
                ? { kind: 'always-full' }
                : { kind: 'ceiling', pages: smallCount(p.ceiling, 33, true) };
            break;
        case 'CachesProp':
            c.virtuallyIndexedCaches = p.indexing === 'virtually-indexed' || p.indexing === 'vivt';
            break;
        case 'StructPageProp':
            c.structPageBytes = smallCount(p.bytes, c.structPageBytes ?? lowmemDefaults(c.arch, c.era).structPageBytes);
            break;
        case 'LowmemReservedProp':
            c.lowmemReservedBytes = valueOr(sizeBytes(p.size), c.lowmemReservedBytes ?? 0n);
            break;
        case 'CostProp':
            applyCost(c, p.event, costValue(p.amount));
            break;
        case 'KernelProp':
            if (p.era === '2.4' || p.era === '2.6' || p.era === '6.x') c.era = p.era;
            break;
        case 'AsidProp':
            if (p.policy === 'lru' || p.policy === 'round-robin') c.asidPolicy = p.policy;
            break;
    }
}

/** Which of the machine's two TLBs a `tlb` property sets (the arch module's test). */
export function tlbClassOfProp(p: Pick<TlbProp, 'large' | 'pageSize'>): TlbClass {
    return tlbClassOf(p.large, valueOr(sizeBytes(p.pageSize), BigInt(PAGE_SIZE)));
}

function applyTlb(c: MachineConfig, p: Extract<MachineProp, { $type: 'TlbProp' }>): void {
    const large = tlbClassOfProp(p) === 'large';
    const current = large ? c.tlbLarge : c.tlb4k;
    const geometry = { entries: smallCount(p.entries, current.entries), ways: smallCount(p.ways, current.ways) };
    if (large) c.tlbLarge = geometry;
    else c.tlb4k = geometry;
}

function applyCost(c: MachineConfig, event: string | undefined, cost: ReturnType<typeof costValue>): void {
    if (event && cost.ok) c.costs[event as FigureName] = cost.value satisfies Cost;
}

export function isOn(value: string | undefined): boolean {
    return value === 'on' || value === 'yes';
}

/**
 * The split of `arch`: 32-bit presets default to 3G/1G; x86_64 and la57 have a fixed layout
 * (user space is the lower canonical half) and keep only `task_size`, `pagetables` and `ukva`.
 */
export function lowerSplit(split: Split | undefined, arch: Arch, extra: readonly SplitProp[] = []): SplitConfig {
    const is32 = ARCHES[arch]?.is32Bit ?? false;
    const config: SplitConfig = is32
        ? {
              name: split?.name ?? '3G/1G',
              pageOffset: 0xc0000000n,
              taskSize: 0xc0000000n,
              fourGFourG: false,
              pagetables: 'lowmem',
          }
        : {
              name: split?.name ?? arch,
              pageOffset: arch === 'x86_64-la57' ? PAGE_OFFSET_LA57 : PAGE_OFFSET_X86_64,
              taskSize: arch === 'x86_64-la57' ? TASK_SIZE_LA57 : TASK_SIZE_X86_64,
              fourGFourG: false,
              pagetables: 'lowmem',
          };
    let taskSize: bigint | undefined;
    let placement: SplitConfig['pagetables'] | undefined;
    let ukva: Extract<SplitProp, { $type: 'UkvaProp' }> | undefined;
    for (const p of [...(split?.props ?? []), ...extra]) {
        switch (p.$type) {
            case 'SplitKindProp':
                if (is32) applyKind(config, p.kind);
                break;
            case 'PageOffsetProp':
                if (is32) Object.assign(config, pageOffsetSplit(valueOr(addressBytes(p.address), config.pageOffset)));
                break;
            case 'TaskSizeProp':
                taskSize = valueOr(addressBytes(p.address), config.taskSize);
                break;
            case 'PageTablesProp':
                placement = p.placement ?? placement;
                break;
            case 'UkvaProp':
                ukva = p;
                break;
        }
    }
    if (ukva) config.ukva = lowerUkva(ukva, config, arch);
    if (taskSize !== undefined) config.taskSize = taskSize;
    // R46: TASK_SIZE shrinks
    else if (config.ukva?.placement === 'user-top' && !ukva?.address) config.taskSize = config.ukva.start;
    config.pagetables = placement ?? (config.ukva?.holdsPageTables ? 'ukva' : 'lowmem');
    return config;
}

function applyKind(config: SplitConfig, kind: string | undefined): void {
    if (kind === '4G/4G') {
        Object.assign(config, { pageOffset: 0n, taskSize: TASK_SIZE_4G4G, fourGFourG: true });
    } else if (kind && own(SPLIT_PAGE_OFFSET, kind) !== undefined) {
        Object.assign(config, pageOffsetSplit(SPLIT_PAGE_OFFSET[kind]));
    }
}

function pageOffsetSplit(pageOffset: bigint): Partial<SplitConfig> {
    return { pageOffset, taskSize: pageOffset, fourGFourG: false };
}

/**
 * The pages a UKVA window must have (R45): its kmap slots, plus with `pagetables` one slot per possible
 * user PTE table, TASK_SIZE / the span of one table (768 non-PAE, 1536 PAE on 3G/1G); and the pages
 * of user space one PTE table maps (4 MiB, 2 MiB on PAE and 64-bit).
 */
export function ukvaNeed(
    arch: Arch,
    split: Pick<SplitConfig, 'pageOffset' | 'fourGFourG'>,
    kmapSlots: number,
    pagetables: boolean,
): { pages: number; tableSlots: number; tableSpanBytes: bigint } {
    const tableSpanBytes = arch === 'i386' ? 4n * MiB : 2n * MiB;
    const userTop = split.fourGFourG || !ARCHES[arch]?.is32Bit ? TASK_SIZE_4G4G : split.pageOffset;
    const tableSlots = pagetables ? Number((userTop + tableSpanBytes - 1n) / tableSpanBytes) : 0;
    return { pages: kmapSlots + tableSlots, tableSlots, tableSpanBytes };
}

/**
 * R46: `at user-top` (the per-mm default) ends at PAGE_OFFSET, `at kernel` (the per-task default)
 * starts at the bottom of vmalloc, VMALLOC_START = high_memory + 8 MiB (VMALLOC_OFFSET) with lowmem
 * full, i.e. 4 GiB - 128 MiB + 8 MiB on every split, rounded up to the span of one PTE table.
 */
function lowerUkva(p: Extract<SplitProp, { $type: 'UkvaProp' }>, split: SplitConfig, arch: Arch): UkvaWindowConfig {
    const contents = p.contents ?? [];
    const kmap = contents.find(c => !c.pagetables);
    const holdsPageTables = contents.some(c => c.pagetables);
    const kmapSlots = kmap ? smallCount(kmap.slots, 0) : 0;
    const scope = p.scope === 'per-task' ? 'per-task' : 'per-mm';
    const need = ukvaNeed(arch, split, kmapSlots, holdsPageTables);
    const size = p.size ? valueOr(sizeBytes(p.size), 4096n) : BigInt(Math.max(1, need.pages)) * 4096n;
    let start: bigint;
    let placement: 'user-top' | 'kernel';
    if (p.address) {
        start = valueOr(addressBytes(p.address), 0n);
        placement = start >= split.pageOffset && !split.fourGFourG ? 'kernel' : 'user-top';
    } else {
        placement = (p.place ?? (scope === 'per-task' ? 'kernel' : 'user-top')) as 'user-top' | 'kernel';
        const span = need.tableSpanBytes;
        const vmallocStart = ((VMALLOC_START_FULL + span - 1n) / span) * span;
        start = placement === 'kernel' ? vmallocStart : (split.fourGFourG ? TASK_SIZE_4G4G : split.pageOffset) - size;
    }
    return { start, size, scope, holdsPageTables, kmapSlots, placement };
}

export function lowerProcess(process: Process, extra: readonly ProcessProp[] = []): ProcessConfig {
    let threads = 1;
    for (const p of [...(process.props ?? []), ...extra]) {
        if (p.$type === 'ThreadsProp') threads = smallCount(p.count, threads);
    }
    return { name: process.name, threads };
}

/** Defaults: the 2.6.27 merged API, release before unmap, not sleeping, RCU, a per-page secondary at 2 us. */
export function lowerNotifier(n: Notifier, extra: readonly NotifierProp[] = []): NotifierConfig {
    const config: NotifierConfig = {
        name: n.name,
        mm: n.mm?.$refText ?? '',
        api: 'merged',
        release: 'before-unmap',
        sleeps: false,
        locking: 'rcu',
        secondary: { flush: 'per-page', maxPages: 1, fullPurgeBeyondMax: false, costNs: 2000 },
        registerAtSetup: true,
    };
    for (const p of [...(n.props ?? []), ...extra]) applyNotifierProp(config, p);
    return config;
}

function applyNotifierProp(c: NotifierConfig, p: NotifierProp): void {
    switch (p.$type) {
        case 'ApiProp':
            if (p.api) c.api = p.api;
            c.interval = p.size
                ? { start: valueOr(addressBytes(p.address), 0n), size: valueOr(sizeBytes(p.size), 4096n) }
                : undefined;
            break;
        case 'ReleaseProp':
            if (p.release) c.release = p.release;
            break;
        case 'SleepsProp':
            c.sleeps = isOn(p.sleeps);
            break;
        case 'LockingProp':
            if (p.locking) c.locking = p.locking;
            break;
        case 'SecondaryProp': {
            const costNs = p.cost ? valueOr(timeNs(p.cost), c.secondary.costNs) : c.secondary.costNs;
            c.secondary = p.perPage
                ? { flush: 'per-page', maxPages: 1, fullPurgeBeyondMax: false, costNs }
                : { flush: 'range', maxPages: smallCount(p.maxPages, 1, true), fullPurgeBeyondMax: p.purge, costNs };
            break;
        }
    }
}
