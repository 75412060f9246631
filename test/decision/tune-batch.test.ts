import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { tune } from '../../src/experiment/tune.js';
import { type TuneArgs, tuneShard, tuneStep } from '../../src/experiment/tune-batch.js';
import { tuneFiles } from '../../src/report/tune.js';
import { UserError } from '../../src/scenario/errors.js';
import { parseSet } from '../../src/scenario/grid.js';
import { parseScenario } from '../../src/scenario/load.js';
import { tempDir } from '../temp.js';

const dir = tempDir('flsim-tune-batch-');
const text = stringify({
  name: 'tb',
  seed: 5,
  horizon: '3h',
  replications: 4,
  superlink: {
    boot_time: '0s',
    num_rounds: 200,
    round_timeout: '5m',
    strategy: { name: 'FaultTolerantFedAvg', min_fit_clients: 2, min_available_clients: 2, fraction_evaluate: 0 },
  },
  supernode: { boot_time: '20s', image_size: 0, model_size: '5MB', bandwidth: '50Mbps', train_time: '2m' },
  connectivity: { link: { model: 'markov', mean_up: '20m', mean_down: '3m' } },
  oneflow: { role: { cardinality: 4 } },
  policy_sets: [{ name: 'base' }],
});
const file = join(dir, 'tb.yaml');
const set = ['superlink.strategy.min_completion_rate_fit=0.2,0.6,1.0', 'superlink.round_timeout=3m,12m'];
const args: TuneArgs = { file, set, policySet: 'base', replications: 4, budget: 16 };
const load = () => ({ scenario: parseScenario(text, file), grid: set.map(parseSet) });
const command = 'sim tune';

async function local() {
  const { scenario, grid } = load();
  return tuneFiles(await tune(scenario, grid, { policySet: 'base', replications: 4, budget: 16 }), command);
}

/** Drive a batch tune to its end, running the pending shards in `order` (a permutation of the pending list). */
async function batch(state: string, shards: number, order: (pending: number[]) => number[] = (p) => p) {
  rmSync(state, { recursive: true, force: true });
  const { scenario, grid } = load();
  for (;;) {
    const step = tuneStep(scenario, grid, args, state, shards);
    if (step.kind === 'done') return tuneFiles(step.result, command);
    for (const i of order(step.shards)) await tuneShard(load, state, { index: i, count: shards });
  }
}

describe('sim tune as steps on a batch engine', () => {
  it("gives the local tune's files, for 1, 2 and 5 shards and shards run in any order", async () => {
    const expected = await local();
    expect(await batch(join(dir, 's1'), 1)).toEqual(expected);
    expect(await batch(join(dir, 's2'), 2, (p) => [...p].reverse())).toEqual(expected);
    expect(await batch(join(dir, 's5'), 5, (p) => [p[2], p[0], p[4], p[1], p[3]].filter((x): x is number => x !== undefined))).toEqual(expected);
  });

  it('a shard that never ran (failed, killed) is named and left alone pending; rerun, the tune goes on to the same end', async () => {
    const state = join(dir, 'killed');
    const { scenario, grid } = load();
    const first = tuneStep(scenario, grid, args, state, 3);
    expect(first.kind).toBe('stage');
    await tuneShard(load, state, { index: 1, count: 3 });
    await tuneShard(load, state, { index: 3, count: 3 });
    const missing = tuneStep(scenario, grid, args, state, 3);
    expect(missing).toEqual({ kind: 'missing', stage: 1, shards: [2] });
    expect(readFileSync(join(state, 'pending'), 'utf8')).toBe('2\n');
    await tuneShard(load, state, { index: 2, count: 3 });
    let files: Record<string, string> | null = null;
    for (;;) {
      const step = tuneStep(scenario, grid, args, state, 3);
      if (step.kind === 'done') {
        files = tuneFiles(step.result, command);
        break;
      }
      for (const i of step.shards) await tuneShard(load, state, { index: i, count: 3 });
    }
    expect(files).toEqual(await local());
    expect(readFileSync(join(state, 'pending'), 'utf8')).toBe('');
  });

  it('a shard run twice, other arguments or another number of shards are refused, named', async () => {
    const state = join(dir, 'twice');
    const { scenario, grid } = load();
    tuneStep(scenario, grid, args, state, 2);
    await tuneShard(load, state, { index: 1, count: 2 });
    await expect(tuneShard(load, state, { index: 1, count: 2 })).rejects.toThrow(/shard 1\/2 of stage 1 already has its figures .* it ran twice/);
    await expect(tuneShard(load, state, { index: 1, count: 2 }, { ifMissing: true })).resolves.toEqual({ stage: 1, runs: 0 });
    expect(() => tuneStep(scenario, grid, { ...args, budget: 18 }, state, 2)).toThrow(UserError);
    expect(() => tuneStep(scenario, grid, args, state, 3)).toThrow(/--shards 3: the tune in .* runs its stages in 2 shards/);
    expect(existsSync(join(state, 'stage-1', 'shard-2.json'))).toBe(false);
  });
});
