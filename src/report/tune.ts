/** A tune's output folder: tune.csv, recommendation.json and recommended.yaml. */
import { stringify } from 'csv-stringify/sync';
import { stringify as toYaml } from 'yaml';
import type { TuneResult } from '../experiment/tune.js';
import { goalMetric } from '../scenario/decision.js';
import { type MetricName, metricInfo, summaryDigits } from '../scenario/metrics.js';
import { fixed } from './format.js';
import { recommendationData, toJson } from './json.js';

/** The metrics tune.csv shows: the objective, each constraint's, the tie-break (each once). */
function tuneMetrics(r: TuneResult): MetricName[] {
  const all = [goalMetric(r.decision.objective), ...r.decision.constraints.map((c) => c.metric), goalMetric(r.decision.tie_break)];
  return all.filter((m, i) => all.indexOf(m) === i);
}

export function tuneCsv(r: TuneResult): string {
  const paths = r.grid.map((a) => a.path);
  const metrics = tuneMetrics(r);
  const param = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v));
  const header = ['point', ...paths, 'replications', ...metrics.flatMap((m) => [m, `${m}_ci_low`, `${m}_ci_high`]), 'status', 'stage', 'why'];
  const rows = r.candidates.map((c) => [
    c.point,
    ...paths.map((p) => param(c.params[p])),
    c.replications,
    ...metrics.flatMap((m) => {
      const e = c.summary.metrics[m];
      const d = summaryDigits(metricInfo(m).kind);
      return [fixed(e.mean, d), fixed(e.low, d), fixed(e.high, d)];
    }),
    c.status,
    c.stage === null ? '' : c.stage,
    c.why,
  ]);
  return stringify([header, ...rows]);
}

/** recommended.yaml: the pick as a policy_sets entry, with how it was found. */
export function recommendedYaml(r: TuneResult, command: string): string {
  if (r.recommended === null) return `# ${command}\n# No candidate is feasible: nothing to recommend (tune.csv says why).\n`;
  const head = `# ${command}\n# Point ${r.recommendation.point} of ${r.candidates.length}, ${r.recommendation.replications} replications; paste it under policy_sets.\n`;
  return head + toYaml({ policy_sets: [r.recommended] }, { lineWidth: 0 });
}

export function tuneFiles(r: TuneResult, command: string): Record<string, string> {
  return {
    'tune.csv': tuneCsv(r),
    'recommendation.json': toJson(recommendationData(r.recommendation)),
    'recommended.yaml': recommendedYaml(r, command),
  };
}
