import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { request } from '../helpers.js';
import { build, RUNS, run, SEED, shape } from './arbitraries.js';

// AP-07: a cooldown that blocks an emergency scale-up. Nothing is evaluated during COOLDOWN,
// scale-up included (LifeCycleManager.rb).
describe('AP-07 a scale-down cooldown holds back scale-up', () => {
  const scenario = (s: Parameters<typeof build>[0], downCooldown: number) =>
    build(s, {
      oneflow: {
        role: {
          cardinality: s.nodes,
          min_vms: 2,
          max_vms: s.nodes + 2,
          elasticity_policies: [
            // Up when clients publish DISCONNECTED or training dominates; down when most are idle.
            { type: 'CHANGE', adjust: 1, expression: 'CPU > 120', cooldown: 60 },
            { type: 'CHANGE', adjust: -1, expression: 'CPU < 100', cooldown: downCooldown },
          ],
        },
      },
    });

  it('no scale action is taken on a tick that is not RUNNING, and the next action waits out the whole cooldown', () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 60, max: 3600 }), (s, cooldownS) => {
        const sc = scenario(s, cooldownS);
        const out = run(sc);
        const actions = out.ticks.filter((t) => t.decision?.outcome === 'accepted');
        for (const a of actions) expect(a.state).toBe('RUNNING');
        for (let i = 1; i < actions.length; i++) {
          const prev = actions[i - 1]!;
          const cooldown = request(prev.decision).cooldown ?? prev.role.cooldown ?? sc.oneflow.default_cooldown;
          expect(actions[i]!.t - prev.t).toBeGreaterThanOrEqual(cooldown);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("so after a scale-down, the time back up is at least the scale-down's cooldown", () => {
    fc.assert(
      fc.property(shape, fc.integer({ min: 300, max: 3600 }), (s, cooldownS) => {
        const out = run(scenario(s, cooldownS));
        const actions = out.ticks.filter((t) => t.decision?.outcome === 'accepted');
        for (let i = 1; i < actions.length; i++)
          if (actions[i - 1]!.decision!.diff < 0 && actions[i]!.decision!.diff > 0)
            expect(actions[i]!.t - actions[i - 1]!.t).toBeGreaterThanOrEqual(cooldownS * 1000);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
