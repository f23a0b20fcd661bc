/**
 * Checking a file costs in proportion to its size, however many runs, variants and splits it has.
 * The checks of a run, a variant and a split used to scan the file's top-level declarations each
 * (names: once per run; variant designs: every run per variant; a split's arch: every run per
 * split), so 8,000 empty runs took 26 s to check. Timing would be flaky on a shared machine: these
 * tests count how often the checker reads an element of the file's declaration list instead.
 */
import { describe, expect, test } from 'vitest';
import type { LangiumDocument } from 'langium';
import type { Scenario } from '../../language/src/generated/ast.js';
import { parse, services, sortedDiagnostics } from './helpers.js';

/** Validates `text` with its top-level declaration list counting the reads of its elements. */
async function countElementReads(text: string): Promise<{ reads: number; elements: number; diagnostics: string[] }> {
    const document = (await parse(text)) as LangiumDocument<Scenario>;
    const root = document.parseResult.value;
    const elements = root.elements;
    let reads = 0;
    root.elements = new Proxy(elements, {
        get(target, key, receiver) {
            if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
            return Reflect.get(target, key, receiver) as unknown;
        },
    });
    document.diagnostics = await services.validation.DocumentValidator.validateDocument(document);
    return { reads, elements: elements.length, diagnostics: sortedDiagnostics(document) };
}

const lines = (n: number, line: (i: number) => string): string =>
    Array.from({ length: n }, (_, i) => line(i)).join('\n');

describe('checking many declarations reads each a bounded number of times', () => {
    test('GIVEN 3,000 empty runs THEN the names check does not scan the file once per run', async () => {
        const { reads, elements, diagnostics } = await countElementReads(lines(3000, i => `run r${i} {}`));
        expect(diagnostics).toEqual([]);
        expect(elements).toBe(3000);
        // scanning the declarations once per run read 9,000,000 elements
        expect(reads).toBeLessThan(20 * elements);
    });

    test('GIVEN 1,000 runs and 1,000 variants changing their split THEN each variant does not scan the runs', async () => {
        const text = [
            'machine m {\n    arch i386\n}',
            'split s {\n    3G/1G\n}',
            lines(1000, i => `run r${i} on m {}`),
            lines(1000, i => `variant v${i} { use split s }`),
        ].join('\n');
        const { reads, elements, diagnostics } = await countElementReads(text);
        expect(diagnostics).toEqual([]);
        expect(reads).toBeLessThan(20 * elements);
    });

    test('GIVEN 1,000 splits and 1,000 runs THEN each split does not scan the runs for its arch', async () => {
        const text = [
            'machine m {\n    arch i386\n}',
            lines(1000, i => `split s${i} {\n    3G/1G\n}\nrun r${i} on m with s${i} {}`),
        ].join('\n');
        const { reads, elements, diagnostics } = await countElementReads(text);
        expect(diagnostics).toEqual([]);
        expect(reads).toBeLessThan(20 * elements);
    });

    test('GIVEN variants over many runs THEN their findings are still reported per run, in file order', async () => {
        const text = [
            'machine pae {\n    arch i386-pae\n}',
            'machine x {\n    arch x86_64\n}',
            'split opt {\n    3G/1G-opt\n}',
            'run a on pae {}',
            'run b on x {}',
            'run c on pae {}',
            'variant v1 { use split opt }',
            'variant v2 { machine pae { arch i386 } use split opt }',
        ].join('\n');
        const { diagnostics } = await countElementReads(text);
        const pae =
            '3G/1G-opt needs i386 without PAE: with PAE each pgd entry maps 1 GiB, ' +
            'so PAGE_OFFSET must be a multiple of 1 GiB';
        const ignored = "split 'opt' sets PAGE_OFFSET, which x86_64 ignores: user space is [0, 0x7ffffffff000)";
        expect(diagnostics.map(d => d.replace(/^\S+ /, ''))).toEqual([
            `error: variant 'v1', run 'a': ${pae}`,
            `warning: variant 'v1', run 'b': ${ignored}`,
            `error: variant 'v1', run 'c': ${pae}`,
            `warning: variant 'v2', run 'b': ${ignored}`,
        ]);
    });

    test('GIVEN a run naming a mapping like a top-level declaration THEN it is still a duplicate', async () => {
        const text = [
            'process db',
            lines(500, i => `run r${i} {}`),
            'run last {\n    mmap db size 4 KiB as r7\n}',
        ].join('\n');
        const { diagnostics } = await countElementReads(text);
        expect(diagnostics).toEqual(["503:27-503:29 error: duplicate name 'r7': already declared at line 9"]);
    });
});
