/**
 * `npm run studio` (scripts/e2e/studio.mjs, on the .vsix `npm run test:e2e` has just packed): it prints a URL
 * that serves VS Code with the workspace copy, and Ctrl-C (SIGINT) ends code-server's whole process group
 * and removes the temporary folder.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { groupMembers, ROOT } from '../../scripts/e2e/code-server.mjs';

let studio: ChildProcess | undefined;

afterAll(() => {
    // only if the test failed half-way: the studio's own group, by its pid
    if (studio?.pid && studio.exitCode === null) {
        try {
            process.kill(-studio.pid, 'SIGKILL');
        } catch {
            /* gone */
        }
    }
});

function waitForOutput(
    child: ChildProcess,
    out: () => string,
    pattern: RegExp,
    timeoutMs: number,
): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            cleanup();
            reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${out()}`));
        }, timeoutMs);
        const check = () => {
            const m = pattern.exec(out());
            if (m) {
                cleanup();
                resolve(m);
            }
        };
        const onExit = () => {
            cleanup();
            reject(new Error(`studio exited (${child.exitCode}) before ${pattern}:\n${out()}`));
        };
        const cleanup = () => {
            clearTimeout(timer);
            child.stdout?.off('data', check);
            child.off('exit', onExit);
        };
        child.stdout?.on('data', check);
        child.once('exit', onExit);
        check();
    });
}

describe('GIVEN npm run studio', () => {
    test('WHEN started THEN it prints a URL serving VS Code; WHEN interrupted THEN code-server and its folder are gone', async () => {
        let out = '';
        studio = spawn(process.execPath, [join(ROOT, 'scripts/e2e/studio.mjs')], {
            cwd: ROOT,
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        studio.stdout!.on('data', c => {
            out += c;
        });
        studio.stderr!.on('data', c => {
            out += c;
        });
        const [, folder] = await waitForOutput(studio, () => out, /a copy in (\S+)\/workspace\)/, 90_000);
        const [url] = await waitForOutput(studio, () => out, /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/, 5_000);
        expect(decodeURIComponent(new URL(url).searchParams.get('folder')!)).toBe(`${folder}/workspace`);
        expect(existsSync(join(folder, 'workspace/quickstart.mscn'))).toBe(true);
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('code-server');

        // 'close': the exit code once its output is all read
        const closed = new Promise<number | null>(r => studio!.once('close', code => r(code)));
        process.kill(studio.pid!, 'SIGINT');
        expect(await closed).toBe(0);
        const pgid = /stopping code-server \(process group (\d+)\)/.exec(out)?.[1];
        expect(pgid).toBeDefined();
        expect(out).toContain('studio: stopped');
        expect(groupMembers(Number(pgid))).toEqual([]);
        expect(existsSync(folder)).toBe(false);
        await expect(fetch(url)).rejects.toThrow();
    });
});
