/**
 * `mscn replay --machine FILE:NAME`: the machine NAME declared in the scenario file FILE (or a file it
 * imports), lowered exactly as `mscn run` lowers it, so that a trace replays on the machine a scenario uses.
 */
import type { MachineConfig } from '../engine/scenario.js';
import type { Machine, Scenario } from '../generated/ast.js';
import { lowerMachine } from '../lowering/machine.js';
import { loadScenarioFiles } from './load-document.js';

export type LoadedMachine = { ok: true; machine: MachineConfig } | { ok: false; message: string };

const MAX_DIAGNOSTICS_SHOWN = 5;

function machinesOf(roots: readonly Scenario[]): Machine[] {
    return roots.flatMap(r => (r.elements ?? []).filter((e): e is Machine => e?.$type === 'Machine'));
}

export async function loadReplayMachine(file: string, name: string): Promise<LoadedMachine> {
    const loaded = await loadScenarioFiles([file]);
    if (loaded.failures.length > 0) return { ok: false, message: `--machine: ${loaded.failures[0].message}` };
    const scenario = loaded.files[0];
    if (!scenario) return { ok: false, message: `--machine: ${file} is not a scenario file` };
    // A machine lowered from a file with errors could silently fall back to defaults: refuse instead.
    const errors = loaded.documents.flatMap(d =>
        (d.diagnostics ?? [])
            .filter(x => x.severity === 1)
            .map(x => `${d.uri.fsPath}:${x.range.start.line + 1}:${x.range.start.character + 1}: error: ${x.message}`),
    );
    if (errors.length > 0) {
        const shown = errors.slice(0, MAX_DIAGNOSTICS_SHOWN).join('\n');
        const more = errors.length > MAX_DIAGNOSTICS_SHOWN ? `\n(${errors.length - MAX_DIAGNOSTICS_SHOWN} more)` : '';
        return { ok: false, message: `--machine: ${file} has errors (see mscn check):\n${shown}${more}` };
    }
    const machines = machinesOf([scenario.document.parseResult.value, ...scenario.imports]);
    const machine = machines.find(m => m.name === name);
    if (!machine) {
        const known = machines.map(m => m.name).join(', ');
        return {
            ok: false,
            message:
                `--machine: no machine '${name}' in ` +
                `${file}${known ? ` (it declares: ${known})` : ' (it declares none)'}`,
        };
    }
    return { ok: true, machine: lowerMachine(machine) };
}
