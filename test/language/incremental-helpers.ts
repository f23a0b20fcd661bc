/**
 * An editor session against a fresh build: one services instance holds an open document that is
 * edited through DocumentBuilder.update (the incremental path, incremental/), a second one builds
 * every version of the text from scratch. `expectFresh` compares the two in full: diagnostics, the
 * CST (leaves and composites), the AST (shape, values, links), the document's references, the
 * reference index, local symbols and exports. Comparisons are of rendered string lists, reported at
 * the first difference (a structural toEqual on a whole CST is too slow for the fuzzer).
 */
import {
    AstUtils,
    DocumentState,
    isAstNode,
    isReference,
    URI,
    type AstNode,
    type AstNodeDescription,
    type CstNode,
    type FileSystemProvider,
    type LangiumDocument,
    type Reference,
} from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { expect } from 'vitest';
import { createMscnServices } from '../../language/src/mscn-module.js';
import { MscnDocumentBuilder } from '../../language/src/incremental/mscn-document-builder.js';

type Services = ReturnType<typeof createMscnServices>;

/** A file system with nothing in it: imports resolve only against documents the test loads. */
const emptyFileSystem = (): FileSystemProvider =>
    ({
        readFile: async () => '',
        readFileSync: () => '',
        stat: async (uri: URI) => ({ uri, isFile: true, isDirectory: false }),
        statSync: (uri: URI) => ({ uri, isFile: true, isDirectory: false }),
        exists: async () => false,
        existsSync: () => false,
        readDirectory: async () => [],
        readDirectorySync: () => [],
    }) as unknown as FileSystemProvider;

const FOLDER = 'file:///work/scenarios/';

/** How an edit was built: patched (and how), or parsed whole. */
export type EditPath = 'trivia' | 'statement' | 'statement+declares' | 'region' | 'region+declares' | 'full';

export interface Editor {
    incremental: Services;
    fresh: Services;
    uri: URI;
    document: LangiumDocument;
    text: string;
    version: number;
    /** The path of every edit so far, in order. */
    paths: EditPath[];
}

async function loadLibrary(services: Services, library: Record<string, string>): Promise<void> {
    const docs = Object.entries(library).map(([name, text]) =>
        services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(FOLDER + name)),
    );
    for (const d of docs) services.shared.workspace.LangiumDocuments.addDocument(d);
    if (docs.length > 0) await services.shared.workspace.DocumentBuilder.build(docs, { validation: true });
}

/** Opens `text` as `name` in an editor session; `library` files (e.g. machines.mscn) are loaded in both instances. */
export async function openEditor(
    text: string,
    name = 'edited.mscn',
    library: Record<string, string> = {},
): Promise<Editor> {
    const incremental = createMscnServices({ fileSystemProvider: emptyFileSystem });
    const fresh = createMscnServices({ fileSystemProvider: emptyFileSystem });
    await loadLibrary(incremental, library);
    await loadLibrary(fresh, library);
    const uri = URI.parse(FOLDER + name);
    const textDocument = TextDocument.create(uri.toString(), 'mscn', 1, text);
    incremental.shared.workspace.TextDocuments!.set(textDocument);
    const document = incremental.shared.workspace.LangiumDocumentFactory.fromTextDocument(textDocument, uri);
    incremental.shared.workspace.LangiumDocuments.addDocument(document);
    const builder = incremental.shared.workspace.DocumentBuilder;
    expect(builder).toBeInstanceOf(MscnDocumentBuilder);
    await builder.build([document], { validation: true });
    const editor: Editor = { incremental, fresh, uri, document, text, version: 1, paths: [] };
    return editor;
}

