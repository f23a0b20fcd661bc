/** Arguments of `mscn replay` (docs/model.md section 12), checked before anything is read. */
import { TLB_BOUNDS } from '../validation/numbers.js';
import { parseSize } from './size-arg.js';

export const REPLAY_USAGE = `Usage: mscn replay TRACE [--tlb ENTRIES/WAYS] [--machine FILE:NAME] [--json] [--budget N] [--memory SIZE]

Replays a valgrind lackey trace (valgrind --tool=lackey --trace-mem=yes --log-file=TRACE PROG) as one task
on CPU 0 of an x86_64 machine whose whole user range is one private anonymous VMA (docs/model.md section 12).
  --tlb E/W            one unified 4 KiB TLB of E entries in W ways (default 64/4); no large-page TLB
  --machine FILE:NAME  the machine NAME declared in the scenario file FILE instead
  --json               the figures as JSON (keys: figure names, records, skippedLines)
  --budget N           stop after N page accesses (default 1,000,000,000; figures so far are printed, exit 1)
  --memory SIZE        stop when the replay holds SIZE of frames and page tables (default 256M; e.g. 2G, 1GiB)
Ctrl-C stops the replay and prints the figures so far (exit 130).
`;

export interface ReplayArgs {
    trace: string;
    tlb: { entries: number; ways: number };
    machine?: { file: string; name: string };
    json: boolean;
    budget?: number;
    /** The memory budget in bytes (engine/memory.ts). */
    memory?: number;
}

export type ParsedArgs = { ok: true; args: ReplayArgs } | { ok: false; message: string };

const DEFAULT_TLB = { entries: 64, ways: 4 };

/** Splits `--flag=value` and `--flag value` alike. */
function takeValue(args: string[], i: number, flag: string): { value?: string; next: number } {
    const arg = args[i];
    if (arg.startsWith(`${flag}=`)) return { value: arg.slice(flag.length + 1), next: i + 1 };
    return { value: args[i + 1], next: i + 2 };
}

function parseTlb(text: string): ReplayArgs['tlb'] | string {
    const match = /^(\d+)\/(\d+)$/.exec(text);
    if (!match) return `--tlb expects ENTRIES/WAYS (e.g. 64/4), got '${text}'`;
    // the language's bounds (validation/numbers.ts): a billion entries would abort V8, not replay
    for (const [digits, b] of [[match[1], TLB_BOUNDS.entries], [match[2], TLB_BOUNDS.ways]] as const) {
        const n = BigInt(digits);
        if (n < b.min) return `--tlb ${text}: ${b.label} must be at least ${b.min}`;
        if (n > b.max) return `--tlb ${text}: at most ${Number(b.max).toLocaleString('en-US')} ${b.label}, as in a machine's tlb line`;
    }
    const entries = Number(match[1]);
    const ways = Number(match[2]);
    if (entries % ways !== 0) return `--tlb ${text}: ${entries} entries do not divide into sets of ${ways} ways`;
    return { entries, ways };
}

function parseMachine(text: string): ReplayArgs['machine'] | string {
    const colon = text.lastIndexOf(':');
    if (colon <= 0 || colon === text.length - 1) return `--machine expects FILE:NAME (e.g. scenarios/pae.mscn:xeon), got '${text}'`;
    return { file: text.slice(0, colon), name: text.slice(colon + 1) };
}

function parseBudget(text: string): number | string {
    if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
        return `--budget expects a positive whole number of page accesses, got '${text}'`;
    }
    return Number(text);
}

export function parseReplayArgs(argv: string[]): ParsedArgs {
    const traces: string[] = [];
    const args: Omit<ReplayArgs, 'trace'> = { tlb: DEFAULT_TLB, json: false };
    let tlbGiven = false;
    for (let i = 0; i < argv.length;) {
        const arg = argv[i];
        const flag = arg.startsWith('--') ? arg.split('=')[0] : undefined;
        if (flag === '--json' && arg === flag) { args.json = true; i++; continue; }
        if (flag === '--tlb' || flag === '--machine' || flag === '--budget' || flag === '--memory') {
            const { value, next } = takeValue(argv, i, flag);
            i = next;
            if (value === undefined || value === '') return { ok: false, message: `${flag} needs a value` };
            const parsed = flag === '--tlb' ? parseTlb(value) : flag === '--machine' ? parseMachine(value)
                : flag === '--memory' ? parseSize(value) : parseBudget(value);
            if (typeof parsed === 'string') return { ok: false, message: parsed };
            if (flag === '--tlb') { args.tlb = parsed as ReplayArgs['tlb']; tlbGiven = true; }
            else if (flag === '--machine') args.machine = parsed as ReplayArgs['machine'];
            else if (flag === '--memory') args.memory = parsed as number;
            else args.budget = parsed as number;
            continue;
        }
        if (arg.startsWith('-')) return { ok: false, message: `unknown option '${arg}'` };
        traces.push(arg);
        i++;
    }
    if (traces.length !== 1) {
        return { ok: false, message: traces.length === 0 ? 'no trace file given' : `one trace file expected, got ${traces.length}` };
    }
    if (tlbGiven && args.machine) return { ok: false, message: '--tlb and --machine cannot be combined: the machine declares its TLBs' };
    return { ok: true, args: { trace: traces[0], ...args } };
}
