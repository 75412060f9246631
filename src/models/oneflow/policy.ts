/**
 * One role's `scale?` (flow/models/vmrole.rb), as a pure function of the role,
 * its policies' state, the time and the RUNNING VMs' attributes: scheduled
 * policies first, then elasticity policies in order, the first non-zero change
 * wins and later policies are not evaluated; last, the implicit min_vms rule.
 */
import type { ElasticityPolicy, RoleConfig, ScheduledPolicy } from '../config.js';
import { calculateNewCardinality } from './cardinality.js';
import { nextOccurrence } from './cron.js';
import { attributeNames, type Expr, ExpressionError, evaluate, parseErrorRendering, parseExpression, type VmAttributes } from './expression.js';
import { parseStartTime, startTimeEpochSeconds } from './start-time.js';

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

/** A role as OneFlow first loads it: VMRole#initialize writes default_cooldown into a body without a cooldown (vmrole.rb). */
export function initialRoleState(role: RoleConfig, defaultCooldown: number): RoleScalingState {
  return {
    cardinality: role.cardinality,
    cooldown: role.cooldown ?? defaultCooldown,
    elasticity: role.elasticity_policies.map(() => ({ last_eval: null, true_evals: null, expression_evaluated: null })),
    scheduled: role.scheduled_policies.map(() => ({ last_eval: null })),
  };
}

/** A policy's expression, parsed once: a parse error counts as false; null is an empty (or absent) one (vmrole.rb scale_rule). */
export type ParsedExpression = Expr | ExpressionError | null;

