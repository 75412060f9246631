/** JSON outputs: `--json`, recommendation.json, and run.json (the resolved scenario as run). */
import type { ComparisonRow } from '../experiment/compare.js';
import type { PolicySetSummary } from '../experiment/figures.js';
import type { Recommendation } from '../experiment/recommend.js';
import type { Scenario } from '../models/config.js';
import { summaryRecord } from './csv.js';
import { scenarioInSeconds, TIME_UNITS } from './scenario-seconds.js';

/** Stable JSON: Maps become objects keyed in insertion order, two-space indent, newline at the end. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v), 2)}\n`;
}

export function runJson(file: string, version: string, policySets: readonly Scenario[]): string {
  return toJson({
    tool: 'fl-cluster-sim',
    version,
    scenario: file,
    seed: policySets[0]?.seed ?? null,
    replications: policySets[0]?.replications ?? null,
    time_units: TIME_UNITS,
    policy_sets: policySets.map(scenarioInSeconds),
  });
}

/** A number as JSON can hold it: NaN (no interval, no value) becomes null. */
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The recommendation as data: missing intervals are null. */
export function recommendationData(r: Recommendation): unknown {
  return {
    ...r,
    contenders: r.contenders.map((c) => ({ ...c, objective_mean: finite(c.objective_mean), tie_break_mean: finite(c.tie_break_mean) })),
    against_baseline:
      r.against_baseline === null
        ? null
        : {
            ...r.against_baseline,
            mean_difference: finite(r.against_baseline.mean_difference),
            ci_low: finite(r.against_baseline.ci_low),
            ci_high: finite(r.against_baseline.ci_high),
          },
  };
}

export function recommendationJson(r: Recommendation): string {
  return toJson(recommendationData(r));
}

/** comparison.csv's rows as data, at full precision (null without an interval). */
export function comparisonData(rows: readonly ComparisonRow[]): unknown[] {
  return rows.map((r) => ({ ...r, mean_difference: finite(r.mean_difference), ci_low: finite(r.ci_low), ci_high: finite(r.ci_high) }));
}

/** What `sim run --json` prints: the summary, the comparison and the recommendation, under the CSV files' names. */
export function runResultJson(result: { summary: readonly PolicySetSummary[]; comparison: readonly ComparisonRow[]; recommendation: Recommendation }): string {
  return toJson({
    summary: result.summary.map(summaryRecord),
    comparison: comparisonData(result.comparison),
    recommendation: recommendationData(result.recommendation),
  });
}
