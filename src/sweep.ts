/**
 * Parameter sweeps: the cartesian grid of values set at scenario paths, every
 * point run for every policy set on the same replications (common random
 * numbers), one summary row per point and policy set. Shards split the points
 * (point p belongs to shard (p mod N) + 1 of N) and merge back byte-identically.
 */
import { parse as parseYaml } from 'yaml';
import type { ScenarioFile } from './scenario/scenario-file.js';
import { runExperiment, type ExperimentOptions, type ReplicationResult } from './models/experiment.js';
import { defaultWorkers, jobsOf, runJobs } from './parallel.js';
import { replicationFigures, summarize, type PolicySetSummary } from './experiment/figures.js';
import { ScenarioError, formatIssue } from './scenario/errors.js';

export interface GridAxis {
  /** A scenario path, list items by index: oneflow.role.elasticity_policies.1.cooldown */
  path: string;
  values: unknown[];
}
export type Grid = GridAxis[];

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface SweepPoint {
  point: number;
  params: Record<string, unknown>;
}

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

export interface SweepOptions extends ExperimentOptions {
  replications?: number;
  shard?: Shard;
}

/** A bad --set, or a grid point the scenario refuses: names the --set at fault. */
export class SweepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepError';
  }
}

/** `PATH=V1,V2,...` -> an axis; each value is read as YAML (600 is a number, 10m a string). */
export function parseSet(text: string): GridAxis {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw new SweepError(`--set ${text}: expected PATH=V1,V2,... (e.g. superlink.strategy.min_completion_rate_fit=0.3,0.5)`);
  const path = text.slice(0, eq).trim();
  if (!/^[A-Za-z_][\w]*(\.([A-Za-z_]\w*|\d+))*$/.test(path)) throw new SweepError(`--set ${text}: "${path}" is not a scenario path (keys and list indexes joined by dots)`);
  const values = text.slice(eq + 1).split(',').map((v) => {
    try {
      return parseYaml(v.trim()) as unknown;
    } catch {
      return v.trim();
    }
  });
  return { path, values };
}

/** The grid's points in order: the first axis varies slowest. */
export function gridPoints(grid: Grid): SweepPoint[] {
  let combos: Array<Record<string, unknown>> = [{}];
  for (const axis of grid) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.path]: v })));
  return combos.map((params, point) => ({ point, params }));
}

export function inShard(point: number, shard: Shard): boolean {
  return point % shard.count === shard.index - 1;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new SweepError(`--shard ${text}: expected I/N with 1 <= I <= N, e.g. 2/8`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function loadPoint(scenario: ScenarioFile, params: Record<string, unknown>, options: SweepOptions): ScenarioFile {
  if (!scenario.reload) throw new SweepError('this scenario cannot be swept: load it with loadScenario');
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
      if (e instanceof ScenarioError) problems.push(`${label}: ${e.issues.map((i) => (i.line === 1 && i.column === 1 ? `${i.path}: ${i.message}` : formatIssue(i))).join('; ')}`);
      else throw e;
    }
  };
  for (const axis of grid) for (const v of axis.values) tryLoad({ [axis.path]: v }, `--set ${axis.path}=${show(v)}`);
  if (problems.length === 0)
    for (const p of gridPoints(grid))
      tryLoad(p.params, `point ${p.point} (${Object.entries(p.params).map(([k, v]) => `--set ${k}=${show(v)}`).join(' ')})`);
  if (problems.length > 0) throw new SweepError(problems.join('\n'));
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
export function collectSweep(plan: SweepPlan, results: ReadonlyArray<readonly ReplicationResult[]>): SweepResult {
  const rows: SweepRow[] = [];
  plan.points.forEach((p, i) => {
    for (const summary of summarize(results[i]!.map(replicationFigures))) rows.push({ ...p, summary });
  });
  return { grid: plan.grid, shard: plan.shard, points: plan.points, rows };
}

export function sweep(scenario: ScenarioFile, grid: Grid, options: SweepOptions = {}): SweepResult {
  const plan = planSweep(scenario, grid, options);
  const total = plan.loaded.reduce((n, f) => n + f.policySets.reduce((m, s) => m + s.replications, 0), 0);
  let done = 0;
  const results = plan.loaded.map((f) => runExperiment(f.policySets, { eventBudget: options.eventBudget, onProgress: () => options.onProgress?.(++done, total) }));
  return collectSweep(plan, results);
}

/** The same on `workers` threads: identical rows, sooner. */
export async function sweepParallel(scenario: ScenarioFile, grid: Grid, options: SweepOptions & { workers?: number } = {}): Promise<SweepResult> {
  const plan = planSweep(scenario, grid, options);
  const perPoint = plan.loaded.map((f) => jobsOf(f.policySets));
  const flat = await runJobs(perPoint.flat(), options.workers ?? defaultWorkers(), options.onProgress);
  let at = 0;
  return collectSweep(plan, perPoint.map((jobs) => flat.slice(at, (at += jobs.length))));
}
