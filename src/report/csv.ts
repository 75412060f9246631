/** The CSV outputs: summary.csv, replications.csv, comparison.csv, rounds.csv, scaling.csv, timeline.csv and sweep.csv. */
import { stringify } from 'csv-stringify/sync';
import type { ComparisonRow } from '../experiment/compare.js';
import type { PolicySetSummary, ReplicationFigures } from '../experiment/figures.js';
import type { RoundRow, ScalingRow, TimelineRow } from '../experiment/replication.js';
import { METRIC_NAMES, METRICS, type MetricName, metricInfo, replicationDigits, summaryDigits } from '../scenario/metrics.js';
import { fixed } from './format.js';

/** String cells as csv-stringify encodes them, kept: the row files repeat a few names, states and outcomes. */
const encoded = new Map<string, string>();

/** Cells of digits, '.', '-' and '+' only (numbers as text): no quote, separator or line break, so written as they are. */
const PLAIN = /^[-+.0-9]*$/;

function encodeCell(v: string | number): string {
  // csv-stringify's default cast of a number is '' + n, which never needs quotes.
  if (typeof v === 'number') return `${v}`;
  // Looked up first: the row files' strings are a few names, states and outcomes, each the same string object row
  // after row, whose hash V8 keeps (a pattern test on each took longer).
  let e = encoded.get(v);
  if (e === undefined) {
    // Its encoding of a field depends on the field alone: ask it with an empty second field, and take off ',\n'.
    e = PLAIN.test(v) ? v : stringify([[v, '']]).slice(0, -2);
    if (encoded.size >= 4096) encoded.clear();
    encoded.set(v, e);
  }
  return e;
}

/**
 * The CSV lines of `records`, byte for byte as csv-stringify's `stringify(records)` writes them with its defaults
 * (each cell its encoding, ',' between cells, '\n' after each record), with each distinct string encoded by
 * csv-stringify once: record by record it took 4 us a row, and the row files of edge-churn's run hold 245,000.
 */
export function csvLines(records: ReadonlyArray<ReadonlyArray<string | number>>): string {
  let out = '';
  for (const record of records) out += lineOf(record.length, (i) => record[i]!);
  return out;
}

/** One record's line: cells 0 to n - 1 encoded, ',' between them, '\n' after. */
function lineOf(n: number, cell: (i: number) => string | number): string {
  let line = '';
  for (let i = 0; i < n; i++) line = i === 0 ? encodeCell(cell(i)) : `${line},${encodeCell(cell(i))}`;
  return `${line}\n`;
}

/**
 * A row file's cell as csvLines would write cell(v): nothing for null, an integer as it is, any other number with
 * three decimals (whose text, digits or Infinity, needs no quotes), and a string as csv-stringify encodes it.
 */
