/**
 * The new cardinality a policy asks for, and whether OneFlow accepts it
 * (flow/models/vmrole.rb calculate_new_cardinality, then the scale request's
 * bounds check).
 */

export interface AdjustPolicy {
  type: string;
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
 *   then adjust > 0: min(new, max); adjust < 0: max(new, min)
 */
export function calculateNewCardinality(policy: AdjustPolicy, cardinality: number, minVms: number | null, maxVms: number | null): number {
  const max = Math.max(cardinality, maxVms ?? 0);
  const min = minVms ?? 0;
  const adjust = policy.adjust;
  let target: number;
  switch (policy.type.toUpperCase()) {
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
    default:
      throw new RangeError(`unknown policy type ${policy.type}: expected CHANGE, PERCENTAGE_CHANGE or CARDINALITY`);
  }
  if (adjust > 0) target = Math.min(target, max);
  else if (adjust < 0) target = Math.max(target, min);
  return target;
}

/** Why OneFlow refuses a scale request (LifeCycleManager scale_action), or null when it accepts it. */
export function rejectReason(target: number, minVms: number | null, maxVms: number | null): string | null {
  if (minVms !== null && target < minVms) return `Minimum cardinality is ${minVms}`;
  if (maxVms !== null && target > maxVms) return `Maximum cardinality is ${maxVms}`;
  return null;
}

/** The library entry point: the target cardinality and whether OneFlow accepts it. */
export function newCardinality(
  policy: AdjustPolicy,
  cardinality: number,
  minVms: number | null = null,
  maxVms: number | null = null,
): { target: number; accepted: boolean } {
  const target = calculateNewCardinality(policy, cardinality, minVms, maxVms);
  return { target, accepted: rejectReason(target, minVms, maxVms) === null };
}
