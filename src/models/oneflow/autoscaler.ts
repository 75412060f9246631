/**
 * One autoscaler evaluation of a RUNNING service's role (flow/ServiceAutoScaler.rb):
 * `scale?`, then the policies' state saved and the role's cooldown overwritten by the
 * recorded one (LifeCycleManager update_role_policies: the sticky quirk), then the
 * scale request checked against [min_vms, max_vms]. Pure: the caller carries it out.
 */
import { rejectReason } from './cardinality.js';
import { scaleRole, type Firing, type RoleScalingState, type ScaleInput } from './policy.js';

export interface TickDecision {
  /** The change `scale?` returned. */
  diff: number;
  /** The cooldown recorded with a non-zero change (null for none, or a scheduled policy without its own). */
  cooldown: number | null;
  /** cardinality + diff when diff != 0. */
  target: number | null;
  rejected: boolean;
  reject_reason: string | null;
  firing: Firing | null;
  /** True when the service enters SCALING. */
  accepted: boolean;
  /** The role after the tick: policies' state, sticky cooldown, and on acceptance the new cardinality with every true_evals cleared. */
  state: RoleScalingState;
}

export function autoscalerTick(input: ScaleInput & { blocked?: string | null }): TickDecision {
  const r = scaleRole(input);
  let state = r.state;
  if (r.diff === 0) return { diff: 0, cooldown: null, target: null, rejected: false, reject_reason: null, firing: null, accepted: false, state };
  // The firing policy's cooldown overwrites the role's for good (flow/lib/LifeCycleManager.rb update_role_policies), accepted or not.
  if (r.cooldown !== null) state = { ...state, cooldown: r.cooldown };
  const target = state.cardinality + r.diff;
  // LifeCycleManager scale_action: outside [min_vms, max_vms], or the service already SCALING, is refused.
  const reason = rejectReason(target, input.role.min_vms, input.role.max_vms) ?? input.blocked ?? null;
  if (reason !== null)
    return { diff: r.diff, cooldown: r.cooldown, target, rejected: true, reject_reason: reason, firing: r.firing, accepted: false, state };
  // Entering SCALING clears true_evals of every policy of the role; last_eval is kept (flow/lib/models/vmrole.rb state=).
  state = { ...state, cardinality: target, elasticity: state.elasticity.map((e) => ({ ...e, true_evals: null })) };
  return { diff: r.diff, cooldown: r.cooldown, target, rejected: false, reject_reason: null, firing: r.firing, accepted: true, state };
}

/** LifeCycleManager: COOLDOWN lasts the recorded cooldown, else the role's, else default_cooldown. */
export function cooldownDuration(recorded: number | null, roleCooldown: number | null, defaultCooldown: number): number {
  return recorded ?? roleCooldown ?? defaultCooldown;
}
