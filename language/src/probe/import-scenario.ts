/**
 * `mscn import`: a scenario that rebuilds a process's address space, from ProcImage. Each VMA
 * becomes `mmap ... at ADDR size SIZE PROT [file "..." offset N] [shared] as NAME`, its present pages
 * touches (a run of pages one statement, equally spaced single pages one statement with `stride`).
 * For a process that never freed memory, the page tables the engine allocates for it are those the
 * kernel holds: VmPTE (docs/probe.md).
 */
import type { ProcImage, ProcVma } from './proc-maps.js';

/** The language's reserved words (docs/language.md, "Names and reserved words"). */
const RESERVED = new Set(
    (
        `import machine split process kthread vas segment notifier run variant use repeat expect on with at
size ` +
        `as to by cpu level idle stride dontneed file offset huge else create attach mmap munmap mprotect ` +
        `madvise read write
touch fork exec exit switch migrate swapout kmap kunmap kmap_atomic copy_to_user ` +
        `syscall register unregister device replay
page pages page_offset task_size i386 x86_64 on off yes no ` +
        `global B KiB MiB GiB TiB PiB EiB ns us ms cycles Hz KHz MHz GHz`
    ).split(/\s+/),
);

/** User space of x86_64 with 4-level paging: [0, TASK_SIZE). [vsyscall] lies above it. */
const TASK_SIZE = 0x7ffffffff000n;

export function identifier(raw: string, fallback: string): string {
    let name = raw
        .toLowerCase()
        .replace(/[^a-z0-9_]+/g, '_')
        .replace(/^_+|_+$/g, '');
    if (name === '') name = fallback;
    if (/^[0-9]/.test(name)) name = `_${name}`;
    return RESERVED.has(name) ? `${name}_map` : name;
}

function vmaBaseName(v: ProcVma, index: number): string {
    if (v.path.startsWith('[')) return identifier(v.path.slice(1, -1), `vma${index}`);
    if (v.path === '') return 'anon';
    const base = v.path.split('/').pop() ?? '';
    return identifier(base.replace(/\s*\(deleted\)$/, ''), `vma${index}`);
}

function protOf(perms: string): string {
    const r = perms[0] === 'r';
    const w = perms[1] === 'w';
    const x = perms[2] === 'x';
    if (x) return w ? 'rwx' : 'rx';
    if (w) return 'rw';
    return r ? 'r' : 'none';
}

const hex = (n: bigint) => `0x${n.toString(16)}`;
const pagesText = (n: number) => (n === 1 ? '1 page' : `${n} pages`);

/** Runs of present pages as [first, count, stride] in pages; equally spaced single pages share one. */
export function touchRuns(present: number[]): Array<[number, number, number]> {
    const runs: Array<[number, number]> = [];
    for (const p of present) {
        const last = runs[runs.length - 1];
        if (last && last[0] + last[1] === p) last[1]++;
        else runs.push([p, 1]);
    }
    const out: Array<[number, number, number]> = [];
    for (let i = 0; i < runs.length;) {
        let j = i + 1;
        if (runs[i][1] === 1 && i + 2 < runs.length && runs[i + 1][1] === 1) {
            const d = runs[i + 1][0] - runs[i][0];
            while (j < runs.length && runs[j][1] === 1 && runs[j][0] - runs[j - 1][0] === d) j++;
            if (j - i >= 3) {
                out.push([runs[i][0], (j - i - 1) * d + 1, d]);
                i = j;
                continue;
            }
            j = i + 1;
        }
        out.push([runs[i][0], runs[i][1], 1]);
        i = j;
    }
    return out;
}

export function importScenario(image: ProcImage, source: string): string {
    const proc = identifier(image.comm, 'imported');
    const ramMib = 1 << 20; // 1 TiB: a present page never fails for want of simulated RAM
    const lines = [
        `// ${source}: the address space of process ${image.pid} (${image.comm}), written by mscn import.`,
        `// ${image.vmas.length} VMAs; VmPTE was ${image.vmPteKb} kB: the run's page-table pages below the pgd`,
        `// (ptPagesAllocated - ptPagesFreed at levels pud, pmd and pte) x 4 kB equal it for a process ` +
            `that never freed memory.`,
        '',
        `machine host { arch x86_64 ram ${ramMib} MiB cpus 1 }`,
        '',
        `process ${proc} { threads ${Math.max(1, image.threads)} }`,
        '',
        `run imported on host {`,
        `    switch cpu 0 to ${proc}`,
    ];
    // one namespace: mappings may not take the process's, the machine's or the run's name
    const used = new Map<string, number>([
        [proc, 1],
        ['host', 1],
        ['imported', 1],
    ]);
    image.vmas.forEach((v, index) => {
        if (v.end > TASK_SIZE) return; // [vsyscall]: a kernel page, not in the mm's page tables
        const base = vmaBaseName(v, index);
        const n = (used.get(base) ?? 0) + 1;
        used.set(base, n);
        const name = n === 1 ? base : `${base}_${n}`;
        lines.push(`    ${mmapLine(proc, v, name)}`);
        const access = v.perms[1] === 'w' ? 'write' : 'read';
        if (v.perms.startsWith('---')) return;
        for (const [first, count, stride] of touchRuns(v.present)) {
            const at = first === 0 ? name : `${name} + ${hex(BigInt(first) << 12n)}`;
            lines.push(
                `    ${access} ${proc} ${at} size ` +
                    `${pagesText(count)}${stride > 1 ? ` stride ${pagesText(stride)}` : ''}`,
            );
        }
    });
    lines.push('}', '');
    return lines.join('\n');
}

function mmapLine(proc: string, v: ProcVma, name: string): string {
    const size = v.end - v.start;
    const parts = [`mmap ${proc} at ${hex(v.start)} size ${pagesText(Number(size >> 12n))}`, protOf(v.perms)];
    if (v.inode !== 0 && v.path.startsWith('/'))
        parts.push(`file ${JSON.stringify(v.path)}${v.offset > 0n ? ` offset ${hex(v.offset)} B` : ''}`);
    if (v.perms[3] === 's') parts.push('shared');
    parts.push(`as ${name}`);
    return parts.join(' ');
}
