/**
 * The probe's report: a text table of model vs kernel per statement, and the JSON of
 * docs/json-report.md ("mscn probe --json").
 */
import { readFileSync } from 'node:fs';
import { formatCount } from '../report/format-numbers.js';
import type { ProbeComparison, Spread, StatementComparison } from './compare.js';

export const PROBE_SCHEMA = 'mscn-probe/1';

const spreadText = (s: Spread) =>
    s.min === s.max ? formatCount(s.min) : `${formatCount(s.min)}/${formatCount(s.median)}/${formatCount(s.max)}`;

function row(label: string, kind: string, c: Pick<StatementComparison, 'model' | 'kernel'>): string[] {
    const same = c.model.pageFaults === c.kernel.pageFaults && c.model.ptPages === c.kernel.ptPages;
    return [
        label,
        kind,
        formatCount(c.model.pageFaults),
        formatCount(c.kernel.pageFaults),
        formatCount(c.model.ptPages * 4),
        formatCount(c.kernel.ptPages * 4),
        formatCount(c.model.ipis),
        spreadText(c.kernel.ipis),
        same ? '' : 'differs',
    ];
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
    const line = (r: string[]) =>
        r
            .map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
            .join('  ')
            .trimEnd();
    return [line(rows[0]), line(rows[1]), widths.map(w => '─'.repeat(w)).join('  '), ...rows.slice(2).map(line)].join(
        '\n',
    );
}

export function formatProbeText(file: string, c: ProbeComparison): string {
    const head = [
        ['', '', 'pageFaults', '', 'VmPTE kB', '', 'ipis', '', ''],
        ['line:col', 'statement', 'model', 'kernel', 'model', 'kernel', 'model', 'kernel', ''],
    ];
    const body = c.statements.map(s => row(`${s.loc.line}:${s.loc.column}`, s.kind, s));
    const lines = [
        `${file}: run ${c.run}, variant ${c.variant}: model vs the running kernel (${c.repeat} ` +
            `run${c.repeat === 1 ? '' : 's'})`,
        '',
        table([...head, ...body, row('total', '', c.totals)]),
        '',
        `The helper's own overhead, measured by an empty run and subtracted: ` +
            `${formatCount(c.overhead.pageFaults)} faults, ` +
            `${formatCount(c.overhead.ptPages * 4)} kB of VmPTE, ${formatCount(c.overhead.ipis)} IPIs.`,
        'VmPTE kB: page-table pages below the pgd (pud, pmd, pte) after the statement; the total is the peak.',
        'Kernel IPIs: the TLB row of /proc/interrupts, min/median/max over the runs when they differ.',
    ];
    const note = ipiNote(c);
    if (note) lines.push(note);
    return `${lines.join('\n')}\n`;
}

/** Under a hypervisor with a paravirtual flush, remote flushes are hypercalls and never show as IPIs. */
function ipiNote(c: ProbeComparison): string | undefined {
    if (c.totals.model.ipis === 0 || c.totals.kernel.ipis.max > 0) return undefined;
    let cpuinfo = '';
    try {
        cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
        /* not Linux: no note */
    }
    if (!/^flags\s*:.*\bhypervisor\b/m.test(cpuinfo))
        return 'Note: the kernel counted no TLB-shootdown IPIs where the model sends some.';
    return (
        'Note: the kernel counted no TLB-shootdown IPIs: this machine runs under a hypervisor, whose paravirtual ' +
        'flush (flush_tlb_multi) replaces the IPIs with hypercalls or deferred flushes; compare IPIs on bare metal.'
    );
}

export function probeJson(file: string, comparisons: ProbeComparison[]) {
    return {
        schema: PROBE_SCHEMA,
        file,
        runs: comparisons.map(c => ({
            run: c.run,
            variant: c.variant,
            repeat: c.repeat,
            statements: c.statements.map(s => ({
                id: s.id,
                line: s.loc.line,
                column: s.loc.column,
                kind: s.kind,
                model: s.model,
                kernel: s.kernel,
            })),
            totals: c.totals,
            overhead: c.overhead,
        })),
    };
}
