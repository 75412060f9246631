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
    expect(calculateNewCardinality({ type: 'percentage_change', adjust: 100 }, 3, 1, 20)).toBe(6);
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
});