/** Replaces the editor's text by `newText` as a client edit would; returns the path the build took. */
export async function edit(editor: Editor, newText: string): Promise<EditPath> {
    const builder = editor.incremental.shared.workspace.DocumentBuilder as MscnDocumentBuilder;
    const parseResult = editor.document.parseResult;
    const oldText = editor.text;
    let seen: EditPath | undefined;
    // The patch is visible to the build phases only while the update runs (the linker and validator read it).
    const listener = builder.onBuildPhase(DocumentState.Linked, docs => {
        if (!docs.includes(editor.document)) return;
        const patch = builder.patchOf(editor.document);
        seen = !patch
            ? 'full'
            : patch.kind === 'trivia'
              ? 'trivia'
              : patch.declares
                ? `${patch.kind}+declares`
                : patch.kind;
    });
    editor.version++;
    editor.text = newText;
    editor.incremental.shared.workspace.TextDocuments!.set(
        TextDocument.create(editor.uri.toString(), 'mscn', editor.version, newText),
    );
    try {
        await builder.update([editor.uri], []);
    } finally {
        listener.dispose();
    }
    const path = seen ?? 'full';
    // A patched document keeps its parse result object; a full parse replaces it.
    const kept = editor.document.parseResult === parseResult;
    expect(kept ? 'parse result kept' : 'parse result replaced').toBe(
        path === 'full' && newText !== oldText ? 'parse result replaced' : 'parse result kept',
    );
    // The server reads the version of the text it works on from the document (run results, hovers).
    expect(editor.document.textDocument.version).toBe(editor.version);
    editor.paths.push(path);
    return path;
}

// ---------------------------------------------------------------- renderings

function pos(p: { line: number; character: number }): string {
    return `${p.line}:${p.character}`;
}

function rangeText(r: {
    start: { line: number; character: number };
    end: { line: number; character: number };
}): string {
    return `${pos(r.start)}-${pos(r.end)}`;
}

/** Diagnostics as sorted strings: range, severity, code, message, data, source. */
function renderDiagnostics(document: LangiumDocument): string[] {
    return (document.diagnostics ?? [])
        .map(
            d =>
                `${rangeText(d.range)} ${d.severity} ${String(d.code ?? '')} ${d.source ?? ''} ` +
                `${d.message} ${JSON.stringify(d.data ?? null)}`,
        )
        .sort();
}

/** Where an AST node is: the chain of container properties and indices from the root (memoised per rendering). */
let pathCache = new Map<AstNode, string>();

function nodePath(node: AstNode | undefined): string {
    if (!node) return '-';
    let path = pathCache.get(node);
    if (path === undefined) {
        path = node.$container
            ? `${nodePath(node.$container)}/${node.$containerProperty}@${node.$containerIndex ?? ''}`
            : '';
        pathCache.set(node, path);
    }
    return path;
}

function targetText(node: AstNode | undefined): string {
    if (!node) return '<none>';
    const name = (node as { name?: unknown }).name;
    const doc = AstUtils.findRootNode(node).$document;
    return `${node.$type} ${String(name)} ${nodePath(node)} in ${doc?.uri.path.split('/').pop() ?? '?'}`;
}

function descriptionText(d: AstNodeDescription | undefined): string {
    if (!d) return '<no description>';
    const sel = d.selectionSegment;
    const name = d.nameSegment;
    return (
        `${d.name} ${d.type} ${d.path} ${d.documentUri.path.split('/').pop()} ` +
        `sel=${sel ? `${sel.offset}+${sel.length} ${rangeText(sel.range)}` : '-'}` +
        ` name=${name ? `${name.offset}+${name.length} ${rangeText(name.range)}` : '-'}`
    );
}

let referenceCache = new Map<Reference, string>();

function referenceText(ref: Reference): string {
    let text = referenceCache.get(ref);
    if (text === undefined) referenceCache.set(ref, (text = describeReference(ref)));
    return text;
}

function describeReference(ref: Reference): string {
    const error = ref.error ? `error: ${ref.error.message}` : '';
    return (
        `${ref.$refText} -> ${targetText(ref.ref)} ${error} [${descriptionText(ref.$nodeDescription)}]` +
        ` at ${ref.$refNode ? `${ref.$refNode.offset} ${rangeText(ref.$refNode.range)}` : '-'}`
    );
}

/** Where a node's CST is (its text is in the CST rendering). */
function cstText(node: CstNode | undefined): string {
    return node ? `${node.offset}-${node.end} ${rangeText(node.range)}` : '<no cst>';
}

