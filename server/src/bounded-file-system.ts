/**
 * The server's reads of scenario files it was not sent (the workspace scan, imports of open documents):
 * Langium's NodeFileSystemProvider reads a file whole, so a 600 MB `.mscn` beside the user's would be
 * read into the server's memory before the parser refused it. Here a file is opened without blocking
 * (a FIFO cannot hang it), checked with fstat, and read up to one byte past the parser's limit: the
 * parser then refuses it as over 1 MiB (mscn-parser.ts) without the rest ever being read.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { URI } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import { MAX_SCENARIO_BYTES } from '../../language/src/mscn-parser.js';

export class BoundedFileSystemProvider extends NodeFileSystemProvider {
    override async readFile(uri: URI): Promise<string> {
        const handle = await open(uri.fsPath, constants.O_RDONLY | constants.O_NONBLOCK);
        try {
            const stats = await handle.stat();
            if (!stats.isFile()) throw new Error(`${uri.fsPath}: not a regular file`);
            const buffer = Buffer.alloc(Math.min(stats.size, MAX_SCENARIO_BYTES) + 1);
            let length = 0;
            for (let n = -1; n !== 0 && length < buffer.length; length += n) {
                n = (await handle.read(buffer, length, buffer.length - length, length)).bytesRead;
            }
            return buffer.toString('utf8', 0, length);
        } finally {
            await handle.close();
        }
    }
}

export const BoundedFileSystem = { fileSystemProvider: () => new BoundedFileSystemProvider() };
