/**
 * `mscn check FILE... [--no-run] [--check-invariants]`: every diagnostic of the files and their imports, one per
 * line as `file:line:col: severity: message`, sorted by file, line and column. Exit 1 on any error or
 * unreadable file, 0 otherwise. A file without errors is then run (unless `--no-run`): failed
 * expectations, stale translations and engine errors are reported on their statements as well;
 * `--check-invariants` checks the engine's invariants after every statement of that run.
 */
import { relative } from 'node:path';
import type { LangiumDocument } from 'langium';
import { loadScenarioFiles, type LoadedFile } from './load-document.js';
import { runScenarioFile } from '../execution/run-scenario-file.js';
import { describeMerged, mergeVariants, runFindings } from '../report/run-findings.js';

const SEVERITIES = ['', 'error', 'warning', 'info', 'hint'];
const OPTIONS = ['--no-run', '--check-invariants'];

export interface Line { file: string; line: number; column: number; severity: string; message: string }

export async function checkCommand(args: string[]): Promise<number> {
    const files = args.filter(a => !a.startsWith('--'));
    const unknown = args.filter(a => a.startsWith('--') && !OPTIONS.includes(a));
    if (unknown.length > 0 || files.length === 0) {
        process.stderr.write(unknown.length > 0 ? `mscn check: unknown option '${unknown[0]}'\n` : 'mscn check: no file given\n');
        process.stderr.write('usage: mscn check FILE... [--no-run] [--check-invariants]\n');
        return 2;
    }
    const loaded = await loadScenarioFiles(files);
    for (const failure of loaded.failures) process.stderr.write(`mscn check: ${failure.message}\n`);
    const lines = loaded.documents.flatMap(diagnosticLines);
    if (!args.includes('--no-run')) {
        const clean = loaded.files.filter(f => !lines.some(l => l.severity === 'error' && l.file === displayPath(f.document)));
        const checkInvariants = args.includes('--check-invariants');
        lines.push(...clean.flatMap(f => runLines(f, checkInvariants)));
    }
    lines.sort(compareLines);
    for (const l of lines) process.stdout.write(`${formatLine(l)}\n`);
    const errors = lines.some(l => l.severity === 'error') || loaded.failures.length > 0;
    return errors ? 1 : 0;
}

function displayPath(document: LangiumDocument): string {
    return relative(process.cwd(), document.uri.fsPath) || document.uri.fsPath;
}

/** What running the file finds, as diagnostic lines on its statements (merged across variants). */
function runLines(file: LoadedFile, checkInvariants: boolean): Line[] {
    const runs = runScenarioFile(file.document.parseResult.value, file.imports, file.document.uri.fsPath, { checkInvariants });
    if (typeof runs === 'string') return [];
    return runs.flatMap(r => {
        const variants = r.results.map(v => v.variant);
        return mergeVariants(runFindings(r.results), variants).map(f => ({
            file: displayPath(file.document), line: f.loc.line, column: f.loc.column,
            severity: f.severity, message: describeMerged(f, variants.length),
        }));
    });
}

export function diagnosticLines(document: LangiumDocument): Line[] {
    const file = displayPath(document);
    return (document.diagnostics ?? []).map(d => ({
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: SEVERITIES[d.severity ?? 1] ?? 'error',
        message: d.message.replace(/\s*\n\s*/g, ' '),
    }));
}

export function formatLine(l: Line): string {
    return `${l.file}:${l.line}:${l.column}: ${l.severity}: ${l.message}`;
}

function compareLines(a: Line, b: Line): number {
    return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
}
