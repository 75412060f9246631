/**
 * A whole `sim run`: every policy set over its replications, summarised, and
 * formatted into the files of an output folder. Data first; files from it.
 */
import type { Scenario, ScenarioFile } from './models/config.js';
import { runExperiment, type ExperimentOptions, type ReplicationResult, type RoundRow, type ScalingRow, type TimelineRow } from './models/experiment.js';
import { summarize, type PolicySetSummary } from './models/summary.js';
import { roundsCsv, scalingCsv, summaryCsv, timelineCsv } from './report/csv.js';
import { defaultWorkers, jobsOf, runJobs } from './parallel.js';
import { renderReport } from './report/html.js';
import { runJson } from './report/json.js';
import { VERSION } from './version.js';

export interface RunResult {
  scenario: ScenarioFile;
  /** One entry per policy set, each figure a mean over replications with its 95 % interval. */
  summary: PolicySetSummary[];
  /** Every round of every replication (rounds.csv). */
  rounds: RoundRow[];
  /** Every autoscaler tick (scaling.csv). */
  scaling: ScalingRow[];
  /** The role at every tick (timeline.csv). */
  timeline: TimelineRow[];
  replications: ReplicationResult[];
}

export function runScenario(scenario: ScenarioFile, options: ExperimentOptions = {}): RunResult {
  return resultOf(scenario, runExperiment(scenario.policySets, options));
}

/** The same on `workers` threads (the command line's way): identical results, sooner. */
export async function runScenarioParallel(scenario: ScenarioFile, options: ExperimentOptions & { workers?: number } = {}): Promise<RunResult> {
  return resultOf(scenario, await runJobs(jobsOf(scenario.policySets), options.workers ?? defaultWorkers(), options.onProgress));
}

function resultOf(scenario: ScenarioFile, replications: ReplicationResult[]): RunResult {
  return {
    scenario,
    summary: summarize(replications),
    rounds: replications.flatMap((r) => r.rounds),
    scaling: replications.flatMap((r) => r.scaling),
    timeline: replications.flatMap((r) => r.timeline),
    replications,
  };
}

/** The files of a run's output folder, by name. */
export async function outputFiles(result: RunResult): Promise<Record<string, string>> {
  return {
    'summary.csv': summaryCsv(result.summary),
    'rounds.csv': roundsCsv(result.rounds),
    'scaling.csv': scalingCsv(result.scaling),
    'timeline.csv': timelineCsv(result.timeline),
    'run.json': runJson(result.scenario.file, VERSION, result.scenario.policySets as Scenario[]),
    'report.html': await renderReport({
      name: result.scenario.name,
      file: result.scenario.file,
      version: VERSION,
      policySets: result.scenario.policySets,
      summary: result.summary,
      rounds: result.rounds,
      scaling: result.scaling,
      timeline: result.timeline,
    }),
  };
}
