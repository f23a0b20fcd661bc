/**
 * Where the running kernel differs from the model (probe/differences/*.mscn, docs/probe.md): each
 * difference confirmed by the probe. The kernel's figure depends on its version and configuration,
 * read here from uname, /proc/config.gz (or /boot/config-*) and /proc/cmdline; the model's never does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildHelper, mscn, ROOT } from './native.js';

let helper = '';
beforeAll(() => {
    helper = buildHelper();
});

interface Row {
    line: number;
    model: { pageFaults: number; ptPages: number };
    kernel: { pageFaults: number; ptPages: number };
}

function probe(file: string): Map<number, Row> {
    const r = mscn(ROOT, helper, 'probe', `probe/differences/${file}`, '--json', '--repeat', '1');
    expect(r.stderr).toBe('');
    const rows = JSON.parse(r.stdout).runs[0].statements as Row[];
    return new Map(rows.map(s => [s.line, s]));
}

const [major, minor] = release().split('.').map(Number);
const atLeast = (a: number, b: number) => major > a || (major === a && minor >= b);

function kernelConfig(): string {
    if (existsSync('/proc/config.gz')) return gunzipSync(readFileSync('/proc/config.gz')).toString();
    const boot = `/boot/config-${release()}`;
    return existsSync(boot) ? readFileSync(boot, 'utf8') : '';
}

describe('kernel vs model differences', () => {
    test('GIVEN mprotect r then rw of written anonymous pages THEN a 6.0+ kernel takes no write fault, the model 4', () => {
        const rows = probe('mprotect-writable.mscn');
        expect(rows.get(9)!.kernel.pageFaults).toBe(4);
        expect(rows.get(12)!.model.pageFaults).toBe(4);
        expect(rows.get(12)!.kernel.pageFaults).toBe(atLeast(6, 0) ? 0 : 4);
    });

    test('GIVEN madvise dontneed over 4 MiB THEN a PT_RECLAIM kernel frees the 2 emptied pte tables, the model keeps them', () => {
        const config = kernelConfig();
        const reclaim = config === '' ? atLeast(6, 14) : /^CONFIG_PT_RECLAIM=y$/m.test(config);
        const rows = probe('dontneed-reclaim.mscn');
        // 4 MiB at 1 GiB: pud + pmd + 2 pte tables = 4 pages, 16 kB
        expect(rows.get(9)!.model.ptPages).toBe(4);
        expect(rows.get(9)!.kernel.ptPages).toBe(4);
        expect(rows.get(10)!.model.ptPages).toBe(4);
        expect(rows.get(10)!.kernel.ptPages).toBe(reclaim ? 2 : 4);
        expect(rows.get(11)!.kernel.ptPages).toBe(0);
    });

    test('GIVEN a read then a write of anonymous memory THEN 16 + 16 faults with the zero page, 16 + 0 without', () => {
        const noZeroPage = /\bpvm_no_zero_page=1\b/.test(readFileSync('/proc/cmdline', 'utf8'));
        const rows = probe('zero-page.mscn');
        expect(rows.get(11)!.model.pageFaults).toBe(16);
        expect(rows.get(11)!.kernel.pageFaults).toBe(16);
        expect(rows.get(12)!.model.pageFaults).toBe(16);
        expect(rows.get(12)!.kernel.pageFaults).toBe(noZeroPage ? 0 : 16);
    });
});
