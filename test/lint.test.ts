import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintScenario } from '../src/lint/lint.js';
import { parseScenario } from '../src/scenario/load.js';
import { dir } from './helpers.js';

const file = join(dir, 'lint.yaml');
const lint = (text: string) => lintScenario(parseScenario(text, file));
const ids = (text: string) => [...new Set(lint(text).map((f) => f.id))].sort();

const clean = `name: clean
superlink:
  round_timeout: 10m
  strategy: {name: FaultTolerantFedAvg, min_fit_clients: 3, min_available_clients: 3, fraction_evaluate: 0}
supernode: {variant: edge}
connectivity: {link: {model: markov, mean_up: 1h, mean_down: 2m}}
oneflow:
  role:
    cardinality: 6
    min_vms: 4
    max_vms: 8
    elasticity_policies:
      - {type: CHANGE, adjust: 1, expression: "FL_CLIENT_STATUS > 2", period_number: 2, period: 90, cooldown: 300}
`;

describe('sim lint rules', () => {
  it('a scenario that follows the code\'s rules has no finding', () => {
    expect(lint(clean)).toEqual([]);
  });

  it('AP-01 points at min_available_clients with what happens and the fix', () => {
    const [f] = lint(clean.replace('min_available_clients: 3', 'min_available_clients: 4'));
    expect(f).toMatchObject({ id: 'AP-01', severity: 'error', policy_sets: ['default'], file, line: 4, path: 'superlink.strategy.min_available_clients' });
    expect(f!.message).toMatch(/waits/);
    expect(f!.fix).toMatch(/below 4/);
  });

  it('AP-04 and PF-09', () => {
    const t = clean
      .replace('min_vms: 4', 'min_vms: 2')
      .replace('min_available_clients: 3', 'min_available_clients: 1')
      .replace('cooldown: 300}', 'cooldown: 300}\n      - {type: CHANGE, adjust: -1, expression: "CPU < 20", cooldown: 600}');
    expect(ids(t)).toEqual(expect.arrayContaining(['AP-04', 'PF-09']));
  });

  it('AP-05 on an edge image over 2 GB', () => {
    expect(ids(clean.replace('supernode: {variant: edge}', 'supernode: {variant: edge, image_size: 4GB}'))).toEqual(['AP-05']);
  });

  it('AP-06 when every policy reads only CPU', () => {
    expect(ids(clean.replace('FL_CLIENT_STATUS > 2', 'CPU > 80'))).toEqual(['AP-06']);
  });

  it('PF-01 on max_retries 0 and max_wait_time 0', () => {
    const found = lint(clean.replace('supernode: {variant: edge}', 'supernode: {variant: edge, reconnect: {max_retries: 0, max_wait_time: 0}}'));
    expect(found.map((f) => [f.id, f.path])).toEqual([
      ['PF-01', 'supernode.reconnect.max_retries'], ['PF-01', 'supernode.reconnect.max_wait_time'],
    ]);
  });

  it('PF-02 on a comparison to a string, and on FL_TRAINING_ACTIVE', () => {
    expect(ids(clean.replace('FL_CLIENT_STATUS > 2', 'FL_CLIENT_STATUS == TRAINING'))).toEqual(['PF-02']);
    expect(ids(clean.replace('FL_CLIENT_STATUS > 2', "FL_CLIENT_STATUS == 'TRAINING'"))).toEqual(['PF-02']);
    expect(ids(clean.replace('FL_CLIENT_STATUS > 2', 'FL_TRAINING_ACTIVE > 0'))).toEqual(['PF-02']);
  });

  it('PF-03 on && and || mixed without parentheses, and on ! before a chain', () => {
    expect(ids(clean.replace('FL_CLIENT_STATUS > 2', 'FL_CLIENT_STATUS > 2 && CPU > 5 || CPU < 1'))).toEqual(['PF-03']);
    expect(ids(clean.replace('FL_CLIENT_STATUS > 2', '(FL_CLIENT_STATUS > 2 && CPU > 5) || CPU < 1'))).toEqual([]);
    expect(lint(clean.replace('FL_CLIENT_STATUS > 2', '!(CPU > 5) || FL_CLIENT_STATUS > 2'))[0]!.message).toMatch(/negates the whole rest/);
  });

  it('PF-04 on a period shorter than autoscaler_interval', () => {
    const [f] = lint(clean.replace('period: 90', 'period: 60'));
    expect(f).toMatchObject({ id: 'PF-04', path: 'oneflow.role.elasticity_policies.0.period' });
    expect(f!.message).toMatch(/every 90 s, so 2 true evaluations take 180 s, not 120 s/);
  });

  it('PF-05 when max_vms leaves no room to scale up', () => {
    expect(ids(clean.replace('max_vms: 8', 'max_vms: 6'))).toEqual(['PF-05']);
  });

  it('PF-06 on a CARDINALITY target below min_vms (rejected) or above max_vms (capped)', () => {
    const below = lint(clean.replace('{type: CHANGE, adjust: 1,', '{type: CARDINALITY, adjust: 2,')).filter((f) => f.id === 'PF-06');
    expect(below.map((f) => [f.id, f.severity])).toEqual([['PF-06', 'error']]);
    expect(below[0]!.message).toMatch(/Minimum cardinality is 4/);
    expect(lint(clean.replace('{type: CHANGE, adjust: 1,', '{type: CARDINALITY, adjust: 12,')).filter((f) => f.id === 'PF-06').map((f) => f.severity)).toEqual(['warning']);
  });

  it('PF-07 and PF-08 on a scale-down policy without its own cooldown', () => {
    const t = clean.replace('cooldown: 300}', 'cooldown: 300}\n      - {type: CHANGE, adjust: -1, expression: "CPU < 10", period_number: 5, period: 90}');
    expect(ids(t)).toEqual(expect.arrayContaining(['PF-07', 'PF-08']));
  });

  it('AP-02 and AP-07 on scale-down cooldowns too short for a round, and too long for the churn', () => {
    const short = clean.replace('cooldown: 300}', 'cooldown: 300}\n      - {type: CHANGE, adjust: -1, expression: "CPU < 10", cooldown: 120}');
    expect(ids(short)).toContain('AP-02');
    const long = clean.replace('cooldown: 300}', 'cooldown: 300}\n      - {type: CHANGE, adjust: -1, expression: "CPU < 10", cooldown: 14400}');
    expect(ids(long)).toContain('AP-07');
    expect(ids(long)).not.toContain('AP-02');
  });

  it('a finding in the base scenario is reported once, naming every policy set', () => {
    const t = clean.replace('min_available_clients: 3', 'min_available_clients: 6') + 'policy_sets:\n  - name: a\n  - name: b\n';
    const f = lint(t).filter((x) => x.id === 'AP-01');
    expect(f).toHaveLength(1);
    expect(f[0]!.policy_sets).toEqual(['a', 'b']);
  });
});

describe('sim lint FILE', () => {
  const root = join(import.meta.dirname, '..');
  const sim = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin/sim.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  it('exits 1 on an error-level finding, prints file:line:column, and --json gives the findings as data', () => {
    const r = sim('lint', 'scenarios/edge-churn.yaml');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^scenarios\/edge-churn\.yaml:\d+:\d+: error AP-01 \[min-available-10\]/m);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    const json = JSON.parse(sim('lint', 'scenarios/edge-churn.yaml', '--json').stdout);
    expect(json[0]).toEqual(expect.objectContaining({ id: expect.any(String), severity: expect.any(String), line: expect.any(Number), fix: expect.any(String) }));
  });
  it('exits 0 with warnings only, and 2 on a bad scenario', () => {
    expect(sim('lint', 'scenarios/anti-patterns/AP-05-large-edge-image.yaml').status).toBe(0);
    expect(sim('lint', 'nope.yaml').status).toBe(2);
  });
});
