/**
 * What the simulator records of each round: Flower's history does not mark a
 * failed round (aggregate_fit returning None), so the simulator must.
 */
import type { AggregationCause } from './strategy.js';
import { CLIENT_FAILURE_CAUSES, type ClientFailureCause } from './superlink.js';

export type RoundOutcome = 'succeeded' | 'failed' | 'unfinished';
export type RoundCause = 'cancelled' | AggregationCause;
export const ROUND_CAUSES: readonly RoundCause[] = ['cancelled', 'no_results', 'completion_rate', 'failures_rejected'];

/** One phase (fit or evaluate) of a round. */
export interface PhaseRecord {
  sampled: number;
  results: number;
  failures: Record<ClientFailureCause, number>;
  /** Sampled clients that neither answered nor failed before the phase ended (message API). */
  missing: number;
  outcome: RoundOutcome | 'skipped';
  cause: RoundCause | null;
}

export interface RoundRecord {
  round: number;
  /** ms */
  start: number;
  /** ms; null while unfinished. */
  end: number | null;
  fit: PhaseRecord;
}

export function emptyPhase(): PhaseRecord {
  return {
    sampled: 0,
    results: 0,
    failures: Object.fromEntries(CLIENT_FAILURE_CAUSES.map((c) => [c, 0])) as Record<ClientFailureCause, number>,
    missing: 0,
    outcome: 'unfinished',
    cause: null,
  };
}

export function totalFailures(p: PhaseRecord): number {
  let n = 0;
  for (const c of CLIENT_FAILURE_CAUSES) n += p.failures[c];
  return n;
}