/** Every AST node in streamAst order: shape, primitive values, references, its CST node. */
function renderAst(document: LangiumDocument): string[] {
    const lines: string[] = [];
    const root = document.parseResult.value;
    for (const node of AstUtils.streamAst(root)) {
        const values: string[] = [];
        for (const [key, value] of Object.entries(node)) {
            if (key.startsWith('$')) continue;
            if (isReference(value)) values.push(`${key}=&{${referenceText(value)}}`);
            else if (Array.isArray(value)) {
                const items = value.map(v =>
                    isReference(v) ? `&{${referenceText(v)}}` : isAstNode(v) ? '<node>' : JSON.stringify(v),
                );
                values.push(`${key}=[${items.join(',')}]`);
            } else if (!isAstNode(value)) values.push(`${key}=${JSON.stringify(value)}`);
        }
        const linked = node.$cstNode?.astNode === node ? '' : ' (cst of another node)';
        const contained = node === root || isIn(node.$container!, node) ? '' : ' (not in its container)';
        lines.push(
            `${nodePath(node)} ${node.$type} ${values.join(' ')} cst=${cstText(node.$cstNode)}${linked}${contained}`,
        );
    }
    return lines;
}

/** Whether `child` is where its $containerProperty and $containerIndex say in `container`. */
function isIn(container: AstNode, child: AstNode): boolean {
    const value = (container as unknown as Record<string, unknown>)[child.$containerProperty ?? ''];
    return child.$containerIndex === undefined
        ? value === child
        : Array.isArray(value) && value[child.$containerIndex] === child;
}

interface CompositeLike {
    content?: CstNode[];
}

function grammarText(node: CstNode): string {
    const source = node.grammarSource as unknown as Record<string, unknown> | undefined;
    if (!source) return '-';
    const rule = source.rule as { $refText?: string } | undefined;
    const term = source.terminal as { $refText?: string } | undefined;
    const text = source.value ?? rule?.$refText ?? term?.$refText ?? source.feature ?? '';
    return `${String(source.$type)}:${String(text)}`;
}

/** The CST in pre-order, composites included: kind, grammar source, positions, text, its AST node. */
function renderCst(document: LangiumDocument): string[] {
    const root = document.parseResult.value.$cstNode!;
    const lines: string[] = [];
    const astPaths = new Map<AstNode, string>();
    const visit = (node: CstNode, depth: number): void => {
        const content = (node as unknown as CompositeLike).content;
        let ast = '?';
        try {
            const a = node.astNode;
            ast = astPaths.get(a) ?? (astPaths.set(a, `${a.$type}${nodePath(a)}`), astPaths.get(a)!);
        } catch {
            ast = '<no ast>';
        }
        const parent = depth === 0 || node.container ? '' : ' (no container)';
        const rooted = node.root === root ? '' : ' (other root)';
        if (!content) {
            const token = (node as unknown as { tokenType: { name: string } }).tokenType.name;
            const where = `${node.offset}+${node.length} ${rangeText(node.range)}`;
            lines.push(
                `${depth} leaf ${node.hidden ? 'hidden ' : ''}${token} ${where} ${JSON.stringify(node.text)} ` +
                    `${grammarText(node)} ${ast}${parent}${rooted}`,
            );
            return;
        }
        lines.push(
            `${depth} composite ${content.length} ${node.offset}-${node.end} ${rangeText(node.range)} ` +
                `${grammarText(node)} ${ast}${parent}${rooted}`,
        );
        for (const child of content) {
            if (child.container !== node) lines.push(`${depth + 1} (child with another container)`);
            visit(child, depth + 1);
        }
    };
    visit(root, 0);
    return lines;
}

/** `document.references` as a sorted list. */
function renderReferences(document: LangiumDocument): string[] {
    return document.references.map(r => referenceText(r as Reference)).sort();
}

/** For every node of the document with a name: what find-references gives (through the index). */
function renderFindReferences(services: Services, document: LangiumDocument): string[] {
    const { IndexManager, AstNodeLocator } = {
        ...services.shared.workspace,
        AstNodeLocator: services.Mscn.workspace.AstNodeLocator,
    };
    const names = services.Mscn.references.NameProvider;
    const lines: string[] = [];
    for (const node of AstUtils.streamAst(document.parseResult.value)) {
        if (names.getName(node) === undefined) continue;
        const refs = IndexManager.findAllReferences(node, AstNodeLocator.getAstNodePath(node))
            .toArray()
            .map(
                r =>
                    `${r.sourcePath} ${r.targetPath} ${r.local} ${r.segment.offset}+${r.segment.length} ` +
                    `${rangeText(r.segment.range)}`,
            )
            .sort();
        lines.push(`${targetText(node)}: ${refs.length} ${refs.join('; ')}`);
    }
    return lines;
}

