/**
 * Hover on a sweep (docs/sweeps.md): on its header, how many points it expands to and over which
 * parameters; on a parameter or one of its values, what the parameter sets and its values.
 */
import * as ast from '../../language/src/generated/ast.js';
import {
    SWEEP_PARAMS,
    firstParamItems,
    paramLabel,
    paramValueCount,
    sweepLimit,
    sweepPointCount,
} from '../../language/src/lowering/sweep.js';

const MAX_LISTED = 12;

export function sweepHover(node: ast.Sweep | ast.SweepParam | ast.SweepValue): string {
    if (ast.isSweep(node)) return sweepSummary(node);
    const param = ast.isSweepParam(node) ? node : node.$container;
    // Counted, and only the first values listed: a range may stand for a billion of them.
    const count = paramValueCount(param);
    const labels = firstParamItems(param, MAX_LISTED).map(i => i.label);
    const listed = count > BigInt(MAX_LISTED) ? [...labels, '…'] : labels;
    const doc = SWEEP_PARAMS[param.param]?.doc ?? '';
    const plural = count === 1n ? '' : 's';
    return `**${paramLabel(param)}**: ${doc}\n\n${count.toLocaleString('en-US')} value${plural}: ${listed.join(', ')}`;
}

function sweepSummary(sweep: ast.Sweep): string {
    const count = sweepPointCount(sweep);
    const params = (sweep.params ?? [])
        .map(p => `${paramLabel(p)} (${paramValueCount(p).toLocaleString('en-US')})`)
        .join(' × ');
    return (
        `**sweep${sweep.name ? ` ${sweep.name}` : ''}**: ${count.toLocaleString('en-US')} points` +
        `${params ? ` = ${params}` : ''}` +
        ` (limit ${sweepLimit(sweep).toLocaleString('en-US')}); each a variant named by its values,` +
        ' run under every run block'
    );
}
