/**
 * The recommendation rule (docs/decision.md), exactly:
 *   1. feasible: every constraint holds on the mean, and sim lint finds no error;
 *   2. best: the feasible set with the best objective mean;
 *   3. contenders: the feasible sets whose paired interval against the best on the
 *      objective contains 0 (simultaneous over the other feasible sets); the best is one;
 *   4. pick: the contender with the best tie-break mean.
 * Ties at any step go to the set listed first. With one replication there are
 * no intervals: contenders are the sets whose objective mean equals the best's,
 * and the recommendation says it compared means only.
 */
import type { Finding } from '../lint/finding.js';
import { type Constraint, type Decision, goalMetric, goalSense, type Sense } from '../scenario/decision.js';
import { formatMetric, type MetricName } from '../scenario/metrics.js';
import { bonferroni, type Estimate, mean } from '../sim/statistics.js';
import { difference, effectiveBaseline, type Verdict, verdictOf } from './compare.js';
import { byPolicySet, type ReplicationFigures, series } from './figures.js';

export interface Contender {
  policy_set: string;
  objective_mean: number;
  tie_break_mean: number;
}

export interface Exclusion {
  policy_set: string;
  why: string;
}

export interface Recommendation {
  /** The set to deploy; null when no set is feasible. */
  policy_set: string | null;
  /** The decision as applied (defaults filled in, the baseline that ran). */
  decision: Decision;
  replications: number;
  /** False with one replication: the pick then rests on means alone. */
  intervals: boolean;
  reason: string;
  contenders: Contender[];
  excluded: Exclusion[];
  /** The pick against the baseline on the objective (paired), or null when the pick is the baseline or there is none. */
  against_baseline: { metric: MetricName; mean_difference: number; ci_low: number; ci_high: number; verdict: Verdict } | null;
}

/** Why a constraint fails on a mean, or null when it holds. */
export function constraintProblem(c: Constraint, value: number): string | null {
  if (Number.isNaN(value)) return `${c.metric} has no value`;
  if (c.max !== undefined && value > c.max) return `${c.metric} ${formatMetric(c.metric, value)} is above the max ${formatMetric(c.metric, c.max)}`;
  if (c.min !== undefined && value < c.min) return `${c.metric} ${formatMetric(c.metric, value)} is below the min ${formatMetric(c.metric, c.min)}`;
  return null;
}

/** a is better than b under `sense` (NaN is worst). */
function better(a: number, b: number, sense: Sense): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return sense === 'maximize' ? a > b : a < b;
}

/** The first of `names` with the best value (ties to the first listed). */
function bestOf(names: readonly string[], value: (n: string) => number, sense: Sense): string {
  let best = names[0]!;
  for (const n of names.slice(1)) if (better(value(n), value(best), sense)) best = n;
  return best;
}

const interval = (metric: MetricName, d: Estimate, signed = true) =>
  `${formatMetric(metric, d.mean, signed)} [${formatMetric(metric, d.low, signed)}, ${formatMetric(metric, d.high, signed)}]`;

export interface RecommendInput {
  figures: readonly ReplicationFigures[];
  decision: Decision;
  /** sim lint's findings for the file; an error in a set makes it infeasible. */
  findings: readonly Finding[];
  /** What the sets are called in the reason (sim tune's are candidates). */
  noun?: string;
}

