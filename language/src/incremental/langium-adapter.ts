/**
 * The one place that touches Langium's (and Chevrotain's) internals. The incremental build moves CST
 * positions in place, splices reparsed nodes into a tree and watches the parser decide; the parser
 * limits (mscn-parser.ts) swap its lexer and skip a quadratic CST step. None of that is public API,
 * so every such field is read or written here, through a named function, and nowhere else.
 *
 * Written against Langium PINNED_LANGIUM (Chevrotain 11). `INTERNALS` lists every field this file relies
 * on with the type it must have; test/language/langium-adapter.test.ts checks each one on a real parsed
 * document and the real services, and fails naming the field and the Langium version when an upgrade
 * removes or renames it. At run time `internalsProblems` is asked once per parser: when anything is
 * missing the incremental paths stay off and every edit is parsed whole, as Langium does.
 */
import {
    isCompositeCstNode,
    isRootCstNode,
    LeafCstNodeImpl,
    type AstNode,
    type CstNode,
    type LangiumParser,
    type Lexer,
    type ReferenceDescription,
    type ReferenceInfo,
} from 'langium';
import type { IToken, TokenType } from 'chevrotain';
import type { Range } from 'vscode-languageserver-types';

/** The Langium release this file was written against (package.json pins it). */
export const PINNED_LANGIUM = '4.2.1';

// ---------------------------------------------------------------- CST nodes

interface LeafFields {
    _offset: number;
    _range: Range;
}
interface CompositeFields {
    _rangeCache?: Range;
    _astNode?: AstNode;
}
interface NodeFields {
    root: CstNode;
}
interface RootFields {
    _text: string;
}

/** The children of a composite node (undefined for a leaf). */
export function childrenOf(node: CstNode): CstNode[] | undefined {
    return isCompositeCstNode(node) ? node.content : undefined;
}

/** The position object a leaf's range is made of (composites' cached ranges share it). */
export function leafPositions(leaf: CstNode): Range {
    return (leaf as unknown as LeafFields)._range;
}

/** Moves a leaf's offset by `delta` (its positions are moved through leafPositions). */
export function moveLeafOffset(leaf: CstNode, delta: number): void {
    (leaf as unknown as LeafFields)._offset += delta;
}

/** Drops a composite node's cached range (its first or last leaf changed). */
export function forgetCachedRange(node: CstNode): void {
    (node as unknown as CompositeFields)._rangeCache = undefined;
}

/** Makes `node` belong to the tree of `root`. */
export function setCstRoot(node: CstNode, root: CstNode): void {
    (node as unknown as NodeFields).root = root;
}

/** Makes `cst` the CST node of `ast` (and the reverse link). */
export function setCstAstNode(cst: CstNode, ast: AstNode): void {
    (cst as unknown as CompositeFields)._astNode = ast;
}

/** The whole text a root CST node answers `text` and `fullText` from. */
export function rootText(root: CstNode): string | undefined {
    return isRootCstNode(root) ? root.fullText : undefined;
}

export function setRootText(root: CstNode, text: string): void {
    (root as unknown as RootFields)._text = text;
}

/** A hidden leaf (a comment) as Langium's CstNodeBuilder makes one for a token. */
export function hiddenLeaf(offset: number, length: number, range: Range, tokenType: TokenType): CstNode {
    return new LeafCstNodeImpl(offset, length, range, tokenType, true);
}

// ---------------------------------------------------------------- the parser

/** Chevrotain's parser (Langium's ChevrotainWrapper): token vector, position, rule stack, errors. */
interface Recognizer {
    LA(howMuch: number): IToken;
    currIdx: number;
    tokVector: IToken[];
    tokVectorLength: number;
    RULE_STACK: number[];
    _errors: unknown[];
    recoveryEnabled: boolean;
    SAVE_ERROR(error: unknown): unknown;
    attemptInRepetitionRecovery(...args: unknown[]): void;
}

interface NodeBuilder {
    addHiddenNodes(tokens: IToken[]): void;
    current: CstNode;
}

interface ParserFields {
    wrapper: Recognizer;
    nodeBuilder: NodeBuilder;
    lexer: Lexer;
    stack: AstNode[];
    subrule(idx: number, rule: unknown, fragment: boolean, feature: unknown, args: unknown): void;
    many(idx: number, callback: unknown): void;
}

function fields(parser: LangiumParser): ParserFields {
    return parser as unknown as ParserFields;
}

/** Replaces the parser's lexer (the one `parse` tokenizes with). */
export function replaceLexer(parser: LangiumParser, wrap: (lexer: Lexer) => Lexer): void {
    const f = fields(parser);
    f.lexer = wrap(f.lexer);
}

/** Replaces the CST builder's addHiddenNodes (called before every consumed token). */
export function replaceAddHiddenNodes(
    parser: LangiumParser,
    wrap: (original: NodeBuilder['addHiddenNodes']) => NodeBuilder['addHiddenNodes'],
): void {
    const builder = fields(parser).nodeBuilder;
    builder.addHiddenNodes = wrap(builder.addHiddenNodes.bind(builder));
}

