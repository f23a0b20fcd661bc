/**
 * The comparison as text: an aligned table for a terminal, Markdown for a mail or an issue, CSV for a
 * spreadsheet. Variants are columns, figures are rows, then one ratio column per variant after the base.
 */
import { TIME_FIGURES } from '../engine/figures.js';
import type { Comparison, ComparisonRow } from './comparison.js';
import { formatCount, formatNs, formatRatio } from './format-numbers.js';

function header(c: Comparison): string[] {
    return ['figure', ...c.variants, ...c.variants.slice(1).map(v => `${v}/${c.variants[0]}`)];
}

function cells(row: ComparisonRow): string[] {
    const value = TIME_FIGURES.has(row.figure) ? formatNs : formatCount;
    return [row.label, ...row.values.map(value), ...row.ratios.map(formatRatio)];
}

/** Columns padded to their widest cell; numbers right-aligned, labels left-aligned. */
export function formatTextTable(c: Comparison): string {
    const table = [header(c), ...c.rows.map(cells)];
    const widths = table[0].map((_, i) => Math.max(...table.map(r => r[i].length)));
    const line = (r: string[]) =>
        r
            .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
            .join('  ')
            .trimEnd();
    const rule = widths.map(w => '─'.repeat(w)).join('  ');
    return [line(table[0]), rule, ...table.slice(1).map(line)].join('\n') + '\n';
}

export function formatMarkdownTable(c: Comparison): string {
    const escape = (s: string) => s.replace(/\|/g, '\\|');
    const head = header(c);
    const align = head.map((_, i) => (i === 0 ? ':---' : '---:'));
    const rows = [head, align, ...c.rows.map(cells)];
    return rows.map(r => `| ${r.map(escape).join(' | ')} |`).join('\n') + '\n';
}

/** CSV with raw numbers (no separators, times in ns) so that a spreadsheet can compute with them. */
export function formatCsv(c: Comparison): string {
    const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const head = header(c);
    const rows = c.rows.map(r => [
        r.label,
        ...r.values.map(String),
        ...r.ratios.map(x => (x === undefined ? '' : String(x))),
    ]);
    return [head, ...rows].map(r => r.map(quote).join(',')).join('\n') + '\n';
}
