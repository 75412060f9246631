/**
 * Paired comparisons against the baseline (comparison.csv). Every policy set
 * runs on the same seeds, so replication i of two sets saw the same link
 * outages and training times: the differences pair by pair cancel that noise.
 * Each interval is a paired t interval, made simultaneous over the k sets
 * compared with Bonferroni (each at 1 - (1 - confidence) / k).
 */
import { type Decision, fixedSense, goalMetric, goalSense, type Sense } from '../scenario/decision.js';
import type { MetricName } from '../scenario/metrics.js';
import { bonferroni, type Estimate, pairedDifference } from '../sim/statistics.js';
import { byPolicySet, type ReplicationFigures, series } from './figures.js';

export type Verdict = 'better' | 'worse' | 'indistinguishable';

export interface ComparisonRow {
  policy_set: string;
  baseline: string;
  metric: MetricName;
  /** Mean over replications of (set - baseline). */
  mean_difference: number;
  /** The simultaneous interval; NaN with fewer than 2 replications. */
  ci_low: number;
  ci_high: number;
  verdict: Verdict;
}

/** The metrics comparison.csv covers: the objective, the constraints', the tie-break, then the usual five. */
export function comparisonMetrics(decision: Decision): MetricName[] {
  const all: MetricName[] = [
    goalMetric(decision.objective),
    ...decision.constraints.map((c) => c.metric),
    goalMetric(decision.tie_break),
    'rounds_succeeded',
    'rounds_failed',
    'failure_rate',
    'vm_hours',
    'wait_hours',
  ];
  return all.filter((m, i) => all.indexOf(m) === i);
}

/** Which way is better for `metric` under `decision`: its own sense for the objective and tie-break, else the fixed one. */
export function senseOf(metric: MetricName, decision: Decision): Sense {
  if (goalMetric(decision.objective) === metric) return goalSense(decision.objective);
  if (goalMetric(decision.tie_break) === metric) return goalSense(decision.tie_break);
  return fixedSense(metric);
}

/** What a difference (set - other) says: better or worse only when its interval excludes 0. */
export function verdictOf(d: Estimate, sense: Sense): Verdict {
  if (Number.isNaN(d.low) || Number.isNaN(d.high)) return 'indistinguishable';
  if (d.low > 0) return sense === 'maximize' ? 'better' : 'worse';
  if (d.high < 0) return sense === 'maximize' ? 'worse' : 'better';
  return 'indistinguishable';
}

/** The baseline a run compares with: the decision's when it ran, else the first set that ran (a --policy-set run). */
export function effectiveBaseline(decision: Decision, sets: readonly string[]): string {
  return sets.includes(decision.baseline) ? decision.baseline : (sets[0] ?? decision.baseline);
}

/** A paired difference (set - other) on one metric, at the given confidence. */
export function difference(set: readonly ReplicationFigures[], other: readonly ReplicationFigures[], metric: MetricName, confidence: number): Estimate {
  const n = Math.min(set.length, other.length);
  return pairedDifference(series(set.slice(0, n), metric), series(other.slice(0, n), metric), confidence);
}

export function compare(figures: readonly ReplicationFigures[], decision: Decision): ComparisonRow[] {
  const sets = byPolicySet(figures);
  const names = [...sets.keys()];
  const baseline = effectiveBaseline(decision, names);
  const base = sets.get(baseline);
  if (!base) return [];
  const others = names.filter((n) => n !== baseline);
  const level = bonferroni(decision.confidence, others.length);
  const metrics = comparisonMetrics(decision);
  return others.flatMap((name) =>
    metrics.map((metric): ComparisonRow => {
      const d = difference(sets.get(name)!, base, metric, level);
      return { policy_set: name, baseline, metric, mean_difference: d.mean, ci_low: d.low, ci_high: d.high, verdict: verdictOf(d, senseOf(metric, decision)) };
    }),
  );
}
