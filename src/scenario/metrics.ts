/**
 * The figures every replication of a policy set yields: the mean columns of
 * summary.csv, the columns of replications.csv, and the names a scenario's
 * `decision` can use. Each has a fixed sense (which way is better), used for
 * the verdicts of metrics the decision does not give a sense to.
 */
import { ROUND_CAUSES, type RoundCause } from '../models/flower/round.js';
import { CLIENT_FAILURE_CAUSES, type ClientFailureCause } from '../models/flower/superlink.js';

/** What a figure counts, which sets how it is printed. */
export type MetricKind = 'count' | 'rate' | 'hours' | 'seconds';

export interface MetricInfo {
  name: string;
  kind: MetricKind;
  /** Which way is better when the decision does not say. */
  better: 'higher' | 'lower';
  /** One line for docs and help. */
  description: string;
}

/** A metric: a count where lower is better unless said otherwise. */
function metric<N extends string>(name: N, description: string, kind: MetricKind = 'count', better: 'higher' | 'lower' = 'lower') {
  return { name, kind, better, description };
}

export const METRICS = [
  metric('rounds_attempted', 'rounds configured (succeeded, failed or unfinished)', 'count', 'higher'),
  metric('rounds_succeeded', 'rounds whose fit phase aggregated', 'count', 'higher'),
  metric('rounds_failed', 'rounds whose fit phase failed or was cancelled'),
  metric('rounds_unfinished', 'rounds still running at the horizon'),
  metric('failure_rate', 'failed / attempted rounds (0 when none was attempted)', 'rate'),
  metric('mean_round_duration_s', 'mean length of the rounds that ended (fit plus evaluate), in seconds', 'seconds'),
  metric('evals_attempted', 'evaluate phases that ran (not skipped)', 'count', 'higher'),
  metric('evals_failed', 'evaluate phases that failed'),
  metric('eval_failure_rate', 'failed / run evaluate phases (0 when none ran)', 'rate'),
  metric('wait_hours', 'hours phases waited for clients before sampling', 'hours'),
  metric('vm_hours', 'SuperNode VM-hours (creation to DONE or the horizon)', 'hours'),
  metric('scale_ups', "OneFlow's accepted scale-ups"),
  metric('scale_downs', "OneFlow's accepted scale-downs"),
  ...ROUND_CAUSES.map((c) => metric(`failed_${c}` as `failed_${RoundCause}`, `failed rounds with cause ${c}`)),
  ...CLIENT_FAILURE_CAUSES.map((c) => metric(`client_failures_${c}` as `client_failures_${ClientFailureCause}`, `client instructions that failed as ${c}`)),
] as const satisfies readonly MetricInfo[];

export type MetricName = (typeof METRICS)[number]['name'];

export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.name);

const BY_NAME = new Map<string, MetricInfo>(METRICS.map((m) => [m.name, m]));

export function isMetricName(name: unknown): name is MetricName {
  return typeof name === 'string' && BY_NAME.has(name);
}

export function metricInfo(name: MetricName): MetricInfo {
  return BY_NAME.get(name)!;
}

/** Digits a mean or a difference of this kind is printed with (summary.csv, comparison.csv). */
export function summaryDigits(kind: MetricKind): number {
  return kind === 'rate' ? 4 : kind === 'seconds' ? 1 : 3;
}

/** Digits one replication's value is printed with (replications.csv): counts are whole. */
export function replicationDigits(kind: MetricKind): number {
  return kind === 'count' ? 0 : 6;
}

/**
 * A figure in words, for reasons and the terminal: counts and hours to 1 decimal, rates in percent
 * (a signed difference of rates in percentage points, pp), seconds whole.
 */
export function formatMetric(name: MetricName, x: number, signed = false): string {
  if (Number.isNaN(x)) return 'n/a';
  const kind = metricInfo(name).kind;
  const v = kind === 'rate' ? 100 * x : x;
  let s = v.toFixed(kind === 'seconds' ? 0 : 1);
  if (/^-0(\.0+)?$/.test(s)) s = s.slice(1);
  if (signed && !s.startsWith('-')) s = `+${s}`;
  return kind === 'rate' ? `${s} ${signed ? 'pp' : '%'}` : kind === 'hours' ? `${s} h` : kind === 'seconds' ? `${s} s` : s;
}
