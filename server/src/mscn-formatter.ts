/**
 * `Format Document`: one declaration, property or statement per line, blocks indented by four spaces,
 * single spaces between words, no space inside `db[1]` and `ipis(cpu 1)` or before a comma. At most
 * one blank line between top-level elements is kept; comments stay where they are.
 *
 * Langium keys formattings by CST node and the later edit wins where two touch the same whitespace,
 * so the blanket single space is given only to tokens that no line or bracket rule governs.
 */
import { AbstractFormatter, Formatting } from 'langium/lsp';
import { CstUtils, isLeafCstNode, type AstNode, type CstNode } from 'langium';
import * as ast from '../../language/src/generated/ast.js';

const OPENERS = new Set(['[', '(', '-', '/', '*']); // '/' and '*': a sweep's `64/4`, `by *2`
const CLOSERS = new Set([']', ')', ',']);

export class MscnFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        if (ast.isScenario(node)) this.formatScenario(node);
        const f = this.getNodeFormatter(node);
        if (this.ownKeyword(node, '{')) {
            const open = f.keyword('{');
            const close = f.keyword('}');
            open.prepend(Formatting.oneSpace());
            f.interior(open, close).prepend(Formatting.indent());
            close.prepend(Formatting.newLine());
        }
        for (const k of ['[', '(']) if (this.ownKeyword(node, k)) f.keyword(k).surround(Formatting.noSpace());
        for (const k of [']', ')', ',']) if (this.ownKeyword(node, k)) f.keyword(k).prepend(Formatting.noSpace());
        if (ast.isQuantity(node) && node.negative) f.keyword('-').append(Formatting.noSpace());
        // a sweep's `64/4` and `by *2` (docs/sweeps.md)
        if (ast.isSweepValue(node) && this.ownKeyword(node, '/')) f.keyword('/').surround(Formatting.noSpace());
        if (ast.isSweepValue(node) && node.times) f.keyword('*').append(Formatting.noSpace());
    }

    private formatScenario(root: ast.Scenario): void {
        const f = this.getNodeFormatter(root);
        const items: AstNode[] = [...root.imports, ...root.elements];
        if (items.length > 1)
            f.nodes(...items.slice(1)).prepend(Formatting.fit(Formatting.newLine(), Formatting.newLines(2)));
        if (root.$cstNode) f.cst(this.freeTokens(root.$cstNode)).prepend(Formatting.oneSpace());
    }

    /** Tokens after the first that start no line (not the first of a block item) and touch no bracket. */
    private freeTokens(rootCst: CstNode): CstNode[] {
        const leaves = CstUtils.streamCst(rootCst)
            .filter(n => isLeafCstNode(n) && !n.hidden)
            .toArray();
        const lineStarts = new Set<number>();
        for (const n of CstUtils.streamCst(rootCst)) {
            if ((isLeafCstNode(n) && n.text === '{') || (isLeafCstNode(n) && n.text === '}')) continue;
            const parent = n.container;
            if (parent && n.astNode !== parent.astNode && this.startsLine(n)) lineStarts.add(n.offset);
        }
        return leaves.filter(
            (leaf, i) =>
                i > 0 &&
                !lineStarts.has(leaf.offset) &&
                !OPENERS.has(leaves[i - 1].text) &&
                !CLOSERS.has(leaf.text) &&
                leaf.text !== '[' &&
                leaf.text !== '(',
        );
    }

    /** A node that is an element of the file or an item of a `{ }` block. */
    private startsLine(n: CstNode): boolean {
        const container = n.astNode.$container;
        if (!container || n.astNode.$cstNode !== n) return false;
        if (ast.isScenario(container)) return true;
        return (
            this.ownKeyword(container, '{') &&
            !ast.isQuantity(n.astNode) &&
            !ast.isTaskRef(n.astNode) &&
            !ast.isAddress(n.astNode) &&
            !ast.isCheck(n.astNode) &&
            n.astNode.$containerProperty !== 'options'
        );
    }

    private ownKeyword(node: AstNode, keyword: string): boolean {
        const cst: CstNode | undefined = node.$cstNode;
        return (
            cst !== undefined &&
            CstUtils.streamCst(cst).some(n => n.astNode === node && n.text === keyword && isLeafCstNode(n))
        );
    }
}
