/** Formatting of addresses for events and snapshots: exact, from page numbers. */
import { PAGE_SHIFT } from './machine.js';

export function hexOfVpn(vpn: number): string {
    return `0x${(BigInt(vpn) << BigInt(PAGE_SHIFT)).toString(16)}`;
}
