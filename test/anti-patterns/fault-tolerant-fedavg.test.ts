import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { totalFailures } from '../../src/models/flower/round.js';
import { aggregateOutcome } from '../../src/models/flower/strategy.js';
import { build, RUNS, run, SEED, shape } from './arbitraries.js';

const ftfa = { name: 'FaultTolerantFedAvg', accept_failures: true } as const;

describe('FaultTolerantFedAvg completion rate (fault_tolerant_fedavg.py)', () => {
  it('a round whose completion rate is exactly min_completion_rate_fit succeeds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 50 }), (results, failures) => {
        const rate = results / (results + failures);
        expect(aggregateOutcome(ftfa, rate, results, failures)).toEqual({ ok: true });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('and fails just above it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), (results, failures) => {
        const rate = results / (results + failures);
        expect(aggregateOutcome(ftfa, Math.min(1, rate + 1e-9), results, failures)).toEqual({ ok: false, cause: 'completion_rate' });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('"tolerates 50 % dropout": in simulated runs every fit phase is judged by results / (results + failures) >= 0.5', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const out = run(
          build(s, { superlink: { strategy: { name: 'FaultTolerantFedAvg', min_fit_clients: 2, min_available_clients: 2, min_completion_rate_fit: 0.5 } } }),
        );
        for (const r of out.rounds) {
          if (r.fit.outcome === 'unfinished' || r.fit.cause === 'cancelled') continue;
          const f = totalFailures(r.fit);
          const expected = r.fit.results > 0 && r.fit.results / (r.fit.results + f) >= 0.5 ? 'succeeded' : 'failed';
          expect(r.fit.outcome).toBe(expected);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
