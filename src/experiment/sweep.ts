/**
 * Parameter sweeps: the cartesian grid of values set at scenario paths, every
 * point run for every policy set on the same replications (common random
 * numbers), one summary row per point and policy set. Shards split the points
 * (point p belongs to shard (p mod N) + 1 of N) and merge back byte-identically.
 */

import { formatProblem, UserError, userError } from '../scenario/errors.js';
import { type Grid, gridPoints, inShard, type Shard, type SweepPoint } from '../scenario/grid.js';
import type { ScenarioFile } from '../scenario/scenario-file.js';
import { type PolicySetSummary, type ReplicationFigures, replicationFigures, summarize } from './figures.js';
import { jobsOf, type ReplicateOptions, replicate } from './workers.js';

export interface SweepRow extends SweepPoint {
  summary: PolicySetSummary;
}

export interface SweepResult {
  grid: Grid;
  shard: Shard;
  /** The points this shard ran, in order. */
  points: SweepPoint[];
  rows: SweepRow[];
}

export interface SweepOptions extends ReplicateOptions {
  /** Replications per point and policy set (default: the scenario's). */
  replications?: number | undefined;
  shard?: Shard | undefined;
  /** Only this policy set (default: every one). */
  policySet?: string | undefined;
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function loadPoint(scenario: ScenarioFile, params: Record<string, unknown>, options: SweepOptions): ScenarioFile {
  if (!scenario.reload) throw userError('this scenario cannot be swept: load it with loadScenario');
  return scenario.reload({ set: Object.entries(params).map(([path, value]) => ({ path, value })), replications: options.replications });
}

/**
 * Check every axis value, then every point, before anything runs. An error names the --set at fault.
 */
export function validateGrid(scenario: ScenarioFile, grid: Grid, options: SweepOptions = {}): void {
  const problems: string[] = [];
  const tryLoad = (params: Record<string, unknown>, label: string) => {
    try {
      loadPoint(scenario, params, options);
    } catch (e) {
      if (e instanceof UserError)
        problems.push(`${label}: ${e.problems.map((i) => (i.line === 1 && i.column === 1 ? `${i.path}: ${i.message}` : formatProblem(i))).join('; ')}`);
      else throw e;
    }
  };
  for (const axis of grid) for (const v of axis.values) tryLoad({ [axis.path]: v }, `--set ${axis.path}=${show(v)}`);
  if (problems.length === 0)
    for (const p of gridPoints(grid))
      tryLoad(
        p.params,
        `point ${p.point} (${Object.entries(p.params)
          .map(([k, v]) => `--set ${k}=${show(v)}`)
          .join(' ')})`,
      );
  if (problems.length > 0) throw new UserError(problems.map((message) => ({ message })));
}

export interface SweepPlan {
  grid: Grid;
  shard: Shard;
  points: SweepPoint[];
  /** The scenario at each point, with the point's values set. */
  loaded: ScenarioFile[];
}

/** Validate the grid and load the scenario at every point of this shard. */
export function planSweep(scenario: ScenarioFile, grid: Grid, options: SweepOptions = {}): SweepPlan {
  const shard = options.shard ?? { index: 1, count: 1 };
  validateGrid(scenario, grid, options);
  const points = gridPoints(grid).filter((p) => inShard(p.point, shard));
  return { grid, shard, points, loaded: points.map((p) => loadPoint(scenario, p.params, options)) };
}

/** The rows of a planned sweep, from each point's replications. */
export function collectSweep(plan: SweepPlan, figures: ReadonlyArray<readonly ReplicationFigures[]>): SweepResult {
  const rows: SweepRow[] = [];
  plan.points.forEach((p, i) => {
    for (const summary of summarize(figures[i]!)) rows.push({ ...p, summary });
  });
  return { grid: plan.grid, shard: plan.shard, points: plan.points, rows };
}

/** Every point of the grid (of this shard) for every policy set, on this thread or `workers` threads: identical rows. */
export async function sweep(scenario: ScenarioFile, grid: Grid, options: SweepOptions = {}): Promise<SweepResult> {
  const plan = planSweep(options.policySet === undefined ? scenario : reloadFor(scenario, options.policySet), grid, options);
  const perPoint = plan.loaded.map((f, i) => jobsOf(f.policySets, { file: scenario.file, set: setOf(plan.points[i]!.params) }));
  // Only each replication's figures are kept: a sweep's memory does not grow with its rows.
  const figures: ReplicationFigures[] = [];
  await replicate(perPoint.flat(), { ...options, onResult: (_i, r) => figures.push(replicationFigures(r)) });
  const byPoint: ReplicationFigures[][] = [];
  let at = 0;
  for (const jobs of perPoint) {
    byPoint.push(figures.slice(at, at + jobs.length));
    at += jobs.length;
  }
  return collectSweep(plan, byPoint);
}

/** A point's values as the --set flags that give it. */
export function setOf(params: Record<string, unknown>): Array<{ path: string; value: unknown }> {
  return Object.entries(params).map(([path, value]) => ({ path, value }));
}

function reloadFor(scenario: ScenarioFile, policySet: string): ScenarioFile {
  if (!scenario.reload) throw userError('this scenario cannot be swept: load it with loadScenario');
  return scenario.reload({ policySet });
}
