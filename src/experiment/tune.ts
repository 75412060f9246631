/**
 * `sim tune`: simulation optimisation on common random numbers. The candidates
 * are a grid's points applied to one policy set. Each stage gives every
 * surviving candidate more replications (replication i of every candidate on
 * `sim run`'s seeds for replication i), then drops those that are infeasible
 * with confidence (a constraint's interval wholly on the wrong side) and those
 * worse than the current best with confidence (paired interval on the
 * objective). The tune stops when one candidate is left, every survivor has
 * the maximum of replications, or the budget of replication-runs is spent; the
 * recommendation rule then picks among the survivors.
 *
 * The tune is a state that only grows: `planStage` decides the next stage
 * from the figures so far, a runner runs its jobs, `recordStage` adds their
 * figures. Any runner that returns results in job order gives the same tune.
 */
import type { Finding } from '../lint/finding.js';
import { lintScenario } from '../lint/lint.js';
import { type Decision, goalMetric, goalSense } from '../scenario/decision.js';
import { userError } from '../scenario/errors.js';
import { type Grid, gridPoints } from '../scenario/grid.js';
import { setAtPath } from '../scenario/load.js';
import { deepMerge } from '../scenario/merge.js';
import { formatMetric, type MetricName } from '../scenario/metrics.js';
import type { ScenarioFile } from '../scenario/scenario-file.js';
import { bonferroni, type Estimate, estimate } from '../sim/statistics.js';
import { difference } from './compare.js';
import { type PolicySetSummary, type ReplicationFigures, replicationFigures, series, summaryOf } from './figures.js';
import { constraintProblem, type Recommendation, recommend } from './recommend.js';
import { planSweep, setOf } from './sweep.js';
import { type Job, replicate } from './workers.js';

export type CandidateStatus = 'recommended' | 'contender' | 'dropped' | 'infeasible';

export interface TuneOptions {
  /** The policy set the grid is applied to (default: the decision's baseline). */
  policySet?: string | undefined;
  /** Replications a candidate gets at most (MAX; default: the scenario's replications). */
  replications?: number | undefined;
  /** Replication-runs in all (default: half of points x MAX). */
  budget?: number | undefined;
  /** Called after each replication-run, with the runs done and the budget. */
  onProgress?: ((done: number, budget: number) => void) | undefined;
}

/** What the tune knows of one candidate. */
export interface CandidateState {
  point: number;
  params: Record<string, unknown>;
  /** null while it runs on; set when it is dropped or found infeasible. */
  out: { status: 'dropped' | 'infeasible'; stage: number; why: string } | null;
  /** Its figures, replication by replication from 0. */
  figures: ReplicationFigures[];
}

/** What a tune is and how far it got. */
export interface TuneCounts {
  policySet: string;
  grid: Grid;
  /** Replications a candidate gets at most. */
  max: number;
  budget: number;
  /** Replication-runs made so far. */
  spent: number;
  /** Stages run so far. */
  stages: number;
}

export interface TuneState extends TuneCounts {
  candidates: CandidateState[];
}

export interface TuneCandidate {
  point: number;
  params: Record<string, unknown>;
  replications: number;
  status: CandidateStatus;
  /** The stage it was dropped at or found infeasible (0: by sim lint, before any run); null for the survivors. */
  stage: number | null;
  why: string;
  summary: PolicySetSummary;
}

export interface TuneResult extends TuneCounts {
  decision: Decision;
  candidates: TuneCandidate[];
  /** As for sim run, with the pick's point and parameters. */
  recommendation: Recommendation & { point: number | null; parameters: Record<string, unknown> | null };
  /** A policy_sets entry for the pick, ready to paste into the scenario (null without a pick). */
  recommended: Record<string, unknown> | null;
}

const label = (point: number) => `point ${point}`;

/** The first stage's replications: a quarter of MAX, at least 2 and at most 5; each later stage doubles it. */
export function initialReplications(max: number): number {
  return Math.min(max, Math.max(2, Math.min(5, Math.ceil(max / 4))));
}

export interface TunePlan {
  scenario: ScenarioFile;
  decision: Decision;
  /** The scenario at each point, with only the tuned policy set. */
  loaded: ScenarioFile[];
  state: TuneState;
}

