/**
 * One autoscaler evaluation of a RUNNING service's role (flow/ServiceAutoScaler.rb):
 * `scale?`, then the policies' state saved and the role's cooldown overwritten by the
 * recorded one (LifeCycleManager update_role_policies: the sticky quirk), then the
 * scale request checked against [min_vms, max_vms]. Pure: the caller carries it out.
 */
import { rejectReason } from './cardinality.js';
import { type Firing, type RoleScalingState, type ScaleInput, scaleRole } from './policy.js';

/** What one tick decides for a role; `state` is the role after the tick (policies' state, the sticky cooldown, and on acceptance the new cardinality with every true_evals cleared). */
export type TickDecision =
  /** `scale?` asked for no change. */
  | { outcome: 'none'; diff: 0; state: RoleScalingState }
  /** A change outside [min_vms, max_vms], or while the service is already SCALING: refused. */
  | (ScaleRequest & { outcome: 'rejected'; reject_reason: string })
  /** The service enters SCALING towards `target`. */
  | (ScaleRequest & { outcome: 'accepted' });

interface ScaleRequest {
  /** The change `scale?` returned (non-zero). */
  diff: number;
  /** The cooldown recorded with the change (null: a scheduled policy without its own). */
  cooldown: number | null;
  /** cardinality + diff. */
  target: number;
  firing: Firing;
  state: RoleScalingState;
}

export function autoscalerTick(input: ScaleInput & { blocked?: string | null }): TickDecision {
  const r = scaleRole(input);
  let state = r.state;
  if (r.diff === 0 || r.firing === null) return { outcome: 'none', diff: 0, state };
  // The firing policy's cooldown overwrites the role's for good (flow/lib/LifeCycleManager.rb update_role_policies), accepted or not.
  if (r.cooldown !== null) state = { ...state, cooldown: r.cooldown };
  const target = state.cardinality + r.diff;
  // LifeCycleManager scale_action: outside [min_vms, max_vms], or the service already SCALING, is refused.
  const reason = rejectReason(target, input.role.min_vms, input.role.max_vms) ?? input.blocked ?? null;
  if (reason !== null) return { outcome: 'rejected', diff: r.diff, cooldown: r.cooldown, target, reject_reason: reason, firing: r.firing, state };
  // Entering SCALING clears true_evals of every policy of the role; last_eval is kept (flow/lib/models/vmrole.rb state=).
  state = { ...state, cardinality: target, elasticity: state.elasticity.map((e) => ({ ...e, true_evals: null })) };
  return { outcome: 'accepted', diff: r.diff, cooldown: r.cooldown, target, firing: r.firing, state };
}

/** LifeCycleManager: COOLDOWN lasts the recorded cooldown, else the role's, else default_cooldown. */
export function cooldownDuration(recorded: number | null, roleCooldown: number | null, defaultCooldown: number): number {
  return recorded ?? roleCooldown ?? defaultCooldown;
}
