/**
 * What a scenario may ask for, checked before anything runs (docs/scenario.md, "Limits"). Past these, a run
 * would not end in reasonable time or would not fit in memory; each refusal says which limit and what to change.
 */
import { getHeapStatistics } from 'node:v8';
import { largestRole } from '../models/cluster.js';
import type { Scenario } from '../models/config.js';

export const LIMITS = {
  /** Sites (a count, or the length of the list). */
  sites: 1_000,
  /** SuperNodes in the role: its cardinality, and max_vms. */
  supernodes: 200_000,
  /** Replications per policy set. */
  replications: 10_000,
  /** Autoscaler ticks in one replication (horizon / autoscaler_interval): each is a row of scaling.csv and timeline.csv. */
  ticks: 1_000_000,
  /** The shortest interval of a periodic task (autoscaler, monitoring, OneGate publishing) and of a Markov link's mean up or down time, ms. */
  minIntervalMs: 1_000,
  /** Rows of a trace CSV file, and ticks of a replay input. */
  rows: 1_000_000,
} as const;

/** Memory one SuperNode takes while it is simulated, with room for the engine and the collector (measured: about 9 KB live). */
const BYTES_PER_NODE = 20_000;
/** A row of rounds.csv, and a tick's rows of scaling.csv and timeline.csv (kept for the first replication, for the plots). */
const BYTES_PER_ROUND = 1_000;
const BYTES_PER_TICK = 600;
/** What a run keeps of every replication: its figures, and each round's length. */
const BYTES_PER_REPLICATION = 2_000;
const BYTES_PER_ROUND_KEPT = 8;

/** The memory a whole run needs, roughly: the largest replication being simulated, the first replication's rows, every replication's figures. */
export function memoryEstimate(policySets: readonly Scenario[]): number {
  let kept = 0;
  let largest = 0;
  for (const s of policySets) {
    const ticks = s.horizon / s.oneflow.autoscaler_interval;
    // A round takes at least a minute or so; num_rounds caps them.
    const rounds = Math.min(s.superlink.num_rounds, s.horizon / 60_000);
    kept += rounds * BYTES_PER_ROUND + ticks * BYTES_PER_TICK + s.replications * (BYTES_PER_REPLICATION + rounds * BYTES_PER_ROUND_KEPT);
    largest = Math.max(largest, largestRole(s) * BYTES_PER_NODE);
  }
  return kept + largest;
}

/** What one simulated SuperNode keeps live (measured about 9 KB at 100,000 SuperNodes), and the simulator's own. */
const LIVE_BYTES_PER_NODE = 10_000;
const LIVE_BASE_BYTES = 256 * 2 ** 20;
/** From this many SuperNodes a replication runs with its heap capped (heapCapMb). */
export const CAPPED_FROM_NODES = 20_000;

/**
 * The heap (MB) a replication of a large scenario runs in, on a worker thread, or null if it is not large. V8 lets a
 * heap grow to about twice its live size and more before it collects the old generation; capped near the live
 * size it collects sooner, at no cost in time: 100,000 SuperNodes for one day peak at 1.1 GB RSS under a 1.2 GB
 * cap and at 2.6 GB without. A replication that needs more than its cap is run again, uncapped, on the main thread.
 */
export function heapCapMb(s: Scenario): number | null {
  const nodes = largestRole(s);
  if (nodes < CAPPED_FROM_NODES) return null;
  return Math.ceil((nodes * LIVE_BYTES_PER_NODE + LIVE_BASE_BYTES) / 2 ** 20);
}

/** From this many SuperNodes a replication runs on a worker thread with a larger young generation (workerLimits). */
export const LARGE_FROM_NODES = 5_000;
/**
 * The young generation (MB) of such a worker. A large replication keeps tens of thousands of events pending for
 * minutes of simulated time, so V8's default young generation (a few MB) promotes most of them before they run and
 * every scavenge copies them: at 10,000 SuperNodes scavenges took 4.4 s of a 29 s day, and 1.1 s with 128 MB
 * semi-spaces (--max-semi-space-size=128, what a 384 MB young generation holds); the day in such a worker, 26.4 s -> 21.9 s.
 */
export const LARGE_YOUNG_GENERATION_MB = 384;

/**
 * The resource limits of the worker thread a replication runs on, or null if it runs anywhere: from
 * LARGE_FROM_NODES SuperNodes a larger young generation; from CAPPED_FROM_NODES the old generation capped
 * (heapCapMb) and the young generation left at V8's default, so that memory stays near what the run needs.
 */
export function workerLimits(s: Scenario): { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number } | null {
  const cap = heapCapMb(s);
  if (cap !== null) return { maxOldGenerationSizeMb: cap };
  return largestRole(s) >= LARGE_FROM_NODES ? { maxYoungGenerationSizeMb: LARGE_YOUNG_GENERATION_MB } : null;
}

/** What this process may use: V8's heap limit, less what is in use. */
export function memoryAvailable(): number {
  const h = getHeapStatistics();
  return h.heap_size_limit - h.used_heap_size;
}

export const gigabytes = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
