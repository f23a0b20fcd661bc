/**
 * Names and properties: one name per declaration in a file (top-level declarations, and the
 * mappings and forked children of each run), each property at most once per block, imports that
 * name a file that exists, at most one unnamed run, and no variant called `base`.
 */
import { AstUtils, type AstNode, type LangiumDocuments, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { resolveImport } from '../mscn-scope.js';
import { BASE_VARIANT } from '../lowering/scenario.js';
import { tlbClassOfProp } from '../lowering/machine.js';
import { IssueCodes } from './issue-codes.js';
import { lineOf } from './context.js';
import { forEachStatement } from './statements.js';

type Named = AstNode & { name?: string };

export class NameValidator {
    constructor(private readonly documents: () => LangiumDocuments) {}

    checks(): ValidationChecks<MscnAstType> {
        return {
            Scenario: [this.checkTopLevelNames, this.checkUnnamedRuns],
            Run: this.checkRunNames,
            Import: this.checkImport,
            Variant: this.checkVariantName,
        };
    }

    checkTopLevelNames = (root: ast.Scenario, accept: ValidationAcceptor): void => {
        const elements = root.elements ?? [];
        topLevelNames.set(root, { elements, names: reportDuplicates(elements as Named[], accept) });
    };

    checkRunNames = (run: ast.Run, accept: ValidationAcceptor): void => {
        const named: Named[] = [];
        forEachStatement(run.statements, s => {
            if (s.$type === 'MmapOp' || s.$type === 'ForkOp') named.push(s);
        });
        reportDuplicates(named, accept, topLevelNamesOf(AstUtils.findRootNode(run) as ast.Scenario));
    };

    checkUnnamedRuns = (root: ast.Scenario, accept: ValidationAcceptor): void => {
        const unnamed = (root.elements ?? []).filter((e): e is ast.Run => e?.$type === 'Run' && !e.name);
        for (const run of unnamed.slice(1)) {
            accept('error', 'only one run may be unnamed: name this one (run NAME on MACHINE { ... })', {
                node: run,
                keyword: 'run',
                code: IssueCodes.UnnamedRun,
            });
        }
    };

    checkImport = (imp: ast.Import, accept: ValidationAcceptor): void => {
        const document = AstUtils.getDocument(imp);
        const path = (imp.path ?? '').replace(/^"|"$/g, '');
        if (!path) {
            accept('error', 'an import needs a file name: import "machines.mscn"', {
                node: imp,
                property: 'path',
                code: IssueCodes.MissingImport,
            });
            return;
        }
        if (!this.documents().hasDocument(resolveImport(document, path))) {
            accept('error', `cannot find imported file '${path}'`, {
                node: imp,
                property: 'path',
                code: IssueCodes.MissingImport,
            });
        }
    };

    checkVariantName = (variant: ast.Variant, accept: ValidationAcceptor): void => {
        if (variant.name === BASE_VARIANT) {
            accept('error', `'${BASE_VARIANT}' names the scenario without variants: choose another name`, {
                node: variant,
                property: 'name',
                code: IssueCodes.ReservedVariantName,
            });
        }
    };
}

/**
 * The first top-level declaration of each name, per file. The scenario's own check (visited before
 * its runs) computes it on every validation, and each run's check reads it: building it once per run
 * made a file of n runs cost n² (8,000 empty runs took 26 s to check). A run checked
 * without that check first (its elements array is not the one the map was built from) builds it anew.
 */
const topLevelNames = new WeakMap<ast.Scenario, { elements: readonly AstNode[]; names: ReadonlyMap<string, Named> }>();

function topLevelNamesOf(root: ast.Scenario): ReadonlyMap<string, Named> {
    const elements = root.elements ?? [];
    const cached = topLevelNames.get(root);
    if (cached?.elements === elements) return cached.names;
    const names = firstDeclarations(elements as Named[]);
    topLevelNames.set(root, { elements, names });
    return names;
}

function firstDeclarations(nodes: readonly Named[]): Map<string, Named> {
    const names = new Map<string, Named>();
    for (const node of nodes) if (node?.name && !names.has(node.name)) names.set(node.name, node);
    return names;
}

/**
 * Reports each node whose name an earlier node (or `outer`) already declared; returns the first
 * node of each name among `nodes`. `outer` is only read: copying it per call made it cost its size.
 */
function reportDuplicates(
    nodes: readonly Named[],
    accept: ValidationAcceptor,
    outer: ReadonlyMap<string, Named> = new Map(),
): Map<string, Named> {
    const seen = new Map<string, Named>();
    for (const node of nodes) {
        const name = node?.name;
        if (!name) continue;
        const first = seen.get(name) ?? outer.get(name);
        if (first && first !== node) {
            accept('error', `duplicate name '${name}': already declared at line ${lineOf(first)}`, {
                node,
                property: 'name' as never,
                code: IssueCodes.DuplicateName,
            });
        } else {
            seen.set(name, node);
        }
    }
    return seen;
}

/** The key under which a property may appear once: `ram`, `tlb 4 KiB`, `cost invlpg`. */
export function propertyKey(p: AstNode): string | undefined {
    switch (p.$type) {
        case 'ArchProp':
            return 'arch';
        case 'RamProp':
            return 'ram';
        case 'CpusProp':
            return 'cpus';
        case 'ClockProp':
            return 'clock';
        case 'TlbProp': {
            return tlbClassOfProp(p as ast.TlbProp) === 'large' ? 'tlb large' : 'tlb 4 KiB';
        }
        case 'PcidProp':
            return 'pcid';
        case 'GlobalPagesProp':
            return 'global-pages';
        case 'PkmapSlotsProp':
            return 'pkmapSlots';
        case 'FlushProp':
            return 'flush';
        case 'CachesProp':
            return 'caches';
        case 'CostProp':
            return `cost ${(p as ast.CostProp).event}`;
        case 'SplitKindProp':
        case 'PageOffsetProp':
            return 'page_offset';
        case 'TaskSizeProp':
            return 'task_size';
        case 'PageTablesProp':
            return 'pagetables';
        case 'UkvaProp':
            return 'ukva';
        case 'UkvaContent':
            return (p as ast.UkvaContent).pagetables ? 'pagetables' : 'kmap';
        case 'ThreadsProp':
            return 'threads';
        case 'ApiProp':
            return 'api';
        case 'ReleaseProp':
            return 'release';
        case 'SleepsProp':
            return 'sleeps';
        case 'LockingProp':
            return 'locking';
        case 'SecondaryProp':
            return 'secondary';
        case 'AnonOption':
        case 'FileOption':
            return 'anon/file';
        case 'SharingOption':
            return 'private/shared';
        case 'ProtOption':
            return 'protection';
        case 'HugeOption':
            return 'huge';
        default:
            return undefined;
    }
}

/** Each block's properties at most once (a variant override block is checked on its own). */
export function checkProperties(props: readonly AstNode[] | undefined, accept: ValidationAcceptor): void {
    const seen = new Set<string>();
    for (const p of props ?? []) {
        const key = p ? propertyKey(p) : undefined;
        if (!key) continue;
        if (seen.has(key)) {
            accept('error', `property '${key}' is given twice`, { node: p, code: IssueCodes.DuplicateProperty });
        }
        seen.add(key);
    }
}

export const propertyChecks: ValidationChecks<MscnAstType> = {
    Machine: (n, accept) => checkProperties(n.props, accept),
    Split: (n, accept) => checkProperties(n.props, accept),
    UkvaProp: (n, accept) => checkProperties(n.contents, accept),
    Process: (n, accept) => checkProperties(n.props, accept),
    Notifier: (n, accept) => checkProperties(n.props, accept),
    MachineOverride: (n, accept) => checkProperties(n.props, accept),
    SplitOverride: (n, accept) => checkProperties(n.props, accept),
    ProcessOverride: (n, accept) => checkProperties(n.props, accept),
    NotifierOverride: (n, accept) => checkProperties(n.props, accept),
    MmapOp: (n, accept) => checkProperties(n.options, accept),
};