/** Parse a policy's expression the way scale_rule takes it: never throws for a bad expression. */
export function parsePolicyExpression(expression: string): ParsedExpression {
  if (expression === '') return null;
  try {
    return parseExpression(expression);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
}

/** The attributes a parsed policy expression reads (none when it is empty or does not parse). */
export function expressionReads(parsed: ParsedExpression): string[] {
  return parsed === null || parsed instanceof ExpressionError ? [] : attributeNames(parsed);
}

/** Whether a role has any policy for the autoscaler to evaluate. */
export function hasPolicies(role: Pick<RoleConfig, 'elasticity_policies' | 'scheduled_policies'>): boolean {
  return role.elasticity_policies.length + role.scheduled_policies.length > 0;
}

/** The server's Time.now.to_i at sim time `t` (ms): whole epoch seconds, which is what OneFlow stores as last_eval. */
function epochSeconds(clock: ServerClock, t: number): number {
  return Math.floor((clock.startEpochMs + t) / 1000);
}

/**
 * vmrole.rb scale_attributes?: skip while now < last_eval + period (whole seconds, period.to_i);
 * else last_eval = now and evaluate; true -> true_evals = min(true_evals + 1, period_number),
 * firing once it reaches period_number; false -> true_evals = 0.
 */
function elasticityStep(
  policy: ElasticityPolicy,
  parsed: ParsedExpression,
  st: ElasticityState,
  now: number,
  clock: ServerClock,
  vms: readonly VmAttributes[],
): { next: ElasticityState; fires: boolean } {
  if (st.last_eval !== null && epochSeconds(clock, now) < epochSeconds(clock, st.last_eval) + Math.trunc(policy.period / 1000))
    return { next: st, fires: false };
  // scale_rule: an empty expression is false and renders nothing; one that does not parse is false and says why.
  const ev =
    parsed === null
      ? { value: false, rendered: null }
      : parsed instanceof ExpressionError
        ? { value: false, rendered: parseErrorRendering(policy.expression, parsed) }
        : evaluate(parsed, vms);
  if (!ev.value) return { next: { last_eval: now, true_evals: 0, expression_evaluated: ev.rendered }, fires: false };
  const trueEvals = Math.min((st.true_evals ?? 0) + 1, policy.period_number);
  return { next: { last_eval: now, true_evals: trueEvals, expression_evaluated: ev.rendered }, fires: trueEvals >= policy.period_number };
}

/**
 * vmrole.rb scale_time?: last_eval = now first; the first evaluation only records it; a policy
 * without adjust returns 0; a recurrence fires when its next time after last_eval falls in
 * (last_eval, now] (missed occurrences collapse); a start_time (epoch seconds, or Time.parse,
 * start-time.ts) fires when it falls in (last_eval, now]; one that Time.parse refuses returns 0.
 * Times are whole epoch seconds, as OneFlow stores them.
 */
function scheduledStep(policy: ScheduledPolicy, st: ScheduledState, now: number, clock: ServerClock): { next: ScheduledState; fires: boolean } {
  const next = { last_eval: now };
  if (st.last_eval === null || policy.adjust === null) return { next, fires: false };
  const last = epochSeconds(clock, st.last_eval);
  const nowS = epochSeconds(clock, now);
  let due: number | null;
  if (policy.start_time !== null && policy.start_time !== '')
    due = startTimeEpochSeconds(parseStartTime(policy.start_time), clock.startEpochMs + now, clock.offsetMs);
  else if (policy.recurrence !== null && policy.recurrence !== '') due = Math.floor(nextOccurrence(policy.recurrence, last * 1000, clock.offsetMs) / 1000);
  else due = null;
  return { next, fires: due !== null && due > last && due <= nowS };
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

/** A ScaleResult: the role's state is `state` itself unless a policy's changed (`scheduled` or `elasticity` copied). */
function scaleResult(
  diff: number,
  cooldown: number | null,
  firing: Firing | null,
  state: RoleScalingState,
  scheduled: ScheduledState[],
  elasticity: ElasticityState[],
): ScaleResult {
  return {
    diff,
    cooldown,
    firing,
    // Written out, not spread: a spread of the state cost more than the rest of the tick (same keys, same order).
    state:
      scheduled === state.scheduled && elasticity === state.elasticity
        ? state
        : { cardinality: state.cardinality, cooldown: state.cooldown, elasticity, scheduled },
  };
}

/** vmrole.rb scale?: the change one tick asks for, and the policies' state after it (`state` itself when no policy's changed). */
export function scaleRole(input: ScaleInput): ScaleResult {
  const { role, state, now } = input;
  // Copied on the first change only: a role without policies, or whose policies all wait for their period, keeps
  // its state (every tick of a role is kept, with the state it left).
  let scheduled = state.scheduled;
  let elasticity = state.elasticity;
  for (let i = 0; i < role.scheduled_policies.length; i++) {
    const policy = role.scheduled_policies[i]!;
    const step = scheduledStep(policy, scheduled[i]!, now, input.clock);
    if (step.next !== scheduled[i]) {
      if (scheduled === state.scheduled) scheduled = scheduled.slice();
      scheduled[i] = step.next;
    }
    if (!step.fires) continue;
    const diff = calculateNewCardinality({ ...policy, adjust: policy.adjust! }, state.cardinality, role.min_vms, role.max_vms) - state.cardinality;
    // A scheduled policy records its own cooldown only (null otherwise).
    if (diff !== 0) return scaleResult(diff, policy.cooldown, { kind: 'scheduled', index: i }, state, scheduled, elasticity);
  }
  for (let i = 0; i < role.elasticity_policies.length; i++) {
    const policy = role.elasticity_policies[i]!;
    const step = elasticityStep(policy, input.parsed[i]!, elasticity[i]!, now, input.clock, input.vms);
    if (step.next !== elasticity[i]) {
      if (elasticity === state.elasticity) elasticity = elasticity.slice();
      elasticity[i] = step.next;
    }
    if (!step.fires) continue;
    const diff = calculateNewCardinality(policy, state.cardinality, role.min_vms, role.max_vms) - state.cardinality;
    // New cardinality equal to the current one: change 0, move on to the next policy.
    if (diff !== 0)
      return scaleResult(diff, policy.cooldown ?? state.cooldown ?? input.defaultCooldown, { kind: 'elasticity', index: i }, state, scheduled, elasticity);
  }
  // The implicit rule keeps min_vms, with no cooldown.
  if (role.min_vms !== null && state.cardinality < role.min_vms)
    return scaleResult(role.min_vms - state.cardinality, 0, { kind: 'min' }, state, scheduled, elasticity);
  return scaleResult(0, null, null, state, scheduled, elasticity);
}
