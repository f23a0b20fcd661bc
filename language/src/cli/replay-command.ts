/** `mscn replay`: not yet written (see the issue that adds it). */
export async function replayCommand(_args: string[]): Promise<number> {
    process.stderr.write('mscn replay: not implemented yet\n');
    return 2;
}
