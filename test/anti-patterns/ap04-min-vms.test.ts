import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { build, RUNS, run, SEED, type Shape, shape } from './arbitraries.js';

// AP-04: min_vms below min_fit_clients, with CPU policies only. The scale-down policy
// fires whenever the mean CPU is low, down to min_vms.
const role = (s: Shape, minVms: number, minFit: number) =>
  build(
    { ...s, meanUpMin: 600 },
    {
      superlink: { strategy: { min_fit_clients: minFit, min_available_clients: minFit } },
      oneflow: {
        role: {
          cardinality: s.nodes,
          min_vms: minVms,
          max_vms: s.nodes,
          elasticity_policies: [
            { type: 'CHANGE', adjust: 1, expression: 'CPU > 80', period_number: 3, period: 90, cooldown: 300 },
            { type: 'CHANGE', adjust: -1, expression: 'CPU < 1000', period_number: 0, cooldown: 120 },
          ],
        },
      },
    },
  );

describe('AP-04 min_vms < min_fit_clients', () => {
  it('a round configured 15 s or more after the role went below min_fit_clients never succeeds', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const minFit = s.nodes;
        const out = run(role(s, 1, minFit));
        // Times at which the role's cardinality is below min_fit_clients, from the scaling decisions.
        const below: Array<[number, number]> = [];
        let since: number | null = null;
        for (const t of out.ticks) {
          const c = t.cardinality_after;
          if (c < minFit && since === null) since = t.t;
          if (c >= minFit && since !== null) {
            below.push([since, t.t]);
            since = null;
          }
        }
        if (since !== null) below.push([since, Infinity]);
        for (const r of out.rounds) {
          const configured = r.fit.start!;
          // The removed VMs are DONE, and off the SuperLink, within 10 s (graceful shutdown): 15 s is past that.
          const inside = below.some(([a, b]) => configured >= a + 15_000 && configured < b);
          if (inside) expect(r.fit.outcome).not.toBe('succeeded');
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('once below min_fit_clients with only CPU policies, no scale-up comes: nothing trains, the CPU stays low (deadlock)', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const out = run(role(s, 1, s.nodes));
        const firstBelow = out.ticks.find((t) => t.cardinality_after < s.nodes);
        if (!firstBelow) return;
        const upsAfter = out.ticks.filter((t) => t.t > firstBelow.t + 600_000 && t.decision?.outcome === 'accepted' && t.decision.diff > 0);
        expect(upsAfter).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('with min_vms >= min_fit_clients, scale-in never takes the role below min_fit_clients', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const minFit = Math.max(2, s.nodes - 1);
        const out = run(role(s, minFit, minFit));
        expect(Math.min(...out.ticks.map((t) => t.cardinality_after))).toBeGreaterThanOrEqual(minFit);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
