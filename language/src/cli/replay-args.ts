/** Arguments of `mscn replay` (docs/model.md section 12), checked before anything is read. */
import { TLB_BOUNDS } from '../validation/numbers.js';
import { parseSize } from './size-arg.js';

export const REPLAY_USAGE =
    'Usage: mscn replay TRACE [--tlb E/W[,E/W...]] [--machine FILE:NAME[,NAME...]] [--json | --csv]\n' +
    `                   [--budget N] [--memory SIZE]

Replays a valgrind lackey trace (valgrind --tool=lackey --trace-mem=yes --log-file=TRACE PROG) as one task
on CPU 0 of an x86_64 machine whose whole user range is one private anonymous VMA (docs/model.md section 12).
  --tlb E/W            one unified 4 KiB TLB of E entries in W ways (default 64/4); no large-page TLB
  --machine FILE:NAME  the machine NAME declared in the scenario file FILE instead
                       A list (--tlb 16/4,32/4,64/4 or --machine FILE:a,b, or the flag repeated) replays
                       every configuration in one pass over the trace: one row per configuration.
  --json               the figures as JSON (keys: figure names, records, skippedLines); with several
                       configurations an array of such objects, each with its configuration
  --csv                one CSV row per configuration (raw numbers)
  --budget N           stop after N page accesses (default 1,000,000,000; figures so far are printed, exit 1)
  --memory SIZE        stop when the replay holds SIZE of frames and page tables (default 256M; e.g. 2G, 1GiB);
                       the configurations of one pass share it
Ctrl-C stops the replay and prints the figures so far (exit 130).
A trace with no lackey record (empty, or not a lackey log) prints its zero figures, a warning, exit 1.
With 4 or more CPUs a second thread parses while the first replays; MSCN_REPLAY_THREADS=1 or 2 decides.
`;

export interface TlbArg {
    entries: number;
    ways: number;
}
export interface MachineArg {
    file: string;
    name: string;
}

export interface ReplayArgs {
    trace: string;
    /** The TLBs to replay on, in the order given; ignored when `machines` is not empty. */
    tlbs: TlbArg[];
    machines: MachineArg[];
    json: boolean;
    csv: boolean;
    budget?: number;
    /** The memory budget in bytes (engine/memory.ts). */
    memory?: number;
}

/** Each configuration is a whole engine fed every record: enough for a sweep, not for a typo of 10^6. */
export const MAX_CONFIGURATIONS = 64;

export type ParsedArgs = { ok: true; args: ReplayArgs } | { ok: false; message: string };

const DEFAULT_TLB = { entries: 64, ways: 4 };

/** Splits `--flag=value` and `--flag value` alike. */
function takeValue(args: string[], i: number, flag: string): { value?: string; next: number } {
    const arg = args[i];
    if (arg.startsWith(`${flag}=`)) return { value: arg.slice(flag.length + 1), next: i + 1 };
    return { value: args[i + 1], next: i + 2 };
}

function parseTlb(text: string): TlbArg | string {
    const match = /^(\d+)\/(\d+)$/.exec(text);
    if (!match) return `--tlb expects ENTRIES/WAYS (e.g. 64/4), got '${text}'`;
    // the language's bounds (validation/numbers.ts): a billion entries would abort V8, not replay
    for (const [digits, b] of [
        [match[1], TLB_BOUNDS.entries],
        [match[2], TLB_BOUNDS.ways],
    ] as const) {
        const n = BigInt(digits);
        if (n < b.min) return `--tlb ${text}: ${b.label} must be at least ${b.min}`;
        if (n > b.max)
            return (
                `--tlb ${text}: at most ${Number(b.max).toLocaleString('en-US')} ${b.label}, as in a ` +
                `machine's tlb line`
            );
    }
    const entries = Number(match[1]);
    const ways = Number(match[2]);
    if (entries % ways !== 0) return `--tlb ${text}: ${entries} entries do not divide into sets of ${ways} ways`;
    return { entries, ways };
}

