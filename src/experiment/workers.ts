/**
 * Replications as jobs: every (policy set, replication) is one, run on this
 * thread or on worker threads, and the results come back in job order, so
 * outputs are byte-identical whatever the number of workers. Workers run the
 * built dist/experiment/worker.js; where it is not built (tests on the
 * sources), the jobs run here.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Scenario } from '../models/config.js';
import { type JobOrigin, ReplicationFailed, type ReplicationFailure } from './failure.js';
import { type ReplicationResult, runReplication } from './replication.js';

export interface Job {
  scenario: Scenario;
  replication: number;
  origin?: JobOrigin;
}

/** What a worker posts back: a result, or a failure as data (an Error's class does not cross threads). */
export type WorkerReply =
  | { id: number; result: ReplicationResult }
  | { id: number; failure: ReplicationFailure }
  | { id: number; error: { message: string; stack: string | undefined } };

export interface WorkerJob extends Job {
  id: number;
  eventBudget: number | undefined;
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export interface ReplicateOptions {
  /** Worker threads (default 1: this thread). */
  workers?: number | undefined;
  /** Called after each job, with the jobs done and their total. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** Events a replication may run before it is stopped (default: the engine's). */
  eventBudget?: number | undefined;
}

/** Run one job here: what a worker does with each job it is sent. */
export function runJob(job: WorkerJob): WorkerReply {
  try {
    return { id: job.id, result: runReplication(job.scenario, job.replication, { eventBudget: job.eventBudget, origin: job.origin }) };
  } catch (e) {
    if (e instanceof ReplicationFailed) return { id: job.id, failure: e.failure };
    return { id: job.id, error: { message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined } };
  }
}

function resultOf(reply: WorkerReply): ReplicationResult {
  if ('result' in reply) return reply.result;
  if ('failure' in reply) throw new ReplicationFailed(reply.failure);
  const e = new Error(reply.error.message);
  if (reply.error.stack !== undefined) e.stack = reply.error.stack;
  throw e;
}

/** Run the jobs; results in job order. */
export async function replicate(jobs: readonly Job[], options: ReplicateOptions = {}): Promise<ReplicationResult[]> {
  const workers = options.workers ?? 1;
  const onDone = options.onProgress;
  const workerFile = new URL('./worker.js', import.meta.url);
  const results: ReplicationResult[] = new Array(jobs.length);
  let done = 0;
  const count = Math.min(workers, jobs.length);
  if (count <= 1 || !existsSync(fileURLToPath(workerFile))) {
    jobs.forEach((j, i) => {
      results[i] = runReplication(j.scenario, j.replication, { eventBudget: options.eventBudget, origin: j.origin });
      onDone?.(++done, jobs.length);
    });
    return results;
  }
  let next = 0;
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(workerFile);
          const feed = () => {
            if (next >= jobs.length) {
              void worker.terminate().then(() => resolve());
              return;
            }
            const id = next++;
            const job: WorkerJob = { ...jobs[id]!, id, eventBudget: options.eventBudget };
            worker.postMessage(job);
          };
          worker.on('message', (m: WorkerReply) => {
            try {
              results[m.id] = resultOf(m);
            } catch (e) {
              // One failure ends the run: stop every worker, report this one.
              next = jobs.length;
              void worker.terminate();
              reject(e);
              return;
            }
            onDone?.(++done, jobs.length);
            feed();
          });
          worker.on('error', reject);
          feed();
        }),
    ),
  );
  return results;
}

/** Every replication of every policy set, in order. */
export function jobsOf(policySets: readonly Scenario[], origin?: JobOrigin): Job[] {
  return policySets.flatMap((scenario) =>
    Array.from({ length: scenario.replications }, (_, replication) => ({ scenario, replication, ...(origin ? { origin } : {}) })),
  );
}
