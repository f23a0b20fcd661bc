/**
 * What the address hover writes for 0xBF80_0000 (vpn = 0xBF800000 >> 12 = 0xBF800) on each arch a test
 * runs it on, the table worked by hand; `where` is the parenthesis after the arch (machine, variant).
 */
const heading = (arch: string, where: string) => `**0xbf800000** on ${arch} (${where})\n\n`;

/** i386: pgd = vpn >> 10 = 0x2FE = 766, pte = vpn & 1023 = 0. */
export const i386Split = (where: string): string =>
    heading('i386', where) + '| pgd | pte | offset |\n|---:|---:|---:|\n| 766 (0x2fe) | 0 (0x0) | 0x000 |';

/**
 * i386-pae: pgd = vpn >> 18 = 2 (0xBF800 = 784,384 = 2 × 262,144 + 260,096); pmd = (vpn >> 9) & 511 =
 * 0x5FC & 0x1FF = 0x1FC = 508; pte = vpn & 511 = 0.
 */
export const paeSplit = (where: string): string =>
    heading('i386-pae', where) +
    '| pgd | pmd | pte | offset |\n|---:|---:|---:|---:|\n| 2 (0x2) | 508 (0x1fc) | 0 (0x0) | 0x000 |';

/** x86_64: pgd = vpn >> 27 = 0; pud = (vpn >> 18) & 511 = 2; pmd = (vpn >> 9) & 511 = 508; pte = 0. */
export const x86_64Split = (where: string): string =>
    heading('x86_64', where) +
    '| pgd | pud | pmd | pte | offset |\n|---:|---:|---:|---:|---:|\n' +
    '| 0 (0x0) | 2 (0x2) | 508 (0x1fc) | 0 (0x0) | 0x000 |';
