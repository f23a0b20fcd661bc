/** The README is the first thing a new user runs: its commands and its scenario must be true. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function blocks(markdown: string, language: string): string[] {
    return [...markdown.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(m => m[1]);
}

describe('README', () => {
    test('GIVEN its first lines THEN exactly the two commands: set up and run, and test', () => {
        const [first] = blocks(README, 'sh');
        expect(README.startsWith('```sh\n')).toBe(true);
        const commands = first
            .trim()
            .split('\n')
            .map(l => l.replace(/\s+#.*$/, ''));
        expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
        const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
        expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['demo', 'test']));
    });

    test('GIVEN its scenario THEN it checks clean and every expectation in it holds', () => {
        const [scenario] = blocks(README, 'mscn');
        const dir = mkdtempSync(join(tmpdir(), 'mscn-readme-'));
        writeFileSync(join(dir, 'readme.mscn'), scenario);
        const r = spawnSync(process.execPath, [join(ROOT, 'out/cli/mscn.cjs'), 'check', 'readme.mscn'], {
            cwd: dir,
            encoding: 'utf8',
        });
        expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
    });
});
