/** `mscn check`: not yet written (see the issue that adds it). */
export async function checkCommand(_args: string[]): Promise<number> {
    process.stderr.write('mscn check: not implemented yet\n');
    return 2;
}
