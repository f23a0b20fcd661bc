/**
 * A worker thread of `mscn sweep`: runs one lowered point at a time through the engine and answers
 * with its line (sweep-lines.ts), so that the main thread only writes. Loaded from next to mscn.cjs.
 */
import { parentPort } from 'node:worker_threads';
import { runConfigs } from '../execution/run-scenario-file.js';
import type { ScenarioConfig } from '../engine/scenario.js';
import { sweepLine, type PointHeader } from './sweep-lines.js';

export interface PointRequest {
    header: PointHeader;
    config: ScenarioConfig;
    fsPath: string;
    budget?: number;
}
export type PointReply = { point: number; line: string } | { point: number; error: string };

parentPort?.on('message', (request: PointRequest) => {
    let reply: PointReply;
    try {
        const [runs] = runConfigs([request.config], request.fsPath, { budget: request.budget });
        reply = { point: request.header.point, line: sweepLine(request.header, runs.results[0]) };
    } catch (error) {
        reply = { point: request.header.point, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage(reply);
});
