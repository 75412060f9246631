/**
 * A worker thread of the parallel runner: it runs the replications it is sent,
 * one message each, and posts back each result, or its failure as data.
 * Built to dist/experiment/worker.js.
 */
import { parentPort } from 'node:worker_threads';
import type { ReplicationResult } from './replication.js';
import { runJob, type WorkerJob } from './workers.js';

type DigestFn = (result: ReplicationResult, context: unknown) => unknown;
/** The digest functions jobs named, each module imported once. */
const digests = new Map<string, Promise<DigestFn>>();

function digestOf(job: WorkerJob): Promise<DigestFn> | undefined {
  const d = job.digest;
  if (d === undefined) return undefined;
  const key = `${d.module}#${d.name}`;
  let fn = digests.get(key);
  if (fn === undefined) {
    fn = import(d.module).then((m: Record<string, DigestFn>) => m[d.name]!);
    digests.set(key, fn);
  }
  return fn;
}

parentPort!.on('message', (job: WorkerJob) => {
  const fn = digestOf(job);
  if (fn === undefined) parentPort!.postMessage(runJob(job));
  else
    fn.then(
      (f) => parentPort!.postMessage(runJob(job, f)),
      (e: unknown) => parentPort!.postMessage({ id: job.id, error: { message: `cannot load ${job.digest!.module}: ${String(e)}`, stack: undefined } }),
    );
});
