import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replicationFigures, summarize } from '../../src/experiment/figures.js';
import { runReplication } from '../../src/experiment/replication.js';
import { totalFailures } from '../../src/models/flower/round.js';
import { build, RUNS, run, SEED, shape } from './arbitraries.js';

// Invariants over generated runs with OneFlow policies in play.
const policyArb = fc.record({
  upThreshold: fc.integer({ min: 20, max: 170 }),
  downThreshold: fc.integer({ min: 5, max: 100 }),
  cooldown: fc.integer({ min: 0, max: 1200 }),
  periodNumber: fc.integer({ min: 0, max: 4 }),
  hard: fc.boolean(),
});

describe('invariants of every run', () => {
  const scenario = (s: Parameters<typeof build>[0], p: { upThreshold: number; downThreshold: number; cooldown: number; periodNumber: number; hard: boolean }) =>
    build(s, {
      superlink: { strategy: { fraction_evaluate: 0.5, min_evaluate_clients: 1 } },
      oneflow: {
        role: {
          cardinality: s.nodes,
          min_vms: 2,
          max_vms: s.nodes + 3,
          shutdown_action: p.hard ? 'terminate-hard' : 'terminate',
          elasticity_policies: [
            { type: 'CHANGE', adjust: 1, expression: `CPU > ${p.upThreshold}`, period_number: p.periodNumber, cooldown: p.cooldown },
            { type: 'PERCENTAGE_CHANGE', adjust: -20, expression: `CPU < ${p.downThreshold}`, period_number: p.periodNumber, period: 180 },
          ],
        },
      },
    });

  it('rounds succeeded + failed + unfinished = attempted; the cardinality stays in [min_vms, max_vms]; time only moves forward', () => {
    fc.assert(
      fc.property(shape, policyArb, (s, p) => {
        const sc = scenario(s, p);
        const out = run(sc);
        const [summary] = summarize([replicationFigures(runReplication(sc, 0))]);
        const m = summary!.metrics;
        expect(m.rounds_succeeded.mean + m.rounds_failed.mean + m.rounds_unfinished.mean).toBe(m.rounds_attempted.mean);
        for (const t of out.ticks) {
          expect(t.cardinality_after).toBeGreaterThanOrEqual(sc.oneflow.role.min_vms!);
          expect(t.cardinality_after).toBeLessThanOrEqual(sc.oneflow.role.max_vms!);
        }
        for (let i = 1; i < out.ticks.length; i++) expect(out.ticks[i]!.t).toBeGreaterThan(out.ticks[i - 1]!.t);
        for (let i = 0; i < out.rounds.length; i++) {
          const r = out.rounds[i]!;
          if (i > 0) expect(r.start).toBeGreaterThanOrEqual(out.rounds[i - 1]!.end!);
          expect(r.fit.start!).toBeGreaterThanOrEqual(r.start);
          if (r.evaluate.start !== null) expect(r.evaluate.start).toBeGreaterThanOrEqual(r.fit.start!);
          if (r.end !== null) expect(r.end).toBeGreaterThanOrEqual(r.evaluate.start ?? r.start);
          // Every sampled client of an ended phase is a result, a failure or (message API) missing.
          if (r.fit.outcome !== 'unfinished') expect(r.fit.results + totalFailures(r.fit) + r.fit.missing).toBe(r.fit.sampled);
        }
        expect(out.vmHours).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the same seed gives the same run', () => {
    fc.assert(
      fc.property(shape, policyArb, (s, p) => {
        expect(run(scenario(s, p))).toEqual(run(scenario(s, p)));
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