/**
 * Chevrotain recovers from every syntax error, and a recovery inside a repetition calls the repetition
 * again from within itself: a few thousand errors in one file (a stray word after each of 2,000
 * declarations) overflow the stack. Past `maxErrors` errors the parser stops recovering, so the next
 * error ends the parse (the rest of the file is left unparsed, as Chevrotain does without recovery).
 * Recovery is on again at the start of each parse (`startParse`).
 */
export function limitRecovery(parser: LangiumParser, maxErrors: number): { startParse(): void } {
    const recognizer = fields(parser).wrapper;
    const save = recognizer.SAVE_ERROR;
    recognizer.SAVE_ERROR = function (this: Recognizer, error: unknown): unknown {
        const saved = save.call(this, error);
        if (this._errors.length >= maxErrors) this.recoveryEnabled = false;
        return saved;
    };
    // Chevrotain chose this method once, at construction, from the recovery setting: ask again each time.
    const inRepetition = recognizer.attemptInRepetitionRecovery;
    recognizer.attemptInRepetitionRecovery = function (this: Recognizer, ...args: unknown[]): void {
        if (this.recoveryEnabled) inRepetition.apply(this, args);
    };
    return {
        startParse: () => {
            recognizer.recoveryEnabled = true;
        },
    };
}

/** Calls `onPeek(index)` with the token index of every token the parser looks at (LA(k), k >= 1). */
export function watchLookahead(parser: LangiumParser, onPeek: (index: number) => void): void {
    const recognizer = fields(parser).wrapper;
    const la = recognizer.LA;
    recognizer.LA = function (this: Recognizer, howMuch: number): IToken {
        onPeek(this.currIdx + howMuch);
        return la.call(this, howMuch);
    };
}

/** Wraps the parser's rule calls (`subrule`) and repetitions (`many`), each call of every rule. */
export function wrapRuleCalls(
    parser: LangiumParser,
    subrule: (call: () => void, rule: unknown) => void,
    many: (call: () => void) => void,
): void {
    const f = fields(parser);
    const originalSubrule = f.subrule.bind(parser);
    const originalMany = f.many.bind(parser);
    f.subrule = (idx, rule, fragment, feature, args) =>
        subrule(() => originalSubrule(idx, rule, fragment, feature, args), rule);
    f.many = (idx, callback) => many(() => originalMany(idx, callback));
}

/**
 * Where the parser is: the index of the next token, the rule-stack depth, the AST node and CST node being built,
 * the errors so far.
 */
export function parserState(parser: LangiumParser): {
    next: number;
    depth: number;
    node: AstNode | undefined;
    cst: CstNode;
    errors: number;
} {
    const f = fields(parser);
    return {
        next: f.wrapper.currIdx + 1,
        depth: f.wrapper.RULE_STACK.length,
        node: f.stack[f.stack.length - 1],
        cst: f.nodeBuilder.current,
        errors: f.wrapper._errors.length,
    };
}

/** The errors of the parse in progress or last finished, in the order they were found (not capped). */
export function parserErrors<T>(parser: LangiumParser): T[] {
    return fields(parser).wrapper._errors as T[];
}

/** The tokens the parser reads (the lexer's, or a prepared list). */
export function parserInput(parser: LangiumParser): IToken[] {
    return fields(parser).wrapper.tokVector;
}

/**
 * Ends the parser's input after the next token index: `last` (if given) becomes the last token, then
 * the end of the file. Only safe between rules (no recovery in flight is scanning for a later token).
 */
export function endInputAt(parser: LangiumParser, last?: IToken): void {
    const recognizer = fields(parser).wrapper;
    const next = recognizer.currIdx + 1;
    recognizer.tokVector.length = next;
    if (last) recognizer.tokVector.push(last);
    recognizer.tokVectorLength = recognizer.tokVector.length;
}

// ---------------------------------------------------------------- references

interface InfoDescriber {
    createInfoDescriptions(info: ReferenceInfo): ReferenceDescription[];
}

/** What DefaultReferenceDescriptionProvider makes for one reference (a protected method). */
export function describeReference(provider: unknown, info: ReferenceInfo): ReferenceDescription[] {
    return (provider as InfoDescriber).createInfoDescriptions(info);
}

// ---------------------------------------------------------------- the check

export interface Internal {
    /** `Class.field`, as the test names it. */
    name: string;
    expected: string;
    /** The value found, from a parsed document's CST root, a leaf, a composite and the parser. */
    probe: (sample: InternalsSample) => unknown;
    /** Whether the value found is what this file expects. */
    holds: (value: unknown) => boolean;
}

export interface InternalsSample {
    parser: LangiumParser;
    root: CstNode;
    leaf: CstNode;
    composite: CstNode;
    referenceDescriptionProvider: unknown;
}

const isNumber = (v: unknown) => typeof v === 'number';
const isFunction = (v: unknown) => typeof v === 'function';
const isArray = (v: unknown) => Array.isArray(v);
const isObject = (v: unknown) => typeof v === 'object' && v !== null;
const isRange = (v: unknown) => isObject(v) && isObject((v as Range).start) && isObject((v as Range).end);
const own = (o: unknown, key: string) =>
    isObject(o) && key in (o as object) ? (o as Record<string, unknown>)[key] : undefined;
