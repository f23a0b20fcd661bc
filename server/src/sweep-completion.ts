/**
 * Completion in a sweep (docs/sweeps.md): the parameters it can name, with what each sets; the
 * values of a word parameter (`api = ` offers page, range, merged, interval; `split = ` the splits);
 * cost events after `cost`.
 */
import type { CompletionAcceptor, CompletionContext, NextFeature } from 'langium/lsp';
import { AstUtils, GrammarAST } from 'langium';
import { CompletionItemKind } from 'vscode-languageserver';
import * as ast from '../../language/src/generated/ast.js';
import { FIGURES, type FigureName } from '../../language/src/engine/figures.js';
import { SWEEP_PARAMS } from '../../language/src/lowering/sweep.js';
import { COST_EVENTS } from '../../language/src/validation/figures.js';

/**
 * True when `next` is a sweep's and its items were given: a parameter word (a keyword of
 * SweepParamWord) with its documentation; a value word, only those the parameter takes.
 */
export function sweepCompletion(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): boolean {
    const rule = ruleOf(next.feature);
    if (rule === 'SweepParamWord') {
        if (!GrammarAST.isKeyword(next.feature)) return true;
        const name = next.feature.value;
        const info = SWEEP_PARAMS[name];
        if (info) acceptor(context, { label: name, kind: CompletionItemKind.Property, detail: info.doc });
        return true;
    }
    const assignment = GrammarAST.isAssignment(next.feature.$container) ? next.feature.$container : undefined;
    if (assignment && ruleOf(assignment) === 'SweepParam' && assignment.feature === 'event') {
        for (const name of COST_EVENTS)
            acceptor(context, { label: name, kind: CompletionItemKind.Event, detail: FIGURES[name as FigureName] });
        return true;
    }
    if (rule !== 'SweepWord') return false;
    const param = AstUtils.getContainerOfType(context.node, ast.isSweepParam);
    const words = param?.param === 'split' ? splitNames(context.node) : (SWEEP_PARAMS[param?.param ?? '']?.words ?? []);
    // once per value position: the ID alternative's turn lists them, the keyword alternatives add nothing
    if (GrammarAST.isRuleCall(next.feature) && next.feature.rule.ref?.name === 'ID') {
        for (const word of words) acceptor(context, { label: word, kind: CompletionItemKind.EnumMember });
    }
    return true;
}

function ruleOf(node: GrammarAST.AbstractElement): string | undefined {
    let current: unknown = node;
    while (current && !GrammarAST.isParserRule(current)) current = (current as { $container?: unknown }).$container;
    return current ? (current as GrammarAST.ParserRule).name : undefined;
}

function splitNames(node: ast.SweepParam | Parameters<typeof AstUtils.findRootNode>[0] | undefined): string[] {
    if (!node) return [];
    const root = AstUtils.findRootNode(node) as ast.Scenario;
    return (root.elements ?? []).filter((e): e is ast.Split => e?.$type === 'Split').map(s => s.name);
}
