/**
 * The files a run reads besides the text (run-inputs.ts), watched: an edit of one changes the figures as
 * an edit of the text would, so the scheduler runs every document that read it again. Editors tell the
 * server about the documents they open and, some, about `.mscn` files on disk; these files are neither,
 * so the server watches their folders itself (fs.watch, inotify on Linux), the same in every editor. A
 * folder, not the file: editors save by writing a new file and renaming it over the old one, and a
 * missing file (a warning until it is created) has no inode to watch.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Folders watched at once: each is an inotify watch, from a limit the user's every program shares. */
export const MAX_WATCHED_FOLDERS = 64;
/** A save is several events (write, rename, attributes): one run for the burst. */
const SETTLE_MS = 100;

interface Folder {
    watcher: FSWatcher;
    /** The documents whose runs read each file of the folder, by file name. */
    readers: Map<string, Set<string>>;
}

export class InputWatcher {
    private readonly folders = new Map<string, Folder>();
    /** The files each document's last run read, by uri. */
    private readonly inputs = new Map<string, string[]>();
    private readonly settling = new Map<string, NodeJS.Timeout>();

    /** `changed(uri)`: a file the last run of uri read was written, created, renamed or removed. */
    constructor(private readonly changed: (uri: string) => void) {}

    /** The run of `uri` reads `paths` (absolute), instead of what it read before. */
    watch(uri: string, paths: readonly string[]): void {
        const unique = [...new Set(paths)];
        const before = this.inputs.get(uri) ?? [];
        if (unique.length === before.length && unique.every((p, i) => p === before[i])) return;
        this.unwatch(uri);
        this.inputs.set(uri, unique);
        for (const path of unique) this.add(uri, path);
    }

    /** The document was closed: none of its files are watched for it any more. */
    forget(uri: string): void {
        this.unwatch(uri);
        clearTimeout(this.settling.get(uri));
        this.settling.delete(uri);
    }

    private unwatch(uri: string): void {
        for (const path of this.inputs.get(uri) ?? []) {
            const folder = this.folders.get(dirname(path));
            const readers = folder?.readers.get(basename(path));
            readers?.delete(uri);
            if (readers?.size === 0) folder!.readers.delete(basename(path));
            if (folder?.readers.size === 0) this.close(dirname(path));
        }
        this.inputs.delete(uri);
    }

    private add(uri: string, path: string): void {
        const name = dirname(path);
        let folder = this.folders.get(name);
        if (!folder) {
            if (this.folders.size >= MAX_WATCHED_FOLDERS) return;
            let watcher: FSWatcher;
            try {
                watcher = watch(name, { persistent: false }, (_event, file) => this.fired(name, file));
            } catch {
                return; // a folder that does not exist or may not be read: there is nothing to see change
            }
            watcher.on('error', () => this.close(name));
            folder = { watcher, readers: new Map() };
            this.folders.set(name, folder);
        }
        const file = basename(path);
        const readers = folder.readers.get(file) ?? new Set<string>();
        readers.add(uri);
        folder.readers.set(file, readers);
    }

    private close(name: string): void {
        this.folders.get(name)?.watcher.close();
        this.folders.delete(name);
    }

    /** An event in a watched folder; without a file name (some platforms), any of its files may have changed. */
    private fired(name: string, file: string | Buffer | null): void {
        const folder = this.folders.get(name);
        if (!folder) return;
        const files = file === null ? [...folder.readers.keys()] : [String(file)];
        for (const f of files) for (const uri of folder.readers.get(f) ?? []) this.settle(uri);
    }

    private settle(uri: string): void {
        clearTimeout(this.settling.get(uri));
        this.settling.set(
            uri,
            setTimeout(() => {
                this.settling.delete(uri);
                this.changed(uri);
            }, SETTLE_MS),
        );
    }
}
