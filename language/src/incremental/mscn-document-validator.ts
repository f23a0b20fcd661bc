/**
 * Langium's document validator with memory. The findings of every statement of a run (its checks
 * and those of the nodes below it) are kept as they were accepted: severity, message, node and
 * property, not yet a range. After a patch, unchanged statements replay them instead of running
 * their checks again, and toDiagnostic turns them into ranges on the moved CST. Statement checks look
 * only at their statement, the run's machine and split, and what their names resolve to; none of
 * that changes when a statement that declares nothing is reparsed or a comment is edited. Everything
 * outside statements (declarations, variants, the run blocks themselves, whose checks scan all their
 * statements and quote line numbers) always runs again, and so does everything after a patch that
 * declares a name, or without a patch. Nodes are visited in `streamAst` order, as Langium does.
 */
import {
    Cancellation,
    DefaultDocumentValidator,
    interruptAndCheck,
    type AstNode,
    type DiagnosticInfo,
    type LangiumCoreServices,
    type LangiumDocument,
    type ValidationAcceptor,
    type ValidationCheck,
    type ValidationOptions,
    type ValidationSeverity,
} from 'langium';
import { childNodes } from './ast-walk.js';
import { patchOf } from './mscn-document-builder.js';

type Finding = [ValidationSeverity, string, DiagnosticInfo<AstNode, string>];

interface Memory {
    categories: string;
    findings: Map<AstNode, Finding[]>;
}

/** A statement of a run block: the unit whose findings are kept together. */
function isRunStatement(node: AstNode): boolean {
    return node.$containerProperty === 'statements' && node.$container?.$type === 'Run';
}

/** The nodes and all their containers. */
function ancestorsOf(nodes: AstNode[]): Set<AstNode> {
    const set = new Set<AstNode>();
    for (const node of nodes) for (let n: AstNode | undefined = node; n && !set.has(n); n = n.$container) set.add(n);
    return set;
}

export class MscnDocumentValidator extends DefaultDocumentValidator {
    private readonly memories = new WeakMap<LangiumDocument, Memory>();
    /** The registry's checks per node type and categories, as arrays: it is asked for every node. */
    private readonly checkLists = new Map<string, ValidationCheck[]>();
    private readonly builder: () => unknown;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.builder = () => services.shared.workspace.DocumentBuilder;
    }

    protected override async validateAstNodes(
        root: AstNode,
        options: ValidationOptions,
        acceptor: ValidationAcceptor,
        cancelToken = Cancellation.CancellationToken.None,
    ): Promise<void> {
        const document = root.$document;
        const categories = JSON.stringify(options.categories ?? null);
        const memory = document ? this.memories.get(document) : undefined;
        const patch = document ? patchOf(this.builder(), document) : undefined;
        const reusable =
            memory?.categories === categories && patch !== undefined && !(patch.kind !== 'trivia' && patch.declares);
        const changed = ancestorsOf(patch && patch.kind !== 'trivia' ? patch.newUnits : []);
        const findings = new Map<AstNode, Finding[]>();
        const stack: Array<{ node: AstNode; bucket?: Finding[] }> = [{ node: root }];
        let visited = 0;
        while (stack.length > 0) {
            const { node, bucket: outer } = stack.pop()!;
            if (++visited % 1024 === 0) await interruptAndCheck(cancelToken);
            let bucket = outer;
            if (isRunStatement(node)) {
                const kept = reusable && !changed.has(node) ? (memory!.findings.get(node) ?? []) : undefined;
                if (kept) {
                    for (const [severity, message, info] of kept) acceptor(severity, message, info);
                    if (kept.length > 0) findings.set(node, kept);
                    continue;
                }
                bucket = [];
                findings.set(node, bucket);
            }
            await this.runChecks(node, options, acceptor, bucket, cancelToken);
            const children = childNodes(node);
            for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], bucket });
        }
        if (document) this.memories.set(document, { categories, findings });
    }

    private async runChecks(
        node: AstNode,
        options: ValidationOptions,
        acceptor: ValidationAcceptor,
        bucket: Finding[] | undefined,
        cancelToken: Cancellation.CancellationToken,
    ): Promise<void> {
        const checks = this.checksFor(node.$type, options.categories);
        const accept: ValidationAcceptor = bucket
            ? (severity, message, info) => {
                  bucket.push([severity, message, info as DiagnosticInfo<AstNode, string>]);
                  acceptor(severity, message, info);
              }
            : acceptor;
        for (const check of checks) {
            const result = check(node, accept, cancelToken) as unknown;
            if (result instanceof Promise) await result;
        }
    }

    private checksFor(type: string, categories: ValidationOptions['categories']): ValidationCheck[] {
        const key = `${type} ${categories?.join(',') ?? '*'}`;
        let list = this.checkLists.get(key);
        if (!list) {
            list = this.validationRegistry.getChecks(type, categories).toArray();
            this.checkLists.set(key, list);
        }
        return list;
    }
}
