/** The CSV outputs: summary.csv, rounds.csv, scaling.csv, timeline.csv and sweep.csv. */
import { stringify } from 'csv-stringify/sync';
import type { RoundRow, ScalingRow, TimelineRow } from '../models/experiment.js';
import { ROUND_CAUSES } from '../models/round.js';
import type { PolicySetSummary } from '../models/summary.js';
import { CLIENT_FAILURE_CAUSES } from '../models/superlink.js';
import { fixed } from './format.js';

/** The summary figures of one policy set, as columns (shared by summary.csv and sweep.csv). */
export const SUMMARY_HEADER: readonly string[] = [
  'policy_set', 'replications', 'rounds_attempted', 'rounds_succeeded', 'rounds_failed', 'rounds_unfinished',
  'failure_rate', 'failure_rate_ci_low', 'failure_rate_ci_high', 'mean_round_duration_s',
  'evals_attempted', 'evals_failed', 'eval_failure_rate', 'eval_failure_rate_ci_low', 'eval_failure_rate_ci_high', 'wait_hours',
  'vm_hours', 'vm_hours_ci_low', 'vm_hours_ci_high', 'scale_ups', 'scale_downs',
  ...ROUND_CAUSES.map((c) => `failed_${c}`),
  ...CLIENT_FAILURE_CAUSES.map((c) => `client_failures_${c}`),
];

export function summaryCells(s: PolicySetSummary): Array<string | number> {
  return [
    s.policy_set, s.replications,
    fixed(s.rounds_attempted.mean, 3), fixed(s.rounds_succeeded.mean, 3), fixed(s.rounds_failed.mean, 3), fixed(s.rounds_unfinished.mean, 3),
    fixed(s.failure_rate.mean, 4), fixed(Math.max(0, s.failure_rate.low), 4), fixed(Math.min(1, s.failure_rate.high), 4), fixed(s.round_duration.mean, 1),
    fixed(s.evals_attempted.mean, 3), fixed(s.evals_failed.mean, 3),
    fixed(s.eval_failure_rate.mean, 4), fixed(Math.max(0, s.eval_failure_rate.low), 4), fixed(Math.min(1, s.eval_failure_rate.high), 4),
    fixed(s.wait_hours.mean, 3),
    fixed(s.vm_hours.mean, 3), fixed(s.vm_hours.low, 3), fixed(s.vm_hours.high, 3), fixed(s.scale_ups.mean, 3), fixed(s.scale_downs.mean, 3),
    ...ROUND_CAUSES.map((c) => fixed(s.failed[c].mean, 3)),
    ...CLIENT_FAILURE_CAUSES.map((c) => fixed(s.client_failures[c].mean, 3)),
  ];
}

export function summaryCsv(summaries: readonly PolicySetSummary[]): string {
  return stringify([SUMMARY_HEADER as string[], ...summaries.map(summaryCells)]);
}

/** sweep.csv: the point, its parameters (one column per --set path), then the summary figures. */
export function sweepCsv(paths: readonly string[], rows: ReadonlyArray<{ point: number; params: Record<string, unknown>; summary: PolicySetSummary }>, header = true): string {
  const param = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v));
  const body = rows.map((r) => [r.point, ...paths.map((p) => param(r.params[p])), ...summaryCells(r.summary)]);
  return stringify(header ? [['point', ...paths, ...SUMMARY_HEADER], ...body] : body);
}

export const ROUND_COLUMNS: ReadonlyArray<keyof RoundRow> = [
  'policy_set', 'replication', 'round', 'start', 'end', 'sampled', 'results', 'failures',
  'failures_disconnected', 'failures_timeout', 'failures_gave_up', 'failures_scaled_in', 'missing', 'scale_ins', 'outcome', 'cause', 'fit_wait',
  'eval_sampled', 'eval_results', 'eval_failures', 'eval_outcome', 'eval_cause', 'eval_wait',
];

export function roundsCsv(rows: readonly RoundRow[]): string {
  return stringify([ROUND_COLUMNS as string[], ...rows.map((r) => ROUND_COLUMNS.map((k) => cell(r[k])))]);
}

const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' && !Number.isInteger(v) ? fixed(v, 3) : v);

export const SCALING_COLUMNS: ReadonlyArray<keyof ScalingRow> = [
  'policy_set', 'replication', 'time', 'service_state', 'outcome', 'policy', 'expression_evaluated', 'true_evals',
  'cardinality_from', 'cardinality_to', 'cooldown', 'reject_reason',
];

export function scalingCsv(rows: readonly ScalingRow[]): string {
  return stringify([SCALING_COLUMNS as string[], ...rows.map((r) => SCALING_COLUMNS.map((k) => cell(r[k])))]);
}

/** timeline.csv: fixed columns, then one per attribute any policy set's expressions read. */
export function timelineCsv(rows: readonly TimelineRow[]): string {
  const names: string[] = [];
  for (const r of rows) for (const n of Object.keys(r.attributes)) if (!names.includes(n)) names.push(n);
  const fixedCols = ['policy_set', 'replication', 'time', 'service_state', 'cardinality', 'running_vms', 'connected', 'training'] as const;
  return stringify([
    [...fixedCols, ...names],
    ...rows.map((r) => [...fixedCols.map((k) => cell(r[k])), ...names.map((n) => cell(r.attributes[n] ?? null))]),
  ]);
}
