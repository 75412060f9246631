/**
 * Runs every policy set of a scenario over the same replications (same seeds:
 * common random numbers) and returns the records as data.
 */
import { runReplications } from '../sim/replications.js';
import type { Scenario } from './config.js';
import { runCluster } from './cluster.js';
import { totalFailures, type PhaseOutcome, type PhaseRecord, type RoundCause, type RoundOutcome } from './round.js';
import type { ClientFailureCause } from './superlink.js';

/** One round as written to rounds.csv. Times in seconds. */
export interface RoundRow {
  policy_set: string;
  replication: number;
  round: number;
  start: number;
  end: number | null;
  sampled: number;
  results: number;
  failures: number;
  failures_disconnected: number;
  failures_timeout: number;
  failures_gave_up: number;
  failures_scaled_in: number;
  missing: number;
  /** The fit phase's outcome (a failed evaluation does not fail the round). */
  outcome: RoundOutcome;
  cause: RoundCause | null;
  /** Seconds the fit phase waited for clients before sampling. */
  fit_wait: number;
  eval_sampled: number;
  eval_results: number;
  eval_failures: number;
  eval_outcome: PhaseOutcome;
  eval_cause: RoundCause | null;
  eval_wait: number;
}

export interface ReplicationResult {
  policy_set: string;
  replication: number;
  seed: number;
  events: number;
  rounds: RoundRow[];
}

export interface ExperimentOptions {
  /** Called after each replication of each policy set. */
  onProgress?: (done: number, total: number) => void;
  eventBudget?: number;
}

const failureKey = (c: ClientFailureCause) => `failures_${c}` as const;

export function runExperiment(policySets: readonly Scenario[], options: ExperimentOptions = {}): ReplicationResult[] {
  const total = policySets.reduce((n, s) => n + s.replications, 0);
  let done = 0;
  const out: ReplicationResult[] = [];
  for (const scenario of policySets) {
    const results = runReplications(scenario.seed, scenario.replications, ({ seed, replication }) => {
      const run = runCluster(scenario, replication, { eventBudget: options.eventBudget });
      const rounds: RoundRow[] = run.rounds.map((r) => {
        const fitDone = r.fit.outcome !== 'unfinished';
        const row: RoundRow = {
          policy_set: scenario.policy_set,
          replication,
          round: r.round,
          start: r.start / 1000,
          end: r.end === null ? null : r.end / 1000,
          sampled: r.fit.sampled,
          results: r.fit.results,
          failures: totalFailures(r.fit),
          failures_disconnected: 0,
          failures_timeout: 0,
          failures_gave_up: 0,
          failures_scaled_in: 0,
          missing: r.fit.missing,
          outcome: fitDone ? (r.fit.outcome as RoundOutcome) : 'unfinished',
          cause: fitDone ? r.fit.cause : null,
          fit_wait: waitSeconds(r.fit, scenario.horizon),
          eval_sampled: r.evaluate.sampled,
          eval_results: r.evaluate.results,
          eval_failures: totalFailures(r.evaluate),
          eval_outcome: r.evaluate.outcome,
          eval_cause: r.evaluate.cause,
          eval_wait: waitSeconds(r.evaluate, scenario.horizon),
        };
        for (const c of Object.keys(r.fit.failures) as ClientFailureCause[]) row[failureKey(c)] = r.fit.failures[c];
        return row;
      });
      return { policy_set: scenario.policy_set, replication, seed, events: run.events, rounds };
    }, () => options.onProgress?.(++done, total));
    out.push(...results);
  }
  return out;
}

/** Seconds a phase waited for clients; a phase still waiting at the horizon waited until then. */
function waitSeconds(p: PhaseRecord, horizon: number): number {
  const stillWaiting = p.start !== null && p.outcome === 'unfinished' && p.sampled === 0;
  return (stillWaiting ? horizon - p.start! : p.wait) / 1000;
}
