/**
 * The statement path of an incremental update: an edit inside one statement of a run (or repeat)
 * reparses only that statement with the grammar's `Statement` rule and splices the new AST node and
 * its CST into the old tree. Everything that could make the result differ from a full parse makes
 * it decline (and the document is parsed whole): lexer or parser errors, text that could lex
 * differently across the statement's edges, comments at its edges, more than one statement.
 */
import type { AstNode, CstNode, LangiumParser, NameProvider } from 'langium';
import type { Position } from 'vscode-languageserver-types';
import { fieldsOf, walkAst } from './ast-walk.js';
import {
    collectLeaves,
    dropRangeCaches,
    firstIndexAtOrAfter,
    placeCst,
    positionAfter,
    shiftLeaves,
} from './cst-positions.js';
import { childrenOf, setCstAstNode } from './langium-adapter.js';
import { whitespaceOrEdge, type TextChange } from './text-change.js';

export interface StatementPatch {
    kind: 'statement';
    oldUnits: AstNode[];
    newUnits: AstNode[];
    /** Whether the old or new statement declares a name (`as heap`, `fork ... as child`). */
    declares: boolean;
}

interface Unit {
    node: AstNode;
    cst: CstNode;
}

/** A statement of a run or repeat: what the `statements` property holds. */
function isStatementUnit(node: AstNode): boolean {
    const container = node.$container;
    return node.$containerProperty === 'statements' && (container?.$type === 'Run' || container?.$type === 'Repeat');
}

/** The innermost statement whose text holds the whole change (edges included). */
function enclosingUnit(leaf: CstNode, change: TextChange): Unit | undefined {
    for (let node: AstNode | undefined = leaf.astNode; node; node = node.$container) {
        const cst = node.$cstNode;
        if (!cst || !isStatementUnit(node)) continue;
        if (cst.offset <= change.start && change.oldEnd <= cst.end) return { node, cst };
    }
    return undefined;
}

function declaresName(node: AstNode, names: NameProvider): boolean {
    let found = false;
    walkAst(node, n => {
        if (!found && names.getName(n) !== undefined) found = true;
    });
    return found;
}

export function reparseStatement(
    root: CstNode,
    leaves: CstNode[],
    leaf: CstNode,
    oldText: string,
    newText: string,
    change: TextChange,
    parser: LangiumParser,
    names: NameProvider,
): StatementPatch | undefined {
    const unit = enclosingUnit(leaf, change);
    if (!unit) return undefined;
    const { offset: start, end } = unit.cst;
    if (!whitespaceOrEdge(oldText, start - 1) || !whitespaceOrEdge(oldText, end)) return undefined;
    const delta = change.newEnd - change.oldEnd;
    const unitText = newText.slice(start, end + delta);
    if (unitText.length === 0 || whitespaceOrEdge(unitText, 0) || whitespaceOrEdge(unitText, unitText.length - 1))
        return undefined;
    const parsed = parser.parse(unitText, { rule: 'Statement' });
    if (parsed.lexerErrors.length > 0 || parsed.parserErrors.length > 0) return undefined;
    const newUnit = parsed.value as AstNode;
    const partial = newUnit.$cstNode && childrenOf(newUnit.$cstNode);
    if (!partial || partial.length !== 1 || !childrenOf(partial[0])) return undefined;
    const from: Position = { ...unit.cst.range.end };
    const at: Position = { ...unit.cst.range.start };
    const declares = declaresName(unit.node, names) || declaresName(newUnit, names);
    const first = firstIndexAtOrAfter(leaves, start);
    const last = firstIndexAtOrAfter(leaves, end);
    shiftLeaves(leaves, { fromOffset: end, delta, from, to: positionAfter(unitText, at) });
    const body = partial[0];
    placeCst(body, start, at, root);
    leaves.splice(first, last - first, ...collectLeaves(body));
    spliceUnit(unit, newUnit, body);
    dropRangeCaches(unit.cst);
    return { kind: 'statement', oldUnits: [unit.node], newUnits: [newUnit], declares };
}

/** The old statement's CST node stays (its parent's content is untouched); its content is the new one's. */
function spliceUnit(unit: Unit, newUnit: AstNode, body: CstNode): void {
    const property = unit.node.$containerProperty!;
    const index = unit.node.$containerIndex!;
    (fieldsOf(unit.node.$container!)[property] as AstNode[])[index] = newUnit;
    const mutable = newUnit as { -readonly [K in keyof AstNode]: AstNode[K] };
    mutable.$container = unit.node.$container;
    mutable.$containerProperty = property;
    mutable.$containerIndex = index;
    const content = childrenOf(unit.cst)!;
    content.splice(0, content.length, body);
    setCstAstNode(unit.cst, newUnit);
    mutable.$cstNode = unit.cst;
}
