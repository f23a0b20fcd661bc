/** Types of code-server.mjs, for the TypeScript tests in test/e2e/. */
export const ROOT: string;
export const E2E_DIR: string;
export const VSIX: string;

export interface PrepareOptions {
    /** Copied as the workspace folder (default: examples/). */
    workspaceFrom?: string;
    /** Files copied into the workspace beside it. */
    extraFiles?: string[];
    vsix?: string;
    /** User settings on top of the suite's defaults. */
    settings?: Record<string, unknown>;
}

export interface Dirs {
    home: string;
    userData: string;
    extensions: string;
    workspace: string;
    config: string;
}

export interface CodeServer {
    /** Process group id (= pid of code-server). */
    pid: number;
    port: number;
    base: string;
    /** Opens the workspace copy. */
    url: string;
    dirs: Dirs;
    log(): string;
    exited: Promise<number | string | null>;
    /** Kills the process group, removes the throwaway folder. */
    stop(): Promise<void>;
}

export function freePort(): Promise<number>;
export function prepare(options?: PrepareOptions): Dirs;
export function start(
    options?: PrepareOptions & { port?: number; host?: string; quiet?: boolean },
): Promise<CodeServer>;
export function groupMembers(pgid: number): number[];
export function killGroup(pgid: number, exited: Promise<unknown>, hasExited: () => boolean): Promise<void>;
