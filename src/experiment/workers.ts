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
import { setFlagsFromString } from 'node:v8';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { Scenario } from '../models/config.js';
import { workerLimits } from '../scenario/limits.js';
import { median } from '../sim/statistics.js';
import { type JobOrigin, ReplicationFailed, type ReplicationFailure } from './failure.js';
import { type ReplicationResult, runReplication } from './replication.js';
import { threadsThatPay } from './threads.js';

export interface Job {
  scenario: Scenario;
  replication: number;
  origin?: JobOrigin;
}

/**
 * What a worker posts back: a result, or a failure as data (an Error's class does not cross threads). A result
 * travels as JSON: parsing it is an order of magnitude faster than the structured clone of its thousands of small
 * rows, which had made the main thread the bottleneck; numbers JSON cannot hold (NaN, infinities, -0) travel tagged.
 */
export type WorkerReply =
  | { id: number; json: string; tagged: boolean }
  | { id: number; failure: ReplicationFailure }
  | { id: number; error: { message: string; stack: string | undefined } };

export interface WorkerJob extends Job {
  id: number;
  eventBudget: number | undefined;
  digest: DigestModule | undefined;
  /** Whether the result keeps its scaling and timeline rows after the digest (ReplicateOptions.rowsOnlyFor). */
  keepRows: boolean;
}

/** Where a worker thread finds a digest function: `name`, exported by the module at URL `module`, and its second argument. */
export interface DigestModule {
  module: string;
  name: string;
  context: unknown;
}

/**
 * Work on each result done in the thread that ran its replication, so that it runs in parallel (formatting its rows,
 * say): `fn` on this thread, the same function as the module exports it on worker threads. Its value is the
 * result's `digest`.
 */
export interface Digest extends DigestModule {
  fn: (result: ReplicationResult, context: unknown) => unknown;
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
  /** Hand each result over in job order instead of keeping them (see replicate). */
  onResult?: ((index: number, result: ReplicationResult) => void) | undefined;
  /** Told of each result as soon as it is made, in whatever order the jobs end (onResult still comes in job order). */
  onComputed?: ((index: number, result: ReplicationResult) => void) | undefined;
  /**
   * Jobs to run before the others (in job order among themselves), for a caller that wants their results early
   * (onComputed): a run's report renders replication 0's charts while the other replications run.
   */
  early?: ((job: Job) => boolean) | undefined;
  /** The heap (MB) of the worker threads that run large replications (default: heapCapMb of the largest job). */
  heapCapMb?: number | undefined;
  /** Work on each result in the thread that ran it (see Digest). */
  digest?: Digest | undefined;
  /**
   * With a digest that stands for them: only these replications' results keep their scaling and timeline rows
   * (the bulk of a result); the others come without, which spares their trip from a worker thread.
   */
  rowsOnlyFor?: readonly number[] | undefined;
}

/**
 * Whether this process was started with its own --min-semi-space-size (on the command line or in NODE_OPTIONS):
 * then startWorker leaves the flag alone.
 */
const ownSemiSpace = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => /min[-_]semi[-_]space[-_]size/.test(a));
/** Workers with a larger young generation that have not started running yet (startWorker). */
let startingLarge = 0;

/**
 * A worker thread running `file`, with `limits`. With a larger young generation (scenario/limits.ts workerLimits)
 * its semi-spaces also start at their full size: grown from V8's 1 MB ones, they promote part of a large day's
 * early work that full-size ones would not, and 10,000 SuperNodes' day ran 4 % slower (docs/performance.md). A
 * worker thread takes no V8 flags and resourceLimits has no minimum, so --min-semi-space-size, which V8 reads when
 * a worker's heap is made, is set while such workers start, and set back to 0 (V8's default) once all of them run.
 */
export function startWorker(file: URL, limits: ResourceLimits | null): Worker {
  if (limits === null) return new Worker(file);
  const young = limits.maxYoungGenerationSizeMb;
  if (young === undefined || ownSemiSpace) return new Worker(file, { resourceLimits: limits });
  // V8's young generation is three semi-spaces' worth (two semi-spaces and the new large-object space).
  if (startingLarge++ === 0) setFlagsFromString(`--min-semi-space-size=${Math.floor(young / 3)}`);
  const worker = new Worker(file, { resourceLimits: limits });
  let started = false;
  const running = () => {
    if (started) return;
    started = true;
    if (--startingLarge === 0) setFlagsFromString('--min-semi-space-size=0');
  };
  worker.once('online', running);
  worker.once('exit', running);
  return worker;
}

const TAG = '\u0000number';

/** JSON that keeps every number (NaN, infinities and -0 travel tagged): what crosses threads, and a tune's state files. */
export function toExactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'number' || (Number.isFinite(v) && !Object.is(v, -0))) return v;
    return { [TAG]: Object.is(v, -0) ? '-0' : String(v) };
  });
}

