/**
 * A whole `sim run`: every policy set over its replications, summarised, and
 * formatted into the files of an output folder. Data first; files from it.
 */
import type { Scenario } from './models/config.js';
import type { ScenarioFile } from './scenario/scenario-file.js';
import { runExperiment, type ExperimentOptions, type ReplicationResult, type RoundRow, type ScalingRow, type TimelineRow } from './models/experiment.js';
import { compare, type ComparisonRow } from './experiment/compare.js';
import { replicationFigures, summarize, type PolicySetSummary, type ReplicationFigures } from './experiment/figures.js';
import { recommend, type Recommendation } from './experiment/recommend.js';
import type { Finding } from './lint/finding.js';
import { lintScenario } from './lint/lint.js';
import { comparisonCsv, replicationsCsv, roundsCsv, scalingCsv, summaryCsv, timelineCsv } from './report/csv.js';
import { defaultWorkers, jobsOf, runJobs } from './parallel.js';
import { renderReport } from './report/html.js';
import { recommendationJson, runJson } from './report/json.js';
import { VERSION } from './version.js';

export interface RunResult {
  scenario: ScenarioFile;
  /** Each replication's figures (replications.csv). */
  figures: ReplicationFigures[];
  /** One entry per policy set, each figure a mean over replications with its 95 % interval. */
  summary: PolicySetSummary[];
  /** Each policy set against the baseline, paired (comparison.csv). */
  comparison: ComparisonRow[];
  /** The policy set to deploy, and why (recommendation.json). */
  recommendation: Recommendation;
  /** sim lint's findings, which the recommendation takes into account. */
  findings: Finding[];
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
  const figures = replications.map(replicationFigures);
  const findings = lintScenario(scenario);
  return {
    scenario,
    figures,
    summary: summarize(figures),
    comparison: compare(figures, scenario.decision),
    recommendation: recommend({ figures, decision: scenario.decision, findings }),
    findings,
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
    'replications.csv': replicationsCsv(result.figures),
    'comparison.csv': comparisonCsv(result.comparison),
    'recommendation.json': recommendationJson(result.recommendation),
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
      comparison: result.comparison,
      recommendation: result.recommendation,
      rounds: result.rounds,
      scaling: result.scaling,
      timeline: result.timeline,
    }),
  };
}