export function recommend({ figures, decision: asWritten, findings, noun = 'policy set' }: RecommendInput): Recommendation {
  const sets = byPolicySet(figures);
  const names = [...sets.keys()];
  const decision: Decision = { ...asWritten, baseline: effectiveBaseline(asWritten, names) };
  const objective = goalMetric(decision.objective);
  const objectiveSense = goalSense(decision.objective);
  const tieBreak = goalMetric(decision.tie_break);
  const tieSense = goalSense(decision.tie_break);
  const replications = names.length === 0 ? 0 : Math.min(...names.map((n) => sets.get(n)!.length));
  const intervals = replications >= 2;
  const meanOf = (name: string, m: MetricName) => mean(series(sets.get(name)!, m).filter((v) => !Number.isNaN(v)));
  const pct = `${Math.round(decision.confidence * 1000) / 10} %`;

  const excluded: Exclusion[] = [];
  const feasible: string[] = [];
  for (const name of names) {
    const why: string[] = [];
    for (const c of decision.constraints) {
      const p = constraintProblem(c, meanOf(name, c.metric));
      if (p !== null) why.push(p);
    }
    for (const f of findings)
      if (f.severity === 'error' && f.policy_sets.includes(name)) why.push(`sim lint: ${f.id} at ${f.file}:${f.line}:${f.column} (${f.path})`);
    if (why.length === 0) feasible.push(name);
    else excluded.push({ policy_set: name, why: why.join('; ') });
  }

  const none = (reason: string): Recommendation => ({
    policy_set: null,
    decision,
    replications,
    intervals,
    reason,
    contenders: [],
    excluded,
    against_baseline: null,
  });
  if (names.length === 0) return none(`Nothing ran: there is no ${noun} to recommend.`);
  if (feasible.length === 0) return none(`No ${noun} is feasible: each breaks a constraint or has a sim lint error (see excluded).`);

  const best = bestOf(feasible, (n) => meanOf(n, objective), objectiveSense);
  const level = bonferroni(decision.confidence, feasible.length - 1);
  const contenders: string[] = [];
  for (const name of feasible) {
    if (name === best) {
      contenders.push(name);
      continue;
    }
    // How much worse, as a positive amount in the objective's own sense (best - set for maximize).
    const d =
      objectiveSense === 'maximize'
        ? difference(sets.get(best)!, sets.get(name)!, objective, level)
        : difference(sets.get(name)!, sets.get(best)!, objective, level);
    const tied = intervals ? verdictOf(d, 'maximize') === 'indistinguishable' : meanOf(name, objective) === meanOf(best, objective);
    if (tied) contenders.push(name);
    else
      excluded.push({
        policy_set: name,
        why: `worse than ${best} on ${objective} by ${intervals ? interval(objective, d, false) : formatMetric(objective, d.mean)}`,
      });
  }
  // The exclusions in file order.
  excluded.sort((a, b) => names.indexOf(a.policy_set) - names.indexOf(b.policy_set));
  const pick = bestOf(contenders, (n) => meanOf(n, tieBreak), tieSense);

  const most = objectiveSense === 'maximize' ? 'highest' : 'lowest';
  const tieWord = tieSense === 'maximize' ? 'highest' : 'lowest';
  const meansOnly = intervals ? '' : ' With one replication there are no intervals: this compares means only.';
  const value = (m: MetricName, n: string) => formatMetric(m, meanOf(n, m));
  const reason =
    feasible.length === 1
      ? `${pick} is the only feasible ${noun} (mean ${objective} ${value(objective, pick)}).`
      : contenders.length === 1
        ? `${pick} has the ${most} mean ${objective} (${value(objective, pick)}) of the ${feasible.length} feasible ${noun}s, ` +
          (intervals ? `and the paired ${pct} intervals set every other feasible ${noun} apart from it.` : 'by its mean.') +
          meansOnly
        : `${contenders.length} feasible ${noun}s cannot be told apart from the best on ${objective} (${best}, ${value(objective, best)}) ` +
          `${intervals ? `at ${pct}` : 'by their means'}; ${pick} has the ${tieWord} ${tieBreak} of them (${value(tieBreak, pick)}).` +
          meansOnly;

  let against: Recommendation['against_baseline'] = null;
  if (pick !== decision.baseline) {
    // The same simultaneous level as comparison.csv: over every set compared with the baseline.
    const d = difference(sets.get(pick)!, sets.get(decision.baseline)!, objective, bonferroni(decision.confidence, names.length - 1));
    against = { metric: objective, mean_difference: d.mean, ci_low: d.low, ci_high: d.high, verdict: verdictOf(d, objectiveSense) };
  }
  return {
    policy_set: pick,
    decision,
    replications,
    intervals,
    reason,
    contenders: contenders.map((n) => ({ policy_set: n, objective_mean: meanOf(n, objective), tie_break_mean: meanOf(n, tieBreak) })),
    excluded,
    against_baseline: against,
  };
}
