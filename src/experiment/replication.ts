/**
 * One replication of one policy set as the rows of the output files
 * (rounds.csv, scaling.csv, timeline.csv), times in seconds.
 */

import { ClusterFailure, type ClusterRun, EVENTS_PER_NODE_DAY, runCluster } from '../models/cluster.js';
import type { Scenario } from '../models/config.js';
import { type PhaseOutcome, type PhaseRecord, type RoundCause, totalFailures } from '../models/flower/round.js';
import { type ElasticityState, hasPolicies } from '../models/oneflow/policy.js';
import type { ServiceState, TickRecord } from '../models/oneflow/service.js';
import { EventBudgetExceeded } from '../sim/engine.js';
import { type JobOrigin, ReplicationFailed } from './failure.js';

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
  /** OneFlow scale-in actions that cost the fit phase a client. */
  scale_ins: number;
  /** The fit phase's outcome (a failed evaluation does not fail the round); skipped: the message API at fraction_train 0. */
  outcome: PhaseOutcome;
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

/** One autoscaler tick as written to scaling.csv. Times in seconds. */
export interface ScalingRow {
  policy_set: string;
  replication: number;
  time: number;
  service_state: ServiceState;
  /** skipped (service not RUNNING), none, scale_up, scale_down, rejected. */
  outcome: 'skipped' | 'none' | 'scale_up' | 'scale_down' | 'rejected';
  /** The policy whose change was asked for: elasticity_policies[i], scheduled_policies[i] or min_vms. */
  policy: string | null;
  /** expression_evaluated of the policies evaluated at this tick, in order, joined with " ; ". */
  expression_evaluated: string;
  /** true_evals of every elasticity policy after the tick, joined with "/" ("-" when unset). */
  true_evals: string;
  cardinality_from: number;
  cardinality_to: number;
  cooldown: number | null;
  reject_reason: string | null;
}

/** The role at one autoscaler tick, as written to timeline.csv. */
export interface TimelineRow {
  policy_set: string;
  replication: number;
  time: number;
  service_state: ServiceState;
  cardinality: number;
  running_vms: number;
  connected: number;
  training: number;
  attributes: Record<string, number | null>;
}

export interface ReplicationResult {
  policy_set: string;
  replication: number;
  seed: number;
  events: number;
  rounds: RoundRow[];
  scaling: ScalingRow[];
  timeline: TimelineRow[];
  vm_hours: number;
  scale_ups: number;
  scale_downs: number;
  /** What ReplicateOptions.digest made of this result, in the thread that ran it. */
  digest?: unknown;
}

export interface ReplicationOptions {
  eventBudget?: number | undefined;
  /** Where the job came from, for a failure to name. */
  origin?: JobOrigin | undefined;
}

