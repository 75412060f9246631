/**
 * Per policy set: rounds attempted, succeeded, failed and unfinished, failures
 * by cause, and the failure rate, each a mean over replications with its 95 %
 * interval. The failure rate of a replication is failed / attempted rounds.
 */
import { estimate, type Estimate } from '../sim/statistics.js';
import type { ReplicationResult, RoundRow } from './experiment.js';
import { ROUND_CAUSES, type RoundCause } from './round.js';
import { CLIENT_FAILURE_CAUSES, type ClientFailureCause } from './superlink.js';

export interface PolicySetSummary {
  policy_set: string;
  replications: number;
  rounds_attempted: Estimate;
  rounds_succeeded: Estimate;
  rounds_failed: Estimate;
  rounds_unfinished: Estimate;
  failure_rate: Estimate;
  /** Mean duration of the rounds that ended, in seconds. */
  round_duration: Estimate;
  /** Evaluate phases that ran (not skipped) and that failed; their rate failed / ran. */
  evals_attempted: Estimate;
  evals_failed: Estimate;
  eval_failure_rate: Estimate;
  /** Hours spent waiting for clients before sampling (fit and evaluate phases together). */
  wait_hours: Estimate;
  /** SuperNode VM-hours (creation to DONE or the horizon). */
  vm_hours: Estimate;
  scale_ups: Estimate;
  scale_downs: Estimate;
  /** Failed rounds by cause. */
  failed: Record<RoundCause, Estimate>;
  /** Client failures (results that did not come back) by cause. */
  client_failures: Record<ClientFailureCause, Estimate>;
}

export function summarize(results: readonly ReplicationResult[]): PolicySetSummary[] {
  const byPolicySet = new Map<string, ReplicationResult[]>();
  for (const r of results) {
    const list = byPolicySet.get(r.policy_set) ?? [];
    list.push(r);
    byPolicySet.set(r.policy_set, list);
  }
  return [...byPolicySet].map(([policy_set, reps]) => {
    const per = (f: (r: ReplicationResult) => number) => estimate(reps.map(f));
    const count = (r: ReplicationResult, pred: (row: ReplicationResult['rounds'][number]) => boolean) => r.rounds.filter(pred).length;
    return {
      policy_set,
      replications: reps.length,
      rounds_attempted: per((r) => r.rounds.length),
      rounds_succeeded: per((r) => count(r, (x) => x.outcome === 'succeeded')),
      rounds_failed: per((r) => count(r, (x) => x.outcome === 'failed')),
      rounds_unfinished: per((r) => count(r, (x) => x.outcome === 'unfinished')),
      failure_rate: per((r) => (r.rounds.length === 0 ? 0 : count(r, (x) => x.outcome === 'failed') / r.rounds.length)),
      round_duration: estimate(reps.map(meanRoundDuration).filter((x) => !Number.isNaN(x))),
      evals_attempted: per((r) => count(r, evalRan)),
      evals_failed: per((r) => count(r, (x) => x.eval_outcome === 'failed')),
      eval_failure_rate: per((r) => {
        const ran = count(r, evalRan);
        return ran === 0 ? 0 : count(r, (x) => x.eval_outcome === 'failed') / ran;
      }),
      wait_hours: per((r) => r.rounds.reduce((h, x) => h + (x.fit_wait + x.eval_wait) / 3600, 0)),
      vm_hours: per((r) => r.vm_hours),
      scale_ups: per((r) => r.scale_ups),
      scale_downs: per((r) => r.scale_downs),
      failed: Object.fromEntries(ROUND_CAUSES.map((c) => [c, per((r) => count(r, (x) => x.outcome === 'failed' && x.cause === c))])) as Record<RoundCause, Estimate>,
      client_failures: Object.fromEntries(
        CLIENT_FAILURE_CAUSES.map((c) => [c, per((r) => r.rounds.reduce((n, x) => n + x[`failures_${c}`], 0))]),
      ) as Record<ClientFailureCause, Estimate>,
    };
  });
}

function meanRoundDuration(r: ReplicationResult): number {
  let sum = 0;
  let n = 0;
  for (const x of r.rounds)
    if (x.end !== null) {
      sum += x.end - x.start;
      n++;
    }
  return n === 0 ? NaN : sum / n;
}

const evalRan = (x: RoundRow) => x.eval_outcome === 'succeeded' || x.eval_outcome === 'failed';
