/**
 * A whole `sim run` as data: every policy set over its replications (the same seeds
 * for every set: common random numbers), their figures and summary, the paired
 * comparison, sim lint's findings and the recommendation. It writes nothing:
 * report/run-files.ts turns a RunResult into files.
 */

import type { Finding } from '../lint/finding.js';
import { lintScenario } from '../lint/lint.js';
import type { ScenarioFile } from '../scenario/scenario-file.js';
import { type ComparisonRow, compare } from './compare.js';
import { type PolicySetSummary, type ReplicationFigures, replicationFigures, summarize } from './figures.js';
import { type Recommendation, recommend } from './recommend.js';
import type { RoundRow, ScalingRow, TimelineRow } from './replication.js';
import { jobsOf, type ReplicateOptions, replicate } from './workers.js';

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
  /** Events the engine ran, over every replication. */
  events: number;
}

export type RunOptions = ReplicateOptions;

/** Every policy set of a scenario over its replications, on this thread or `workers` threads (identical results). */
export async function runScenario(scenario: ScenarioFile, options: RunOptions = {}): Promise<RunResult> {
  const replications = await replicate(jobsOf(scenario.policySets, { file: scenario.file, set: [] }), options);
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
    events: replications.reduce((n, r) => n + r.events, 0),
  };
}
