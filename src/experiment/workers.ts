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
import { runReplication, type ReplicationResult } from './replication.js';

export interface Job {
  scenario: Scenario;
  replication: number;
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export interface ReplicateOptions {
  /** Worker threads (default 1: this thread). */
  workers?: number;
  /** Called after each job, with the jobs done and their total. */
  onProgress?: (done: number, total: number) => void;
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
      results[i] = runReplication(j.scenario, j.replication);
      onDone?.(++done, jobs.length);
    });
    return results;
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerFile);
      const feed = () => {
        if (next >= jobs.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const id = next++;
        worker.postMessage({ id, scenario: jobs[id]!.scenario, replication: jobs[id]!.replication });
      };
      worker.on('message', (m: { id: number; result: ReplicationResult }) => {
        results[m.id] = m.result;
        onDone?.(++done, jobs.length);
        feed();
      });
      worker.on('error', reject);
      feed();
    })),
  );
  return results;
}

/** Every replication of every policy set, in order. */
export function jobsOf(policySets: readonly Scenario[]): Job[] {
  return policySets.flatMap((scenario) => Array.from({ length: scenario.replications }, (_, replication) => ({ scenario, replication })));
}
