/**
 * `sim tune` on a batch engine: the tune split into steps a driver loop hands to any engine. The state of a tune
 * lives in a folder:
 * - state.json: the arguments, the tune's state (every candidate's figures so far), the stage being run, its jobs
 *   and the number of shards;
 * - stage-K/shard-I.json: the figures of shard I of stage K, written whole when the shard ends (a shard killed or
 *   failed leaves none);
 * - pending: the shards still to run for the stage (as `1,2,3` for `sbatch --array=`), empty once the tune is done.
 * `tuneStep` plans a stage or, once every shard of the current one has its figures, records them and plans the
 * next, until the tune ends; `tuneShard` runs one shard. The figures are those a local `sim tune` computes, recorded
 * in the same order, so the result is the same whatever the number of shards and the order they ran in.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userError } from '../scenario/errors.js';
import type { Grid, Shard } from '../scenario/grid.js';
import type { ScenarioFile } from '../scenario/scenario-file.js';
import { type ReplicationFigures, replicationFigures } from './figures.js';
import { finishTune, planStage, planTune, recordStage, stageJobs, type TuneJob, type TuneOptions, type TuneResult, type TuneState } from './tune.js';
import { fromExactJson, type ReplicateOptions, replicate, toExactJson } from './workers.js';

/** What a step must be given again, the same each time: checked against the state. */
export interface TuneArgs {
  file: string;
  set: readonly string[];
  policySet: string | undefined;
  replications: number | undefined;
  budget: number | undefined;
}

interface StateFile {
  tool: 'fl-cluster-sim';
  args: TuneArgs;
  shards: number;
  /** The stage being run (from 1), and its jobs. */
  stage: number;
  jobs: TuneJob[];
  state: TuneState;
}

export type StepOutcome =
  | { kind: 'stage'; stage: number; shards: number[]; runs: number }
  | { kind: 'missing'; stage: number; shards: number[] }
  | { kind: 'done'; result: TuneResult };

const statePath = (dir: string) => join(dir, 'state.json');
const shardPath = (dir: string, stage: number, shard: number) => join(dir, `stage-${stage}`, `shard-${shard}.json`);

