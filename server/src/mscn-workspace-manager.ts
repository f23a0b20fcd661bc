/**
 * The workspace scan, bounded. Langium loads every file of the workspace folders at start-up; opened on
 * `/` it crawled /proc (EACCES, ENOENT of vanished processes, and "Error in WorkspaceManager
 * initialization: ENOENT" when one file went missing between listing and reading: no diagnostics at
 * all), opened on /tmp it read whatever lay there. Here the scan goes breadth first (the shallow files,
 * nearest the user's, first), skips /proc, /sys and /dev, node_modules, out, .git and every hidden folder,
 * stops at a cap of .mscn files, folders or seconds (saying so in a message), and a folder or file that
 * cannot be read is logged and skipped, never fatal. Imports outside what was loaded are still read on
 * demand (import-loader.ts). The caps can be lowered through the `initialize` request's
 * `initializationOptions.workspace` ({ maxFiles, maxFolders, maxMillis }), as the tests do.
 */
import {
    DefaultWorkspaceManager,
    UriUtils,
    type FileSystemNode,
    type LangiumDocument,
    type LangiumSharedCoreServices,
    type Stream,
    type URI,
} from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { MessageType, ShowMessageNotification, type InitializeParams } from 'vscode-languageserver';

export interface ScanLimits {
    maxFiles: number;
    maxFolders: number;
    maxMillis: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxFiles: 2000, maxFolders: 20_000, maxMillis: 5000 };

/** Folders never scanned: pseudo file systems, dependencies, build output, version control. */
const SKIPPED_NAMES = new Set(['node_modules', 'out', '.git']);
const SKIPPED_PATHS = new Set(['/proc', '/sys', '/dev']);

function positive(value: unknown, fallback: number): number {
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export class MscnWorkspaceManager extends DefaultWorkspaceManager {
    limits: ScanLimits = DEFAULT_SCAN_LIMITS;
    private readonly shared: LangiumSharedCoreServices;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.shared = services;
    }

    override initialize(params: InitializeParams): void {
        super.initialize(params);
        const options = (
            params.initializationOptions as { workspace?: Partial<Record<keyof ScanLimits, unknown>> } | undefined
        )?.workspace;
        this.limits = {
            maxFiles: positive(options?.maxFiles, DEFAULT_SCAN_LIMITS.maxFiles),
            maxFolders: positive(options?.maxFolders, DEFAULT_SCAN_LIMITS.maxFolders),
            maxMillis: positive(options?.maxMillis, DEFAULT_SCAN_LIMITS.maxMillis),
        };
    }

    override shouldIncludeEntry(entry: FileSystemNode): boolean {
        const name = UriUtils.basename(entry.uri);
        if (entry.isDirectory)
            return !name.startsWith('.') && !SKIPPED_NAMES.has(name) && !SKIPPED_PATHS.has(entry.uri.path);
        return super.shouldIncludeEntry(entry);
    }

    /** Breadth first from `root`, within the limits; an unreadable folder is skipped. */
    protected override async traverseFolder(root: URI, uris: URI[]): Promise<void> {
        const started = Date.now();
        const queue: URI[] = SKIPPED_PATHS.has(root.path) ? [] : [root];
        let folders = 0;
        let found = 0;
        while (queue.length > 0) {
            const stop =
                found >= this.limits.maxFiles
                    ? `${found} .mscn files`
                    : folders >= this.limits.maxFolders
                      ? `${folders} folders`
                      : Date.now() - started > this.limits.maxMillis
                        ? `${this.limits.maxMillis / 1000} s`
                        : undefined;
            if (stop) {
                this.stopped(root, stop, found);
                return;
            }
            const folder = queue.shift()!;
            folders++;
            let entries: FileSystemNode[];
            try {
                entries = await this.fileSystemProvider.readDirectory(folder);
            } catch (error) {
                this.log(
                    `workspace scan: skipped ${folder.fsPath}: ` +
                        `${(error as NodeJS.ErrnoException).code ?? String(error)}`,
                );
                continue;
            }
            for (const entry of entries) {
                if (!this.shouldIncludeEntry(entry)) continue;
                if (entry.isDirectory) queue.push(entry.uri);
                else if (entry.isFile && found < this.limits.maxFiles) {
                    uris.push(entry.uri);
                    found++;
                }
            }
        }
    }

    /** Each file on its own: one that vanished or cannot be read since the scan is left out. */
    protected override async loadWorkspaceDocuments(
        uris: Stream<URI>,
        collector: (document: LangiumDocument) => void,
    ): Promise<void> {
        for (const uri of uris) {
            try {
                collector(await this.langiumDocuments.getOrCreateDocument(uri));
            } catch (error) {
                this.log(
                    `workspace scan: skipped ${uri.fsPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
                );
            }
        }
    }

    private stopped(root: URI, why: string, found: number): void {
        const message =
            `Memory Scenarios: stopped scanning ${root.fsPath} after ${why}; ${found} .mscn files loaded ` +
            '(open a narrower folder to have them all; files you open and their imports are always read).';
        this.log(message);
        // a notification: showWarningMessage would be a request, waiting on an answer nobody needs
        void this.connection()?.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
    }

    private log(message: string): void {
        this.connection()?.console.log(message);
    }

    private connection() {
        return (this.shared as Partial<LangiumSharedServices>).lsp?.Connection;
    }
}
