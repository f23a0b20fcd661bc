/**
 * Sizes in messages go through one formatter (engine/memory.ts formatBytes): the largest binary unit the
 * value reaches, so 2 GiB never prints as "2048.0 MiB" (issue 15 review). Sizes compared with a limit round
 * up (a file just over 1 MiB never reads as 1 MiB).
 */
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../language/src/engine/memory.js';
import { mib } from '../../language/src/engine/lowmem.js';
import { tooLargeMessage } from '../../language/src/mscn-parser.js';
import { openRegularFile } from '../../language/src/files/regular-file.js';

const KIB = 1024;
const MIB = KIB ** 2;
const GIB = KIB ** 3;
const TIB = KIB ** 4;

describe('formatBytes', () => {
    it('GIVEN sizes from bytes to TiB THEN the largest unit reached, at most two decimals, trailing zeros dropped', () => {
        expect(
            [100, 1536, 512 * MIB, 2 * GIB, 2.5 * GIB, 3 * TIB, 1.25 * TIB, 5000 * TIB, 1023 * MIB].map(b =>
                formatBytes(b),
            ),
        ).toEqual(['100 bytes', '1.5 KiB', '512 MiB', '2 GiB', '2.5 GiB', '3 TiB', '1.25 TiB', '5000 TiB', '1023 MiB']);
    });

    it('GIVEN one byte THEN "1 byte", not "1 bytes" (mscn replay --memory 1)', () => {
        expect([formatBytes(1), formatBytes(0), formatBytes(2)]).toEqual(['1 byte', '0 bytes', '2 bytes']);
    });

    it('GIVEN roundUp THEN a size just over a unit reads over it, and 1023.999 MiB reads as 1 GiB, not 1024 MiB', () => {
        // (2^20 + 1) / 2^20 = 1.00000095: up to 1.01. 2^30 - 1 bytes = 1023.999999 MiB: up to 1024 MiB = 1 GiB.
        expect(formatBytes(MIB + 1, { roundUp: true })).toBe('1.01 MiB');
        expect(formatBytes(GIB - 1, { roundUp: true })).toBe('1 GiB');
        expect(formatBytes(GIB - 1)).toBe('1 GiB');
        expect(formatBytes(1_048_000, { roundUp: true })).toBe('1023.44 KiB');
        expect(formatBytes(3 * MIB + 1, { decimals: 1, roundUp: true })).toBe('3.1 MiB');
    });
});

describe('GIVEN sizes of 1 GiB and more in messages', () => {
    it('WHEN a 2 GiB scenario file is opened THEN "2 GiB, over the limit of 1 MiB"', () => {
        const dir = mkdtempSync(join(tmpdir(), 'mscn-sizes-'));
        const path = join(dir, 'huge.mscn');
        writeFileSync(path, '');
        truncateSync(path, 2 * GIB); // sparse: no disk used
        expect(openRegularFile(path, MIB)).toEqual({ ok: false, reason: '2 GiB, over the limit of 1 MiB' });
        truncateSync(path, 600 * MIB);
        expect(openRegularFile(path, MIB)).toEqual({ ok: false, reason: '600 MiB, over the limit of 1 MiB' });
    });

    it('WHEN the editor gets a 2.5 GiB document THEN "file is 2.5 GiB"', () => {
        expect(tooLargeMessage(2.5 * GIB)).toBe(
            'file is 2.5 GiB; scenarios over 1 MiB are not parsed: split it with imports',
        );
        expect(tooLargeMessage(10 * MIB)).toBe(
            'file is 10 MiB; scenarios over 1 MiB are not parsed: split it with imports',
        );
        expect(tooLargeMessage(MIB + 1)).toBe(
            'file is over 1 MiB; scenarios over 1 MiB are not parsed: split it with imports',
        );
    });

    it('WHEN lowmem parts are printed THEN 2 GiB of lowmem is "2 GiB", not "2048 MiB"; small parts in KiB', () => {
        // mib() rounds up to a tenth of the unit: 507,904 pages = 1,984 MiB = 1.9375 GiB, 19.375 tenths up to 20:
        // 2 GiB. 230,400 pages = 900 MiB exactly; 128 pages = 512 KiB; a kernel stack of 2 pages = 8 KiB.
        expect([mib(524_288), mib(507_904), mib(230_400), mib(128), mib(2)]).toEqual([
            '2 GiB',
            '2 GiB',
            '900 MiB',
            '512 KiB',
            '8 KiB',
        ]);
    });
});
