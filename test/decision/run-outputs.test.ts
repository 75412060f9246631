import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli.js';
import { METRIC_NAMES } from '../../src/scenario/metrics.js';
import { tempDir } from '../temp.js';

const dir = tempDir('flsim-run-');
const file = join(dir, 'small.yaml');
writeFileSync(
  file,
  stringify({
    name: 'small',
    seed: 3,
    horizon: '2h',
    replications: 3,
    superlink: {
      boot_time: '0s',
      num_rounds: 200,
      round_timeout: '5m',
      strategy: { name: 'FedAvg', min_fit_clients: 2, min_available_clients: 2, fraction_evaluate: 0 },
    },
    supernode: { boot_time: '20s', image_size: 0, model_size: '5MB', bandwidth: '50Mbps', train_time: '2m' },
    connectivity: { link: { model: 'markov', mean_up: '20m', mean_down: '3m' } },
    oneflow: { role: { cardinality: 4 } },
    decision: { baseline: 'b', constraints: [{ metric: 'failure_rate', max: 0.5 }] },
    policy_sets: [
      { name: 'a', description: 'the first' },
      { name: 'b' },
      { name: 'copy-of-b' },
      { name: 'strict', superlink: { strategy: { min_available_clients: 4 } } },
    ],
  }),
);

/** sim in-process: exit code and what it printed. */
async function sim(...args: string[]) {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  try {
    return { code: await main(['node', 'sim', ...args]), stdout };
  } finally {
    spy.mockRestore();
  }
}

describe('sim run: replications.csv, comparison.csv, recommendation.json', () => {
  it('writes one row per policy set and replication with every summary metric, and one comparison row per other set and metric', async () => {
    const out = join(dir, 'out');
    const r = await sim('run', file, '--out', out, '--workers', '1');
    expect(r.code).toBe(0);
    const reps = readFileSync(join(out, 'replications.csv'), 'utf8').trim().split('\n');
    expect(reps[0]).toBe(['policy_set', 'replication', ...METRIC_NAMES].join(','));
    expect(reps.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(
      ['a', 'b', 'copy-of-b', 'strict'].flatMap((s) => [0, 1, 2].map((i) => `${s},${i}`)),
    );
    const cmp = readFileSync(join(out, 'comparison.csv'), 'utf8').trim().split('\n');
    expect(cmp[0]).toBe('policy_set,baseline,metric,mean_difference,ci_low,ci_high,verdict');
    // 3 sets other than b, 5 metrics each (rounds_succeeded, failure_rate, vm_hours, rounds_failed, wait_hours).
    expect(cmp).toHaveLength(1 + 3 * 5);
    for (const l of cmp.filter((x) => x.startsWith('copy-of-b,'))) expect(l).toMatch(/,b,\w+,0\.0+,0\.0+,0\.0+,indistinguishable$/);
    const rec = JSON.parse(readFileSync(join(out, 'recommendation.json'), 'utf8'));
    expect(rec.decision.baseline).toBe('b');
    expect(rec.replications).toBe(3);
    expect(typeof rec.reason).toBe('string');
    // The terminal shows the recommendation after the table.
    expect(r.stdout).toMatch(new RegExp(`\\n\\nrecommendation: ${rec.policy_set ?? 'none'}\\n  `));
  });

  it("--json prints {summary, comparison, recommendation} under the CSV names, with summary.csv's interval bounds", async () => {
    const r = await sim('run', file, '--out', join(dir, 'json'), '--json', '--workers', '1');
    const data = JSON.parse(r.stdout);
    expect(Object.keys(data)).toEqual(['summary', 'comparison', 'recommendation']);
    const header = readFileSync(join(dir, 'json', 'summary.csv'), 'utf8')
      .split('\n')[0]!
      .split(',');
    expect(Object.keys(data.summary[0])).toEqual(header);
    expect(Object.keys(data.comparison[0])).toEqual(['policy_set', 'baseline', 'metric', 'mean_difference', 'ci_low', 'ci_high', 'verdict']);
    // summary.csv shows the same low bound as --json, unclipped, to its 4 digits.
    const csv = readFileSync(join(dir, 'json', 'summary.csv'), 'utf8')
      .split('\n')[1]!
      .split(',');
    const i = header.indexOf('failure_rate_ci_low');
    expect(Number(csv[i])).toBeCloseTo(data.summary[0].failure_rate_ci_low, 4);
  });

  it('with --replications 1 the table says there is no interval, and the recommendation compares means only', async () => {
    const out = join(dir, 'one');
    const r = await sim('run', file, '--out', out, '--replications', '1', '--workers', '1');
    expect(r.stdout).toContain('[no interval: 1 replication]');
    expect(r.stdout).not.toMatch(/(\d+\.\d)% \[\1%, \1%\]/);
    const rec = JSON.parse(readFileSync(join(out, 'recommendation.json'), 'utf8'));
    expect(rec.intervals).toBe(false);
    expect(rec.reason).toContain('compares means only');
    const cmp = readFileSync(join(out, 'comparison.csv'), 'utf8').trim().split('\n').slice(1);
    for (const l of cmp) expect(l).toMatch(/,-?[\d.]+,,,indistinguishable$/);
    const summary = readFileSync(join(out, 'summary.csv'), 'utf8').split('\n');
    const h = summary[0]!.split(',');
    expect(summary[1]!.split(',')[h.indexOf('failure_rate_ci_low')]).toBe('');
  });
});
