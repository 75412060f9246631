/**
 * A whole `sim run`: every policy set over its replications, summarised, and
 * formatted into the files of an output folder. Data first; files from it.
 */
import type { Scenario, ScenarioFile } from './models/config.js';
import { runExperiment, type ExperimentOptions, type ReplicationResult, type RoundRow } from './models/experiment.js';
import { summarize, type PolicySetSummary } from './models/summary.js';
import { roundsCsv, scalingCsv, summaryCsv, timelineCsv } from './report/csv.js';
import { runJson } from './report/json.js';
import { VERSION } from './version.js';

export interface RunResult {
  scenario: ScenarioFile;
  summary: PolicySetSummary[];
  rounds: RoundRow[];
  replications: ReplicationResult[];
}

export function runScenario(scenario: ScenarioFile, options: ExperimentOptions = {}): RunResult {
  const replications = runExperiment(scenario.policySets, options);
  return {
    scenario,
    summary: summarize(replications),
    rounds: replications.flatMap((r) => r.rounds),
    replications,
  };
}

/** The files of a run's output folder, by name. */
export function outputFiles(result: RunResult): Record<string, string> {
  return {
    'summary.csv': summaryCsv(result.summary),
    'rounds.csv': roundsCsv(result.rounds),
    'scaling.csv': scalingCsv(result.replications.flatMap((r) => r.scaling)),
    'timeline.csv': timelineCsv(result.replications.flatMap((r) => r.timeline)),
    'run.json': runJson(result.scenario.file, VERSION, result.scenario.policySets as Scenario[]),
  };
}
