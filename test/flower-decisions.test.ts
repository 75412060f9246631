import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { heartbeatDelayMs, onlineWindowMs } from '../src/models/flower/liveness.js';
import { conclude, emptyPhase, newRound, tally, totalFailures } from '../src/models/flower/round.js';
import { sampleWithoutReplacement } from '../src/models/flower/sample.js';
import { nodesNeeded, phaseSkipped, samplingFails } from '../src/models/flower/strategy.js';
import { CLIENT_FAILURE_CAUSES } from '../src/models/flower/superlink.js';
import { scaleInVictims, shutdownIsGraceful } from '../src/models/oneflow/scale-in.js';
import { discoveryGivesUp } from '../src/models/opennebula/discovery.js';
import { stream } from '../src/sim/random.js';

const SEED = 20261201;

describe('phaseSkipped(api, kind, fraction)', () => {
  it('legacy skips evaluate at fraction 0 but never fit; the message API skips both', () => {
    expect([phaseSkipped('legacy', 'fit', 0), phaseSkipped('legacy', 'evaluate', 0)]).toEqual([false, true]);
    expect([phaseSkipped('message', 'fit', 0), phaseSkipped('message', 'evaluate', 0)]).toEqual([true, true]);
    expect([phaseSkipped('legacy', 'evaluate', 0.1), phaseSkipped('message', 'fit', 0.1)]).toEqual([false, false]);
  });
});

describe('samplingFails(available, requested)', () => {
  it('fails only when more clients are requested than are available', () => {
    expect([samplingFails(4, 5), samplingFails(5, 5), samplingFails(6, 5)]).toEqual([true, false, false]);
  });
});

describe('nodesNeeded(minAvailable, sampleSize)', () => {
  it('is min_available_nodes raised to the sample size', () => {
    expect([nodesNeeded(2, 7), nodesNeeded(8, 7)]).toEqual([7, 8]);
  });
});

describe('heartbeatDelayMs(interval, u) and onlineWindowMs(interval, patience)', () => {
  it('spans (interval - 5 s) x [0.7, 0.9): 17.5 s to 22.5 s for 30 s', () => {
    expect(heartbeatDelayMs(30_000, 0)).toBeCloseTo(17_500, 6);
    expect(heartbeatDelayMs(30_000, 0.5)).toBeCloseTo(20_000, 6);
    expect(heartbeatDelayMs(30_000, 0.999999)).toBeLessThan(22_500);
  });

  it('keeps a node online for patience x interval', () => {
    expect(onlineWindowMs(30_000, 2)).toBe(60_000);
  });
});

describe('shutdownIsGraceful(action) and scaleInVictims(live, from, to)', () => {
  it('terminate and shutdown are graceful, the -hard actions are not', () => {
    expect((['terminate', 'shutdown', 'terminate-hard', 'shutdown-hard'] as const).map(shutdownIsGraceful)).toEqual([true, true, false, false]);
  });

  it('removes the first from - to VMs of the role, oldest first, and none on a scale-up', () => {
    expect(scaleInVictims(['vm0', 'vm1', 'vm2', 'vm3'], 4, 2)).toEqual(['vm0', 'vm1']);
    expect(scaleInVictims(['vm0'], 1, 3)).toEqual([]);
  });
});

describe('discoveryGivesUp(attempt, discovery)', () => {
  it('gives up after the retries-th failed attempt', () => {
    expect([1, 2, 3].map((a) => discoveryGivesUp(a, { retries: 3 }))).toEqual([false, false, true]);
  });
});

describe('sampleWithoutReplacement(candidates, k, rng)', () => {
  it('returns min(k, n) distinct candidates, and the same ones for the same stream', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 40 }), fc.nat(50), fc.nat(1000), (ids, k, s) => {
        const a = sampleWithoutReplacement(ids, k, stream(s, 0, 'test', 'sample'));
        expect(a.length).toBe(Math.min(k, ids.length));
        expect(new Set(a).size).toBe(a.length);
        expect(a.every((x) => ids.includes(x))).toBe(true);
        expect(sampleWithoutReplacement(ids, k, stream(s, 0, 'test', 'sample'))).toEqual(a);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('does not reorder or change its input', () => {
    const ids = [1, 2, 3, 4, 5];
    sampleWithoutReplacement(ids, 3, stream(1, 0, 'test', 'sample'));
    expect(ids).toEqual([1, 2, 3, 4, 5]);
  });

  it('draws each candidate about equally often', () => {
    const rng = stream(5, 0, 'test', 'uniform');
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) for (const x of sampleWithoutReplacement([0, 1, 2, 3], 1, rng)) counts[x]!++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});

describe('round records: tally, totalFailures, conclude', () => {
  it("an empty phase counts 0 failures of each cause, in CLIENT_FAILURE_CAUSES' order", () => {
    expect(Object.entries(emptyPhase().failures)).toEqual(CLIENT_FAILURE_CAUSES.map((c) => [c, 0]));
  });

  it('counts results and failures by cause, each scale-in action once', () => {
    const p = emptyPhase();
    tally(p, true);
    tally(p, false, 'timeout');
    tally(p, false, 'scaled_in', 600_000);
    tally(p, false, 'scaled_in', 600_000);
    expect([p.results, p.failures.timeout, p.failures.scaled_in, totalFailures(p), p.scale_in_actions]).toEqual([1, 1, 2, 3, [600_000]]);
  });

  it('conclude records success, or failure with its cause', () => {
    const ok = emptyPhase();
    conclude(ok, { ok: true });
    const bad = emptyPhase();
    conclude(bad, { ok: false, cause: 'completion_rate' });
    expect([ok.outcome, ok.cause, bad.outcome, bad.cause]).toEqual(['succeeded', null, 'failed', 'completion_rate']);
  });

  it('a new round starts unfinished, with both phases unstarted', () => {
    const r = newRound(3, 1000);
    expect([r.round, r.start, r.end, r.fit.start, r.fit.outcome, r.evaluate.outcome]).toEqual([3, 1000, null, null, 'unfinished', 'unfinished']);
  });
});
