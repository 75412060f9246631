/**
 * The `sim` command: thin wrappers over the library. User mistakes exit 2 with
 * positioned messages and no stack trace; nothing is written before the whole
 * scenario has been validated.
 */

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ReplicationFailed } from './experiment/failure.js';
import { REPLAY_INPUT, replayAutoscaler } from './experiment/replay.js';
import type { ReplicationResult } from './experiment/replication.js';
import { runScenario } from './experiment/run.js';
import { sweep } from './experiment/sweep.js';
import { planTune, type TuneResult, tune } from './experiment/tune.js';
import { type TuneArgs, tuneShard, tuneStep } from './experiment/tune-batch.js';
import { defaultWorkers } from './experiment/workers.js';
import { formatFindings, hasErrors, lintReport } from './lint/lint.js';
import { ChartThread } from './report/chart-renderer.js';
import { rowChartsAhead } from './report/html.js';
import { runResultJson, toJson } from './report/json.js';
import { recommendationText } from './report/recommendation-text.js';
import { replayTable } from './report/replay-table.js';
import { outputFiles } from './report/run-files.js';
import { RowFiles } from './report/run-rows.js';
import { mergeSweeps, readManifest, sweepFiles } from './report/sweep.js';
import { comparisonTable } from './report/table.js';
import { tuneFiles } from './report/tune.js';
import { tuneTable } from './report/tune-table.js';
import { checkOutputDir, OutputError, removeTemporaries, StagedOutput, writeOutputs } from './report/write.js';
import { formatUserError, UserError, userError } from './scenario/errors.js';
import { gridPoints, inShard, parseSet, parseShard } from './scenario/grid.js';
import { isRuleId, RULE_IDS } from './scenario/lint-rules.js';
import { loadScenarioFile } from './scenario/load.js';
import { scenarioSchema } from './scenario/schema.js';
import { VERSION } from './version.js';

const USAGE_ERROR = 2;

/** Colour only on a terminal, and never with NO_COLOR (no-color.org). */
function useColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

function integer(name: string, min: number) {
  return (value: string): number => {
    if (!/^-?\d{1,16}$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value)))
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${Number.MAX_SAFE_INTEGER}, got "${value}"`);
    return Number(value);
  };
}

function progressBar(total: number, verb = 'simulating', unit = 'replications'): { tick: (done: number) => void; stop: () => void } {
  // Only on a terminal, and only for runs with more than one replication to show.
  if (!process.stderr.isTTY || total < 2) return { tick: () => {}, stop: () => {} };
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${verb} [{bar}] {value}/{total} ${unit}, {eta_formatted} left`,
    etaBuffer: 20,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0);
  return { tick: (done) => bar.update(done), stop: () => bar.stop() };
}

/** Say, on a terminal, that the files are being written (a large run's report takes a few seconds). */
function writing(dir: string, quiet: boolean | undefined): void {
  if (!quiet && process.stderr.isTTY) process.stderr.write(`writing the report in ${dir} ...\n`);
}

/** The flags every command that runs replications takes. */
interface RunFlags {
  out?: string;
  quiet?: boolean;
  workers?: number;
  eventBudget?: number;
}

/** How replications run: --workers and --event-budget. */
function threadFlags(cmd: Command): Command {
  return cmd
    .option(
      '--workers <n>',
      'threads that run replications at most, this one included (default: one per core; only as many as pay; results do not depend on it)',
      integer('--workers', 1),
    )
    .option(
      '--event-budget <n>',
      'events a replication may run before it is stopped (default: 100,000 per SuperNode-day, at least 1,000,000)',
      integer('--event-budget', 1),
    );
}

function runFlags(cmd: Command, out: string): Command {
  return threadFlags(cmd.option('--out <dir>', `output folder (default ${out})`).option('--quiet', 'print nothing but errors (no table, no progress bar)'));
}

