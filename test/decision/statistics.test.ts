import { describe, expect, it } from 'vitest';
import { bonferroni, estimate, pairedDifference, tCritical } from '../../src/sim/statistics.js';

// Reference values from SciPy 1.17 (stats.t.ppf), not from this code.
describe('pairedDifference(a, b, confidence)', () => {
  const a = [10, 12, 11, 13];
  const b = [9, 10, 10, 11];
  it('is the t interval of the differences pair by pair: d = 1, 2, 1, 2 gives 1.5 [0.5813, 2.4187] at 95 %', () => {
    const d = pairedDifference(a, b, 0.95);
    expect(d.mean).toBe(1.5);
    expect(d.low).toBeCloseTo(0.5813068844814607, 12);
    expect(d.high).toBeCloseTo(2.4186931155185394, 12);
    expect(d.n).toBe(4);
  });
  it('at the Bonferroni level for 2 comparisons (97.5 %) is wider: [0.2943, 2.7057]', () => {
    const d = pairedDifference(a, b, bonferroni(0.95, 2));
    expect(d.low).toBeCloseTo(0.2943382411608566, 12);
    expect(d.high).toBeCloseTo(2.7056617588391436, 12);
  });
  it('of an exact copy is 0 with the interval [0, 0]', () => {
    expect(pairedDifference(a, a)).toEqual({ mean: 0, low: 0, high: 0, n: 4 });
  });
  it('leaves out pairs where either value is NaN', () => {
    expect(pairedDifference([1, NaN, 3], [0, 1, 1]).n).toBe(2);
  });
  it('refuses series of different lengths', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow(RangeError);
  });
});

describe('tCritical(confidence, df) and bonferroni(confidence, k)', () => {
  it('t(0.975, 3) = 3.18245, t(0.975, 19) = 2.09302 (SciPy)', () => {
    expect(tCritical(0.95, 3)).toBeCloseTo(3.1824463052837078, 10);
    expect(tCritical(0.95, 19)).toBeCloseTo(2.093024054408263, 10);
  });
  it('bonferroni gives each of k intervals 1 - (1 - confidence) / k, and leaves one alone', () => {
    expect(bonferroni(0.95, 8)).toBeCloseTo(0.99375, 12);
    expect(bonferroni(0.95, 1)).toBe(0.95);
    expect(bonferroni(0.95, 0)).toBe(0.95);
  });
});

describe('estimate(values)', () => {
  it('has no interval with one value (NaN bounds), and never clips: 0, 0, 0.1 reaches below 0', () => {
    const one = estimate([5]);
    expect(one.mean).toBe(5);
    expect(Number.isNaN(one.low) && Number.isNaN(one.high)).toBe(true);
    expect(estimate([0, 0, 0.1]).low).toBeLessThan(0);
  });
});
