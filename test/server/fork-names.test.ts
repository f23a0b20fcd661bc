/**
 * Hovers name the mm the engine worked on. A fork run twice makes two children, `worker` and `worker#2`
 * (Kernel.claimChildName), and in the second pass `worker` means the newest: the hover after its last
 * execution walks and lists the TLB of `worker#2`, which the run result carries, not the first child's
 * (the hover used to take the name as written and showed `worker`).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient } from './lsp-client.js';

let client: LspClient | undefined;
afterEach(async () => {
    await client?.stop();
    client = undefined;
});

const URI = 'file:///virtual/forks.mscn';
const TEXT = `machine m { cpus 1 }
process server
run r on m {
    switch cpu 0 to server
    mmap server at 0x4000_0000 size 8 KiB rw as buf
    write server buf
    repeat 2 {
        fork server as worker
        switch cpu 0 to worker
        write worker buf size 4 KiB
        mmap worker size 4 KiB rw
        switch cpu 0 to server
    }
    read server buf
}
`;

const hoverAt = (line: number, character: number) =>
    client!.request<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri: URI },
        position: { line, character },
    });

describe('GIVEN a fork run twice under one name', () => {
    test("WHEN the child's name is hovered THEN both children appear, worker and worker#2", async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(URI, TEXT);
        await client.ranVersion(URI, 1);
        const text = (await hoverAt(7, 25))?.contents.value ?? '';
        // both children live on after the repeat, each with its own copy of buf and its 4 KiB mapping
        const mappings =
            '| 0x40000000 | 0x40002000 | rw- | anon | 4 KiB |\n' +
            '| 0x2aaaaaaab000 | 0x2aaaaaaac000 | rw- | anon | 4 KiB |';
        expect(text).toContain(`**worker** (forked child) · after line 14 of run r\n\n`);
        expect(text).toContain(`**worker#2** (forked child) · after line 14 of run r\n\n`);
        expect(text.split(mappings)).toHaveLength(3);
    });

    test('WHEN the statements of the second pass are hovered THEN they show the first pass (its snapshot), where the engine placed the mmap', async () => {
        client = await LspClient.start({ run: { debounce: 0 } });
        client.open(URI, TEXT);
        await client.ranVersion(URI, 1);
        // server's write of buf took frames 1 and 2; the first pass's write in worker, a COW fault, took frame 3
        const write = (await hoverAt(9, 10))?.contents.value ?? '';
        expect(write).toContain('**worker** `0x40000000`');
        expect(write).toContain('| pte | 0 | yes | frame 3 | rw |');
        const mmap = (await hoverAt(10, 10))?.contents.value ?? '';
        // first fit from TASK_UNMAPPED_BASE = PAGE_ALIGN(TASK_SIZE / 3) = 0x2aaaaaaab000 on x86_64 (R27)
        expect(mmap).toContain('**worker** `0x2aaaaaaab000`');
    });
});