/** One replication of one policy set, as the rows of the output files. */
export function runReplication(scenario: Scenario, replication: number, options: ReplicationOptions = {}): ReplicationResult {
  const seed = scenario.seed;
  let run: ClusterRun;
  try {
    run = runCluster(scenario, replication, { eventBudget: options.eventBudget });
  } catch (e) {
    if (!(e instanceof ClusterFailure)) throw e;
    const budget = e.cause instanceof EventBudgetExceeded ? e.cause.budget : null;
    throw new ReplicationFailed(
      {
        file: options.origin?.file ?? null,
        set: options.origin?.set ?? [],
        policy_set: scenario.policy_set,
        replication,
        seed,
        time: e.time / 1000,
        events: e.events,
        reason: e.message,
        hint:
          budget === null
            ? null
            : `raise the event budget above ${budget} (--event-budget N, or eventBudget in the library; the default is ${EVENTS_PER_NODE_DAY.toLocaleString('en-US')} events per SuperNode-day)`,
        event_budget: options.eventBudget ?? null,
        stack: budget === null && e.cause instanceof Error ? (e.cause.stack ?? null) : null,
      },
      { cause: e.cause },
    );
  }
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
      failures_disconnected: r.fit.failures.disconnected,
      failures_timeout: r.fit.failures.timeout,
      failures_gave_up: r.fit.failures.gave_up,
      failures_scaled_in: r.fit.failures.scaled_in,
      missing: r.fit.missing,
      scale_ins: r.fit.scale_in_actions.length,
      outcome: r.fit.outcome,
      cause: fitDone ? r.fit.cause : null,
      fit_wait: waitSeconds(r.fit, scenario.horizon),
      eval_sampled: r.evaluate.sampled,
      eval_results: r.evaluate.results,
      eval_failures: totalFailures(r.evaluate),
      eval_outcome: r.evaluate.outcome,
      eval_cause: r.evaluate.cause,
      eval_wait: waitSeconds(r.evaluate, scenario.horizon),
    };
    return row;
  });
  // A role without policies only shows ticks where OneFlow did something (the implicit min rule).
  const policies = hasPolicies(scenario.oneflow.role);
  // (A tick is 'skipped' without a decision and 'none' with an empty one: scalingRow; only the others are made into rows.)
  const ticks = policies ? run.ticks : run.ticks.filter((t) => t.decision !== null && t.decision.outcome !== 'none');
  const scaling = ticks.map((t) => scalingRow(scenario.policy_set, replication, t));
  const timeline: TimelineRow[] = run.timeline.map((p) => ({
    policy_set: scenario.policy_set,
    replication,
    time: p.t / 1000,
    service_state: p.state,
    cardinality: p.cardinality,
    running_vms: p.running_vms,
    connected: p.connected,
    training: p.training,
    attributes: p.attributes,
  }));
  return {
    policy_set: scenario.policy_set,
    replication,
    seed,
    events: run.events,
    rounds,
    scaling,
    timeline,
    vm_hours: run.vmHours,
    scale_ups: scaling.filter((r) => r.outcome === 'scale_up').length,
    scale_downs: scaling.filter((r) => r.outcome === 'scale_down').length,
  };
}

function scalingRow(policy_set: string, replication: number, t: TickRecord): ScalingRow {
  const d = t.decision;
  const from = d?.outcome === 'accepted' ? t.cardinality_after - d.diff : t.cardinality_after;
  const outcome: ScalingRow['outcome'] =
    d === null ? 'skipped' : d.outcome === 'none' ? 'none' : d.outcome === 'rejected' ? 'rejected' : d.diff > 0 ? 'scale_up' : 'scale_down';
  const request = d === null || d.outcome === 'none' ? null : d;
  const firing = request?.firing ?? null;
  const policy =
    firing === null ? null : firing.kind === 'min' ? 'min_vms' : `${firing.kind === 'scheduled' ? 'scheduled' : 'elasticity'}_policies[${firing.index}]`;
  return {
    policy_set,
    replication,
    time: t.t / 1000,
    service_state: t.state,
    outcome,
    policy,
    expression_evaluated: t.evaluated ? evaluatedAt(t.role.elasticity, t.t) : '',
    true_evals: trueEvals(t.role.elasticity),
    cardinality_from: from,
    cardinality_to: t.cardinality_after,
    cooldown: request !== null && request.cooldown !== null ? request.cooldown / 1000 : null,
    reject_reason: request?.outcome === 'rejected' ? request.reject_reason : null,
  };
}

/** expression_evaluated of the policies evaluated at `t`, in order, joined with " ; " (a loop: 57,600 rows in edge-churn's run). */
function evaluatedAt(policies: readonly ElasticityState[], t: number): string {
  let out: string | null = null;
  for (const e of policies) {
    if (e.last_eval !== t) continue;
    // As join writes it: nothing for a policy that rendered nothing (an empty expression).
    const text = e.expression_evaluated ?? '';
    out = out === null ? text : `${out} ; ${text}`;
  }
  return out ?? '';
}

/** true_evals of every policy, "-" when unset, joined with "/". */
function trueEvals(policies: readonly ElasticityState[]): string {
  let out = '';
  for (let i = 0; i < policies.length; i++) {
    const n = policies[i]!.true_evals;
    out = i === 0 ? (n === null ? '-' : `${n}`) : `${out}/${n === null ? '-' : n}`;
  }
  return out;
}

/** Seconds a phase waited for clients; a phase still waiting at the horizon waited until then. */
function waitSeconds(p: PhaseRecord, horizon: number): number {
  const stillWaiting = p.start !== null && p.outcome === 'unfinished' && p.sampled === 0;
  return (stillWaiting ? horizon - p.start! : p.wait) / 1000;
}
