/** Numbers and units: exact conversion, overflow, sign, fractions, dimensions, count bounds. */
import { describe, expect, test } from 'vitest';
import { expectError } from 'langium/test';
import type { Quantity } from '../../language/src/generated/ast.js';
import {
    addressBytes,
    costValue,
    countValue,
    frequencyHz,
    sizeBytes,
    timeNs,
    formatBytes,
} from '../../language/src/units.js';
import { at, expectDiagnostics, validate } from './helpers.js';

function q(text: string, unit?: string, negative = false): Quantity {
    return { $type: 'Quantity', text, unit, negative } as unknown as Quantity;
}

describe('units.ts', () => {
    test('GIVEN sizes THEN bytes are exact bigints', () => {
        expect(sizeBytes(q('4', 'KiB'))).toEqual({ ok: true, value: 4096n });
        expect(sizeBytes(q('64', 'GiB'))).toEqual({ ok: true, value: 64n << 30n });
        expect(sizeBytes(q('1.5', 'GiB'))).toEqual({ ok: true, value: 3n << 29n });
        expect(sizeBytes(q('16', 'pages'))).toEqual({ ok: true, value: 65536n });
        // 15 EiB = 15 * 2^60 < 2^64: fits; 16 EiB = 2^64 does not.
        expect(sizeBytes(q('15', 'EiB'))).toEqual({ ok: true, value: 15n << 60n });
        expect(sizeBytes(q('16', 'EiB'))).toEqual({ ok: false, message: '16 EiB does not fit in 64 bits' });
    });

    test('GIVEN addresses with underscores and kernel-sized hex THEN they are exact', () => {
        expect(addressBytes(q('0xffff_8880_0000_0000'))).toEqual({ ok: true, value: 0xffff888000000000n });
        expect(addressBytes(q('0xFFFF_FFFF_FFFF_FFFF'))).toEqual({ ok: true, value: (1n << 64n) - 1n });
        expect(addressBytes(q('0x1_0000_0000_0000_0000'))).toEqual({
            ok: false,
            message: 'number 0x1_0000_0000_0000_0000 does not fit in 64 bits (at most 18446744073709551615)',
        });
        expect(addressBytes(q('1', 'GiB'))).toEqual({ ok: true, value: 1n << 30n });
    });

    test('GIVEN times, costs and frequencies THEN they convert to ns, cycles and Hz', () => {
        expect(timeNs(q('2', 'us'))).toEqual({ ok: true, value: 2000 });
        expect(timeNs(q('2.5', 'ns'))).toEqual({ ok: true, value: 2.5 });
        expect(costValue(q('260', 'cycles'))).toEqual({ ok: true, value: { amount: 260, unit: 'cycles' } });
        expect(costValue(q('1', 'ms'))).toEqual({ ok: true, value: { amount: 1e6, unit: 'ns' } });
        expect(frequencyHz(q('2.4', 'GHz'))).toEqual({ ok: true, value: 2.4e9 });
        expect(countValue(q('33', 'pages'), true)).toEqual({ ok: true, value: 33n });
    });

    test('GIVEN bytes THEN they print in the largest whole unit', () => {
        expect([formatBytes(4096n), formatBytes(6n << 10n), formatBytes(1n << 32n), formatBytes(100n)]).toEqual([
            '4 KiB',
            '6 KiB',
            '4 GiB',
            '100 B',
        ]);
    });
});

describe('quantity diagnostics', () => {
    test('GIVEN 2^70 written out and 20000000 EiB THEN both overflow 64 bits', async () => {
        const text = `machine m { ram 20000000 EiB }
process p
run on m { repeat 1180591620717411303424 { } }`;
        await expectDiagnostics(text, [
            ['20000000 EiB', 'error: 20000000 EiB does not fit in 64 bits'],
            [
                '1180591620717411303424',
                'error: number 1180591620717411303424 does not fit in 64 bits (at most 18446744073709551615)',
            ],
        ]);
    });

    test('GIVEN negative and zero sizes THEN a size must be positive', async () => {
        const text = `process p
run { mmap p size -4 KiB
      mmap p size 0 B }`;
        await expectDiagnostics(text, [
            ['-4 KiB', 'error: a size must be positive, found -4 KiB'],
            ['0 B', 'error: a size must be positive, found 0 B'],
        ]);
    });

    test('GIVEN a time where a size is needed and the reverse THEN the dimensions are named', async () => {
        const text = `machine m { ram 2 us  clock 4 KiB  cost invlpg 3 GiB }
notifier n on p { secondary per-page cost 5 pages }
process p`;
        await expectDiagnostics(text, [
            ['2 us', 'error: expected a size (B, KiB, MiB, GiB, TiB, PiB, EiB or pages), found a time (us)'],
            ['4 KiB', 'error: expected a frequency (Hz, KHz, MHz or GHz), found a size (KiB)'],
            ['3 GiB', 'error: expected a cost (ns, us, ms or cycles), found a size (GiB)'],
            ['5 pages', 'error: expected a time (ns, us or ms), found a page count (pages)'],
        ]);
    });

    test('GIVEN a size without a unit, a count with one, an unknown unit THEN each is reported', async () => {
        const text = `machine m { cpus 4 KiB }
process p
run on m { mmap p size 4096
           mmap p size 4 KB }`;
        await expectDiagnostics(text, [
            ['4 KiB', 'error: expected a plain number, found a size (KiB)'],
            ['4096', 'error: missing unit: a size (B, KiB, MiB, GiB, TiB, PiB, EiB or pages), found 4096'],
            ['4 KB', "error: unknown unit 'KB': did you mean 'KiB'?"],
        ]);
    });

    test('GIVEN a fraction of a byte or of a count THEN it is not whole', async () => {
        const text = `machine m { ram 0.5 B  cpus 1.5 }`;
        await expectDiagnostics(text, [
            ['0.5 B', 'error: 0.5 B is not a whole number of bytes'],
            ['1.5', 'error: 1.5 is not a whole number'],
        ]);
    });

    test('GIVEN counts out of their bounds THEN the bounds and their kernel source are named', async () => {
        const text = `machine m { cpus 0  tlb 4 KiB entries 64 ways 0 }
process p { threads 5000000 }
run on m { repeat 9007199254740993 { } }`;
        await expectDiagnostics(text, [
            ['0', 'error: cpus must be between 1 and 8192 (CONFIG_NR_CPUS), found 0'],
            ['0', 'error: ways must be between 1 and 1048576, found 0', 1],
            ['5000000', 'error: threads must be between 1 and 4194304 (PID_MAX_LIMIT), found 5000000'],
            ['9007199254740993', 'error: 9007199254740993 is too large a count (at most 9007199254740991)'],
        ]);
    });

    test('GIVEN an expect on a time figure without a time unit THEN the unit is missing', async () => {
        const text = 'run { expect estimatedTime < 2 }';
        const result = await validate(text);
        expectError(result, 'missing unit: a time (ns, us or ms), found 2', at(text, '2'));
    });
});
