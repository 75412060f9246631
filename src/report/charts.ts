/**
 * The report's plots as Vega-Lite specifications (data in, spec out), and their
 * rendering to SVG with Vega at generation time: the report needs no network and
 * no script.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ComparisonRow } from '../experiment/compare.js';
import type { PolicySetSummary } from '../experiment/figures.js';
import type { Recommendation } from '../experiment/recommend.js';
import type { RoundRow, ScalingRow, TimelineRow } from '../experiment/replication.js';
import { ROUND_CAUSES } from '../models/flower/round.js';
import { CLIENT_FAILURE_CAUSES } from '../models/flower/superlink.js';
import { type Decision, type Goal, goalMetric, goalSense } from '../scenario/decision.js';
import { type MetricName, metricInfo } from '../scenario/metrics.js';
import { CLIENT_CAUSE_COLORS, NEUTRAL, ROUND_CAUSE_COLORS, SERIES_COLORS, STATUS_COLORS, SUCCEEDED, UNFINISHED, VERDICT_COLORS } from './palette.js';
import { paretoFront } from './pareto.js';
import { loadVega } from './vega.js';

type Spec = TopLevelSpec;
const WIDTH = 640;
const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  // Long policy-set names are never cut off.
  config: { font: 'sans-serif', view: { stroke: null }, axis: { labelLimit: 0 }, legend: { labelLimit: 0 } },
} as const;

/** A percentage axis whose ticks never repeat: at least 0.1 % apart, trailing zeros trimmed. */
const PERCENT_AXIS = { format: '.1~%', tickMinStep: 0.001 } as const;

/** An axis for a metric: percentages for rates. */
function metricAxis(metric: MetricName): Record<string, unknown> {
  return metricInfo(metric).kind === 'rate' ? { ...PERCENT_AXIS } : {};
}

/** JSON has no NaN: a missing bound is null (Vega then draws no interval). */
const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/** A point's place in a decision: the pick, another contender, another feasible set, or excluded. */
export type DecisionStatus = keyof typeof STATUS_COLORS;

/** The set's place in a run's recommendation. */
export function statusOf(r: Recommendation, policySet: string): DecisionStatus {
  if (r.policy_set === policySet) return 'recommended';
  if (r.excluded.some((e) => e.policy_set === policySet)) return 'excluded';
  return r.contenders.some((c) => c.policy_set === policySet) ? 'contender' : 'feasible';
}

/** One point of a trade-off plot: a policy set (or a tune's candidate) with its summary and place. */
export interface TradeoffPoint {
  label: string;
  summary: PolicySetSummary;
  status: DecisionStatus;
}

/**
 * The decision's trade-off: the objective against the tie-break, one point per policy set with its
 * 95 % interval on both axes, the Pareto front of the points not excluded, the pick marked, excluded points grey.
 */