function rowCell(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}` : fixed(v, 3);
  return encodeCell(v);
}

/**
 * One line per row, `line(row)` each (its cells made with rowCell, ',' between them), joined once with '\n' after
 * every row: what csvLines writes for the rows' records. Each file's line is written out field by field (a cell
 * looked up by column name, and an array of cells per row, took longer than making the cells): the row files of
 * edge-churn's run hold 2.8 million cells.
 */
function linesOf<R>(rows: readonly R[], line: (row: R) => string): string {
  if (rows.length === 0) return '';
  const lines = new Array<string>(rows.length + 1).fill('');
  for (let k = 0; k < rows.length; k++) lines[k] = line(rows[k]!);
  // The last, empty, line puts '\n' after every row.
  return lines.join('\n');
}

/** Metrics whose interval summary.csv shows beside the mean. */
const WITH_INTERVAL: ReadonlySet<MetricName> = new Set(['failure_rate', 'eval_failure_rate', 'vm_hours']);

/** The summary figures of one policy set, as columns (shared by summary.csv, sweep.csv and --json). */
export const SUMMARY_HEADER: readonly string[] = [
  'policy_set',
  'replications',
  ...METRICS.flatMap((m) => (WITH_INTERVAL.has(m.name) ? [m.name, `${m.name}_ci_low`, `${m.name}_ci_high`] : [m.name])),
];

/** One policy set's summary as summary.csv prints it: the fixed digits of each metric's kind, empty without a value. */
export function summaryCells(s: PolicySetSummary): Array<string | number> {
  const cells: Array<string | number> = [s.policy_set, s.replications];
  for (const m of METRICS) {
    const e = s.metrics[m.name];
    const digits = summaryDigits(m.kind);
    cells.push(fixed(e.mean, digits));
    if (WITH_INTERVAL.has(m.name)) cells.push(fixed(e.low, digits), fixed(e.high, digits));
  }
  return cells;
}

/** The same under summary.csv's names, at full precision (null without a value): what --json prints. */
export function summaryRecord(s: PolicySetSummary): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = { policy_set: s.policy_set, replications: s.replications };
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  for (const m of METRICS) {
    const e = s.metrics[m.name];
    out[m.name] = num(e.mean);
    if (WITH_INTERVAL.has(m.name)) {
      out[`${m.name}_ci_low`] = num(e.low);
      out[`${m.name}_ci_high`] = num(e.high);
    }
  }
  return out;
}

export function summaryCsv(summaries: readonly PolicySetSummary[]): string {
  return stringify([SUMMARY_HEADER as string[], ...summaries.map(summaryCells)]);
}

/** replications.csv: one row per policy set and replication, every metric under summary.csv's name. */
export function replicationsCsv(figures: readonly ReplicationFigures[]): string {
  return stringify([
    ['policy_set', 'replication', ...METRIC_NAMES],
    ...figures.map((f) => [f.policy_set, f.replication, ...METRICS.map((m) => fixed(f.values[m.name], replicationDigits(m.kind)))]),
  ]);
}

export const COMPARISON_HEADER = ['policy_set', 'baseline', 'metric', 'mean_difference', 'ci_low', 'ci_high', 'verdict'] as const;

/** comparison.csv: each set against the baseline, one row per metric. */
export function comparisonCsv(rows: readonly ComparisonRow[]): string {
  return stringify([
    [...COMPARISON_HEADER],
    ...rows.map((r) => {
      const digits = summaryDigits(metricInfo(r.metric).kind);
      return [r.policy_set, r.baseline, r.metric, fixed(r.mean_difference, digits), fixed(r.ci_low, digits), fixed(r.ci_high, digits), r.verdict];
    }),
  ]);
}

/** sweep.csv: the point, its parameters (one column per --set path), then the summary figures. */
export function sweepCsv(
  paths: readonly string[],
  rows: ReadonlyArray<{ point: number; params: Record<string, unknown>; summary: PolicySetSummary }>,
  header = true,
): string {
  const param = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v));
  const body = rows.map((r) => [r.point, ...paths.map((p) => param(r.params[p])), ...summaryCells(r.summary)]);
  return stringify(header ? [['point', ...paths, ...SUMMARY_HEADER], ...body] : body);
}

export const ROUND_COLUMNS: ReadonlyArray<keyof RoundRow> = [
  'policy_set',
  'replication',
  'round',
  'start',
  'end',
  'sampled',
  'results',
  'failures',
  'failures_disconnected',
  'failures_timeout',
  'failures_gave_up',
  'failures_scaled_in',
  'missing',
  'scale_ins',
  'outcome',
  'cause',
  'fit_wait',
  'eval_sampled',
  'eval_results',
  'eval_failures',
  'eval_outcome',
  'eval_cause',
  'eval_wait',
];

export function roundsCsv(rows: readonly RoundRow[]): string {
  return roundsCsvRows(rows, true);
}

/** rounds.csv's lines for `rows`, with the header first when asked: the file is these chunks end to end. */
export function roundsCsvRows(rows: readonly RoundRow[], header: boolean): string {
  // Written out, cell by cell, in ROUND_COLUMNS' order (test/csv-lines.test.ts).
  const body = linesOf(
    rows,
    (r) =>
      `${rowCell(r.policy_set)},${rowCell(r.replication)},${rowCell(r.round)},${rowCell(r.start)},${rowCell(r.end)},${rowCell(r.sampled)},` +
      `${rowCell(r.results)},${rowCell(r.failures)},${rowCell(r.failures_disconnected)},${rowCell(r.failures_timeout)},${rowCell(r.failures_gave_up)},` +
      `${rowCell(r.failures_scaled_in)},${rowCell(r.missing)},${rowCell(r.scale_ins)},${rowCell(r.outcome)},${rowCell(r.cause)},${rowCell(r.fit_wait)},` +
      `${rowCell(r.eval_sampled)},${rowCell(r.eval_results)},${rowCell(r.eval_failures)},${rowCell(r.eval_outcome)},${rowCell(r.eval_cause)},${rowCell(r.eval_wait)}`,
  );
  return header ? stringify([ROUND_COLUMNS as string[]]) + body : body;
}

export const SCALING_COLUMNS: ReadonlyArray<keyof ScalingRow> = [
  'policy_set',
  'replication',
  'time',
  'service_state',
  'outcome',
  'policy',
  'expression_evaluated',
  'true_evals',
  'cardinality_from',
  'cardinality_to',
  'cooldown',
  'reject_reason',
];

export function scalingCsv(rows: readonly ScalingRow[]): string {
  return scalingCsvRows(rows, true);
}

/** scaling.csv's lines for `rows`, header first when asked. */
export function scalingCsvRows(rows: readonly ScalingRow[], header: boolean): string {
  // Written out, in SCALING_COLUMNS' order (test/csv-lines.test.ts).
  const body = linesOf(
    rows,
    (r) =>
      `${rowCell(r.policy_set)},${rowCell(r.replication)},${rowCell(r.time)},${rowCell(r.service_state)},${rowCell(r.outcome)},${rowCell(r.policy)},` +
      `${rowCell(r.expression_evaluated)},${rowCell(r.true_evals)},${rowCell(r.cardinality_from)},${rowCell(r.cardinality_to)},${rowCell(r.cooldown)},${rowCell(r.reject_reason)}`,
  );
  return header ? stringify([SCALING_COLUMNS as string[]]) + body : body;
}

/** timeline.csv: fixed columns, then one per attribute any policy set's expressions read. */
export function timelineCsv(rows: readonly TimelineRow[]): string {
  const names = timelineAttributes(rows);
  return timelineCsvHeader(names) + timelineCsvRows(rows, names);
}

/** timeline.csv's columns before the attribute names. */
export const TIMELINE_FIXED = ['policy_set', 'replication', 'time', 'service_state', 'cardinality', 'running_vms', 'connected', 'training'] as const;

/** The attribute columns of timeline.csv: every name a row has, in the order they first appear. */
export function timelineAttributes(rows: Iterable<TimelineRow>, names: string[] = []): string[] {
  for (const r of rows) for (const n of Object.keys(r.attributes)) if (!names.includes(n)) names.push(n);
  return names;
}

export function timelineCsvHeader(names: readonly string[]): string {
  return stringify([[...TIMELINE_FIXED, ...names]]);
}

export function timelineCsvRows(rows: readonly TimelineRow[], names: readonly string[]): string {
  // Written out, in TIMELINE_FIXED's order, then the attributes (test/csv-lines.test.ts).
  return linesOf(rows, (r) => {
    let line =
      `${rowCell(r.policy_set)},${rowCell(r.replication)},${rowCell(r.time)},${rowCell(r.service_state)},` +
      `${rowCell(r.cardinality)},${rowCell(r.running_vms)},${rowCell(r.connected)},${rowCell(r.training)}`;
    for (const n of names) line += `,${rowCell(r.attributes[n] ?? null)}`;
    return line;
  });
}

/** timeline.csv lines from records already made of their cells (report/run-rows.ts lays a file out again with them). */
export function timelineRecordsCsv(records: readonly string[][]): string {
  return csvLines(records);
}
