/**
 * Scenario generators for the property tests: small clusters (minutes of CPU, not
 * hours) with varied sizes, churn, durations and OneFlow policies, run on the real
 * engine and models.
 */
import fc from 'fast-check';
import { runCluster } from '../../src/models/cluster.js';
import type { Scenario } from '../../src/models/config.js';
import { scenarioFromObject } from '../../src/scenario/load.js';
import { deepMerge } from '../../src/scenario/merge.js';

/** Every property runs with this seed, so a failure repeats; fast-check prints the counterexample. */
export const SEED = 20261127;
export const RUNS = Number(process.env.FLSIM_PROPERTY_RUNS ?? 20);

export interface Shape {
  nodes: number;
  horizonMin: number;
  trainMin: number;
  meanUpMin: number;
  meanDownMin: number;
  sites: number;
  seed: number;
}

export const shape: fc.Arbitrary<Shape> = fc.record({
  nodes: fc.integer({ min: 3, max: 8 }),
  horizonMin: fc.integer({ min: 120, max: 300 }),
  trainMin: fc.integer({ min: 1, max: 6 }),
  meanUpMin: fc.integer({ min: 10, max: 90 }),
  meanDownMin: fc.integer({ min: 1, max: 10 }),
  sites: fc.integer({ min: 1, max: 3 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

/** A scenario of this shape, with `overrides` deep-merged on top. */
export function build(s: Shape, overrides: Record<string, unknown> = {}): Scenario {
  const base = {
    name: 'property',
    seed: s.seed,
    horizon: `${s.horizonMin}m`,
    superlink: {
      boot_time: '0s',
      num_rounds: 1000,
      round_timeout: `${s.trainMin * 3}m`,
      wait_timeout: '10m',
      strategy: { name: 'FedAvg', min_fit_clients: 2, min_available_clients: 2, fraction_evaluate: 0 },
    },
    supernode: { boot_time: '30s', image_size: 0, model_size: '5MB', bandwidth: '50Mbps', train_time: { dist: 'uniform', min: '30s', max: `${s.trainMin}m` } },
    connectivity: { sites: s.sites, link: { model: 'markov', mean_up: `${s.meanUpMin}m`, mean_down: `${s.meanDownMin}m` } },
    oneflow: { role: { cardinality: s.nodes } },
  };
  return scenarioFromObject(deepMerge(base, overrides), 'property', process.cwd()).policySets[0]!;
}

export const run = (s: Scenario) => runCluster(s, 0);
