/**
 * A worker thread of the parallel runner: it runs the replications it is sent,
 * one message each, and posts back each result, or its failure as data.
 * Built to dist/experiment/worker.js.
 */
import { parentPort } from 'node:worker_threads';
import { runJob, type WorkerJob } from './workers.js';

parentPort!.on('message', (job: WorkerJob) => {
  parentPort!.postMessage(runJob(job));
});
