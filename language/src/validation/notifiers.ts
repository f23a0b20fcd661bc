/**
 * MMU notifier rules of MODEL.md section 7, on a notifier and on each variant override of one:
 * a sleeping notifier cannot use RCU for its list (no scheduling inside rcu_read_lock), cannot
 * take invalidate_page callouts (api page or merged: called under the PT lock, atomic context),
 * and api interval needs its interval.
 */
import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import type * as ast from '../generated/ast.js';
import type { MscnAstType } from '../generated/ast.js';
import { isOn } from '../lowering/machine.js';
import { IssueCodes } from './issue-codes.js';

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
        };
    }
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
    const where = (...candidates: Array<Prop | undefined>): { node: AstNode } => ({ node: candidates.find(mine) ?? block });
    if (sleeps && isOn(sleeps.sleeps)) {
        if ((locking?.locking ?? 'rcu') === 'rcu' && (mine(sleeps) || mine(locking))) {
            accept('error', 'a sleeping notifier cannot use rcu locking: its callouts would schedule inside rcu_read_lock (use locking mutex)', {
                ...where(locking, sleeps), code: IssueCodes.SleepingRcu,
            });
        }
        const apiName = api?.api ?? 'merged';
        if ((apiName === 'page' || apiName === 'merged') && (mine(sleeps) || mine(api))) {
            accept('error', `a sleeping notifier cannot use api ${apiName}: invalidate_page is called under the PT lock, in atomic context (use api range or interval)`, {
                ...where(api, sleeps), code: IssueCodes.SleepingAtomicApi,
            });
        }
    }
    if (api && mine(api)) {
        if (api.api === 'interval' && !api.size) {
            accept('error', 'api interval needs an interval: api interval at ADDRESS size SIZE', {
                node: api, property: 'api', code: IssueCodes.IntervalMissing,
            });
        } else if (api.api !== 'interval' && api.size) {
            accept('warning', `an interval is used only by api interval: api ${api.api} ignores it`, {
                node: api, property: 'size', code: IssueCodes.IntervalUnused,
            });
        }
    }
}