/** Write a file whole: to a temporary name beside it, then one rename (a killed writer leaves nothing under the name). */
function writeWhole(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

function readState(dir: string): StateFile | null {
  if (!existsSync(statePath(dir))) return null;
  try {
    const s = fromExactJson(readFileSync(statePath(dir), 'utf8')) as StateFile;
    if (s?.tool !== 'fl-cluster-sim' || !Array.isArray(s.jobs) || typeof s.shards !== 'number') throw new Error('not a tune state');
    return s;
  } catch (e) {
    throw userError(`--state ${dir}: ${statePath(dir)} is not the state of a sim tune-step (${(e as Error).message}); give a new folder to start a tune`);
  }
}

const sameArgs = (a: TuneArgs, b: TuneArgs) => JSON.stringify(a) === JSON.stringify(b);

/** The jobs of shard `index` of `count`: every count-th job of the stage, from the index-th. */
function shardJobs(jobs: readonly TuneJob[], index: number, count: number): number[] {
  const out: number[] = [];
  for (let i = index - 1; i < jobs.length; i += count) out.push(i);
  return out;
}

function options(args: TuneArgs): TuneOptions {
  return { policySet: args.policySet, replications: args.replications, budget: args.budget };
}

/**
 * One planning step. Without a state: check everything and plan stage 1. With one: if every shard of the current
 * stage has its figures, record them (in job order) and plan the next stage, or finish; otherwise name the shards
 * still missing (they failed, were killed, or have not run) and leave them pending.
 */
export function tuneStep(scenario: ScenarioFile, grid: Grid, args: TuneArgs, dir: string, shards: number): StepOutcome {
  const plan = planTune(scenario, grid, options(args));
  let saved = readState(dir);
  if (saved !== null) {
    if (!sameArgs(saved.args, args))
      throw userError(`--state ${dir} is a tune of other arguments (${JSON.stringify(saved.args)}); give them again, or a new --state folder`);
    if (saved.shards !== shards) throw userError(`--shards ${shards}: the tune in ${dir} runs its stages in ${saved.shards} shards`);
    plan.state = saved.state;
    if (saved.jobs.length > 0) {
      const missing: number[] = [];
      const figures: ReplicationFigures[] = new Array(saved.jobs.length);
      for (let i = 1; i <= shards; i++) {
        const path = shardPath(dir, saved.stage, i);
        if (!existsSync(path)) {
          missing.push(i);
          continue;
        }
        const got = fromExactJson(readFileSync(path, 'utf8')) as { jobs: number[]; figures: ReplicationFigures[] };
        got.jobs.forEach((j, k) => {
          figures[j] = got.figures[k]!;
        });
      }
      if (missing.length > 0) {
        writeWhole(join(dir, 'pending'), `${missing.join(',')}\n`);
        return { kind: 'missing', stage: saved.stage, shards: missing };
      }
      recordStage(plan.state, saved.jobs, figures);
    }
  }
  const jobs = planStage(plan.state, plan.decision);
  const stage = (saved?.stage ?? 0) + 1;
  mkdirSync(dir, { recursive: true });
  saved = { tool: 'fl-cluster-sim', args, shards, stage, jobs, state: plan.state };
  if (jobs.length === 0) {
    writeWhole(statePath(dir), toExactJson(saved));
    writeWhole(join(dir, 'pending'), '');
    return { kind: 'done', result: finishTune(plan) };
  }
  mkdirSync(join(dir, `stage-${stage}`), { recursive: true });
  writeWhole(statePath(dir), toExactJson(saved));
  const all = Array.from({ length: shards }, (_, i) => i + 1).filter((i) => shardJobs(jobs, i, shards).length > 0);
  // A shard with no job (fewer jobs than shards) has nothing to run: its empty figures are written now.
  for (let i = 1; i <= shards; i++) if (!all.includes(i)) writeWhole(shardPath(dir, stage, i), toExactJson({ jobs: [], figures: [] }));
  writeWhole(join(dir, 'pending'), `${all.join(',')}\n`);
  return { kind: 'stage', stage, shards: all, runs: jobs.length };
}

/** Run shard `shard` of the current stage of the tune in `dir`, and write its figures whole. */
export async function tuneShard(
  load: (args: TuneArgs) => { scenario: ScenarioFile; grid: Grid },
  dir: string,
  shard: Shard,
  run: Pick<ReplicateOptions, 'workers' | 'eventBudget' | 'onProgress'> & { ifMissing?: boolean | undefined } = {},
): Promise<{ stage: number; runs: number }> {
  const saved = readState(dir);
  if (saved === null) throw userError(`--state ${dir} has no tune: run sim tune-step first`);
  if (shard.count !== saved.shards) throw userError(`--shard ${shard.index}/${shard.count}: the tune in ${dir} runs its stages in ${saved.shards} shards`);
  if (saved.jobs.length === 0) throw userError(`--state ${dir}: the tune is done; nothing to run`);
  const path = shardPath(dir, saved.stage, shard.index);
  if (existsSync(path) && run.ifMissing) return { stage: saved.stage, runs: 0 };
  if (existsSync(path))
    throw userError(
      `shard ${shard.index}/${shard.count} of stage ${saved.stage} already has its figures (${path}): it ran twice; sim tune-step goes on from them`,
    );
  const { scenario, grid } = load(saved.args);
  const plan = planTune(scenario, grid, options(saved.args));
  plan.state = saved.state;
  const mine = shardJobs(saved.jobs, shard.index, shard.count);
  const figures: ReplicationFigures[] = [];
  await replicate(
    stageJobs(
      plan,
      mine.map((j) => saved.jobs[j]!),
    ),
    { workers: run.workers, eventBudget: run.eventBudget, onProgress: run.onProgress, onResult: (_i, r) => figures.push(replicationFigures(r)) },
  );
  writeWhole(path, toExactJson({ jobs: mine, figures }));
  return { stage: saved.stage, runs: mine.length };
}
