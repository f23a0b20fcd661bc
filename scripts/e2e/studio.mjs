/**
 * `npm run studio`: VS Code in your browser with the freshly built extension (out/memory-scenarios.vsix,
 * built by the npm script just before) and a copy of examples/ open. Needs `npm run e2e:setup` once.
 * Prints the local URL; Ctrl-C (SIGINT) or SIGTERM stops code-server and everything it started and
 * removes the temporary folder. The copy of examples/ goes with it: edits made in the studio are not kept.
 *
 *   --port N     listen on N (default: a free port)
 *   --verbose    show code-server's own log
 */
import { start } from './code-server.mjs';

const args = process.argv.slice(2);
const portAt = args.indexOf('--port');
const port = portAt >= 0 ? Number(args[portAt + 1]) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    console.error('studio: --port takes a port number');
    process.exit(2);
}

let server;
let stopping = false;
async function stop(signal) {
    if (stopping) return;
    stopping = true;
    if (!server) return; // still starting: stopped as soon as start() returns, below
    console.log(`\nstudio: ${signal}: stopping code-server (process group ${server.pid})`);
    await server.stop();
    console.log('studio: stopped');
    process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));

try {
    server = await start({ port, quiet: !args.includes('--verbose') });
} catch (e) {
    console.error(`studio: ${e.message}`);
    process.exit(1);
}
if (stopping) {
    await server.stop();
    console.log('studio: stopped');
    process.exit(0);
}
void server.exited.then(async code => {
    if (stopping) return;
    stopping = true;
    console.error(`studio: code-server ended by itself (${code}):\n${server.log().slice(-4000)}`);
    await server.stop();
    process.exit(1);
});
console.log(`studio: Memory Scenarios in VS Code (code-server), examples/ open (a copy in ${server.dirs.workspace}):`);
console.log(`\n    ${server.url}\n`);
console.log('studio: open the URL in a browser on this machine; Ctrl-C stops it');
