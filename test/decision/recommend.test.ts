import { describe, expect, it } from 'vitest';
import { recommend } from '../../src/experiment/recommend.js';
import type { Finding } from '../../src/lint/finding.js';
import { column, decision } from './helpers.js';

const lintError = (policySet: string): Finding => ({
  id: 'AP-01',
  severity: 'error',
  policy_sets: [policySet],
  file: 's.yaml',
  line: 7,
  column: 5,
  path: 'superlink.strategy.min_available_clients',
  message: 'm',
  fix: 'f',
});

describe('recommend({figures, decision, findings})', () => {
  const a = column('a', 'rounds_succeeded', [10, 12, 11, 13], { vm_hours: [8, 8, 8, 8] });

  it('an exact duplicate is a contender; ties on the objective and the tie-break go to the set listed first', () => {
    const copy = a.map((f) => ({ ...f, policy_set: 'copy' }));
    const r = recommend({ figures: [...a, ...copy], decision: decision(), findings: [] });
    expect(r.policy_set).toBe('a');
    expect(r.contenders.map((c) => c.policy_set)).toEqual(['a', 'copy']);
    expect(r.excluded).toEqual([]);
    // Listed the other way round, the copy is first and wins.
    expect(recommend({ figures: [...copy, ...a], decision: decision({ baseline: 'copy' }), findings: [] }).policy_set).toBe('copy');
  });

  it('a set that breaks a constraint on its mean is excluded, saying which and by what mean, however many rounds it trains', () => {
    const fast = column('fast', 'rounds_succeeded', [20, 21, 22, 23], { failure_rate: [0.08, 0.08, 0.08, 0.08] });
    const r = recommend({ figures: [...a, ...fast], decision: decision({ constraints: [{ metric: 'failure_rate', max: 0.05 }] }), findings: [] });
    expect(r.policy_set).toBe('a');
    expect(r.excluded).toEqual([{ policy_set: 'fast', why: 'failure_rate 8.0 % is above the max 5.0 %' }]);
  });

  it('a set in which sim lint finds an error is excluded, naming the rule and where', () => {
    const fast = column('fast', 'rounds_succeeded', [20, 21, 22, 23]);
    const r = recommend({ figures: [...a, ...fast], decision: decision(), findings: [lintError('fast'), { ...lintError('a'), severity: 'warning' }] });
    expect(r.policy_set).toBe('a');
    expect(r.excluded).toEqual([{ policy_set: 'fast', why: 'sim lint: AP-01 at s.yaml:7:5 (superlink.strategy.min_available_clients)' }]);
  });

  it('among sets the objective cannot tell apart, the tie-break picks, even over the best mean', () => {
    // b has the best mean (11.75) but a - b = -1, 0, -1, 1 has the interval -0.25 [-1.77, 1.27]: a is a contender, with fewer VM-hours.
    const b = column('b', 'rounds_succeeded', [11, 12, 12, 12], { vm_hours: [10, 10, 10, 10] });
    const r = recommend({ figures: [...a, ...b], decision: decision(), findings: [] });
    expect(r.contenders.map((c) => c.policy_set)).toEqual(['a', 'b']);
    expect(r.policy_set).toBe('a');
    expect(r.reason).toBe(
      '2 feasible policy sets cannot be told apart from the best on rounds_succeeded (b, 11.8) at 95 %; a has the lowest vm_hours of them (8.0 h).',
    );
    expect(r.against_baseline).toBeNull();
  });

  it('a set worse than the best with confidence is excluded, by how much; the pick is compared with the baseline', () => {
    const b = column('b', 'rounds_succeeded', [11, 14, 12, 15]);
    const r = recommend({ figures: [...a, ...b], decision: decision(), findings: [] });
    expect(r.policy_set).toBe('b');
    // b - a = 1, 2, 1, 2: 1.5 [0.58, 2.42] (SciPy: one comparison at 95 %).
    expect(r.excluded).toEqual([{ policy_set: 'a', why: 'worse than b on rounds_succeeded by 1.5 [0.6, 2.4]' }]);
    expect(r.against_baseline!.verdict).toBe('better');
    expect(r.against_baseline!.ci_low).toBeCloseTo(0.5813068844814607, 10);
  });

  it('with one replication there are no intervals: it compares means and says so', () => {
    const r = recommend({ figures: [...column('a', 'rounds_succeeded', [10]), ...column('b', 'rounds_succeeded', [11])], decision: decision(), findings: [] });
    expect(r.intervals).toBe(false);
    expect(r.policy_set).toBe('b');
    expect(r.reason).toContain('With one replication there are no intervals: this compares means only.');
    expect(r.excluded[0]!.why).toBe('worse than b on rounds_succeeded by 1.0');
  });

  it('with no feasible set there is no pick', () => {
    const r = recommend({ figures: a, decision: decision({ constraints: [{ metric: 'rounds_succeeded', min: 100 }] }), findings: [] });
    expect(r.policy_set).toBeNull();
    expect(r.excluded).toEqual([{ policy_set: 'a', why: 'rounds_succeeded 11.5 is below the min 100.0' }]);
  });

  it('minimizing an objective picks the lowest mean', () => {
    const b = column('b', 'wait_hours', [1, 1.1, 1.2, 1.3]);
    const c = column('c', 'wait_hours', [3, 3.2, 3.1, 3.3]);
    expect(recommend({ figures: [...c, ...b], decision: decision({ baseline: 'c', objective: { minimize: 'wait_hours' } }), findings: [] }).policy_set).toBe(
      'b',
    );
  });
});
