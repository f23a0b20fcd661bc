/**
 * A constant table (`{ KiB: ..., MiB: ... }`) looked up by text the user wrote: only the table's own
 * entries count. `UNITS['__proto__']` or `COMMANDS['constructor']` would otherwise find Object.prototype
 * or the Object function, and a unit named `toString` crashed the checker (issue 15).
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
    return Object.hasOwn(table, key) ? table[key] : undefined;
}
