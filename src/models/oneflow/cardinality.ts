/**
 * The new cardinality a policy asks for, and whether OneFlow accepts it
 * (flow/models/vmrole.rb calculate_new_cardinality, then the scale request's
 * bounds check).
 */

export type PolicyType = 'CHANGE' | 'PERCENTAGE_CHANGE' | 'CARDINALITY';
export const POLICY_TYPES: readonly PolicyType[] = ['CHANGE', 'PERCENTAGE_CHANGE', 'CARDINALITY'];

/** vmrole.rb reads `type.upcase`: the policy type in any case, or null for one OneFlow does not know. */
export function policyType(type: string): PolicyType | null {
  const t = type.toUpperCase();
  return (POLICY_TYPES as readonly string[]).includes(t) ? (t as PolicyType) : null;
}

/** A policy as the library takes it: `type` as written (any case). */
export interface AdjustPolicy {
  type: string;
  adjust: number;
  min_adjust_step?: number;
}

/** A policy as the model holds it: the type read once (null for one OneFlow does not know). */
export interface TypedAdjust {
  type: PolicyType | null;
  adjust: number;
  min_adjust_step?: number;
}

/**
 * vmrole.rb calculate_new_cardinality:
 *   max = max(cardinality, max_vms or 0); min = min_vms or 0
 *   CHANGE: cardinality + adjust
 *   PERCENTAGE_CHANGE: change = cardinality * adjust / 100.0; sign = change > 0 ? 1 : -1;
 *     change = |change| < 1 ? 1 : truncate(|change|); cardinality + sign * max(change, min_adjust_step)
 *   CARDINALITY: adjust
 *   any other type: logs "Error calculating new cardinality for type ..." and returns the cardinality
 *   then adjust > 0: min(new, max); adjust < 0: max(new, min)
 */
export function calculateNewCardinality(policy: TypedAdjust, cardinality: number, minVms: number | null, maxVms: number | null): number {
  const max = Math.max(cardinality, maxVms ?? 0);
  const min = minVms ?? 0;
  const adjust = policy.adjust;
  let target: number;
  if (policy.type === null) return cardinality;
  switch (policy.type) {
    case 'CHANGE':
      target = cardinality + adjust;
      break;
    case 'PERCENTAGE_CHANGE': {
      let change = (cardinality * adjust) / 100.0;
      const sign = change > 0 ? 1 : -1;
      change = Math.abs(change) < 1 ? 1 : Math.trunc(Math.abs(change));
      target = cardinality + sign * Math.max(change, policy.min_adjust_step ?? 0);
      break;
    }
    case 'CARDINALITY':
      target = adjust;
      break;
  }
  if (adjust > 0) target = Math.min(target, max);
  else if (adjust < 0) target = Math.max(target, min);
  return target;
}

/**
 * Why OneFlow refuses a scale request, or null when it accepts it (vmrole.rb update, called by
 * LifeCycleManager scale_action): `new < min_cardinality.to_i`, so an absent min_vms is a bound of
 * 0 (nil.to_i), and the message interpolates nil as nothing: "Minimum cardinality is ".
 */
export function rejectReason(target: number, minVms: number | null, maxVms: number | null): string | null {
  if (target < (minVms ?? 0)) return `Minimum cardinality is ${minVms ?? ''}`;
  if (maxVms !== null && target > maxVms) return `Maximum cardinality is ${maxVms}`;
  return null;
}

/**
 * The library entry point: the target cardinality and whether OneFlow accepts it; for a type
 * OneFlow does not know, the cardinality unchanged and the error OneFlow logs.
 */
export function newCardinality(
  policy: AdjustPolicy,
  cardinality: number,
  minVms: number | null = null,
  maxVms: number | null = null,
): { target: number; accepted: boolean; error?: string } {
  const type = policyType(policy.type);
  const target = calculateNewCardinality({ ...policy, type }, cardinality, minVms, maxVms);
  const out = { target, accepted: rejectReason(target, minVms, maxVms) === null };
  return type === null ? { ...out, error: `Error calculating new cardinality for type ${policy.type}` } : out;
}
