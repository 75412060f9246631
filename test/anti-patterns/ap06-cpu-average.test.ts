import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '../../src/models/oneflow/expression.js';
import { rubyMeanRound } from '../../src/models/oneflow/ruby.js';
import { build, RUNS, run, SEED, shape } from './arbitraries.js';

// AP-06: averages that mask one VM's trouble.
describe('AP-06 a CPU average as the trigger', () => {
  const cpus = fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 20 });

  it("never fires while the role's mean is at or under the threshold, however high one VM is", () => {
    fc.assert(
      fc.property(cpus, fc.integer({ min: 1, max: 399 }), (values, threshold) => {
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const { value } = evaluateExpression(
          `CPU > ${threshold}`,
          values.map((CPU) => ({ CPU })),
        );
        expect(value).toBe(rubyMeanRound(mean) > threshold);
        if (rubyMeanRound(mean) <= threshold) expect(value).toBe(false);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('one VM at 400 % among idle ones does not fire CPU > 80 once there are six or more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 30 }), (n) => {
        const vms = [{ CPU: 400 }, ...Array.from({ length: n - 1 }, () => ({ CPU: 5 }))];
        expect(evaluateExpression('CPU > 80', vms).value).toBe(false);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });

  it('in the simulated role, a CPU policy fires only on ticks whose rendered mean exceeds its threshold', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 20, max: 150 }), (s, threshold) => {
        const out = run(
          build(s, {
            oneflow: {
              role: {
                cardinality: s.nodes,
                min_vms: s.nodes,
                max_vms: s.nodes + 3,
                elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: `CPU > ${threshold}`, cooldown: 60 }],
              },
            },
          }),
        );
        for (const t of out.ticks) {
          if (t.decision?.outcome !== 'accepted') continue;
          const m = /^CPU\[([-\d.e+]+)\] > /.exec(t.role.elasticity[0]!.expression_evaluated!)!;
          expect(Number(m[1])).toBeGreaterThan(threshold);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