/** Check the arguments and every point, lint each candidate, and start the state. Nothing runs. */
export function planTune(scenario: ScenarioFile, grid: Grid, options: TuneOptions = {}): TunePlan {
  const decision = scenario.decision;
  const policySet = options.policySet ?? decision.baseline;
  if (!scenario.policySets.some((s) => s.policy_set === policySet))
    throw userError(`--policy-set ${policySet}: no such policy set; the file has: ${scenario.policySets.map((s) => s.policy_set).join(', ')}`);
  const max = options.replications ?? scenario.policySets.find((s) => s.policy_set === policySet)!.replications;
  if (max < 2) throw userError(`--replications ${max}: a tune compares intervals, so a candidate needs at least 2 replications`);
  const points = gridPoints(grid);
  const budget = options.budget ?? Math.floor((points.length * max) / 2);
  if (budget < 2 * points.length)
    throw userError(`--budget ${budget}: ${points.length} candidates need at least 2 replications each, a budget of ${2 * points.length} or more`);
  if (!scenario.reload) throw userError('this scenario cannot be tuned: load it with loadScenario');
  // Every point of the grid, validated before anything runs, with only the tuned policy set.
  const { loaded } = planSweep(scenario.reload({ policySet }), grid, { replications: max });
  const candidates: CandidateState[] = points.map((p, i) => {
    const errors = lintErrors(lintScenario(loaded[i]!));
    return { point: p.point, params: p.params, out: errors ? { status: 'infeasible', stage: 0, why: errors } : null, figures: [] };
  });
  return { scenario, decision, loaded, state: { policySet, grid, max, budget, spent: 0, stages: 0, candidates } };
}

function lintErrors(findings: readonly Finding[]): string | null {
  const errors = findings.filter((f) => f.severity === 'error');
  return errors.length === 0 ? null : errors.map((f) => `sim lint: ${f.id} at ${f.path}`).join('; ');
}

/** One replication of one candidate to run. */
export interface TuneJob {
  candidate: number;
  replication: number;
}

/**
 * Decide the next stage: drop what the figures so far rule out (from the second stage on),
 * then give each survivor its next replications within MAX and the budget. Returns no jobs
 * when the tune is over.
 */
export function planStage(state: TuneState, decision: Decision): TuneJob[] {
  if (state.stages > 0) prune(state, decision);
  const survivors = state.candidates.filter((c) => c.out === null);
  if (state.stages > 0 && survivors.length <= 1) return [];
  if (survivors.length === 0) return [];
  const n = survivors[0]!.figures.length;
  const target = state.stages === 0 ? initialReplications(state.max) : Math.min(state.max, 2 * n);
  let extra = target - n;
  const left = state.budget - state.spent;
  if (survivors.length * extra > left) extra = Math.floor(left / survivors.length);
  if (extra <= 0) return [];
  const jobs: TuneJob[] = [];
  for (const c of survivors) for (let r = n; r < n + extra; r++) jobs.push({ candidate: state.candidates.indexOf(c), replication: r });
  return jobs;
}

/** Add a stage's figures, in job order. */
export function recordStage(state: TuneState, jobs: readonly TuneJob[], figures: readonly ReplicationFigures[]): void {
  jobs.forEach((j, i) => {
    state.candidates[j.candidate]!.figures.push(figures[i]!);
  });
  state.spent += jobs.length;
  state.stages++;
}

/** The survivors after a stage: out go the infeasible with confidence, then the worse than the best with confidence. */
function prune(state: TuneState, decision: Decision): void {
  const stage = state.stages;
  const survivors = state.candidates.filter((c) => c.out === null);
  const level = bonferroni(decision.confidence, Math.max(1, survivors.length - 1));
  for (const c of survivors) {
    for (const k of decision.constraints) {
      const e = estimate(series(c.figures, k.metric), level);
      if (k.max !== undefined && e.low > k.max)
        c.out = { status: 'infeasible', stage, why: `${k.metric} ${interval(k.metric, e)} is wholly above the max ${formatMetric(k.metric, k.max)}` };
      else if (k.min !== undefined && e.high < k.min)
        c.out = { status: 'infeasible', stage, why: `${k.metric} ${interval(k.metric, e)} is wholly below the min ${formatMetric(k.metric, k.min)}` };
      if (c.out) break;
    }
  }
  const objective = goalMetric(decision.objective);
  const sense = goalSense(decision.objective);
  const left = state.candidates.filter((c) => c.out === null);
  // The current best among the survivors whose constraint means hold (ties to the first point).
  const holds = left.filter((c) => decision.constraints.every((k) => constraintProblem(k, meanOf(c, k.metric)) === null));
  if (holds.length === 0) return;
  let best = holds[0]!;
  for (const c of holds.slice(1))
    if (sense === 'maximize' ? meanOf(c, objective) > meanOf(best, objective) : meanOf(c, objective) < meanOf(best, objective)) best = c;
  for (const c of left) {
    if (c === best) continue;
    // How much worse than the best, as a positive amount in the objective's sense.
    const d = sense === 'maximize' ? difference(best.figures, c.figures, objective, level) : difference(c.figures, best.figures, objective, level);
    if (d.low > 0) c.out = { status: 'dropped', stage, why: `worse than ${label(best.point)} on ${objective} by ${interval(objective, d)}` };
  }
}

const meanOf = (c: CandidateState, m: MetricName) => estimate(series(c.figures, m)).mean;
const interval = (m: MetricName, e: Estimate) => `${formatMetric(m, e.mean)} [${formatMetric(m, e.low)}, ${formatMetric(m, e.high)}]`;

