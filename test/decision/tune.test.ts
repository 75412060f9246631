import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { replicationFigures } from '../../src/experiment/figures.js';
import { recommend } from '../../src/experiment/recommend.js';
import { runReplication } from '../../src/experiment/replication.js';
import { planSweep } from '../../src/experiment/sweep.js';
import { tune } from '../../src/experiment/tune.js';
import { gridPoints, parseSet } from '../../src/scenario/grid.js';
import { parseScenario, scenarioFromObject } from '../../src/scenario/load.js';
import { SEED } from '../anti-patterns/arbitraries.js';
import { tempDir } from '../temp.js';

// A small edge cluster: 5 SuperNodes on links that drop, FaultTolerantFedAvg, 4 hours.
const small = {
  name: 'small',
  seed: 11,
  horizon: '4h',
  replications: 6,
  superlink: {
    boot_time: '0s',
    num_rounds: 500,
    round_timeout: '6m',
    wait_timeout: '20m',
    strategy: { name: 'FaultTolerantFedAvg', min_fit_clients: 2, min_available_clients: 2, min_completion_rate_fit: 0.5, fraction_evaluate: 0 },
  },
  supernode: { boot_time: '20s', image_size: 0, model_size: '5MB', bandwidth: '50Mbps', train_time: { dist: 'lognormal', median: '2m', p95: '5m' } },
  connectivity: { link: { model: 'markov', mean_up: '25m', mean_down: '3m' } },
  oneflow: { role: { cardinality: 5 } },
  decision: { constraints: [{ metric: 'failure_rate', max: 0.2 }] },
  policy_sets: [{ name: 'base' }, { name: 'other', superlink: { strategy: { min_available_clients: 3 } } }],
};
const grid = [parseSet('superlink.strategy.min_completion_rate_fit=0.2,0.6,1.0'), parseSet('superlink.round_timeout=3m,12m')];
const root = join(import.meta.dirname, '../..');
const sim = (args: string[]) => spawnSync(process.execPath, [join(root, 'bin/sim.mjs'), ...args], { cwd: root, encoding: 'utf8' });
const tmp = () => tempDir('flsim-tune-');