export function fromExactJson(json: string): unknown {
  return JSON.parse(json, (_key, v: unknown) => (v !== null && typeof v === 'object' && TAG in v ? Number((v as Record<string, string>)[TAG]) : v));
}

/** Run one job here: what a worker does with each job it is sent (`digest`: the function job.digest names). */
export function runJob(job: WorkerJob, digest?: (result: ReplicationResult, context: unknown) => unknown): WorkerReply {
  try {
    const context = job.digest?.context;
    const result = jobResult(job, job.eventBudget, digest && job.digest ? (r) => digest(r, context) : undefined, job.keepRows);
    let tagged = false;
    const json = JSON.stringify(result, (_key, v: unknown) => {
      if (typeof v !== 'number' || (Number.isFinite(v) && !Object.is(v, -0))) return v;
      tagged = true;
      return { [TAG]: Object.is(v, -0) ? '-0' : String(v) };
    });
    return { id: job.id, json, tagged };
  } catch (e) {
    if (e instanceof ReplicationFailed) return { id: job.id, failure: e.failure };
    return { id: job.id, error: { message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined } };
  }
}

/** A job's result as the thread that ran it hands it over: its digest made, and without its scaling and timeline rows unless kept (the digest stands for them). */
function jobResult(job: Job, eventBudget: number | undefined, digest: ((r: ReplicationResult) => unknown) | undefined, keepRows: boolean): ReplicationResult {
  const r = runReplication(job.scenario, job.replication, { eventBudget, origin: job.origin });
  if (digest) r.digest = digest(r);
  if (!keepRows) {
    r.scaling = [];
    r.timeline = [];
  }
  return r;
}

function resultOf(reply: WorkerReply): ReplicationResult {
  if ('json' in reply) {
    if (!reply.tagged) return JSON.parse(reply.json) as ReplicationResult;
    return JSON.parse(reply.json, (_key, v: unknown) =>
      v !== null && typeof v === 'object' && TAG in v ? Number((v as Record<string, string>)[TAG]) : v,
    ) as ReplicationResult;
  }
  if ('failure' in reply) throw new ReplicationFailed(reply.failure);
  const e = new Error(reply.error.message);
  if (reply.error.stack !== undefined) e.stack = reply.error.stack;
  throw e;
}

/**
 * Jobs run here for this long before the work left is judged (threadsThatPay), so that the code is hot: edge-churn's
 * first replications take 90-140 ms each, those after the first half second 9-16 ms. The median of those in the
 * second half (of all, if none started then) says what each of the rest will cost: a few slowed by the machine's
 * noise do not move it.
 */
const WARM_MS = 1000;

/**
 * Run the jobs; results in job order, the same whatever the number of threads. With `workers` > 1 the first jobs
 * run here and are timed until the code is hot: the rest are shared by this thread and worker threads, as many
 * threads as finish the work left soonest (threadsThatPay), so that asking for workers does not cost more than it
 * gains (on a 2-vCPU VM, whose cores share their memory bandwidth, two threads pay only from about 4 s of work
 * left). With `onResult`, each
 * result is handed over in job order as soon as those before it are, and none is kept (memory does not grow with
 * the jobs).
 */
