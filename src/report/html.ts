/**
 * report.html: one self-contained page per run (inline CSS and SVG, no script,
 * no network) with the comparison table, the plots and the scenario as run.
 */
import type { RoundRow, ScalingRow, TimelineRow } from '../models/experiment.js';
import type { Scenario } from '../models/config.js';
import type { PolicySetSummary } from '../models/summary.js';
import { causesSpec, clientsSpec, durationSpec, failureRateSpec, renderSvg, roundTimelineSpec } from './charts.js';
import { comparisonCells } from './cells.js';
import { fixed } from './format.js';
import { toJson } from './json.js';

export interface ReportInput {
  name: string;
  file: string;
  version: string;
  policySets: readonly Scenario[];
  summary: readonly PolicySetSummary[];
  rounds: readonly RoundRow[];
  scaling: readonly ScalingRow[];
  timeline: readonly TimelineRow[];
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function table(summary: readonly PolicySetSummary[]): string {
  const pct = (x: number) => `${fixed(100 * x, 1)} %`;
  const head = ['policy set', 'rounds', 'succeeded', 'failed', 'unfinished', 'failure rate [95 % CI]', 'mean round (min)', 'waiting (h)', 'evaluation failures', 'VM-hours', 'scale-ups / downs'];
  const rows = summary.map((s) => {
    const c = comparisonCells(s, pct, '–');
    return [c.policy_set, c.rounds, c.ok, c.failed, c.unfinished, c.failure_rate, c.round_min, c.wait_h, c.eval_fail, c.vm_hours, c.up_down.replace('/', ' / ')];
  });
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${i === 0 ? ' class="name"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const CSS = `body{font-family:sans-serif;margin:2rem auto;max-width:1100px;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;font-size:.9rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:right}
td.name,th:first-child{text-align:left}figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
pre{background:#f6f6f6;padding:1rem;overflow:auto;font-size:.8rem}.meta{color:#666}`;

export async function renderReport(input: ReportInput): Promise<string> {
  const horizonH = (input.policySets[0]?.horizon ?? 0) / 3_600_000;
  const charts: Array<[string, string, Parameters<typeof renderSvg>[0]]> = [
    ['failure-rate', 'Failure rate', failureRateSpec(input.summary)],
    ['failure-causes', 'Why rounds failed', causesSpec(input.summary)],
    ['round-timeline', 'Round timeline', roundTimelineSpec(input.rounds, horizonH)],
    ['clients', 'Cardinality, connected and training clients', clientsSpec(input.timeline, input.scaling, input.policySets.map((p) => p.policy_set))],
    ['round-durations', 'Round durations', durationSpec(input.rounds)],
  ];
  const figures: string[] = [];
  for (const [id, title, spec] of charts) {
    figures.push(`<h2>${escapeHtml(title)}</h2>\n<figure class="plot" id="${id}">${await renderSvg(spec, id)}</figure>`);
  }
  const reps = input.policySets[0]?.replications ?? 0;
  const seed = input.policySets[0]?.seed ?? '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.name)}: fl-cluster-sim report</title><style>${CSS}</style></head>
<body>
<h1>${escapeHtml(input.name)}</h1>
<p class="meta">${escapeHtml(input.file)} · ${input.policySets.length} policy sets × ${reps} replications · seed ${escapeHtml(String(seed))} · fl-cluster-sim ${escapeHtml(input.version)}</p>
<h2>Comparison</h2>
${table(input.summary)}
<p class="meta">Means per replication. The failure rate is failed / attempted rounds (judged on the fit phase); waiting is the time phases spent waiting for clients before sampling.</p>
${figures.join('\n')}
<h2>The scenario as run</h2>
<details><summary>Resolved policy sets (durations in ms, sizes in bytes, rates in bits/s)</summary><pre>${escapeHtml(toJson(input.policySets))}</pre></details>
</body></html>
`;
}
