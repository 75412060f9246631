/**
 * One role's `scale?` (flow/models/vmrole.rb), as a pure function of the role,
 * its policies' state, the time and the RUNNING VMs' attributes: scheduled
 * policies first, then elasticity policies in order, the first non-zero change
 * wins and later policies are not evaluated; last, the implicit min_vms rule.
 */
import type { ElasticityPolicy, RoleConfig, ScheduledPolicy } from '../config.js';
import { calculateNewCardinality } from './cardinality.js';
import { nextOccurrence } from './cron.js';
import { evaluate, ExpressionError, parseErrorRendering, type Expr, type VmAttributes } from './expression.js';

export interface ElasticityState {
  /** Sim ms of the last evaluation; null before the first. */
  last_eval: number | null;
  /** Consecutive true evaluations; null before the first and after SCALING cleared it. */
  true_evals: number | null;
  expression_evaluated: string | null;
}

export interface ScheduledState {
  last_eval: number | null;
}

/** What OneFlow keeps of a role between ticks. */
export interface RoleScalingState {
  cardinality: number;
  /** The role's cooldown (ms), overwritten by every firing policy's (the sticky quirk). */
  cooldown: number | null;
  elasticity: ElasticityState[];
  scheduled: ScheduledState[];
}

/** The wall clock the server reads: sim ms -> epoch ms, and its local UTC offset. */
export interface ServerClock {
  startEpochMs: number;
  offsetMs: number;
}

export type Firing = { kind: 'scheduled' | 'elasticity'; index: number } | { kind: 'min' };

export interface ScaleResult {
  /** The change asked for; 0 when nothing fires. */
  diff: number;
  /** The cooldown recorded with the change (null: a scheduled policy without its own). */
  cooldown: number | null;
  firing: Firing | null;
  state: RoleScalingState;
}

export function initialRoleState(role: RoleConfig): RoleScalingState {
  return {
    cardinality: role.cardinality,
    cooldown: role.cooldown,
    elasticity: role.elasticity_policies.map(() => ({ last_eval: null, true_evals: null, expression_evaluated: null })),
    scheduled: role.scheduled_policies.map(() => ({ last_eval: null })),
  };
}

/** A policy's expression, parsed once (a parse error counts as false, vmrole.rb). */
export type ParsedExpression = Expr | ExpressionError;

/**
 * vmrole.rb scale_attributes?: skip while now < last_eval + period; else last_eval = now and
 * evaluate; true -> true_evals = min(true_evals + 1, period_number), firing once it reaches
 * period_number; false -> true_evals = 0.
 */
function elasticityStep(
  policy: ElasticityPolicy,
  parsed: ParsedExpression,
  st: ElasticityState,
  now: number,
  vms: readonly VmAttributes[],
): { next: ElasticityState; fires: boolean } {
  if (st.last_eval !== null && now < st.last_eval + policy.period) return { next: st, fires: false };
  const ev = parsed instanceof ExpressionError ? { value: false, rendered: parseErrorRendering(policy.expression, parsed) } : evaluate(parsed, vms);
  if (!ev.value) return { next: { last_eval: now, true_evals: 0, expression_evaluated: ev.rendered }, fires: false };
  const trueEvals = Math.min((st.true_evals ?? 0) + 1, policy.period_number);
  return { next: { last_eval: now, true_evals: trueEvals, expression_evaluated: ev.rendered }, fires: trueEvals >= policy.period_number };
}

/**
 * Ruby's Time.parse for start_time: a date-time (local time unless it names its zone), or a
 * time of day alone, which means that time on the current day.
 */
export function startTimeEpoch(text: string, nowEpochMs: number, offsetMs: number): number | null {
  const tod = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (tod) {
    const local = new Date(nowEpochMs + offsetMs);
    const day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
    return day + ((Number(tod[1]) * 60 + Number(tod[2])) * 60 + Number(tod[3] ?? 0)) * 1000 - offsetMs;
  }
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/.exec(text);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  if (Number.isNaN(wall)) return null;
  if (!m[7]) return wall - offsetMs;
  if (m[7] === 'Z') return wall;
  const z = /([+-])(\d{2}):?(\d{2})/.exec(m[7])!;
  return wall - (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
}

/**
 * vmrole.rb scale_time?: the first evaluation only records last_eval; a recurrence fires when
 * its next time after last_eval falls in (last_eval, now] (missed occurrences collapse);
 * a start_time fires when it falls in (last_eval, now].
 */
function scheduledStep(policy: ScheduledPolicy, st: ScheduledState, now: number, clock: ServerClock): { next: ScheduledState; fires: boolean } {
  const next = { last_eval: now };
  if (st.last_eval === null) return { next, fires: false };
  const lastEpoch = clock.startEpochMs + st.last_eval;
  const nowEpoch = clock.startEpochMs + now;
  let due: number | null;
  if (policy.recurrence !== null) due = nextOccurrence(policy.recurrence, lastEpoch, clock.offsetMs);
  else due = startTimeEpoch(policy.start_time ?? '', nowEpoch, clock.offsetMs);
  return { next, fires: due !== null && due > lastEpoch && due <= nowEpoch };
}

export interface ScaleInput {
  role: RoleConfig;
  parsed: readonly ParsedExpression[];
  state: RoleScalingState;
  /** Sim ms. */
  now: number;
  clock: ServerClock;
  defaultCooldown: number;
  /** Attributes of the role's RUNNING VMs. */
  vms: readonly VmAttributes[];
}

/** vmrole.rb scale?: the change one tick asks for, and the policies' state after it. */
export function scaleRole(input: ScaleInput): ScaleResult {
  const { role, state, now } = input;
  const scheduled = state.scheduled.slice();
  const elasticity = state.elasticity.slice();
  const done = (diff: number, cooldown: number | null, firing: Firing | null): ScaleResult => ({
    diff,
    cooldown,
    firing,
    state: { ...state, scheduled, elasticity },
  });
  for (let i = 0; i < role.scheduled_policies.length; i++) {
    const policy = role.scheduled_policies[i]!;
    const step = scheduledStep(policy, scheduled[i]!, now, input.clock);
    scheduled[i] = step.next;
    if (!step.fires) continue;
    const diff = calculateNewCardinality(policy, state.cardinality, role.min_vms, role.max_vms) - state.cardinality;
    // A scheduled policy records its own cooldown only (null otherwise).
    if (diff !== 0) return done(diff, policy.cooldown, { kind: 'scheduled', index: i });
  }
  for (let i = 0; i < role.elasticity_policies.length; i++) {
    const policy = role.elasticity_policies[i]!;
    const step = elasticityStep(policy, input.parsed[i]!, elasticity[i]!, now, input.vms);
    elasticity[i] = step.next;
    if (!step.fires) continue;
    const diff = calculateNewCardinality(policy, state.cardinality, role.min_vms, role.max_vms) - state.cardinality;
    // New cardinality equal to the current one: change 0, move on to the next policy.
    if (diff !== 0) return done(diff, policy.cooldown ?? state.cooldown ?? input.defaultCooldown, { kind: 'elasticity', index: i });
  }
  // The implicit rule keeps min_vms, with no cooldown.
  if (role.min_vms !== null && state.cardinality < role.min_vms) return done(role.min_vms - state.cardinality, 0, { kind: 'min' });
  return done(0, null, null);
}