const ownKey = (o: unknown, key: string) =>
    isObject(o) && Object.prototype.hasOwnProperty.call(o, key) ? key : undefined;
/** A method as the class defines it (this file replaces some on the instance). */
const method = (o: unknown, key: string) => (isObject(o) ? own(Object.getPrototypeOf(o), key) : undefined);

/** Every internal field this file relies on. */
export const INTERNALS: Internal[] = [
    { name: 'LeafCstNodeImpl._offset', expected: 'number', probe: s => own(s.leaf, '_offset'), holds: isNumber },
    {
        name: 'LeafCstNodeImpl._range',
        expected: 'the Range its `range` returns',
        probe: s => own(s.leaf, '_range'),
        holds: isRange,
    },
    {
        name: 'LeafCstNodeImpl.range === _range',
        expected: 'true (positions are moved in place)',
        probe: s => s.leaf.range === own(s.leaf, '_range'),
        holds: v => v === true,
    },
    {
        name: 'CompositeCstNodeImpl._rangeCache',
        expected: 'own field (set when `range` is read)',
        probe: s => (void s.composite.range, ownKey(s.composite, '_rangeCache')),
        holds: v => v === '_rangeCache',
    },
    {
        name: 'CompositeCstNodeImpl._astNode',
        expected: 'object',
        probe: s => own(s.composite, '_astNode'),
        holds: isObject,
    },
    {
        name: 'AbstractCstNode.root',
        expected: 'own writable field',
        probe: s => Object.getOwnPropertyDescriptor(s.leaf, 'root')?.writable,
        holds: v => v === true,
    },
    {
        name: 'RootCstNodeImpl._text',
        expected: 'string, the full text',
        probe: s => own(s.root, '_text') === rootText(s.root),
        holds: v => v === true,
    },
    {
        name: 'LangiumParser.lexer',
        expected: 'Lexer (tokenize)',
        probe: s => own(own(s.parser, 'lexer'), 'tokenize'),
        holds: isFunction,
    },
    {
        name: 'LangiumParser.nodeBuilder.addHiddenNodes',
        expected: 'function',
        probe: s => own(own(s.parser, 'nodeBuilder'), 'addHiddenNodes'),
        holds: isFunction,
    },
    {
        name: 'LangiumParser.nodeBuilder.current',
        expected: 'CST node',
        probe: s => own(own(s.parser, 'nodeBuilder'), 'current'),
        holds: isObject,
    },
    { name: 'LangiumParser.stack', expected: 'array', probe: s => own(s.parser, 'stack'), holds: isArray },
    {
        name: 'LangiumParser.subrule',
        expected: 'function (5 parameters)',
        probe: s => method(s.parser, 'subrule'),
        holds: v => isFunction(v) && (v as () => void).length === 5,
    },
    { name: 'LangiumParser.many', expected: 'function', probe: s => method(s.parser, 'many'), holds: isFunction },
    {
        name: 'LangiumParser.wrapper.LA',
        expected: 'function',
        probe: s => method(own(s.parser, 'wrapper'), 'LA'),
        holds: isFunction,
    },
    {
        name: 'LangiumParser.wrapper.currIdx',
        expected: 'number',
        probe: s => own(own(s.parser, 'wrapper'), 'currIdx'),
        holds: isNumber,
    },
    {
        name: 'LangiumParser.wrapper.tokVector',
        expected: 'array',
        probe: s => own(own(s.parser, 'wrapper'), 'tokVector'),
        holds: isArray,
    },
    {
        name: 'LangiumParser.wrapper.tokVectorLength',
        expected: 'number',
        probe: s => own(own(s.parser, 'wrapper'), 'tokVectorLength'),
        holds: isNumber,
    },
    {
        name: 'LangiumParser.wrapper.RULE_STACK',
        expected: 'array',
        probe: s => own(own(s.parser, 'wrapper'), 'RULE_STACK'),
        holds: isArray,
    },
    {
        name: 'LangiumParser.wrapper._errors',
        expected: 'array',
        probe: s => own(own(s.parser, 'wrapper'), '_errors'),
        holds: isArray,
    },
    {
        name: 'DefaultReferenceDescriptionProvider.createInfoDescriptions',
        expected: 'function',
        probe: s => own(s.referenceDescriptionProvider, 'createInfoDescriptions'),
        holds: isFunction,
    },
];

/** The internals that are missing or changed, each as `name: found X, expected Y`; empty when all hold. */
export function internalsProblems(sample: InternalsSample): string[] {
    const problems: string[] = [];
    for (const internal of INTERNALS) {
        let value: unknown;
        try {
            value = internal.probe(sample);
        } catch (error) {
            value = `an error (${String(error)})`;
        }
        if (!internal.holds(value))
            problems.push(`${internal.name}: found ${describe(value)}, expected ${internal.expected}`);
    }
    return problems;
}

function describe(value: unknown): string {
    if (value === undefined) return 'nothing';
    if (typeof value === 'function') return 'a function';
    if (Array.isArray(value)) return 'an array';
    return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
