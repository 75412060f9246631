/**
 * What the simulator records of each round: Flower's history does not mark a
 * failed round (aggregate_fit returning None), so the simulator must. A round
 * is a fit phase then an evaluate phase (server/server.py fit: fit_round, then
 * evaluate_round); the round ends when its evaluate phase ends.
 */
import type { Aggregation, AggregationCause } from './strategy.js';
import { CLIENT_FAILURE_CAUSES, type ClientFailureCause } from './superlink.js';

export type RoundOutcome = 'succeeded' | 'failed' | 'unfinished';
export type PhaseOutcome = RoundOutcome | 'skipped';
export type RoundCause = 'cancelled' | AggregationCause;
export const ROUND_CAUSES: readonly RoundCause[] = ['cancelled', 'no_results', 'completion_rate', 'failures_rejected'];

export type PhaseKind = 'fit' | 'evaluate';

/** One phase (fit or evaluate) of a round. */
export interface PhaseRecord {
  /** When the phase was configured (ms), null before it starts. */
  start: number | null;
  /** ms spent waiting for clients before sampling. */
  wait: number;
  sampled: number;
  results: number;
  failures: Record<ClientFailureCause, number>;
  /** Sampled clients that neither answered nor failed before the phase ended (message API). */
  missing: number;
  /** When sampling: clients the server listed as available, and nodes online on the SuperLink. */
  available: number;
  online: number;
  /** OneFlow scale-in actions (their times, ms) that cost this phase a client. */
  scale_in_actions: number[];
  outcome: PhaseOutcome;
  cause: RoundCause | null;
}

export interface RoundRecord {
  round: number;
  /** ms */
  start: number;
  /** ms, when the evaluate phase ended; null while unfinished. */
  end: number | null;
  fit: PhaseRecord;
  evaluate: PhaseRecord;
}

export function emptyPhase(): PhaseRecord {
  return {
    start: null,
    wait: 0,
    sampled: 0,
    results: 0,
    // Written out, not built from CLIENT_FAILURE_CAUSES at every phase; its keys, in that order (test/flower-decisions.test.ts).
    failures: { disconnected: 0, timeout: 0, gave_up: 0, scaled_in: 0 },
    missing: 0,
    available: 0,
    online: 0,
    scale_in_actions: [],
    outcome: 'unfinished',
    cause: null,
  };
}

export function newRound(round: number, now: number): RoundRecord {
  return { round, start: now, end: null, fit: emptyPhase(), evaluate: emptyPhase() };
}

export function totalFailures(p: PhaseRecord): number {
  let n = 0;
  for (const c of CLIENT_FAILURE_CAUSES) n += p.failures[c];
  return n;
}

/** Count one client's answer into its phase. */
export function tally(phase: PhaseRecord, ok: boolean, cause?: ClientFailureCause, scaleAction?: number | null): void {
  if (ok) {
    phase.results++;
    return;
  }
  phase.failures[cause!]++;
  if (scaleAction !== undefined && scaleAction !== null && !phase.scale_in_actions.includes(scaleAction)) phase.scale_in_actions.push(scaleAction);
}

/** Record what aggregation made of a phase. */
export function conclude(phase: PhaseRecord, agg: Aggregation): void {
  phase.outcome = agg.ok ? 'succeeded' : 'failed';
  phase.cause = agg.ok ? null : agg.cause;
}