/** `FILE:NAME[,NAME...]`: every name is a machine of that one file. */
function parseMachines(text: string): MachineArg[] | string {
    const colon = text.lastIndexOf(':');
    const names = text.slice(colon + 1).split(',');
    if (colon <= 0 || names.some(n => n === ''))
        return `--machine expects FILE:NAME (e.g. scenarios/pae.mscn:xeon), got '${text}'`;
    return names.map(name => ({ file: text.slice(0, colon), name }));
}

/** `E/W[,E/W...]`. */
function parseTlbs(text: string): TlbArg[] | string {
    const tlbs: TlbArg[] = [];
    for (const item of text.split(',')) {
        const tlb = parseTlb(item);
        if (typeof tlb === 'string') return tlb;
        tlbs.push(tlb);
    }
    return tlbs;
}

/** Two equal configurations would only print the same row twice: most likely a typo in the list. */
function checkConfigurations(args: Omit<ReplayArgs, 'trace'>): string | undefined {
    const labels =
        args.machines.length > 0
            ? args.machines.map(m => `--machine ${m.file}:${m.name}`)
            : args.tlbs.map(t => `--tlb ${t.entries}/${t.ways}`);
    if (labels.length > MAX_CONFIGURATIONS)
        return `at most ${MAX_CONFIGURATIONS} configurations in one pass, got ${labels.length}`;
    const twice = labels.find((label, i) => labels.indexOf(label) !== i);
    return twice ? `${twice} is given twice` : undefined;
}

function parseBudget(text: string): number | string {
    if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
        return `--budget expects a positive whole number of page accesses, got '${text}'`;
    }
    return Number(text);
}

export function parseReplayArgs(argv: string[]): ParsedArgs {
    const traces: string[] = [];
    const args: Omit<ReplayArgs, 'trace'> = { tlbs: [], machines: [], json: false, csv: false };
    for (let i = 0; i < argv.length;) {
        const arg = argv[i];
        const flag = arg.startsWith('--') ? arg.split('=')[0] : undefined;
        if (flag === '--json' && arg === flag) {
            args.json = true;
            i++;
            continue;
        }
        if (flag === '--csv' && arg === flag) {
            args.csv = true;
            i++;
            continue;
        }
        if (flag === '--tlb' || flag === '--machine' || flag === '--budget' || flag === '--memory') {
            const { value, next } = takeValue(argv, i, flag);
            i = next;
            if (value === undefined || value === '') return { ok: false, message: `${flag} needs a value` };
            const parsed =
                flag === '--tlb'
                    ? parseTlbs(value)
                    : flag === '--machine'
                      ? parseMachines(value)
                      : flag === '--memory'
                        ? parseSize(value)
                        : parseBudget(value);
            if (typeof parsed === 'string') return { ok: false, message: parsed };
            if (flag === '--tlb') args.tlbs.push(...(parsed as TlbArg[]));
            else if (flag === '--machine') args.machines.push(...(parsed as MachineArg[]));
            else if (flag === '--memory') args.memory = parsed as number;
            else args.budget = parsed as number;
            continue;
        }
        if (arg.startsWith('-')) return { ok: false, message: `unknown option '${arg}'` };
        traces.push(arg);
        i++;
    }
    if (traces.length !== 1) {
        return {
            ok: false,
            message: traces.length === 0 ? 'no trace file given' : `one trace file expected, got ${traces.length}`,
        };
    }
    if (args.tlbs.length > 0 && args.machines.length > 0) {
        return { ok: false, message: '--tlb and --machine cannot be combined: the machine declares its TLBs' };
    }
    if (args.json && args.csv) return { ok: false, message: '--json and --csv cannot be combined' };
    if (args.tlbs.length === 0 && args.machines.length === 0) args.tlbs.push(DEFAULT_TLB);
    const problem = checkConfigurations(args);
    if (problem) return { ok: false, message: problem };
    return { ok: true, args: { trace: traces[0], ...args } };
}
