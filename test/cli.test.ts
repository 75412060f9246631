import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sim } from './sim.js';
import { tempDir } from './temp.js';

const root = join(import.meta.dirname, '..');
/** The built command in a process of its own: for worker threads, and for the README's own command line. */
const built = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/sim.mjs'), ...args], { cwd: root, encoding: 'utf8' });
const tmp = () => tempDir('flsim-cli-');

describe('sim run', () => {
  it('writes byte-identical outputs for the same scenario and seed, on one worker thread or several', () => {
    const [a, b] = [tmp(), tmp()];
    const file = 'scenarios/anti-patterns/AP-02-short-scale-down-cooldown.yaml';
    const ra = built('run', file, '--replications', '3', '--out', a, '--workers', '2');
    const rb = built('run', file, '--replications', '3', '--out', b, '--workers', '1');
    expect(ra.status).toBe(0);
    expect(rb.status).toBe(0);
    expect(ra.stdout.replaceAll(a, 'OUT')).toBe(rb.stdout.replaceAll(b, 'OUT'));
    for (const f of ['summary.csv', 'rounds.csv', 'scaling.csv', 'timeline.csv', 'run.json', 'report.html'])
      expect(readFileSync(join(a, f))).toEqual(readFileSync(join(b, f)));
  });

  it('a replication that fails on a worker thread reports as on this one: exit 1, one message, no stack trace', () => {
    const run = (workers: string) =>
      built('run', 'scenarios/anti-patterns/AP-02-short-scale-down-cooldown.yaml', '--replications', '2', '--event-budget', '300', '--workers', workers);
    const [one, two] = [run('1'), run('2')];
    expect([one.status, two.status]).toEqual([1, 1]);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stderr).toMatch(/^error: .*replication 0 \(seed \d+\) failed at t=[\d.]+ s after 300 events: the event budget of 300 events ran out\n/);
    expect(two.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints one row per policy set and the columns the summary promises', async () => {
    const out = tmp();
    const r = await sim('run', 'scenarios/edge-churn.yaml', '--replications', '2', '--out', out);
    for (const name of [
      'spec-recommended',
      'spec-recommended-no-eval',
      'min-available-10',
      'min-available-10-no-eval',
      'max-retries-0',
      'max-retries-0-restart',
    ])
      expect(r.stdout).toContain(name);
    const header = readFileSync(join(out, 'summary.csv'), 'utf8').split('\n')[0]!.split(',');
    expect(header).toEqual(
      expect.arrayContaining([
        'policy_set',
        'replications',
        'rounds_attempted',
        'rounds_succeeded',
        'rounds_failed',
        'failure_rate',
        'failure_rate_ci_low',
        'failure_rate_ci_high',
        'failed_cancelled',
        'failed_no_results',
        'failed_completion_rate',
        'failed_failures_rejected',
        'eval_failure_rate',
        'eval_failure_rate_ci_low',
        'eval_failure_rate_ci_high',
        'wait_hours',
        'vm_hours',
        'scale_ups',
        'scale_downs',
      ]),
    );
    const rounds = readFileSync(join(out, 'rounds.csv'), 'utf8').split('\n');
    expect(rounds[0]!.split(',')).toEqual(expect.arrayContaining(['eval_sampled', 'eval_results', 'eval_failures', 'eval_outcome', 'eval_cause']));
    const evalOutcomes = new Set(rounds.slice(1, -1).map((l) => l.split(',')[rounds[0]!.split(',').indexOf('eval_outcome')]));
    expect(evalOutcomes).toContain('skipped');
    expect(evalOutcomes).toContain('succeeded');
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ tool: 'fl-cluster-sim', seed: 20261127, replications: 2 });
    expect(run.policy_sets).toHaveLength(9);
    const scaling = readFileSync(join(out, 'scaling.csv'), 'utf8').split('\n');
    expect(scaling[0]).toBe(
      'policy_set,replication,time,service_state,outcome,policy,expression_evaluated,true_evals,cardinality_from,cardinality_to,cooldown,reject_reason',
    );
    expect(scaling.some((l) => l.startsWith('cpu-policies,') && l.includes(',scale_up,elasticity_policies[0],CPU['))).toBe(true);
    expect(scaling.some((l) => l.startsWith('business-hours,') && l.includes(',scheduled_policies[1],'))).toBe(true);
    const timeline = readFileSync(join(out, 'timeline.csv'), 'utf8').split('\n');
    expect(timeline[0]).toBe('policy_set,replication,time,service_state,cardinality,running_vms,connected,training,CPU,FL_CLIENT_STATUS');
  });

  it('--seed changes the outputs; --policy-set keeps one; --json prints the summary', async () => {
    const [a, b] = [tmp(), tmp()];
    const run = (seed: string, out: string) =>
      sim('run', 'scenarios/edge-churn.yaml', '--replications', '2', '--seed', seed, '--policy-set', 'max-retries-0', '--json', '--out', out);
    const r = await run('5', a);
    expect(r.status).toBe(0);
    const { summary } = JSON.parse(r.stdout);
    expect(summary.map((s: { policy_set: string }) => s.policy_set)).toEqual(['max-retries-0']);
    expect(JSON.parse(readFileSync(join(a, 'run.json'), 'utf8')).seed).toBe(5);
    expect((await run('6', b)).status).toBe(0);
    expect(readFileSync(join(a, 'rounds.csv'), 'utf8')).not.toBe(readFileSync(join(b, 'rounds.csv'), 'utf8'));
  });

  it('bad input: exit 2, positioned messages, no stack trace, nothing written', async () => {
    const d = tmp();
    const bad = join(d, 'bad.yaml');
    writeFileSync(bad, 'name: bad\nhorizon: soon\noneflow:\n  role: {cardinality: 2}\n');
    const out = join(d, 'out');
    const r = await sim('run', bad, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}:2:10: horizon: expected a duration`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing file and a bad option are user errors too (exit 2)', async () => {
    expect((await sim('run', 'nope.yaml')).status).toBe(2);
    expect((await sim('run', 'scenarios/edge-churn.yaml', '--replications', 'zero')).status).toBe(2);
  });
});

describe('sim schema', () => {
  it('prints the JSON Schema of scenario files', async () => {
    const r = await sim('schema');
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toMatch(/json-schema/);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['superlink', 'supernode', 'connectivity', 'oneflow', 'metrics', 'policy_sets']));
  });
});

describe('golden output', () => {
  it('the README shows exactly the table that `sim run scenarios/edge-churn.yaml` prints', () => {
    const out = tmp();
    const r = built('run', 'scenarios/edge-churn.yaml', '--out', out);
    const table = r.stdout.split('\n\nsummary.csv, ')[0]!;
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`\n${table}\n\`\`\``);
    // The README's paired differences are comparison.csv's, to one decimal.
    const csv = readFileSync(join(out, 'comparison.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const signed = (x: string) => {
      const t = Number(x).toFixed(1);
      return t.startsWith('-') ? `−${t.slice(1)}` : `+${t}`;
    };
    const cell = (set: string, metric: string) => {
      const [, , , d, lo, hi] = csv.find((r) => r[0] === set && r[2] === metric)!;
      return `${signed(d!)} [${signed(lo!)}, ${signed(hi!)}]`;
    };
    // docs/anti-patterns.md's figures on "FaultTolerantFedAvg tolerates 50 % dropout" are this run's (no-eval set).
    const rounds = readFileSync(join(out, 'rounds.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const h = rounds[0]!;
    const col = (r: string[], k: string) => r[h.indexOf(k)]!;
    const fits = rounds.slice(1).filter((r) => r[0] === 'spec-recommended-no-eval' && Number(col(r, 'sampled')) > 0 && col(r, 'outcome') !== 'unfinished');
    const share = (r: string[]) => Number(col(r, 'failures')) / Number(col(r, 'sampled'));
    const halfOrMore = fits.filter((r) => share(r) >= 0.5);
    const exactlyHalf = halfOrMore.filter((r) => share(r) === 0.5);
    const pct = (x: number) => (100 * x).toFixed(0);
    const claim = `${pct(fits.filter((r) => share(r) > 0).length / fits.length)} % of rounds lose at least one client and the mean dropout is ${pct(fits.reduce((a, r) => a + share(r), 0) / fits.length)} %; of the ${halfOrMore.length} rounds that lost\n  half their clients or more, the ${exactlyHalf.filter((r) => col(r, 'outcome') === 'succeeded').length} at exactly half succeeded and the other ${halfOrMore.filter((r) => share(r) > 0.5 && col(r, 'outcome') === 'failed').length} failed.`;
    expect(readFileSync(join(root, 'docs/anti-patterns.md'), 'utf8')).toContain(claim);
    expect(exactlyHalf.length + halfOrMore.filter((r) => share(r) > 0.5 && col(r, 'outcome') === 'failed').length).toBe(halfOrMore.length);
    const rows = [...readme.matchAll(/^\| ([a-z0-9-]+) \| ([^|]+) \| ([^|]+) \| [^|]+ \|$/gm)].filter((m) => csv.some((r) => r[0] === m[1]));
    expect(rows.length).toBe(7);
    for (const [, set, rounds, vm] of rows) {
      expect(rounds!.trim()).toBe(cell(set!, 'rounds_succeeded'));
      if (vm!.trim().includes('[')) expect(vm!.trim()).toBe(cell(set!, 'vm_hours'));
    }
  });
});
