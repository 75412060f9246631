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
import type { ReplicationResult, RoundRow, ScalingRow, TimelineRow } from './replication.js';
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
  /** Every round of every replication (rounds.csv); with `onRows`, only replication 0's (the report plots those). */
  rounds: RoundRow[];
  /** Every autoscaler tick (scaling.csv); with `onRows`, only replication 0's. */
  scaling: ScalingRow[];
  /** The role at every tick (timeline.csv); with `onRows`, only replication 0's. */
  timeline: TimelineRow[];
  /** The length (minutes) of every round that ended, every replication, by policy set in order. */
  durations: Array<{ policy_set: string; minutes: number[] }>;
  /** Events the engine ran, over every replication. */
  events: number;
}

export interface RunOptions extends Omit<ReplicateOptions, 'onResult'> {
  /**
   * Hand each replication's rows over, in order, instead of keeping them: a run's memory then does not grow
   * with its replications (the command writes them to disk as they come). With a `digest`, replications
   * other than 0 come without their scaling and timeline rows: the digest stands for them.
   */
  onRows?: ((result: ReplicationResult) => void) | undefined;
}

/** Every policy set of a scenario over its replications, on this thread or `workers` threads (identical results). */
export async function runScenario(scenario: ScenarioFile, options: RunOptions = {}): Promise<RunResult> {
  const figures: ReplicationFigures[] = [];
  const rows: { rounds: RoundRow[]; scaling: ScalingRow[]; timeline: TimelineRow[] } = { rounds: [], scaling: [], timeline: [] };
  const durations: RunResult['durations'] = [];
  let events = 0;
  const { onRows, ...replicateOptions } = options;
  await replicate(jobsOf(scenario.policySets, { file: scenario.file, set: [] }), {
    // Handed over, rows are kept for replication 0 only: the others' can stay where they ran, if a digest stands for them.
    ...(onRows ? { rowsOnlyFor: [0] } : {}),
    ...replicateOptions,
    onResult: (_i, r) => {
      figures.push(replicationFigures(r));
      events += r.events;
      if (durations.at(-1)?.policy_set !== r.policy_set) durations.push({ policy_set: r.policy_set, minutes: [] });
      const minutes = durations.at(-1)!.minutes;
      for (const round of r.rounds) if (round.end !== null) minutes.push((round.end - round.start) / 60);
      if (onRows) onRows(r);
      if (!onRows || r.replication === 0) {
        for (const x of r.rounds) rows.rounds.push(x);
        for (const x of r.scaling) rows.scaling.push(x);
        for (const x of r.timeline) rows.timeline.push(x);
      }
    },
  });
  const findings = lintScenario(scenario);
  return {
    scenario,
    figures,
    summary: summarize(figures),
    comparison: compare(figures, scenario.decision),
    recommendation: recommend({ figures, decision: scenario.decision, findings }),
    findings,
    ...rows,
    durations,
    events,
  };
}