/** The local symbols (per holder) and the exports of the document. */
function renderSymbols(services: Services, document: LangiumDocument): string[] {
    const lines: string[] = [];
    const symbols = document.localSymbols;
    if (symbols) {
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            if (!symbols.has(node)) continue;
            for (const d of symbols.getStream(node)) lines.push(`local ${nodePath(node)}: ${descriptionText(d)}`);
        }
    }
    const uri = document.uri.toString();
    for (const d of services.shared.workspace.IndexManager.allElements(undefined, new Set([uri])))
        lines.push(`export ${descriptionText(d)}`);
    return lines;
}

/** The first difference of two lists, with some context, or undefined. */
export function firstDifference(what: string, got: string[], want: string[]): string | undefined {
    const n = Math.max(got.length, want.length);
    for (let i = 0; i < n; i++) {
        if (got[i] !== want[i]) {
            return (
                `${what} differ at #${i} (of ${got.length} patched, ${want.length} fresh):\n  patched: ` +
                `${got[i]}\n  fresh:   ${want[i]}` +
                `\n  before:  ${got[i - 1] ?? '-'}`
            );
        }
    }
    return undefined;
}

/**
 * Builds the editor's current text from scratch in the fresh instance and renders it; the document is removed after.
 */
async function freshRendering(editor: Editor): Promise<Rendering> {
    const workspace = editor.fresh.shared.workspace;
    // The same URI in the other instance: imports and messages read alike.
    const document = workspace.LangiumDocumentFactory.fromString(editor.text, editor.uri);
    workspace.LangiumDocuments.addDocument(document);
    try {
        await workspace.DocumentBuilder.build([document], { validation: true });
        return render(editor.fresh, document);
    } finally {
        // Through the builder, so that the workspace caches (scopes by URI) are cleared too.
        await workspace.DocumentBuilder.update([], [editor.uri]);
    }
}

interface Rendering {
    [what: string]: string[];
}

function render(services: Services, document: LangiumDocument): Rendering {
    pathCache = new Map();
    referenceCache = new Map();
    return {
        diagnostics: renderDiagnostics(document),
        cst: renderCst(document),
        ast: renderAst(document),
        references: renderReferences(document),
        'find-references': renderFindReferences(services, document),
        symbols: renderSymbols(services, document),
        // The text the document answers positions with (LSP requests), and the one its CST holds.
        text: [
            `textDocument ${JSON.stringify(document.textDocument.getText())}`,
            `cst ${JSON.stringify(document.parseResult.value.$cstNode!.root.fullText)}`,
        ],
        state: [
            `${document.state}`,
            `${document.parseResult.lexerErrors.length} ${document.parseResult.parserErrors.length}`,
        ],
    };
}

/** Everything `expectFresh` compares; undefined when the patched document equals a fresh build. */
export async function compareWithFresh(editor: Editor): Promise<string | undefined> {
    const want = await freshRendering(editor);
    const got = render(editor.incremental, editor.document);
    for (const what of Object.keys(want)) {
        const difference = firstDifference(what, got[what], want[what]);
        if (difference) return difference;
    }
    return undefined;
}

/** Asserts that the editor's document is what a fresh full build of its text gives. */
export async function expectFresh(editor: Editor): Promise<void> {
    expect(await compareWithFresh(editor)).toBeUndefined();
}

/** Applies an edit and checks the result against a fresh build; returns the path taken. */
export async function editAndCheck(editor: Editor, newText: string): Promise<EditPath> {
    const path = await edit(editor, newText);
    await expectFresh(editor);
    return path;
}

/** Replaces the `occurrence`-th `from` in the editor's text by `to`. */
export function replaced(editor: Editor, from: string, to: string, occurrence = 0): string {
    let at = -1;
    for (let i = 0; i <= occurrence; i++) {
        at = editor.text.indexOf(from, at + 1);
        if (at < 0) throw new Error(`'${from}' #${occurrence} is not in the text`);
    }
    return editor.text.slice(0, at) + to + editor.text.slice(at + from.length);
}