export async function replicate(jobs: readonly Job[], options: ReplicateOptions = {}): Promise<ReplicationResult[]> {
  const requested = options.workers ?? 1;
  const onDone = options.onProgress;
  const onResult = options.onResult;
  const digest = options.digest;
  const sentDigest: DigestModule | undefined = digest && { module: digest.module, name: digest.name, context: digest.context };
  const only = digest ? options.rowsOnlyFor : undefined;
  const keepRows = (j: Job) => only === undefined || only.includes(j.replication);
  const workerFile = new URL('./worker.js', import.meta.url);
  const results: ReplicationResult[] = onResult ? [] : new Array(jobs.length);
  // Results that came before one ahead of them (workers finish out of order), and the next to hand over.
  const early = new Map<number, ReplicationResult>();
  let handed = 0;
  const deliver = (i: number, r: ReplicationResult) => {
    options.onComputed?.(i, r);
    if (!onResult) {
      results[i] = r;
      return;
    }
    early.set(i, r);
    while (early.has(handed)) {
      const next = early.get(handed)!;
      early.delete(handed);
      onResult(handed++, next);
    }
  };
  // The order the jobs run in: the early ones first. Results are handed over in job order all the same.
  const runsEarly = options.early;
  const all = jobs.map((_, i) => i);
  const earlyJobs = runsEarly === undefined ? [] : all.filter((i) => runsEarly(jobs[i]!));
  const order = runsEarly === undefined ? all : earlyJobs.concat(all.filter((i) => !runsEarly(jobs[i]!)));
  const ahead = earlyJobs.length;
  let done = 0;
  const here = (i: number) => {
    const j = jobs[i]!;
    deliver(i, jobResult(j, options.eventBudget, digest && ((r) => digest.fn(r, digest.context)), keepRows(j)));
    onDone?.(++done, jobs.length);
  };
  let first = 0;
  let count = 0;
  const built = existsSync(fileURLToPath(workerFile));
  // A large replication runs in a worker thread with a larger young generation, or, larger still, with its heap
  // capped near what it needs (workerLimits). A loop, not Math.max(...): a run may hold more jobs than a call may take arguments.
  let cap = 0;
  let young = 0;
  if (built)
    for (const j of jobs) {
      const limits = workerLimits(j.scenario);
      cap = Math.max(cap, options.heapCapMb ?? limits?.maxOldGenerationSizeMb ?? 0);
      young = Math.max(young, limits?.maxYoungGenerationSizeMb ?? 0);
    }
  const isolated = cap > 0 || young > 0;
  const resourceLimits = cap > 0 ? { maxOldGenerationSizeMb: cap } : young > 0 ? { maxYoungGenerationSizeMb: young } : null;
  if (isolated) count = Math.max(1, Math.min(requested, jobs.length));
  else if (requested > 1 && jobs.length > 1 && built) {
    // The first jobs run here, timed, until the code is hot.
    const start = performance.now();
    const all: number[] = [];
    const late: number[] = [];
    while (first < jobs.length && performance.now() - start < WARM_MS) {
      const t0 = performance.now();
      here(order[first++]!);
      const ms = performance.now() - t0;
      all.push(ms);
      if (t0 - start >= WARM_MS / 2) late.push(ms);
    }
    const perJob = median(late.length > 0 ? late : all);
    count = threadsThatPay(perJob * (jobs.length - first), requested, jobs.length - first);
  }
  if (count <= 1 && !isolated) {
    for (let k = first; k < jobs.length; k++) here(order[k]!);
    return results;
  }
  // Jobs are handed out no further ahead of the last result handed over than this, so few wait in `early` (the jobs
  // run early come on top: the next to hand over is at most that many places later in the order).
  const window = 4 * count + ahead;
  let next = first;
  let failed = false;
  const idle: Array<() => void> = [];
  const wakeIdle = () => {
    for (const feed of idle.splice(0)) feed();
  };
  const stop = (e: unknown) => {
    next = jobs.length;
    failed = true;
    wakeIdle();
    return e;
  };
  // This thread runs a job whenever it is free, between handing results over: with plain workers it is one of
  // the `count` threads, beside count - 1 worker threads (a thread that only waited for them would leave a core
  // idle); with the limited ones of large replications it only takes over the jobs of a worker that ran out of its heap.
  const mine = async () => {
    while (next < jobs.length && !failed) {
      if (onResult && next >= handed + window) {
        await new Promise<void>((resolve) => idle.push(resolve));
        continue;
      }
      try {
        here(order[next++]!);
      } catch (e) {
        throw stop(e);
      }
      wakeIdle();
      // Let the workers' results in before the next job.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const lane = () =>
    new Promise<void>((resolve, reject) => {
      const worker = startWorker(workerFile, resourceLimits);
      const inFlight = new Set<number>();
      const feed = () => {
        if (next >= jobs.length) {
          if (inFlight.size === 0) void worker.terminate().then(() => resolve());
          return;
        }
        if (onResult && next >= handed + window) {
          if (inFlight.size === 0) idle.push(feed);
          return;
        }
        const id = order[next++]!;
        inFlight.add(id);
        const job: WorkerJob = { ...jobs[id]!, id, eventBudget: options.eventBudget, digest: sentDigest, keepRows: keepRows(jobs[id]!) };
        worker.postMessage(job);
      };
      worker.on('message', (m: WorkerReply) => {
        inFlight.delete(m.id);
        try {
          deliver(m.id, resultOf(m));
        } catch (e) {
          // One failure ends the run: stop every worker, report this one.
          void worker.terminate();
          reject(stop(e));
          return;
        }
        onDone?.(++done, jobs.length);
        feed();
        wakeIdle();
      });
      worker.on('error', (e: Error & { code?: string }) => {
        if (e.code !== 'ERR_WORKER_OUT_OF_MEMORY') {
          reject(stop(e));
          return;
        }
        // The cap was too tight for this scenario: its jobs run here, uncapped, with the same results.
        try {
          for (const id of [...inFlight].sort((a, b) => a - b)) here(id);
        } catch (err) {
          reject(stop(err));
          return;
        }
        wakeIdle();
        mine().then(resolve, reject);
      });
      // Two jobs in flight, so that the worker never waits for the main thread between them (one if large: its
      // heap holds one replication at a time).
      feed();
      if (!isolated) feed();
    });
  if (isolated) await Promise.all(Array.from({ length: count }, lane));
  else await Promise.all([...Array.from({ length: count - 1 }, lane), mine()]);
  return results;
}

/** Every replication of every policy set, in order. */
export function jobsOf(policySets: readonly Scenario[], origin?: JobOrigin): Job[] {
  return policySets.flatMap((scenario) =>
    Array.from({ length: scenario.replications }, (_, replication) => ({ scenario, replication, ...(origin ? { origin } : {}) })),
  );
}
