/** The files of a `sim run` output folder, made from the run's data. */

import type { RunResult } from '../experiment/run.js';
import type { Scenario } from '../models/config.js';
import { VERSION } from '../version.js';
import type { RenderChart } from './chart-renderer.js';
import { comparisonCsv, replicationsCsv, roundsCsv, scalingCsv, summaryCsv, timelineCsv } from './csv.js';
import { renderReport } from './html.js';
import { recommendationJson, runJson } from './json.js';

/** The files of a run's output folder, by name; without rounds.csv, scaling.csv and timeline.csv when `rows` is false (they were streamed: report/run-rows.ts). */
export async function outputFiles(result: RunResult, options: { rows?: boolean; render?: RenderChart } = {}): Promise<Record<string, string>> {
  const rows = options.rows ?? true;
  // The report first: its charts are asked for (on the chart thread, say) before the other files are made.
  const report = renderReport(
    {
      name: result.scenario.name,
      file: result.scenario.file,
      version: VERSION,
      policySets: result.scenario.policySets,
      summary: result.summary,
      comparison: result.comparison,
      recommendation: result.recommendation,
      rounds: result.rounds,
      scaling: result.scaling,
      timeline: result.timeline,
      durations: result.durations,
    },
    options.render,
  );
  // A failure of the report is awaited below, not left unhandled while the others are made.
  report.catch(() => {});
  const files: Record<string, string> = {
    'summary.csv': summaryCsv(result.summary),
    'replications.csv': replicationsCsv(result.figures),
    'comparison.csv': comparisonCsv(result.comparison),
    'recommendation.json': recommendationJson(result.recommendation),
    ...(rows ? { 'rounds.csv': roundsCsv(result.rounds), 'scaling.csv': scalingCsv(result.scaling), 'timeline.csv': timelineCsv(result.timeline) } : {}),
    'run.json': runJson(result.scenario.file, VERSION, result.scenario.policySets as Scenario[]),
  };
  files['report.html'] = await report;
  return files;
}
