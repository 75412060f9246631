import { describe, expect, it } from 'vitest';
import { compare, comparisonMetrics, senseOf, verdictOf } from '../../src/experiment/compare.js';
import { column, decision, figures } from './helpers.js';

describe('comparisonMetrics(decision)', () => {
  it('is the objective, the constraint metrics, the tie-break, then rounds_succeeded, rounds_failed, failure_rate, vm_hours, wait_hours, each once', () => {
    const d = decision({
      objective: { minimize: 'wait_hours' },
      constraints: [
        { metric: 'eval_failure_rate', max: 0.1 },
        { metric: 'failure_rate', max: 0.05 },
      ],
    });
    expect(comparisonMetrics(d)).toEqual(['wait_hours', 'eval_failure_rate', 'failure_rate', 'vm_hours', 'rounds_succeeded', 'rounds_failed']);
  });
});

describe('compare(figures, decision)', () => {
  const a = column('a', 'rounds_succeeded', [10, 12, 11, 13], { vm_hours: [10, 10, 10, 10] });
  const copy = a.map((f) => ({ ...f, policy_set: 'copy' }));
  const b = column('b', 'rounds_succeeded', [11, 14, 12, 15], { vm_hours: [8, 8, 8, 8] });
  const c = column('c', 'rounds_succeeded', [10, 12, 11, 13], { vm_hours: [12, 11, 13, 12] });
  const rows = compare([...a, ...copy, ...b, ...c], decision());

  it('has one row per other set and metric, against the baseline', () => {
    expect(rows).toHaveLength(3 * 5);
    expect(new Set(rows.map((r) => r.baseline))).toEqual(new Set(['a']));
    expect(rows.filter((r) => r.policy_set === 'b').map((r) => r.metric)).toEqual([
      'rounds_succeeded',
      'vm_hours',
      'rounds_failed',
      'failure_rate',
      'wait_hours',
    ]);
  });
  it('an exact copy of the baseline differs by 0 with the interval [0, 0], indistinguishable', () => {
    for (const r of rows.filter((x) => x.policy_set === 'copy'))
      expect([r.mean_difference, r.ci_low, r.ci_high, r.verdict]).toEqual([0, 0, 0, 'indistinguishable']);
  });
  it('b - a = 1, 2, 1, 2 rounds: 1.5 [0.0980, 2.9020], simultaneous over 3 sets (SciPy t at 1 - 0.05/6), better', () => {
    const r = rows.find((x) => x.policy_set === 'b' && x.metric === 'rounds_succeeded')!;
    expect(r.mean_difference).toBe(1.5);
    expect(r.ci_low).toBeCloseTo(0.09800380810253717, 10);
    expect(r.ci_high).toBeCloseTo(2.901996191897463, 10);
    expect(r.verdict).toBe('better');
  });
  it("the verdict follows the metric's sense: 2 fewer VM-hours (minimize) is better, 2 more is worse", () => {
    expect(rows.find((x) => x.policy_set === 'b' && x.metric === 'vm_hours')!.verdict).toBe('better');
    expect(rows.find((x) => x.policy_set === 'c' && x.metric === 'vm_hours')!.verdict).toBe('worse');
  });
  it('with one replication there is no interval (NaN) and the verdict is indistinguishable', () => {
    const one = compare([...column('a', 'rounds_succeeded', [10]), ...column('b', 'rounds_succeeded', [20])], decision());
    const r = one.find((x) => x.metric === 'rounds_succeeded')!;
    expect(r.mean_difference).toBe(10);
    expect(Number.isNaN(r.ci_low)).toBe(true);
    expect(r.verdict).toBe('indistinguishable');
  });
  it("the baseline is the decision's, or the first set when the decision's did not run", () => {
    expect(compare([...a, ...b], decision({ baseline: 'b' }))[0]!.baseline).toBe('b');
    expect(compare([...a, ...b], decision({ baseline: 'gone' }))[0]!.baseline).toBe('a');
    expect(compare(figures('a', [{}]), decision())).toEqual([]);
  });
});

describe('senseOf(metric, decision) and verdictOf(difference, sense)', () => {
  it("the objective and the tie-break take the decision's sense; any other metric its fixed one", () => {
    const d = decision({ objective: { minimize: 'rounds_succeeded' }, tie_break: { maximize: 'vm_hours' } });
    expect([senseOf('rounds_succeeded', d), senseOf('vm_hours', d), senseOf('failure_rate', d), senseOf('evals_attempted', d)]).toEqual([
      'minimize',
      'maximize',
      'minimize',
      'maximize',
    ]);
  });
  it('is better or worse only when the interval excludes 0', () => {
    expect(verdictOf({ mean: 1, low: 0.1, high: 2, n: 3 }, 'maximize')).toBe('better');
    expect(verdictOf({ mean: 1, low: 0.1, high: 2, n: 3 }, 'minimize')).toBe('worse');
    expect(verdictOf({ mean: 1, low: 0, high: 2, n: 3 }, 'maximize')).toBe('indistinguishable');
    expect(verdictOf({ mean: -1, low: -2, high: -0.5, n: 3 }, 'minimize')).toBe('better');
  });
});
