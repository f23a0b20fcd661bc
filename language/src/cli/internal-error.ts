/**
 * The last line of defence of `mscn`: an error nobody expected (a bug, never the user's input) is one
 * line on stderr and exit 1, not a stack trace; MSCN_DEBUG=1 adds the stack for a bug report (issue 15).
 */
export const INTERNAL_ERROR_EXIT = 1;

export function internalErrorText(error: unknown, debug = Boolean(process.env.MSCN_DEBUG)): string {
    const message = error instanceof Error ? error.message : String(error);
    const firstLine = message.split('\n')[0].slice(0, 500);
    if (debug && error instanceof Error && error.stack) return `mscn: internal error: ${error.stack}\n`;
    return `mscn: internal error: ${firstLine} (a bug in mscn: please report it; MSCN_DEBUG=1 prints the stack)\n`;
}

/** Reports an unexpected error and sets the exit status. */
export function reportInternalError(error: unknown): void {
    process.stderr.write(internalErrorText(error));
    process.exitCode = INTERNAL_ERROR_EXIT;
}