describe('tune(scenario, grid, options)', () => {
  const scenario = scenarioFromObject(small, 'small');

  it('picks a point that an exhaustive run of every point at MAX replications rates as good as the best', async () => {
    const result = await tune(scenario, grid, { replications: 6, budget: 30 });
    expect(result.spent).toBeLessThanOrEqual(30);
    // Every point at 6 replications, through the same rule.
    const plan = planSweep(scenario.reload!({ policySet: 'base' }), grid, { replications: 6 });
    const figures = plan.loaded.flatMap((f, i) =>
      Array.from({ length: 6 }, (_, r) => ({ ...replicationFigures(runReplication(f.policySets[0]!, r)), policy_set: `point ${i}` })),
    );
    const exhaustive = recommend({ figures, decision: { ...scenario.decision, baseline: 'point 0' }, findings: [] });
    expect(exhaustive.contenders.map((c) => c.policy_set)).toContain(`point ${result.recommendation.point}`);
    // It spent fewer runs than the exhaustive 36.
    expect(result.spent).toBeLessThan(36);
    expect(result.candidates.filter((c) => c.status === 'recommended')).toHaveLength(1);
  });

  it('the statuses say which point was dropped at which stage and why', async () => {
    const result = await tune(scenario, grid, { replications: 6, budget: 30 });
    for (const c of result.candidates) {
      if (c.status === 'dropped') expect(c.why).toMatch(/^worse than point \d+ on rounds_succeeded by /);
      if (c.status === 'dropped' || c.status === 'infeasible') expect(c.stage).toBeGreaterThanOrEqual(1);
      else expect(c.stage).toBeNull();
    }
    // min_completion_rate_fit 1.0 fails any round that loses one client: far over 20 % of rounds with a 3 min timeout.
    const strict = result.candidates.filter((c) => c.params['superlink.strategy.min_completion_rate_fit'] === 1);
    expect(strict[0]!.status).toBe('infeasible');
    expect(strict[0]!.stage).toBeGreaterThanOrEqual(1);
    expect(strict[0]!.why).toMatch(/^failure_rate .* is wholly above the max 20\.0 %$/);
    expect(['infeasible', 'dropped']).toContain(strict[1]!.status);
  });

  it('never spends more replication-runs than its budget', async () => {
    const tiny = scenarioFromObject({ ...small, horizon: '40m' }, 'tiny');
    const g = [parseSet('superlink.strategy.min_completion_rate_fit=0.2,0.6,1.0')];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 18 }), async (max, extra) => {
        const budget = 6 + extra;
        const r = await tune(tiny, g, { replications: max, budget });
        expect(r.spent).toBeLessThanOrEqual(budget);
        for (const c of r.candidates) expect(c.replications).toBeLessThanOrEqual(max);
      }),
      { seed: SEED, numRuns: 12 },
    );
  });

  it('refuses a budget below 2 replications per point, and MAX below 2, before anything runs', async () => {
    await expect(tune(scenario, grid, { budget: 11 })).rejects.toThrow('--budget 11: 6 candidates need at least 2 replications each, a budget of 12 or more');
    await expect(tune(scenario, grid, { replications: 1 })).rejects.toThrow(/at least 2 replications/);
    await expect(tune(scenario, grid, { policySet: 'nope' })).rejects.toThrow(/no such policy set; the file has: base, other/);
  });

  it('writes the pick as a policy_sets entry that loads and runs as the pick', async () => {
    const result = await tune(scenario, grid, { replications: 6, budget: 30 });
    const entry = result.recommended!;
    expect(entry.name).toBe('base-tuned');
    const file = parseScenario(stringify({ ...small, policy_sets: [entry] }), 'pasted.yaml');
    const pasted = file.policySets[0]!;
    const params = gridPoints(grid)[result.recommendation.point!]!.params;
    expect(pasted.superlink.strategy.min_completion_rate_fit).toBe(params['superlink.strategy.min_completion_rate_fit']);
    expect(pasted.superlink.round_timeout).toBe(Number.parseInt(String(params['superlink.round_timeout']), 10) * 60_000);
  });
});

describe('sim tune (the built command, so that --workers 2 runs worker threads)', () => {
  it('writes tune.csv, recommendation.json and recommended.yaml, identical for 1 and 2 workers', () => {
    const d = tmp();
    const file = join(d, 'small.yaml');
    writeFileSync(file, stringify(small));
    const args = (out: string, workers: string) => [
      'tune',
      file,
      '--set',
      'superlink.strategy.min_completion_rate_fit=0.2,0.6,1.0',
      '--set',
      'superlink.round_timeout=3m,12m',
      '--replications',
      '6',
      '--budget',
      '30',
      '--out',
      out,
      '--workers',
      workers,
      '--quiet',
    ];
    const [a, b] = [join(d, 'a'), join(d, 'b')];
    expect(sim(args(a, '1')).status).toBe(0);
    expect(sim(args(b, '2')).status).toBe(0);
    for (const f of ['tune.csv', 'recommendation.json', 'recommended.yaml']) expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
    const csv = readFileSync(join(a, 'tune.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe(
      'point,superlink.strategy.min_completion_rate_fit,superlink.round_timeout,replications,rounds_succeeded,rounds_succeeded_ci_low,rounds_succeeded_ci_high,failure_rate,failure_rate_ci_low,failure_rate_ci_high,vm_hours,vm_hours_ci_low,vm_hours_ci_high,status,stage,why',
    );
    const rec = JSON.parse(readFileSync(join(a, 'recommendation.json'), 'utf8'));
    expect(Object.keys(rec)).toEqual(expect.arrayContaining(['policy_set', 'decision', 'replications', 'reason', 'contenders', 'excluded', 'parameters']));
    expect(Object.keys(rec.parameters)).toEqual(['superlink.strategy.min_completion_rate_fit', 'superlink.round_timeout']);
  });
});
