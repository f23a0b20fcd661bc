/**
 * MMU notifier rules of docs/model.md section 7, on a notifier and on each variant override of one:
 * a sleeping notifier cannot use RCU for its list (no scheduling inside rcu_read_lock), cannot
 * take invalidate_page callouts (api page or merged: called under the PT lock, atomic context),
 * and api interval needs its interval. `else purge` belongs to a range secondary (R52). A device
 * access through a notifier that a run's own statements have not registered yet, or have released
 * (unregister, or the exit of its mm), is an error (R71) where that is decidable statically: top-level
 * statements, until a repeat registers, unregisters or exits inside.
 */
import { GrammarUtils, type AstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { isOn } from '../lowering/machine.js';
import { IssueCodes } from './issue-codes.js';
import { lineOf } from './context.js';
import { forEachStatement } from './statements.js';

type Prop = ast.NotifierProp;

function last<T extends Prop['$type']>(props: readonly Prop[], type: T): Extract<Prop, { $type: T }> | undefined {
    return [...props].reverse().find((p): p is Extract<Prop, { $type: T }> => p?.$type === type);
}

export class NotifierValidator {
    checks(): ValidationChecks<MscnAstType> {
        return {
            Notifier: (n, accept) => checkNotifier(n.props ?? [], n.props ?? [], n, accept),
            NotifierOverride: (o, accept) =>
                checkNotifier([...(o.target?.ref?.props ?? []), ...(o.props ?? [])], o.props ?? [], o, accept),
            SecondaryProp: checkSecondary,
            Run: checkDevices,
        };
    }
}

function checkSecondary(p: ast.SecondaryProp, accept: ValidationAcceptor): void {
    if (p.perPage && p.purge) {
        const from = GrammarUtils.findNodeForKeyword(p.$cstNode, 'else')?.range.start;
        const to = GrammarUtils.findNodeForKeyword(p.$cstNode, 'purge')?.range.end;
        accept(
            'error',
            '`else purge` is for a range secondary (secondary range max N pages else purge): a per-page ' +
                'secondary looks up every page of a callout and flushes once (R52)',
            {
                node: p,
                ...(from && to ? { range: { start: from, end: to } } : { property: 'purge' }),
                code: IssueCodes.PurgeOnPerPage,
            },
        );
    }
}

/** Where a notifier stands at a point of a run: armed, never registered, released at a statement, or unknown. */
type Armed =
    | { state: 'armed' }
    | { state: 'unregistered' }
    | { state: 'released'; at: AstNode; why: string }
    | { state: 'unknown' };

function notifiersTouchedIn(node: ast.Repeat, byMm: Map<string, string[]>): string[] {
    const names: string[] = [];
    forEachStatement(node.statements, inner => {
        if (inner.$type === 'RegisterOp') names.push(inner.notifier?.$refText ?? '');
        if (inner.$type === 'ExitOp') names.push(...(byMm.get(inner.task?.task?.$refText ?? '') ?? []));
    });
    return names;
}

function checkDevices(run: ast.Run, accept: ValidationAcceptor): void {
    const byMm = new Map<string, string[]>();
    const states = new Map<string, Armed>();
    // Device, register and exit operations are statements: a walk of the statements (not of every node, as
    // Langium's streamAllContents does) finds them all; this check runs again on every keystroke.
    const registered = new Set<string>();
    forEachStatement(run.statements, s => {
        if (s.$type === 'RegisterOp' && s.register) registered.add(s.notifier?.$refText ?? '');
        const n = s.$type === 'DeviceOp' ? s.notifier?.ref : undefined;
        if (!n || states.has(n.name)) return;
        byMm.set(n.mm?.$refText ?? '', [...(byMm.get(n.mm?.$refText ?? '') ?? []), n.name]);
        states.set(n.name, { state: 'armed' });
    });
    if (states.size === 0) return;
    for (const name of states.keys()) if (registered.has(name)) states.set(name, { state: 'unregistered' });
    for (const s of run.statements ?? []) {
        if (s?.$type === 'RegisterOp' && states.has(s.notifier?.$refText ?? '')) {
            const was = states.get(s.notifier!.$refText)!;
            states.set(
                s.notifier!.$refText,
                s.register
                    ? { state: 'armed' }
                    : was.state === 'armed'
                      ? { state: 'released', at: s, why: 'unregister' }
                      : was,
            );
        } else if (s?.$type === 'ExitOp' && !s.task?.thread) {
            for (const name of byMm.get(s.task?.task?.$refText ?? '') ?? [])
                states.set(name, { state: 'released', at: s, why: 'the exit of its mm' });
        } else if (s?.$type === 'Repeat') {
            for (const name of notifiersTouchedIn(s, byMm))
                if (states.has(name)) states.set(name, { state: 'unknown' });
        } else if (s?.$type === 'DeviceOp') checkDevice(s, states.get(s.notifier?.$refText ?? ''), accept);
    }
}

function checkDevice(op: ast.DeviceOp, armed: Armed | undefined, accept: ValidationAcceptor): void {
    if (!armed || armed.state === 'armed' || armed.state === 'unknown') return;
    const name = op.notifier?.$refText;
    const message =
        armed.state === 'released'
            ? `notifier ${name} was released at line ${lineOf(armed.at)} (${armed.why}): its secondary MMU ` +
              `maps nothing any more, a device access through it is an error (R71)`
            : `notifier ${name} is not registered yet: this run registers it later, and a device access ` +
              `needs an armed notifier (R71)`;
    accept('error', message, { node: op, property: 'notifier', code: IssueCodes.DeviceNotRegistered });
}

/**
 * Check the effective properties `props`; report only problems that `own` (the block being
 * checked) takes part in, on its property when it has one, else on the block.
 */
function checkNotifier(props: readonly Prop[], own: readonly Prop[], block: AstNode, accept: ValidationAcceptor): void {
    const sleeps = last(props, 'SleepsProp');
    const locking = last(props, 'LockingProp');
    const api = last(props, 'ApiProp');
    const mine = (p: Prop | undefined): boolean => p !== undefined && own.includes(p);
    const where = (...candidates: Array<Prop | undefined>): { node: AstNode } => ({
        node: candidates.find(mine) ?? block,
    });
    if (sleeps && isOn(sleeps.sleeps)) {
        if ((locking?.locking ?? 'rcu') === 'rcu' && (mine(sleeps) || mine(locking))) {
            accept(
                'error',
                'a sleeping notifier cannot use rcu locking: its callouts would schedule inside ' +
                    'rcu_read_lock (use locking mutex)',
                {
                    ...where(locking, sleeps),
                    code: IssueCodes.SleepingRcu,
                },
            );
        }
        const apiName = api?.api ?? 'merged';
        if ((apiName === 'page' || apiName === 'merged') && (mine(sleeps) || mine(api))) {
            accept(
                'error',
                `a sleeping notifier cannot use api ${apiName}: invalidate_page is called under the PT ` +
                    `lock, in atomic context (use api range or interval)`,
                {
                    ...where(api, sleeps),
                    code: IssueCodes.SleepingAtomicApi,
                },
            );
        }
    }
    if (api && mine(api)) {
        if (api.api === 'interval' && !api.size) {
            accept('error', 'api interval needs an interval: api interval at ADDRESS size SIZE', {
                node: api,
                property: 'api',
                code: IssueCodes.IntervalMissing,
            });
        } else if (api.api !== 'interval' && api.size) {
            accept('warning', `an interval is used only by api interval: api ${api.api} ignores it`, {
                node: api,
                property: 'size',
                code: IssueCodes.IntervalUnused,
            });
        }
    }
}
