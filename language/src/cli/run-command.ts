/** `mscn run`: not yet written (see the issue that adds it). */
export async function runCommand(_args: string[]): Promise<number> {
    process.stderr.write('mscn run: not implemented yet\n');
    return 2;
}
