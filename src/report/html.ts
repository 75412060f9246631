/**
 * report.html: one self-contained page per run (inline CSS and SVG, no script,
 * no network) with the comparison table, the plots and the scenario as run.
 */
import type { ComparisonRow } from '../experiment/compare.js';
import type { PolicySetSummary } from '../experiment/figures.js';
import type { Recommendation } from '../experiment/recommend.js';
import type { ReplicationResult, RoundRow, ScalingRow, TimelineRow } from '../experiment/replication.js';
import type { Scenario } from '../models/config.js';
import { goalMetric, goalSense } from '../scenario/decision.js';
import { formatMetric } from '../scenario/metrics.js';
import { comparisonCells, costCells, roundCells } from './cells.js';
import type { ChartThread, RenderChart } from './chart-renderer.js';
import {
  causesSpec,
  clientCausesSpec,
  clientsSpec,
  durationSpec,
  failureRateSpec,
  forestSpec,
  renderSvg,
  roundTimelineSpec,
  statusOf,
  tradeoffSpec,
} from './charts.js';
import { fixed } from './format.js';
import { toJson } from './json.js';
import { scenarioInSeconds, TIME_UNITS } from './scenario-seconds.js';

export interface ReportInput {
  name: string;
  file: string;
  version: string;
  policySets: readonly Scenario[];
  summary: readonly PolicySetSummary[];
  comparison: readonly ComparisonRow[];
  recommendation: Recommendation;
  rounds: readonly RoundRow[];
  scaling: readonly ScalingRow[];
  timeline: readonly TimelineRow[];
  /** Every ended round's length (minutes), by policy set. */
  durations: ReadonlyArray<{ policy_set: string; minutes: readonly number[] }>;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function table(summary: readonly PolicySetSummary[], policySets: readonly Scenario[]): string {
  const pct = (x: number) => `${fixed(100 * x, 1)} %`;
  const head = [
    'policy set',
    'rounds',
    'succeeded',
    'failed',
    'unfinished',
    'failure rate [95 % CI]',
    'mean round (min)',
    'waiting (h)',
    'evaluation failures',
    'VM-hours',
    'scale-ups / downs',
  ];
  const rows = summary.map((s) => {
    const c = comparisonCells(s, pct, '–');
    return [...roundCells(c), ...costCells(c), c.up_down.replace('/', ' / ')];
  });
  const description = (name: string) => policySets.find((p) => p.policy_set === name)?.policy_set_description ?? '';
  const nameCell = (name: string) => {
    const d = description(name);
    return `<td class="name">${escapeHtml(name)}${d ? `<div class="desc">${escapeHtml(d)}</div>` : ''}</td>`;
  };
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? nameCell(c) : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const CSS = `body{font-family:sans-serif;margin:2rem auto;max-width:1100px;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:right}td{white-space:nowrap}td.name{white-space:normal}
td.name,th:first-child{text-align:left}td.name{max-width:22rem}.desc{color:#666;font-size:.78rem;margin-top:.15rem}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
.pick{border:2px solid #000;border-radius:6px;padding:.8rem 1.2rem;margin:1rem 0;background:#fafafa}
.pick h2{margin:0 0 .4rem 0}.pick ul{margin:.3rem 0;padding-left:1.2rem;font-size:.9rem}
pre{background:#f6f6f6;padding:1rem;overflow:auto;font-size:.8rem}.meta{color:#666}`;

/** The answer first: the set to deploy, why, against the baseline, the contenders and what was excluded. */
function pickBox(r: Recommendation): string {
  const objective = goalMetric(r.decision.objective);
  const li = (items: string[]) => (items.length === 0 ? '' : `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`);
  const against = r.against_baseline;
  const vs = against
    ? `<p>Against the baseline ${escapeHtml(r.decision.baseline)}: ${escapeHtml(objective)} ${escapeHtml(formatMetric(objective, against.mean_difference, true))}${
        Number.isNaN(against.ci_low)
          ? ' (no interval)'
          : ` [${escapeHtml(formatMetric(objective, against.ci_low, true))}, ${escapeHtml(formatMetric(objective, against.ci_high, true))}]`
      }, ${against.verdict}.</p>`
    : '';
  const tie = goalMetric(r.decision.tie_break);
  return `<section class="pick" id="recommendation">
<h2>${r.policy_set === null ? 'No policy set to recommend' : `Deploy: ${escapeHtml(r.policy_set)}`}</h2>
<p>${escapeHtml(r.reason)}</p>
${vs}
<p class="meta">Decision: ${goalSense(r.decision.objective)} ${escapeHtml(objective)}, then ${goalSense(r.decision.tie_break)} ${escapeHtml(tie)} among contenders; ${r.decision.constraints.length} constraint${r.decision.constraints.length === 1 ? '' : 's'}; ${r.replications} replication${r.replications === 1 ? '' : 's'}; confidence ${r.decision.confidence}.</p>
${r.contenders.length > 1 ? `<p>Contenders:</p>${li(r.contenders.map((c) => `${escapeHtml(c.policy_set)}: ${escapeHtml(objective)} ${escapeHtml(formatMetric(objective, c.objective_mean))}, ${escapeHtml(tie)} ${escapeHtml(formatMetric(tie, c.tie_break_mean))}`))}` : ''}
${r.excluded.length > 0 ? `<p>Excluded:</p>${li(r.excluded.map((e) => `${escapeHtml(e.policy_set)}: ${escapeHtml(e.why)}`))}` : ''}
</section>`;
}

type Chart = [id: string, title: string, spec: Parameters<typeof renderSvg>[0]];

/**
 * The charts of replication 0's rows alone, in the report's order: a run can render them as soon as every
 * policy set's replication 0 is in (ChartThread.prefetch), before the summary is.
 */
export function rowCharts(input: Pick<ReportInput, 'policySets' | 'rounds' | 'scaling' | 'timeline'>): Chart[] {
  const horizonH = (input.policySets[0]?.horizon ?? 0) / 3_600_000;
  return [
    ['round-timeline', 'Round timeline', roundTimelineSpec(input.rounds, horizonH)],
    [
      'clients',
      'Cardinality, connected and training clients',
      clientsSpec(
        input.timeline,
        input.scaling,
        input.policySets.map((p) => p.policy_set),
      ),
    ],
  ];
}

/**
 * What a run hands each result to, as soon as it is made, so that the row charts render before the summary is in:
 * replication 0's rows of every policy set, gathered in the policy sets' order as the report gathers them
 * (RunResult's rows), then prefetched (whatever order they came in: render checks the spec is the same).
 */
export function rowChartsAhead(charts: Pick<ChartThread, 'prefetch'>, policySets: readonly Scenario[]): (r: ReplicationResult) => void {
  const first: Array<ReplicationResult | undefined> = policySets.map(() => undefined);
  let sets = 0;
  return (r) => {
    if (r.replication !== 0) return;
    const i = policySets.findIndex((s) => s.policy_set === r.policy_set);
    if (i < 0 || first[i] !== undefined) return;
    first[i] = r;
    if (++sets < policySets.length) return;
    const rows: { rounds: RoundRow[]; scaling: ScalingRow[]; timeline: TimelineRow[] } = { rounds: [], scaling: [], timeline: [] };
    for (const x of first) {
      for (const row of x!.rounds) rows.rounds.push(row);
      for (const row of x!.scaling) rows.scaling.push(row);
      for (const row of x!.timeline) rows.timeline.push(row);
    }
    for (const [id, , spec] of rowCharts({ policySets, ...rows })) charts.prefetch(spec, id);
  };
}

/** The report; its charts rendered by `render` (default: here, renderSvg), all asked for before any is awaited. */
export async function renderReport(input: ReportInput, render: RenderChart = renderSvg): Promise<string> {
  const order = input.summary.map((s) => s.policy_set);
  const charts: Chart[] = [
    [
      'tradeoff',
      'The trade-off',
      tradeoffSpec(
        input.summary.map((s) => ({ label: s.policy_set, summary: s, status: statusOf(input.recommendation, s.policy_set) })),
        input.recommendation.decision,
      ),
    ],
    ...(input.comparison.length > 0
      ? [
          ['paired-differences', 'Paired differences against the baseline', forestSpec(input.comparison, order)] as [
            string,
            string,
            Parameters<typeof renderSvg>[0],
          ],
        ]
      : []),
    ['failure-rate', 'Failure rate', failureRateSpec(input.summary)],
    ['failure-causes', 'Why rounds failed', causesSpec(input.summary)],
    ['client-failures', 'Why clients failed', clientCausesSpec(input.summary)],
    ...rowCharts(input),
    ['round-durations', 'Round durations', durationSpec(input.durations)],
  ];
  const svgs = await Promise.all(charts.map(([id, , spec]) => render(spec, id)));
  const figures = new Map<string, string>();
  for (const [i, [id, title]] of charts.entries()) {
    figures.set(id, `<h2>${escapeHtml(title)}</h2>\n<figure class="plot" id="${id}">${svgs[i]!}</figure>`);
  }
  const first = ['tradeoff', 'paired-differences'];
  const reps = input.policySets[0]?.replications ?? 0;
  const seed = input.policySets[0]?.seed ?? '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.name)}: fl-cluster-sim report</title><style>${CSS}</style></head>
<body>
<h1>${escapeHtml(input.name)}</h1>
<p class="meta">${escapeHtml(input.file)} · ${input.policySets.length} policy sets × ${reps} replications · seed ${escapeHtml(String(seed))} · fl-cluster-sim ${escapeHtml(input.version)}</p>
${pickBox(input.recommendation)}
${first
  .filter((id) => figures.has(id))
  .map((id) => figures.get(id))
  .join('\n')}
<h2>Comparison</h2>
${table(input.summary, input.policySets)}
<p class="meta">Means per replication. The failure rate is failed / attempted rounds (judged on the fit phase); waiting is the time phases spent waiting for clients before sampling. Intervals are Student t intervals, never clipped.</p>
${[...figures]
  .filter(([id]) => !first.includes(id))
  .map(([, html]) => html)
  .join('\n')}
<h2>The scenario as run</h2>
<details><summary>Resolved policy sets (${TIME_UNITS})</summary><pre>${escapeHtml(toJson(input.policySets.map(scenarioInSeconds)))}</pre></details>
</body></html>
`;
}
