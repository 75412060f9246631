/**
 * A worker thread of the parallel runner: it runs the replications it is sent,
 * one message each, and posts their results back. Built to dist/worker.js.
 */
import { parentPort } from 'node:worker_threads';
import type { Scenario } from '../models/config.js';
import { runReplication } from './replication.js';

parentPort!.on('message', (job: { id: number; scenario: Scenario; replication: number }) => {
  parentPort!.postMessage({ id: job.id, result: runReplication(job.scenario, job.replication) });
});