export function tradeoffSpec(input: readonly TradeoffPoint[], decision: Pick<Decision, 'objective' | 'tie_break'>): Spec {
  const objective = goalMetric(decision.objective);
  const tie = goalMetric(decision.tie_break);
  const points = input.map(({ label, summary: s, status }) => {
    const y = s.metrics[objective];
    const x = s.metrics[tie];
    return {
      policy_set: label,
      x: orNull(x.mean),
      x_low: orNull(x.low),
      x_high: orNull(x.high),
      y: orNull(y.mean),
      y_low: orNull(y.low),
      y_high: orNull(y.high),
      status,
    };
  });
  // Costs for the front: the objective's and the tie-break's senses turned into "lower is better".
  const cost = (g: Goal, v: number | null) => (v === null ? Infinity : goalSense(g) === 'maximize' ? -v : v);
  const front = paretoFront(
    points.filter((p) => p.status !== 'excluded' && p.x !== null && p.y !== null),
    (p) => cost(decision.tie_break, p.x),
    (p) => cost(decision.objective, p.y),
  )
    .map((p) => ({ x: p.x, y: p.y }))
    .sort((a, b) => a.x! - b.x!);
  const shown = points.filter((p): p is typeof p & { x: number; y: number } => p.x !== null && p.y !== null);
  const finite = (v: Array<number | null>) => v.filter((n): n is number => n !== null);
  const labels = placeLabels(shown, { x: finite(points.flatMap((p) => [p.x, p.x_low, p.x_high])), y: finite(points.flatMap((p) => [p.y, p.y_low, p.y_high])) });
  const statuses = Object.keys(STATUS_COLORS);
  const x = { field: 'x', type: 'quantitative', title: `${tie} (${goalSense(decision.tie_break)})`, scale: { zero: false }, axis: metricAxis(tie) };
  const y = { field: 'y', type: 'quantitative', title: `${objective} (${goalSense(decision.objective)})`, scale: { zero: false }, axis: metricAxis(objective) };
  const color = { field: 'status', type: 'nominal', title: null, scale: { domain: statuses, range: statuses.map((k) => STATUS_COLORS[k as DecisionStatus]) } };
  return {
    ...base,
    title: `${objective} against ${tie}: means with 95 % intervals, the Pareto front of the points not excluded`,
    width: WIDTH,
    height: 360,
    layer: [
      {
        data: { values: front },
        mark: { type: 'line', color: '#0072B2', strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: points },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x: { field: 'x_low', type: 'quantitative' }, x2: { field: 'x_high' }, y, color },
      },
      {
        data: { values: points },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { y: { field: 'y_low', type: 'quantitative' }, y2: { field: 'y_high' }, x, color },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          x,
          y,
          color,
          shape: { field: 'status', type: 'nominal', title: null, scale: { domain: statuses, range: ['diamond', 'circle', 'circle', 'circle'] } },
        },
      },
      {
        data: { values: labels },
        mark: { type: 'rule', strokeWidth: 0.6, color: '#999' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, x2: { field: 'lx' }, y2: { field: 'ly' } },
      },
      {
        data: { values: labels },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 11 },
        // Names stay readable: dark, and a lighter grey for excluded points.
        encoding: {
          x: { field: 'lx', type: 'quantitative' },
          y: { field: 'ly', type: 'quantitative' },
          text: { field: 'policy_set' },
          color: { condition: { test: "datum.status === 'excluded'", value: '#888' }, value: '#222' },
        },
      },
    ],
  } as Spec;
}

/**
 * Where each point's name goes so that names never overlap: beside the point; where names of points at
 * about the same place would collide, each next one (from the top) goes one line lower, with a leader
 * line back to its point. Data units, from what the axes span (`extent`, the intervals included): a
 * line of text is 5.5 % of the y span on a 360 px plot.
 */
export function placeLabels<P extends { x: number; y: number }>(
  points: readonly P[],
  extent: { x: readonly number[]; y: readonly number[] } = { x: points.map((p) => p.x), y: points.map((p) => p.y) },
): Array<P & { lx: number; ly: number }> {
  const span = (v: readonly number[]) => Math.max(...v) - Math.min(...v) || Math.abs(v[0] ?? 1) || 1;
  const xRange = span(extent.x);
  const yRange = span(extent.y);
  const gap = 0.055 * yRange;
  const near = 0.25 * xRange;
  const order = points.map((p, i) => ({ p, i })).sort((a, b) => b.p.y - a.p.y || a.i - b.i);
  const placed: Array<{ i: number; lx: number; ly: number }> = [];
  for (const { p, i } of order) {
    const lx = p.x + 0.02 * xRange;
    let ly = p.y;
    // Below every name it would touch (the list only grows downwards, so one pass in order settles it).
    for (const q of [...placed].sort((a, b) => b.ly - a.ly)) if (Math.abs(q.lx - lx) <= near && Math.abs(q.ly - ly) < gap) ly = q.ly - gap;
    placed.push({ i, lx, ly });
  }
  placed.sort((a, b) => a.i - b.i);
  return points.map((p, i) => ({ ...p, lx: placed[i]!.lx, ly: placed[i]!.ly }));
}

