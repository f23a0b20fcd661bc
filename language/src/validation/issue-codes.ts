/**
 * Every diagnostic the checker reports has one of these codes (`Diagnostic.data.code`), so that a
 * client can tell the findings apart. Linking errors keep Langium's `linking-error`.
 */
export namespace IssueCodes {
    // names
    export const DuplicateName = 'duplicate-name';
    export const DuplicateProperty = 'duplicate-property';
    export const MissingImport = 'missing-import';
    export const UnnamedRun = 'unnamed-run';
    export const ReservedVariantName = 'reserved-variant-name';
    // numbers and units
    export const InvalidQuantity = 'invalid-quantity';
    export const CountOutOfRange = 'count-out-of-range';
    export const UnknownFigure = 'unknown-figure';
    export const InvalidQualifier = 'invalid-qualifier';
    export const UnknownCostEvent = 'unknown-cost-event';
    // machine and layout
    export const TlbGeometry = 'tlb-geometry';
    export const RamTooLarge = 'ram-too-large';
    export const OptSplitWithPae = 'opt-split-with-pae';
    export const SplitIgnored = 'split-ignored';
    export const Unaligned = 'unaligned';
    export const HugePageSize = 'huge-page-size';
    export const OutsideUserSpace = 'outside-user-space';
    export const SizeBeyondVa = 'size-beyond-va';
    export const SizeBeyondRam = 'size-beyond-ram';
    export const OverlappingFixedMmap = 'overlapping-fixed-mmap';
    export const UkvaOverlap = 'ukva-overlap';
    export const UkvaPageTables = 'ukva-pagetables';
    export const PerTaskVirtualCaches = 'per-task-virtual-caches';
    export const KernelEra = 'kernel-era';
    export const AsidWithoutPcid = 'asid-without-pcid';
    export const NoflushNoEffect = 'noflush-no-effect';
    export const HugePageCut = 'huge-page-cut';
    export const UkvaTooSmall = 'ukva-too-small';
    export const PerTaskTwoLevels = 'per-task-two-levels';
    export const PcidOn32Bit = 'pcid-on-32-bit';
    // notifiers
    export const SleepingRcu = 'sleeping-rcu';
    export const SleepingAtomicApi = 'sleeping-atomic-api';
    export const IntervalMissing = 'interval-missing';
    export const IntervalUnused = 'interval-unused';
    export const PurgeOnPerPage = 'purge-on-per-page';
    export const DeviceNotRegistered = 'device-not-registered';
    // tasks
    export const CpuOutOfRange = 'cpu-out-of-range';
    export const ThreadOutOfRange = 'thread-out-of-range';
    export const UseAfterExit = 'use-after-exit';
    export const KernelThreadNoMm = 'kernel-thread-no-mm';
    // first-class VASes and segments
    export const VasUnsupported = 'vas-unsupported';
    export const VasNotAttached = 'vas-not-attached';
    export const SegmentRange = 'segment-range';
    // kernel accesses and kmap
    export const KernelAddressUnmapped = 'kernel-address-unmapped';
    export const KernelThreadUserAddress = 'kernel-thread-user-address';
    export const NoPkmapPool = 'no-pkmap-pool';
    // sweeps (docs/sweeps.md)
    export const SweepTooLarge = 'sweep-too-large';
    export const SweepValue = 'sweep-value';
}
