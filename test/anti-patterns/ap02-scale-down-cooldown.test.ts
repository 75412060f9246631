import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { build, RUNS, run, SEED, type Shape, shape } from './arbitraries.js';

// AP-02: a scale-down cooldown shorter than a round. OneFlow removes a VM every
// SCALING + cooldown while `CPU > 0` holds (always), down to min_vms 1. Training takes
// exactly trainMin minutes, so every sampled client is in flight for the whole fit phase.
const shrinking = (s: Shape, cooldownS: number, shutdown_action = 'terminate') =>
  build(
    { ...s, nodes: s.nodes + 4 },
    {
      supernode: { train_time: `${s.trainMin}m` },
      oneflow: {
        role: {
          cardinality: s.nodes + 4,
          min_vms: 1,
          max_vms: s.nodes + 4,
          shutdown_action,
          elasticity_policies: [{ type: 'CHANGE', adjust: -1, expression: 'CPU > 0', cooldown: cooldownS }],
        },
      },
    },
  );
const mostScaleIns = (sc: ReturnType<typeof build>) => Math.max(0, ...run(sc).rounds.map((r) => r.fit.scale_in_actions.length));

describe('AP-02 scale-down cooldown vs round length', () => {
  it("with every scale-down cooldown >= the longest fit phase (round_timeout) plus the SuperLink's offline window, no round loses clients to more than one scale-in", () => {
    fc.assert(
      fc.property(shape, fc.boolean(), (s, hard) => {
        const sc = shrinking(s, 0, hard ? 'terminate-hard' : 'terminate');
        // round_timeout bounds a legacy fit phase (per-client TTL, all sent at once); a hard-killed
        // node still fails its fit up to patience x interval (60 s) after the kill.
        const window = sc.superlink.round_timeout! + sc.superlink.heartbeat.patience * sc.superlink.heartbeat.interval;
        expect(mostScaleIns(shrinking(s, window / 1000 + 1, hard ? 'terminate-hard' : 'terminate'))).toBeLessThanOrEqual(1);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('with a shorter cooldown, fast-check finds a round that loses clients to two scale-ins', () => {
    const short = fc.property(shape, (s) => {
      return mostScaleIns(shrinking(s, 20)) <= 1;
    });
    expect(() => fc.assert(short, { seed: SEED, numRuns: RUNS })).toThrow(/Property failed/);
  });

  it('the spec\'s "600 s protects rounds" holds only when a round cannot outlast 600 s', () => {
    // 12-minute training (36 min round_timeout): a 600 s cooldown lets a second scale-in into the same round.
    const spec = fc.property(shape, (s) => mostScaleIns(shrinking({ ...s, trainMin: 12 }, 600)) <= 1);
    expect(() => fc.assert(spec, { seed: SEED, numRuns: RUNS })).toThrow(/Property failed/);
  });
});