/** The paired differences against the baseline, one panel per metric, coloured by verdict. */
export function forestSpec(rows: readonly ComparisonRow[], order: readonly string[]): Spec {
  const values = rows.map((r) => ({
    policy_set: r.policy_set,
    metric: r.metric,
    d: orNull(r.mean_difference),
    low: orNull(r.ci_low),
    high: orNull(r.ci_high),
    verdict: r.verdict,
  }));
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const verdicts = Object.keys(VERDICT_COLORS);
  const color = {
    field: 'verdict',
    type: 'nominal',
    title: 'verdict',
    scale: { domain: verdicts, range: verdicts.map((k) => VERDICT_COLORS[k as keyof typeof VERDICT_COLORS]) },
  };
  const baseline = rows[0]?.baseline ?? '';
  return {
    ...base,
    title: `Paired differences against ${baseline} (set − baseline), with simultaneous intervals`,
    vconcat: metrics.map((metric) => ({
      width: WIDTH,
      title: { text: metric, anchor: 'start', fontSize: 12 },
      data: { values: values.filter((v) => v.metric === metric) },
      encoding: { y: { field: 'policy_set', type: 'nominal', sort: [...order], title: null } },
      layer: [
        {
          mark: { type: 'rule', color: '#444', strokeDash: [2, 2] },
          encoding: { x: { datum: 0, type: 'quantitative' }, y: { value: 0 }, y2: { value: 'height' } },
        },
        {
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: { x: { field: 'low', type: 'quantitative', title: null, axis: metricAxis(metric) }, x2: { field: 'high' }, color },
        },
        { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: { field: 'd', type: 'quantitative' }, color } },
      ],
    })),
    resolve: { scale: { x: 'independent' } },
  } as Spec;
}

/** Failure rate per policy set with its 95 % interval (never clipped). */
export function failureRateSpec(summary: readonly PolicySetSummary[]): Spec {
  const values = summary.map((s) => ({
    policy_set: s.policy_set,
    rate: s.metrics.failure_rate.mean,
    low: orNull(s.metrics.failure_rate.low),
    high: orNull(s.metrics.failure_rate.high),
  }));
  return {
    ...base,
    title: 'Failed rounds (share of attempted), mean and 95 % interval',
    width: WIDTH,
    data: { values },
    encoding: { y: { field: 'policy_set', type: 'nominal', sort: null, title: null } },
    layer: [
      { mark: { type: 'bar', color: NEUTRAL }, encoding: { x: { field: 'rate', type: 'quantitative', axis: PERCENT_AXIS, title: 'failure rate' } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
    ],
  } as Spec;
}

/** A bar per policy set, stacked by cause in the causes' own order and colours: the mean of metric `prefix + cause`. */
function byCauseSpec<C extends string>(
  summary: readonly PolicySetSummary[],
  causes: readonly C[],
  colors: Record<C, string>,
  prefix: 'failed_' | 'client_failures_',
  labels: { field: string; title: string; axis: string },
): Spec {
  const { field, title, axis } = labels;
  const values = summary.flatMap((s) =>
    causes.map((cause) => ({ policy_set: s.policy_set, cause, [field]: s.metrics[`${prefix}${cause}` as MetricName].mean })),
  );
  return {
    ...base,
    title,
    width: WIDTH,
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'policy_set', type: 'nominal', sort: null, title: null },
      x: { field, type: 'quantitative', title: axis },
      color: { field: 'cause', type: 'nominal', sort: [...causes], scale: { domain: [...causes], range: causes.map((c) => colors[c]) } },
    },
  } as Spec;
}

/** Failed rounds per replication by cause. */
export function causesSpec(summary: readonly PolicySetSummary[]): Spec {
  return byCauseSpec(summary, ROUND_CAUSES, ROUND_CAUSE_COLORS, 'failed_', {
    field: 'rounds',
    title: 'Failed rounds per replication, by cause',
    axis: 'failed rounds',
  });
}

/** Client instructions that came back as failures, per replication, by cause. */
export function clientCausesSpec(summary: readonly PolicySetSummary[]): Spec {
  const title = 'Client failures per replication, by cause (fit instructions that came back as failures)';
  return byCauseSpec(summary, CLIENT_FAILURE_CAUSES, CLIENT_CAUSE_COLORS, 'client_failures_', { field: 'failures', title, axis: 'client failures' });
}

const OUTCOME_COLORS: Record<string, string> = {
  succeeded: SUCCEEDED,
  ...Object.fromEntries(ROUND_CAUSES.map((c) => [`failed: ${c}`, ROUND_CAUSE_COLORS[c]])),
  unfinished: UNFINISHED,
};

