/**
 * The command-line tool's engine thread (engine-thread.ts): runs one job per message and answers
 * with its result or the message of what it threw. The main thread stores 1 in `flag` on Ctrl-C.
 */
import { parentPort } from 'node:worker_threads';
import { executeJob, type EngineJob } from './engine-job.js';

interface Request {
    job: EngineJob;
    flag: SharedArrayBuffer;
}

parentPort?.on('message', (request: Request) => {
    const flag = new Int32Array(request.flag);
    executeJob(request.job, () => Atomics.load(flag, 0) !== 0).then(
        result => parentPort!.postMessage({ ok: true, result }),
        (error: unknown) =>
            parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
    );
});