/** The jobs of a stage as the replications runner takes them. */
export function stageJobs(plan: TunePlan, jobs: readonly TuneJob[]): Job[] {
  return jobs.map((j) => ({
    scenario: plan.loaded[j.candidate]!.policySets[0]!,
    replication: j.replication,
    origin: { file: plan.scenario.file, set: setOf(plan.state.candidates[j.candidate]!.params) },
  }));
}

/** The survivors through the recommendation rule, every candidate's status, and the pick as a policy set. */
export function finishTune(plan: TunePlan): TuneResult {
  const { state, decision } = plan;
  const survivors = state.candidates.filter((c) => c.out === null && c.figures.length > 0);
  const figures = survivors.flatMap((c) => c.figures.map((f) => ({ ...f, policy_set: label(c.point) })));
  const rec = recommend({ figures, decision: { ...decision, baseline: figures[0]?.policy_set ?? decision.baseline }, findings: [], noun: 'candidate' });
  const pick = rec.policy_set === null ? null : survivors.find((c) => label(c.point) === rec.policy_set)!;
  const excludedWhy = new Map(rec.excluded.map((e) => [e.policy_set, e.why]));
  const candidates: TuneCandidate[] = state.candidates.map((c) => {
    const name = label(c.point);
    const summary = summaryOf(name, c.figures);
    let status: CandidateStatus;
    let stage: number | null = null;
    let why = '';
    if (c.out !== null) ({ status, stage, why } = c.out);
    else if (pick === c) {
      status = 'recommended';
      why = rec.reason;
    } else if (rec.contenders.some((k) => k.policy_set === name)) {
      status = 'contender';
      why = `cannot be told apart from the best on ${goalMetric(decision.objective)}; ${rec.policy_set} has the better ${goalMetric(decision.tie_break)}`;
    } else {
      const w = excludedWhy.get(name) ?? '';
      status = w.startsWith('worse than') ? 'dropped' : 'infeasible';
      stage = state.stages;
      why = w;
    }
    return { point: c.point, params: c.params, replications: c.figures.length, status, stage, why, summary };
  });
  const set = plan.scenario.rawPolicySets.find((s) => s.name === state.policySet)!;
  const recommendation = {
    ...rec,
    decision: { ...decision, baseline: state.policySet },
    against_baseline: null,
    point: pick?.point ?? null,
    parameters: pick?.params ?? null,
  };
  return {
    policySet: state.policySet,
    grid: state.grid,
    max: state.max,
    budget: state.budget,
    spent: state.spent,
    stages: state.stages,
    decision,
    candidates,
    recommendation,
    recommended: pick === null ? null : tunedPolicySet(set, pick.params, pick.point),
  };
}

/**
 * The pick as a policy set to paste: the tuned set's own overrides with the point's values set.
 * A path through a list takes the whole list (policy sets replace lists), as the set had it.
 */
export function tunedPolicySet(
  set: { name: string; description: string; override: Record<string, unknown>; merged: Record<string, unknown> },
  params: Record<string, unknown>,
  point: number,
): Record<string, unknown> {
  const override = structuredClone(set.override);
  const merged = structuredClone(set.merged);
  for (const [path, value] of Object.entries(params)) {
    setAtPath(merged, path, structuredClone(value));
    const segs = path.split('.');
    const listAt = segs.findIndex((_, i) => i < segs.length - 1 && Array.isArray(at(merged, segs.slice(0, i + 1))));
    if (listAt < 0) setAtPath(override, path, structuredClone(value));
    else {
      const listPath = segs.slice(0, listAt + 1);
      const into = deepMerge({}, override) as Record<string, unknown>;
      setAtPath(into, listPath.join('.'), structuredClone(at(merged, listPath)));
      Object.assign(override, into);
    }
  }
  const values = Object.entries(params)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  return { name: `${set.name}-tuned`, description: `${set.name} with ${values} (sim tune, point ${point})`, ...override };
}

function at(data: unknown, segs: readonly string[]): unknown {
  let cur = data;
  for (const s of segs) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[s] : undefined;
  return cur;
}

/** Run a tune, on this thread or `workers` threads: the same result either way. */
export async function tune(
  scenario: ScenarioFile,
  grid: Grid,
  options: TuneOptions & { workers?: number | undefined; eventBudget?: number | undefined } = {},
): Promise<TuneResult> {
  const plan = planTune(scenario, grid, options);
  for (;;) {
    const jobs = planStage(plan.state, plan.decision);
    if (jobs.length === 0) break;
    const before = plan.state.spent;
    const figures: ReplicationFigures[] = [];
    await replicate(stageJobs(plan, jobs), {
      workers: options.workers,
      eventBudget: options.eventBudget,
      onProgress: (done) => options.onProgress?.(before + done, plan.state.budget),
      onResult: (_i, r) => figures.push(replicationFigures(r)),
    });
    recordStage(plan.state, jobs, figures);
  }
  return finishTune(plan);
}
