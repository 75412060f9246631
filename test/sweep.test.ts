import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweep } from '../src/experiment/sweep.js';
import { UserError } from '../src/scenario/errors.js';
import { gridPoints, inShard, parseSet, parseShard } from '../src/scenario/grid.js';
import { scenarioFromObject } from '../src/scenario/load.js';
import { sim } from './sim.js';
import { tempDir } from './temp.js';

const tiny = {
  name: 'tiny',
  horizon: '1h',
  replications: 2,
  superlink: { boot_time: '0s', num_rounds: 50, strategy: { name: 'FedAvg', min_fit_clients: 2, min_available_clients: 2, fraction_evaluate: 0 } },
  supernode: { boot_time: '10s', image_size: 0, train_time: '2m' },
  connectivity: { link: { model: 'markov', mean_up: '20m', mean_down: '2m' } },
  oneflow: { role: { cardinality: 4 } },
  policy_sets: [{ name: 'a' }, { name: 'b', superlink: { strategy: { min_available_clients: 4 } } }],
};

describe('sweep grids', () => {
  it('parseSet reads PATH=V1,V2 with YAML values', () => {
    expect(parseSet('oneflow.role.elasticity_policies.1.cooldown=300,10m,null')).toEqual({
      path: 'oneflow.role.elasticity_policies.1.cooldown',
      values: [300, '10m', null],
    });
    expect(() => parseSet('cooldown')).toThrow(UserError);
    expect(() => parseSet('a..b=1')).toThrow(/not a scenario path/);
  });
  it('gridPoints is the cartesian product, first axis slowest; shards split it round-robin', () => {
    const pts = gridPoints([
      { path: 'x', values: [1, 2] },
      { path: 'y', values: ['a', 'b', 'c'] },
    ]);
    expect(pts.map((p) => p.params)).toEqual([
      { x: 1, y: 'a' },
      { x: 1, y: 'b' },
      { x: 1, y: 'c' },
      { x: 2, y: 'a' },
      { x: 2, y: 'b' },
      { x: 2, y: 'c' },
    ]);
    expect(pts.filter((p) => inShard(p.point, parseShard('2/4'))).map((p) => p.point)).toEqual([1, 5]);
    expect(() => parseShard('0/4')).toThrow(UserError);
    expect(() => parseShard('5/4')).toThrow(UserError);
  });
  it('sweep runs every point for every policy set on common random numbers', async () => {
    const s = scenarioFromObject(tiny, 'tiny');
    const r = await sweep(s, [parseSet('superlink.strategy.min_fit_clients=2,3')]);
    expect(r.rows.map((x) => [x.point, x.params['superlink.strategy.min_fit_clients'], x.summary.policy_set])).toEqual([
      [0, 2, 'a'],
      [0, 2, 'b'],
      [1, 3, 'a'],
      [1, 3, 'b'],
    ]);
    // The point's value is really in force: with min_fit_clients 3 the strict set samples 4, never 2.
    expect(r.rows[0]!.summary.metrics.rounds_attempted.mean).toBeGreaterThan(0);
  });
  it('a bad value fails before anything runs, naming the --set', async () => {
    const s = scenarioFromObject(tiny, 'tiny');
    await expect(sweep(s, [parseSet('superlink.strategy.fraction_fit=0.5,1.5')])).rejects.toThrow(
      /--set superlink\.strategy\.fraction_fit=1\.5: .*must be <= 1/,
    );
    await expect(sweep(s, [parseSet('superlink.strategy.fraction=0.5')])).rejects.toThrow(/--set superlink\.strategy\.fraction=0\.5: .*unknown key "fraction"/);
    await expect(sweep(s, [parseSet('oneflow.role.elasticity_policies.0.cooldown=60')])).rejects.toThrow(/no policy set has it/);
  });
});

describe('sim sweep', () => {
  it('exits 2 on a bad --set and writes nothing', async () => {
    const out = join(tempDir('flsim-sw-'), 'out');
    const r = await sim('sweep', 'scenarios/edge-churn.yaml', '--set', 'superlink.strategy.min_fit_clients=0', '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--set superlink\.strategy\.min_fit_clients=0: .*must be >= 1/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('paretoFront(points, a, b)', () => {
  it('keeps the points no other beats on both costs, in order of the first', async () => {
    const { paretoFront } = await import('../src/report/pareto.js');
    const pts = [
      { f: 0.1, v: 300 },
      { f: 0.05, v: 400 },
      { f: 0.2, v: 200 },
      { f: 0.1, v: 350 },
      { f: 0.3, v: 250 },
      { f: 0.05, v: 450 },
    ];
    expect(
      paretoFront(
        pts,
        (p) => p.f,
        (p) => p.v,
      ),
    ).toEqual([
      { f: 0.05, v: 400 },
      { f: 0.1, v: 300 },
      { f: 0.2, v: 200 },
    ]);
    expect(
      paretoFront(
        [],
        (p: number) => p,
        (p) => p,
      ),
    ).toEqual([]);
  });
});
