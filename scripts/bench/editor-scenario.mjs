// The 2,000-line scenario both editor sections measure (15-frontend and 40-editor): a run of alternating
// touches (with a comment) and writes with a check, so that both time the same text.
export function editorScenario(lines) {
    const body = Array.from({ length: lines - 6 }, (_, i) =>
        i % 2 === 0
            ? `  touch db heap + ${i % 60} MiB size 4 KiB  // c`
            : '  write db 0x1000_0000 size 4 KiB => pageFaults <= 1',
    );
    return [
        'machine m { cpus 4 }',
        'process db { threads 4 }',
        'run r on m {',
        '  switch cpu 0 to db',
        '  mmap db at 0x1000_0000 size 64 MiB anon private rw as heap',
        ...body,
        '}',
        '',
    ].join('\n');
}
