import { describe, expect, it } from 'vitest';
import { calculateNewCardinality, newCardinality, rejectReason } from '../../src/models/oneflow/cardinality.js';

describe('newCardinality(policy, cardinality, minVms, maxVms): vmrole.rb calculate_new_cardinality', () => {
  it('the reference examples', () => {
    expect(newCardinality({ type: 'PERCENTAGE_CHANGE', adjust: -10, min_adjust_step: 2 }, 5, 1, 10).target).toBe(3);
    expect(newCardinality({ type: 'PERCENTAGE_CHANGE', adjust: -10 }, 5, 1, 10).target).toBe(4);
    expect(newCardinality({ type: 'PERCENTAGE_CHANGE', adjust: 50 }, 7, 1, 10).target).toBe(10);
    expect(newCardinality({ type: 'PERCENTAGE_CHANGE', adjust: -50 }, 7, 1, 10).target).toBe(4);
    expect(newCardinality({ type: 'CHANGE', adjust: 2 }, 5, null, null)).toEqual({ target: 5, accepted: true });
    expect(newCardinality({ type: 'CHANGE', adjust: 3 }, 4, 1, 5)).toEqual({ target: 5, accepted: true });
  });
  it('PERCENTAGE_CHANGE truncates and moves at least one VM', () => {
    expect(calculateNewCardinality({ type: 'PERCENTAGE_CHANGE', adjust: 30 }, 5, 1, 20)).toBe(6); // 1.5 -> 1
    expect(calculateNewCardinality({ type: 'PERCENTAGE_CHANGE', adjust: 5 }, 5, 1, 20)).toBe(6); // 0.25 -> 1
    expect(newCardinality({ type: 'percentage_change', adjust: 100 }, 3, 1, 20).target).toBe(6);
  });
  it('clamps by the sign of adjust: up to max(cardinality, max_vms), down to min_vms', () => {
    expect(calculateNewCardinality({ type: 'CHANGE', adjust: -5 }, 4, 2, 10)).toBe(2);
    expect(calculateNewCardinality({ type: 'CHANGE', adjust: -5 }, 4, null, 10)).toBe(0);
    expect(calculateNewCardinality({ type: 'CHANGE', adjust: 5 }, 4, 2, 6)).toBe(6);
    // max_vms below the current cardinality: max(cardinality, max_vms) keeps it where it is.
    expect(calculateNewCardinality({ type: 'CHANGE', adjust: 1 }, 7, 2, 6)).toBe(7);
  });
  it('CARDINALITY is clamped the same way, then refused outside [min_vms, max_vms]', () => {
    expect(newCardinality({ type: 'CARDINALITY', adjust: 8 }, 4, 2, 6)).toEqual({ target: 6, accepted: true });
    expect(newCardinality({ type: 'CARDINALITY', adjust: 1 }, 4, 2, 6)).toEqual({ target: 1, accepted: false });
    expect(rejectReason(1, 2, 6)).toBe('Minimum cardinality is 2');
    expect(rejectReason(7, 2, 6)).toBe('Maximum cardinality is 6');
    expect(rejectReason(7, null, null)).toBeNull();
  });

  // vmrole.rb calculate_new_cardinality: `else Log.error ...; return cardinality`.
  it('an unknown type leaves the cardinality as it is and reports the error OneFlow logs', () => {
    expect(newCardinality({ type: 'MULTIPLY', adjust: 3 }, 4, 1, 10)).toEqual({
      target: 4,
      accepted: true,
      error: 'Error calculating new cardinality for type MULTIPLY',
    });
  });
  // role.rb update: `new < min_cardinality.to_i` (nil.to_i is 0), message "Minimum cardinality is #{min_cardinality}" with nil.
  it('without min_vms the lower bound is 0: PERCENTAGE_CHANGE 0 from 0 asks for -1 and is refused; -10 is clamped to 0', () => {
    // change = 0 * 0 / 100.0 = 0.0, not > 0, so sign -1 and |change| < 1 gives 1: 0 - 1 = -1; adjust 0 is not clamped.
    expect(newCardinality({ type: 'PERCENTAGE_CHANGE', adjust: 0 }, 0, null, 5)).toEqual({ target: -1, accepted: false });
    expect(rejectReason(-1, null, 5)).toBe('Minimum cardinality is ');
    // adjust < 0: new = min if new < min, with min = nil.to_i = 0.
    expect(newCardinality({ type: 'PERCENTAGE_CHANGE', adjust: -10 }, 0, null, 5)).toEqual({ target: 0, accepted: true });
  });
});
