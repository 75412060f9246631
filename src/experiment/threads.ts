/**
 * How many threads a run's replications pay for, as a pure function of the work left. Measured on this project's
 * 2-vCPU machine (docs/performance.md, Worker threads): a worker thread costs about WORKER_START_MS before it runs as fast as
 * the main thread (starting, loading the simulator, its code getting hot), and threads that run at once each run
 * about CONTENTION times slower than one alone: one thread of this work already keeps 1.1 to 1.25 cores busy, V8's
 * collector and compiler threads beside it (`npm run bench` prints the figure), while plain CPU- or memory-bound
 * loops, two processes at a time, each run as fast as one alone. So k threads take WORKER_START_MS + CONTENTION x
 * work / k where one thread takes `work`.
 */

/** What a worker thread costs before it runs at full speed (ms). */
export const WORKER_START_MS = 1500;

/** How much slower each of several threads runs than one alone. */
export const CONTENTION = 1.25;

/** The number of threads, at most `requested` and one per job, that runs `workMs` of replications soonest: 1 unless more pay. */
export function threadsThatPay(workMs: number, requested: number, jobs: number): number {
  let best = 1;
  let bestMs = workMs;
  for (let k = 2; k <= Math.min(requested, jobs); k++) {
    const ms = WORKER_START_MS + (CONTENTION * workMs) / k;
    if (ms < bestMs) {
      best = k;
      bestMs = ms;
    }
  }
  return best;
}
