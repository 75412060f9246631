import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCluster } from '../src/models/cluster.js';
import { phaseSkipped, sampleSize } from '../src/models/flower/strategy.js';
import { build, RUNS, run, SEED, shape } from './anti-patterns/arbitraries.js';
import { refused, scenario } from './helpers.js';

// server/strategy/fedavg.py: configure_fit has no fraction-0 check; configure_evaluate returns [] at 0.0.
// serverapp/strategy/fedavg.py: configure_train and configure_evaluate each return [] at 0.0.
describe('phaseSkipped(api, kind, fraction)', () => {
  it('legacy skips only the evaluate phase at 0; the message API skips either phase at 0', () => {
    expect([
      phaseSkipped('legacy', 'fit', 0),
      phaseSkipped('legacy', 'evaluate', 0),
      phaseSkipped('message', 'fit', 0),
      phaseSkipped('message', 'evaluate', 0),
    ]).toEqual([false, true, true, true]);
    expect(phaseSkipped('message', 'fit', 0.1)).toBe(false);
  });
});

describe('fraction_fit 0', () => {
  it('legacy: every fit phase still runs and samples max(int(n x 0), min_fit_clients) = min_fit_clients', () => {
    const r = runCluster(scenario({ superlink: { strategy: { fraction_fit: 0 } } }), 0).rounds;
    expect(r).toHaveLength(3);
    expect(r.map((x) => [x.fit.outcome, x.fit.sampled])).toEqual([
      ['succeeded', 2],
      ['succeeded', 2],
      ['succeeded', 2],
    ]);
    expect(sampleSize(10, 0, 2)).toBe(2);
  });
  it('message API (fraction_train 0): every train phase is skipped, and rounds.csv says so', () => {
    const r = runCluster(scenario({ superlink: { api: 'message', strategy: { fraction_fit: 0 } } }), 0).rounds;
    expect(r.map((x) => x.fit.outcome)).toEqual(['skipped', 'skipped', 'skipped']);
  });
  it('for any fraction_fit in [0, 1], 0 included, a legacy fit phase is never skipped', () => {
    const fraction = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(shape, fraction, (s, f) => {
        const rounds = run(build(s, { superlink: { strategy: { fraction_fit: f } } })).rounds;
        for (const r of rounds) expect(r.fit.outcome).not.toBe('skipped');
        if (f === 0) for (const r of rounds) if (r.fit.sampled > 0) expect(r.fit.sampled).toBe(2);
      }),
      { seed: SEED, numRuns: RUNS, examples: [[{ nodes: 4, horizonMin: 120, trainMin: 2, meanUpMin: 30, meanDownMin: 3, sites: 1, seed: 1 }, 0]] },
    );
  });
});

describe("each API takes Flower's own names for the strategy", () => {
  const head = 'name: t\noneflow:\n  role: {cardinality: 3}\nsuperlink:\n';
  it('message: fraction_train, fraction_evaluate, min_train_nodes, min_evaluate_nodes, min_available_nodes', () => {
    const s = scenario({
      superlink: { api: 'message', strategy: { fraction_fit: 0.5, min_fit_clients: 3, min_available_clients: 4, min_evaluate_clients: 2 } },
    });
    expect(s.superlink.strategy).toMatchObject({ fraction_fit: 0.5, min_fit_clients: 3, min_available_clients: 4, min_evaluate_clients: 2 });
  });
  it('a name from the other API is refused, saying which to use', () => {
    const [m] = refused(`${head}  api: message\n  strategy: {name: FedAvg, min_fit_clients: 3}\n`, 'm.yaml');
    expect(m).toMatchObject({
      line: 6,
      path: 'superlink.strategy.min_fit_clients',
      message: "min_fit_clients is the legacy API's name; with api: message, Flower's FedAvg calls it min_train_nodes",
    });
    const [l] = refused(`${head}  strategy: {name: FedAvg, fraction_train: 0.5}\n`, 'l.yaml');
    expect(l).toMatchObject({
      path: 'superlink.strategy.fraction_train',
      message: "fraction_train is the message API's name; with api: legacy, the strategy calls it fraction_fit",
    });
    const [a] = refused(`${head}  api: message\n  strategy: {accept_failures: false}\n`, 'a.yaml');
    expect(a!.message).toMatch(/^the message API's FedAvg has no accept_failures/);
  });
});
