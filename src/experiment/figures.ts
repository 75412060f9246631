/**
 * The figures of one replication (replications.csv) and their summary per
 * policy set (summary.csv): each metric's mean over replications with its t
 * interval. Summaries and paired comparisons are computed from these figures
 * alone, never from the rows.
 */

import { ROUND_CAUSES } from '../models/flower/round.js';
import { CLIENT_FAILURE_CAUSES } from '../models/flower/superlink.js';
import { METRIC_NAMES, type MetricName } from '../scenario/metrics.js';
import { type Estimate, estimate } from '../sim/statistics.js';
import type { ReplicationResult, RoundRow } from './replication.js';

export type MetricValues = Record<MetricName, number>;

/** One replication of one policy set, as a row of replications.csv. */
export interface ReplicationFigures {
  policy_set: string;
  replication: number;
  values: MetricValues;
}

export interface PolicySetSummary {
  policy_set: string;
  replications: number;
  /** Each metric's mean over the replications, with its 95 % t interval (NaN bounds with one replication). */
  metrics: Record<MetricName, Estimate>;
}

const evalRan = (x: RoundRow) => x.eval_outcome === 'succeeded' || x.eval_outcome === 'failed';

/** The figures of one replication. A rate with nothing to divide is 0; a mean round length with no round that ended is NaN. */
export function replicationFigures(r: ReplicationResult): ReplicationFigures {
  let succeeded = 0;
  let failed = 0;
  let unfinished = 0;
  let evals = 0;
  let evalsFailed = 0;
  let waitS = 0;
  let durationS = 0;
  let ended = 0;
  const byCause = Object.fromEntries(ROUND_CAUSES.map((c) => [c, 0])) as Record<(typeof ROUND_CAUSES)[number], number>;
  const byClientCause = Object.fromEntries(CLIENT_FAILURE_CAUSES.map((c) => [c, 0])) as Record<(typeof CLIENT_FAILURE_CAUSES)[number], number>;
  for (const x of r.rounds) {
    if (x.outcome === 'succeeded') succeeded++;
    else if (x.outcome === 'failed') {
      failed++;
      if (x.cause !== null) byCause[x.cause]++;
    } else unfinished++;
    if (evalRan(x)) evals++;
    if (x.eval_outcome === 'failed') evalsFailed++;
    waitS += x.fit_wait + x.eval_wait;
    if (x.end !== null) {
      durationS += x.end - x.start;
      ended++;
    }
    // Field by field: a key made for each cause of each round cost more than the sums.
    byClientCause.disconnected += x.failures_disconnected;
    byClientCause.timeout += x.failures_timeout;
    byClientCause.gave_up += x.failures_gave_up;
    byClientCause.scaled_in += x.failures_scaled_in;
  }
  const attempted = r.rounds.length;
  const values: MetricValues = {
    rounds_attempted: attempted,
    rounds_succeeded: succeeded,
    rounds_failed: failed,
    rounds_unfinished: unfinished,
    failure_rate: attempted === 0 ? 0 : failed / attempted,
    mean_round_duration_s: ended === 0 ? NaN : durationS / ended,
    evals_attempted: evals,
    evals_failed: evalsFailed,
    eval_failure_rate: evals === 0 ? 0 : evalsFailed / evals,
    wait_hours: waitS / 3600,
    vm_hours: r.vm_hours,
    scale_ups: r.scale_ups,
    scale_downs: r.scale_downs,
    failed_cancelled: byCause.cancelled,
    failed_no_results: byCause.no_results,
    failed_completion_rate: byCause.completion_rate,
    failed_failures_rejected: byCause.failures_rejected,
    client_failures_disconnected: byClientCause.disconnected,
    client_failures_timeout: byClientCause.timeout,
    client_failures_gave_up: byClientCause.gave_up,
    client_failures_scaled_in: byClientCause.scaled_in,
  };
  return { policy_set: r.policy_set, replication: r.replication, values };
}

/** The figures grouped by policy set, in first-seen order, each list in replication order. */
export function byPolicySet(figures: readonly ReplicationFigures[]): Map<string, ReplicationFigures[]> {
  const out = new Map<string, ReplicationFigures[]>();
  for (const f of figures) {
    const list = out.get(f.policy_set) ?? [];
    list.push(f);
    out.set(f.policy_set, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.replication - b.replication);
  return out;
}

/** One metric's values over a policy set's replications, in replication order. */
export function series(figures: readonly ReplicationFigures[], metric: MetricName): number[] {
  return figures.map((f) => f.values[metric]);
}

/** One policy set's summary from its figures (none: every mean NaN). */
export function summaryOf(policy_set: string, figures: readonly ReplicationFigures[]): PolicySetSummary {
  return {
    policy_set,
    replications: figures.length,
    metrics: Object.fromEntries(METRIC_NAMES.map((m) => [m, estimate(series(figures, m))])) as Record<MetricName, Estimate>,
  };
}

export function summarize(figures: readonly ReplicationFigures[]): PolicySetSummary[] {
  return [...byPolicySet(figures)].map(([policy_set, reps]) => summaryOf(policy_set, reps));
}