/** One replication's rounds over time, per policy set, coloured by outcome and cause. */
export function roundTimelineSpec(rounds: readonly RoundRow[], horizonH: number, replication = 0): Spec {
  const values = rounds
    .filter((r) => r.replication === replication)
    .map((r) => ({
      policy_set: r.policy_set,
      start: r.start / 3600,
      end: (r.end ?? horizonH * 3600) / 3600,
      // A round still running at the horizon (in either phase) is unfinished.
      outcome: r.end === null ? 'unfinished' : r.outcome === 'failed' ? `failed: ${r.cause}` : r.outcome,
    }));
  return {
    ...base,
    title: `Rounds over time (replication ${replication})`,
    width: WIDTH,
    data: { values },
    mark: { type: 'bar', height: 14 },
    encoding: {
      y: { field: 'policy_set', type: 'nominal', sort: null, title: null },
      x: { field: 'start', type: 'quantitative', title: 'hours', scale: { domain: [0, horizonH] } },
      x2: { field: 'end' },
      color: { field: 'outcome', type: 'nominal', scale: { domain: Object.keys(OUTCOME_COLORS), range: Object.values(OUTCOME_COLORS) } },
    },
  } as Spec;
}

/** Cardinality, connected and training clients over time, with scaling actions, one panel per policy set. */
export function clientsSpec(timeline: readonly TimelineRow[], scaling: readonly ScalingRow[], order: readonly string[], replication = 0): Spec {
  const values = timeline
    .filter((p) => p.replication === replication)
    .flatMap((p) => [
      { policy_set: p.policy_set, hours: p.time / 3600, series: 'cardinality', value: p.cardinality },
      { policy_set: p.policy_set, hours: p.time / 3600, series: 'connected', value: p.connected },
      { policy_set: p.policy_set, hours: p.time / 3600, series: 'training', value: p.training },
    ]);
  const actions = scaling
    .filter((s) => s.replication === replication && (s.outcome === 'scale_up' || s.outcome === 'scale_down'))
    .map((s) => ({ policy_set: s.policy_set, hours: s.time / 3600, action: s.outcome }));
  return {
    ...base,
    title: `SuperNodes over time (replication ${replication}); vertical marks are OneFlow's scaling actions`,
    data: { values: [...values.map((v) => ({ ...v, kind: 'series' })), ...actions.map((a) => ({ ...a, kind: 'action' }))] },
    facet: { row: { field: 'policy_set', type: 'nominal', sort: [...order], title: null } },
    spec: {
      width: WIDTH,
      height: 90,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'series'" }],
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.2 },
          encoding: {
            x: { field: 'hours', type: 'quantitative' },
            y: { field: 'value', type: 'quantitative', title: 'VMs / clients' },
            color: { field: 'series', type: 'nominal', title: null, scale: { domain: Object.keys(SERIES_COLORS), range: Object.values(SERIES_COLORS) } },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'action'" }],
          mark: { type: 'rule', strokeDash: [3, 2] },
          encoding: { x: { field: 'hours', type: 'quantitative' }, color: { field: 'action', type: 'nominal' } },
        },
      ],
    },
    resolve: { scale: { x: 'shared' } },
  } as Spec;
}

/** Distribution of round durations (rounds that ended, every replication). */
export function durationSpec(durations: ReadonlyArray<{ policy_set: string; minutes: readonly number[] }>): Spec {
  const values = durations.flatMap((d) => d.minutes.map((minutes) => ({ policy_set: d.policy_set, minutes })));
  return {
    ...base,
    title: 'Round durations (every replication)',
    width: WIDTH,
    data: { values },
    mark: { type: 'boxplot', extent: 'min-max' },
    encoding: {
      y: { field: 'policy_set', type: 'nominal', sort: null, title: null },
      x: { field: 'minutes', type: 'quantitative', title: 'minutes' },
    },
  } as Spec;
}

/**
 * Render a Vega-Lite spec to SVG. Element ids are prefixed with `id` so several
 * charts can share one page.
 */
export async function renderSvg(spec: Spec, id: string): Promise<string> {
  const { vega, compile } = await loadVega();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg
    .replace(/\bid="/g, `id="${id}-`)
    .replace(/url\(#/g, `url(#${id}-`)
    .replace(/href="#/g, `href="#${id}-`);
}
