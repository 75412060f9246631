/**
 * The report's plots as Vega-Lite specifications (data in, spec out), and their
 * rendering to SVG with Vega at generation time: the report needs no network and
 * no script.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RoundRow, ScalingRow, TimelineRow } from '../models/experiment.js';
import { ROUND_CAUSES } from '../models/round.js';
import type { PolicySetSummary } from '../models/summary.js';

type Spec = TopLevelSpec;
const WIDTH = 640;
const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: { font: 'sans-serif', view: { stroke: null } } } as const;

/** Failure rate per policy set with its 95 % interval. */
export function failureRateSpec(summary: readonly PolicySetSummary[]): Spec {
  const values = summary.map((s) => ({
    policy_set: s.policy_set,
    rate: s.failure_rate.mean,
    low: Math.max(0, s.failure_rate.low),
    high: Math.min(1, s.failure_rate.high),
  }));
  return {
    ...base,
    title: 'Failed rounds (share of attempted), mean and 95 % interval',
    width: WIDTH,
    data: { values },
    encoding: { y: { field: 'policy_set', type: 'nominal', sort: null, title: null } },
    layer: [
      { mark: { type: 'bar', color: '#d9534f' }, encoding: { x: { field: 'rate', type: 'quantitative', axis: { format: '.0%' }, title: 'failure rate' } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
    ],
  } as Spec;
}

/** Failed rounds per replication by cause. */
export function causesSpec(summary: readonly PolicySetSummary[]): Spec {
  const values = summary.flatMap((s) => ROUND_CAUSES.map((cause) => ({ policy_set: s.policy_set, cause, rounds: s.failed[cause].mean })));
  return {
    ...base,
    title: 'Failed rounds per replication, by cause',
    width: WIDTH,
    data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'policy_set', type: 'nominal', sort: null, title: null },
      x: { field: 'rounds', type: 'quantitative', title: 'failed rounds' },
      color: { field: 'cause', type: 'nominal', sort: [...ROUND_CAUSES] },
    },
  } as Spec;
}

const OUTCOME_COLORS: Record<string, string> = {
  succeeded: '#5cb85c',
  'failed: cancelled': '#f0ad4e',
  'failed: no_results': '#d9534f',
  'failed: completion_rate': '#a94442',
  'failed: failures_rejected': '#8a2be2',
  unfinished: '#bbbbbb',
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
            color: { field: 'series', type: 'nominal', scale: { domain: ['cardinality', 'connected', 'training', 'scale_up', 'scale_down'], range: ['#337ab7', '#5cb85c', '#f0ad4e', '#2ca02c', '#d62728'] } },
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
export function durationSpec(rounds: readonly RoundRow[]): Spec {
  const values = rounds.filter((r) => r.end !== null).map((r) => ({ policy_set: r.policy_set, minutes: (r.end! - r.start) / 60 }));
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
  // Loaded when first needed: vega's canvas probe uses top-level await, which would stop
  // CommonJS code (a tslab notebook) from require()-ing the library.
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg.replace(/\bid="/g, `id="${id}-`).replace(/url\(#/g, `url(#${id}-`).replace(/href="#/g, `href="#${id}-`);
}
