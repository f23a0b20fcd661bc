/**
 * Figure names in `expect` lines and cost event names in machines: only docs/model.md's names, with a
 * "did you mean" for a typo, and qualifiers that make sense for the figure.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { FIGURE_NAMES, LEVEL_NAMES, NOTIFIER_FIGURES, isFigureName, type FigureName } from '../engine/figures.js';
import { didYouMean } from '../suggest.js';
import { ARCHES } from '../layout.js';
import { IssueCodes } from './issue-codes.js';
import { runContext } from './context.js';

/** The events a machine may price (docs/model.md section 11 and rule R33). */
export const COST_EVENTS: readonly FigureName[] = [
    'invlpg',
    'fullFlushes',
    'globalFlushes',
    'ipis',
    'contextSwitches',
    'vasSwitches',
    'walkRefs',
    'secondaryFlushes',
    'forks',
    'vasCreates',
    'syscalls',
    'secondaryPagesScanned',
];

const LEVEL_FIGURES: ReadonlySet<string> = new Set(['ptPagesAllocated', 'ptPagesFreed']);

function unknown(what: string, name: string, candidates: readonly string[]): string {
    const suggestion = didYouMean(name, candidates);
    return `unknown ${what} '${name}'${suggestion ? `: did you mean '${suggestion}'?` : ''}`;
}

export class FigureValidator {
    checks(): ValidationChecks<MscnAstType> {
        return { Check: this.checkFigure, Qualifier: this.checkQualifier, CostProp: this.checkCostEvent };
    }

    checkFigure = (check: ast.Check, accept: ValidationAcceptor): void => {
        if (check.figure && !isFigureName(check.figure)) {
            accept('error', unknown('figure', check.figure, FIGURE_NAMES), {
                node: check,
                property: 'figure',
                code: IssueCodes.UnknownFigure,
            });
        }
    };

    checkQualifier = (q: ast.Qualifier, accept: ValidationAcceptor): void => {
        const figure = q.$container?.figure ?? '';
        if (!isFigureName(figure)) return;
        if (q.level !== undefined) {
            this.checkLevel(q, figure, accept);
        } else if (q.target?.ref?.$type === 'Notifier' && !NOTIFIER_FIGURES.has(figure)) {
            accept(
                'error',
                `figure '${figure}' cannot be qualified by notifier '${q.target.$refText}': only the ` +
                    `callout and secondary figures belong to a notifier`,
                {
                    node: q,
                    property: 'target',
                    code: IssueCodes.InvalidQualifier,
                },
            );
        }
    };

    private checkLevel(q: ast.Qualifier, figure: string, accept: ValidationAcceptor): void {
        const level = q.level ?? '';
        if (!LEVEL_FIGURES.has(figure)) {
            accept('error', `only ptPagesAllocated and ptPagesFreed can be qualified by a page-table level`, {
                node: q,
                property: 'level',
                code: IssueCodes.InvalidQualifier,
            });
        } else if (!(LEVEL_NAMES as readonly string[]).includes(level)) {
            accept('error', unknown('page-table level', level, LEVEL_NAMES), {
                node: q,
                property: 'level',
                code: IssueCodes.InvalidQualifier,
            });
        } else {
            const arch = runContext(q)?.machine.arch;
            const levels = arch ? ARCHES[arch].levels : undefined;
            if (arch && levels && !levels.includes(level)) {
                accept('error', `level '${level}' does not exist on ${arch} (${levels.join(', ')})`, {
                    node: q,
                    property: 'level',
                    code: IssueCodes.InvalidQualifier,
                });
            }
        }
    }

    checkCostEvent = (cost: ast.CostProp, accept: ValidationAcceptor): void => {
        if (cost.event && !COST_EVENTS.includes(cost.event as FigureName)) {
            accept('error', unknown('cost event', cost.event, COST_EVENTS), {
                node: cost,
                property: 'event',
                code: IssueCodes.UnknownCostEvent,
            });
        }
    };
}