/** What a tune is of, as sim tune and sim tune-step take it. */
function tuneFlags(cmd: Command): Command {
  return cmd
    .option('--policy-set <name>', "the policy set to tune (default: the decision's baseline)")
    .option('--replications <max>', "replications a candidate gets at most (default: the scenario's)", integer('--replications', 2))
    .option('--budget <runs>', 'replication-runs in all (default: half of points x MAX)', integer('--budget', 1));
}

/** A tune's grid, scenario and output folder (checked before anything runs). */
function tuneInput(file: string, opts: { set: string[]; out?: string | undefined }) {
  if (opts.set.length === 0) throw userError('give at least one --set PATH=V1,V2,...');
  const grid = opts.set.map(parseSet);
  const scenario = loadScenarioFile(file);
  const dir = opts.out ?? join('reports', `${folderName(scenario.name)}-tune`);
  checkOutputDir(dir);
  return { grid, scenario, dir };
}

/** Write a finished tune's files, with the `sim tune` command that gives them. */
function writeTune(dir: string, file: string, set: readonly string[], result: TuneResult): void {
  const flags = [...set.map((x) => `--set ${x}`), `--policy-set ${result.policySet}`, `--replications ${result.max}`, `--budget ${result.budget}`];
  writeOutputs(dir, tuneFiles(result, ['sim tune', file, ...flags].join(' ')));
}

const stages = (n: number) => `${n} stage${n === 1 ? '' : 's'}`;

function setFlag(cmd: Command, help: string): Command {
  return cmd.option('--set <path=values>', help, (v: string, prev: string[]) => [...prev, v], [] as string[]);
}

/** How the experiment runs: the worker threads, the event budget, and the progress bar's tick. */
function runWith(opts: RunFlags, bar: { tick: (done: number) => void }) {
  return { workers: opts.workers ?? defaultWorkers(), eventBudget: opts.eventBudget, onProgress: (done: number) => bar.tick(done) };
}

const silent = { tick: () => {}, stop: () => {} };
const folderName = (name: string) => name.replace(/[^\w.-]+/g, '-');

/** Run `work` with the bar showing; the bar stops whatever happens. */
async function withBar<T>(bar: { stop: () => void }, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    bar.stop();
  }
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('sim')
    .description('Deterministic simulator of Flower federated learning on OpenNebula, auto-scaled by OneFlow')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });

  runFlags(
    program
      .command('run')
      .description('run every policy set of a scenario and compare them')
      .argument('<file>', 'scenario YAML file')
      .option('--replications <n>', 'replications per policy set', integer('--replications', 1))
      .option('--seed <s>', "seed (overrides the scenario's)", integer('--seed', Number.MIN_SAFE_INTEGER))
      .option('--policy-set <name>', 'run only this policy set')
      .option('--json', 'print the summary, the comparison and the recommendation as JSON on stdout'),
    'reports/<name>/',
  ).action(async (file: string, opts: RunFlags & { replications?: number; seed?: number; policySet?: string; json?: boolean }) => {
    const scenario = loadScenarioFile(file, { seed: opts.seed, replications: opts.replications, policySet: opts.policySet });
    const dir = opts.out ?? join('reports', folderName(scenario.name));
    // The folder is checked and staged before the run; rows go to disk as replications end.
    const out = new StagedOutput(dir);
    const total = scenario.policySets.reduce((n, s) => n + s.replications, 0);
    const bar = opts.quiet ? silent : progressBar(total);
    let result: Awaited<ReturnType<typeof runScenario>>;
    // Started now, the chart thread loads Vega while the replications run.
    const charts = new ChartThread();
    try {
      const rows = new RowFiles(out, scenario.policySets);
      const ahead = rowChartsAhead(charts, scenario.policySets);
      // Replication 0 of every policy set runs first, so that its charts render while the others run; they are asked
      // for once two thirds of the replications are in, when this thread's code is hot (on 2 vCPUs, the chart thread
      // had taken the other core from the compiler threads: the run took 0.951 of the time, 8 pairs, asking then).
      const onRows = (r: ReplicationResult) => rows.add(r);
      const firsts: ReplicationResult[] = [];
      const askAt = Math.ceil((total * 2) / 3);
      let computed = 0;
      const onComputed = (_i: number, r: ReplicationResult) => {
        if (r.replication === 0) firsts.push(r);
        if (++computed >= askAt) for (const x of firsts.splice(0)) ahead(x);
      };
      result = await withBar(bar, () =>
        runScenario(scenario, { ...runWith(opts, bar), digest: rows.digest, onRows, early: (j) => j.replication === 0, onComputed }),
      );
      writing(dir, opts.quiet);
      // The charts render on their thread while this one writes timeline.csv.
      const files = outputFiles(result, { rows: false, render: charts.render });
      files.catch(() => {});
      rows.finish();
      for (const [name, content] of Object.entries(await files)) out.write(name, content);
      out.commit();
    } catch (e) {
      out.discard();
      throw e;
    } finally {
      await charts.close();
    }
    if (opts.json) process.stdout.write(runResultJson(result));
    else if (!opts.quiet) {
      const color = useColor(process.stdout);
      process.stdout.write(`${comparisonTable(result.summary, color)}\n${recommendationText(result.recommendation, color)}\n`);
      process.stdout.write(
        `summary.csv, replications.csv, comparison.csv, recommendation.json, rounds.csv, scaling.csv, timeline.csv and run.json in ${dir}\nreport: ${join(dir, 'report.html')}\n`,
      );
    }
  });

  runFlags(
    setFlag(
      program
        .command('sweep')
        .description('run every policy set at every point of a grid of values (one summary row per point and policy set)')
        .argument('<file>', 'scenario YAML file'),
      'a scenario path and its values, e.g. oneflow.role.elasticity_policies.1.cooldown=300,600,1200 (repeat for a grid)',
    )
      .option('--replications <n>', 'replications per point and policy set', integer('--replications', 1))
      .option('--shard <i/n>', 'run only shard I of N (points p with p mod N = I - 1)')
      .option('--policy-set <name>', 'sweep only this policy set'),
    'reports/<name>-sweep/',
  ).action(async (file: string, opts: RunFlags & { set: string[]; replications?: number; shard?: string; policySet?: string }) => {
    if (opts.set.length === 0) throw userError('give at least one --set PATH=V1,V2,...');
    const grid = opts.set.map(parseSet);
    const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
    const scenario = loadScenarioFile(file, { policySet: opts.policySet });
    const dir = opts.out ?? join('reports', `${folderName(scenario.name)}-sweep`);
    checkOutputDir(dir);
    const points = gridPoints(grid).filter((p) => inShard(p.point, shard ?? { index: 1, count: 1 })).length;
    const perPoint = scenario.policySets.reduce((n, s) => n + (opts.replications ?? s.replications), 0);
    const bar = opts.quiet ? silent : progressBar(points * perPoint);
    const result = await withBar(bar, () => sweep(scenario, grid, { replications: opts.replications, shard, ...runWith(opts, bar) }));
    const first = scenario.policySets[0];
    const manifest = {
      version: VERSION,
      scenario: file,
      name: scenario.name,
      seed: first?.seed ?? null,
      replications: opts.replications ?? first?.replications ?? null,
    };
    writing(dir, opts.quiet);
    writeOutputs(dir, sweepFiles(result, manifest));
    if (!opts.quiet)
      process.stdout.write(
        `${result.rows.length} rows (${result.points.length} points x ${scenario.policySets.length} policy sets) in ${join(dir, 'sweep.csv')}\n`,
      );
  });

  runFlags(
    tuneFlags(
      setFlag(
        program
          .command('tune')
          .description('find the best point of a grid for one policy set, spending replications where they tell candidates apart')
          .argument('<file>', 'scenario YAML file'),
        'a scenario path and its values (as for sim sweep; repeat for a grid)',
      ),
    ),
    'reports/<name>-tune/',
  ).action(async (file: string, opts: RunFlags & { set: string[]; policySet?: string; replications?: number; budget?: number }) => {
    const { grid, scenario, dir } = tuneInput(file, opts);
    const options = { policySet: opts.policySet, replications: opts.replications, budget: opts.budget };
    // Check everything, and size the bar, before anything runs.
    const plan = planTune(scenario, grid, options);
    const bar = opts.quiet ? silent : progressBar(plan.state.budget, 'tuning', 'replication-runs (at most)');
    const result = await withBar(bar, () => tune(scenario, grid, { ...options, ...runWith(opts, bar) }));
    writing(dir, opts.quiet);
    writeTune(dir, file, opts.set, result);
    if (!opts.quiet) {
      const color = useColor(process.stdout);
      process.stdout.write(`${tuneTable(result)}\n${recommendationText(result.recommendation, color, true)}`);
      process.stdout.write(
        `${result.spent} of ${result.budget} replication-runs in ${stages(result.stages)}; tune.csv, recommendation.json and recommended.yaml in ${dir}\n`,
      );
    }
  });

  // sim tune on a batch engine (docs/scaling-out.md): plan a stage, run its shards anywhere, plan again.
  tuneFlags(
    setFlag(
      program
        .command('tune-step')
        .description('plan the next stage of a tune run in shards on a batch engine, or finish it (see docs/scaling-out.md)')
        .argument('<file>', 'scenario YAML file'),
      'a scenario path and its values (as for sim tune; repeat for a grid)',
    )
      .requiredOption('--state <dir>', 'the folder that holds the tune between steps')
      .requiredOption('--shards <n>', 'shards each stage is run in (sim tune-shard --shard I/N)', integer('--shards', 1)),
  )
    .option('--out <dir>', 'where the finished tune writes its files (default reports/<name>-tune/)')
    .option('--quiet', 'print nothing but errors')
    .action(
      (
        file: string,
        opts: { set: string[]; state: string; shards: number; policySet?: string; replications?: number; budget?: number; out?: string; quiet?: boolean },
      ) => {
        const { grid, scenario, dir } = tuneInput(file, opts);
        const args = { file, set: opts.set, policySet: opts.policySet, replications: opts.replications, budget: opts.budget };
        const step = tuneStep(scenario, grid, args, opts.state, opts.shards);
        const say = (text: string) => {
          if (!opts.quiet) process.stdout.write(`${text}\n`);
        };
        if (step.kind === 'stage')
          say(
            `stage ${step.stage}: ${step.runs} replication-runs; run shards ${step.shards.join(',')} of ${opts.shards} (sim tune-shard --state ${opts.state} --shard I/${opts.shards}), then sim tune-step again`,
          );
        else if (step.kind === 'missing')
          say(
            `stage ${step.stage}: shards ${step.shards.join(',')} of ${opts.shards} have no figures (failed, killed or not run): run them again, then sim tune-step again`,
          );
        else {
          const r = step.result;
          writeTune(dir, file, opts.set, r);
          say(`done: ${r.spent} of ${r.budget} replication-runs in ${stages(r.stages)}; tune.csv, recommendation.json and recommended.yaml in ${dir}`);
        }
      },
    );

  threadFlags(
    program
      .command('tune-shard')
      .description('run one shard of the current stage of a tune planned by sim tune-step (a batch array task)')
      .requiredOption('--state <dir>', "the tune's folder (as given to sim tune-step)")
      .requiredOption('--shard <i/n>', 'the shard to run: I of N')
      .option('--if-missing', 'do nothing if the shard already has its figures (for engines that rerun whole arrays)')
      .option('--quiet', 'print nothing but errors'),
  ).action(async (opts: RunFlags & { state: string; shard: string; ifMissing?: boolean }) => {
    const shard = parseShard(opts.shard);
    const load = (a: TuneArgs) => ({ scenario: loadScenarioFile(a.file), grid: a.set.map(parseSet) });
    const done = await tuneShard(load, opts.state, shard, {
      workers: opts.workers ?? defaultWorkers(),
      eventBudget: opts.eventBudget,
      ifMissing: opts.ifMissing,
    });
    if (!opts.quiet) process.stdout.write(`stage ${done.stage}, shard ${shard.index}/${shard.count}: ${done.runs} replication-runs done\n`);
  });

  program
    .command('merge')
    .description('join the output folders of sharded sweeps into one sweep.csv, identical to the unsharded run')
    .argument('<dirs...>', 'shard output folders')
    .option('--out <dir>', "where to write the merged sweep.csv (default: the first folder's parent, merged/)")
    .action((dirs: string[], opts: { out?: string }) => {
      const shards = dirs.map((dir) => {
        const read = (name: string) => {
          try {
            return readFileSync(join(dir, name), 'utf8');
          } catch {
            throw userError(`${dir} has no ${name}: is it the --out folder of a sim sweep?`);
          }
        };
        return { dir, manifest: readManifest(dir, read('sweep.json')), csv: read('sweep.csv') };
      });
      const out = opts.out ?? join(dirname(dirs[0]!), 'merged');
      writeOutputs(out, mergeSweeps(shards));
      process.stdout.write(`merged ${dirs.length} shard${dirs.length === 1 ? '' : 's'} into ${join(out, 'sweep.csv')}\n`);
    });

  const oneflow = program.command('oneflow').description("OneFlow's autoscaler on its own");
  oneflow
    .command('replay')
    .description('what OneFlow would have decided, tick by tick, on recorded VM attributes')
    .argument('<file>', 'replay input (JSON): role, scaling_duration, start, ticks [{t, vms}]')
    .option('--json', 'print the decisions as a JSON array')
    .action((file: string, opts: { json?: boolean }) => {
      let input: unknown;
      try {
        input = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new UserError([{ file, message: `not a readable JSON file: ${(e as Error).message}` }], REPLAY_INPUT);
      }
      let ticks: ReturnType<typeof replayAutoscaler>;
      try {
        ticks = replayAutoscaler(input, { onWarning: (w) => process.stderr.write(`warning: ${file}: ${w.path || '(input)'}: ${w.message}\n`) });
      } catch (e) {
        // The input's problems are at JSON paths of this file.
        if (e instanceof UserError)
          throw new UserError(
            e.problems.map((p) => ({ ...p, file })),
            REPLAY_INPUT,
          );
        throw e;
      }
      process.stdout.write(opts.json ? toJson(ticks) : replayTable(ticks));
    });

  program
    .command('lint')
    .description('check a scenario for the anti-patterns and pitfalls without running it (exit 1 on an error)')
    .argument('<file>', 'scenario YAML file')
    .option('--json', 'print the findings as JSON')
    .option(
      '--ignore <id>',
      "leave out a rule, e.g. PF-08 (repeat for more; adds to the scenario's lint.ignore)",
      (v: string, prev: string[]) => {
        if (!isRuleId(v)) throw new InvalidArgumentError(`--ignore ${v}: no such rule; the rules are ${RULE_IDS.join(', ')}`);
        return [...prev, v];
      },
      [] as string[],
    )
    .action((file: string, opts: { json?: boolean; ignore: string[] }) => {
      const { findings, ignored } = lintReport(loadScenarioFile(file), { ignore: opts.ignore });
      if (opts.json) process.stdout.write(toJson(findings));
      else process.stdout.write(formatFindings(findings, useColor(process.stdout), ignored));
      if (hasErrors(findings)) process.exitCode = 1;
    });

  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors)')
    .action(() => {
      process.stdout.write(toJson(scenarioSchema));
    });

  return program;
}

/** SIGINT and SIGTERM while files are written: remove the temporary folder, keep the old output, exit 130 / 143. */
function onSignal(signal: NodeJS.Signals): void {
  removeTemporaries();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

export async function main(argv: string[]): Promise<number> {
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : USAGE_ERROR;
    if (e instanceof UserError) {
      process.stderr.write(formatUserError(e));
      return USAGE_ERROR;
    }
    if (e instanceof OutputError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ReplicationFailed) {
      // A run-time failure, not a user mistake: the message says which replication and how to run it again.
      const bug = e.failure.stack === null ? '' : `\nthis is a bug in the simulator; please report it with the command above:\n${e.failure.stack}`;
      process.stderr.write(`error: ${e.message}${bug}\n`);
      return 1;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
