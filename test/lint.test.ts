import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFindings, lintReport, lintScenario, RULES } from '../src/lint/lint.js';
import { RULE_IDS } from '../src/scenario/lint-rules.js';
import { parseScenario } from '../src/scenario/load.js';
import { dir, refused } from './helpers.js';
import { sim } from './sim.js';

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
  it("a scenario that follows the code's rules has no finding", () => {
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
      ['PF-01', 'supernode.reconnect.max_retries'],
      ['PF-01', 'supernode.reconnect.max_wait_time'],
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
    expect(
      lint(clean.replace('{type: CHANGE, adjust: 1,', '{type: CARDINALITY, adjust: 12,'))
        .filter((f) => f.id === 'PF-06')
        .map((f) => f.severity),
    ).toEqual(['warning']);
  });

  it('PF-07 on a scale-down policy without its own cooldown', () => {
    const t = clean.replace('cooldown: 300}', 'cooldown: 300}\n      - {type: CHANGE, adjust: -1, expression: "CPU < 10", period_number: 5, period: 90}');
    expect(ids(t)).toContain('PF-07');
  });

  // vmrole.rb shutdown_nodes removes nodes[0..n-1], the oldest; it bites where one scale-in removes several.
  it('PF-08 where one scale-in can remove 2 or more SuperNodes (CHANGE -2, CARDINALITY 4 from 8, PERCENTAGE_CHANGE -30 of 8), not one at a time', () => {
    const down = (p: string) => clean.replace('cooldown: 300}', `cooldown: 300}\n      - {${p}, expression: "CPU < 10", cooldown: 1800}`);
    expect(ids(down('type: CHANGE, adjust: -1'))).not.toContain('PF-08');
    const two = lint(down('type: CHANGE, adjust: -2')).find((f) => f.id === 'PF-08')!;
    expect(two).toMatchObject({ path: 'oneflow.role.elasticity_policies.1.adjust' });
    expect(two.message).toMatch(/^one scale-in can remove 2 SuperNodes at once, and OneFlow takes the oldest first/);
    expect(lint(down('type: CARDINALITY, adjust: 4')).find((f) => f.id === 'PF-08')!.message).toMatch(/can remove 4 SuperNodes/);
    // 8 x 30 / 100 = 2.4 -> 2.
    expect(lint(down('type: PERCENTAGE_CHANGE, adjust: -30')).find((f) => f.id === 'PF-08')!.message).toMatch(/can remove 2 SuperNodes/);
  });

  it('AP-07 says its churn estimate does not apply when min_vms is already below min_fit_clients, instead of "0 s"', () => {
    const t = clean
      .replace('min_vms: 4', 'min_vms: 2')
      .replace('cooldown: 300}', 'cooldown: 300}\n      - {type: CHANGE, adjust: -1, expression: "CPU < 10", cooldown: 600}');
    const f = lint(t).find((x) => x.id === 'AP-07')!;
    expect(f.message).toMatch(/already below min_fit_clients 3, so scale-in alone can stop training \(AP-04\)/);
    expect(f.fix).toBe('raise min_vms to at least min_fit_clients (3) first (AP-04), then lint again for the cooldown');
    expect(`${f.message} ${f.fix}`).not.toMatch(/\b0 s\b/);
  });

  it('lint: {ignore: [...]} leaves rules out, counts them, and refuses an id that is no rule', () => {
    const t = clean.replace('min_available_clients: 3', 'min_available_clients: 6');
    expect(ids(t)).toEqual(['AP-01']);
    expect(ids(`${t}lint: {ignore: [AP-01]}\n`)).toEqual([]);
    const report = lintReport(parseScenario(`${t}lint: {ignore: [AP-01]}\n`, file));
    expect(report.ignored.map((f) => f.id)).toEqual(['AP-01']);
    expect(formatFindings(report.findings, false, report.ignored)).toBe('0 errors, 0 warnings, 1 ignored (AP-01)\n');
    expect(lintReport(parseScenario(t, file), { ignore: ['AP-01'] }).findings).toEqual([]);
    const [bad] = refused(`${clean}lint: {ignore: [PF-99]}\n`, file);
    expect(bad).toMatchObject({ path: 'lint.ignore.0' });
    expect(bad!.message).toMatch(/^expected one of AP-01, .*PF-09, got "PF-99"$/);
  });

  it('RULE_IDS names exactly the rules sim lint has', () => {
    const seen = new Set<string>();
    for (const rule of RULES) for (const f of rule({ scenario: worst(), at: () => ({ file, line: 1, column: 1, path: '' }) })) seen.add(f.id);
    expect([...seen].sort()).toEqual([...RULE_IDS].filter((id) => seen.has(id)));
    expect(RULES).toHaveLength(RULE_IDS.length);
  });

  it('AP-02 and AP-07 on scale-down cooldowns too short for a round, and too long for the churn', () => {
    const short = clean.replace('cooldown: 300}', 'cooldown: 300}\n      - {type: CHANGE, adjust: -1, expression: "CPU < 10", cooldown: 120}');
    expect(ids(short)).toContain('AP-02');
    const long = clean.replace('cooldown: 300}', 'cooldown: 300}\n      - {type: CHANGE, adjust: -1, expression: "CPU < 10", cooldown: 14400}');
    expect(ids(long)).toContain('AP-07');
    expect(ids(long)).not.toContain('AP-02');
  });

  it('a finding in the base scenario is reported once, naming every policy set', () => {
    const t = `${clean.replace('min_available_clients: 3', 'min_available_clients: 6')}policy_sets:\n  - name: a\n  - name: b\n`;
    const f = lint(t).filter((x) => x.id === 'AP-01');
    expect(f).toHaveLength(1);
    expect(f[0]!.policy_sets).toEqual(['a', 'b']);
  });
});

/** A policy set with many mistakes, for the rule-id check. */
function worst() {
  return parseScenario(clean.replace('min_available_clients: 3', 'min_available_clients: 6'), file).policySets[0]!;
}

describe('sim lint FILE', () => {
  it('exits 1 on an error-level finding, prints file:line:column, and --json gives the findings as data', async () => {
    const r = await sim('lint', 'scenarios/edge-churn.yaml');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^scenarios\/edge-churn\.yaml:\d+:\d+: error AP-01 \[min-available-10\]/m);
    expect(r.stdout).not.toContain('\u001b[');
    const json = JSON.parse((await sim('lint', 'scenarios/edge-churn.yaml', '--json')).stdout);
    expect(json[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), severity: expect.any(String), line: expect.any(Number), fix: expect.any(String) }),
    );
  });
  it('exits 0 with warnings only, and 2 on a bad scenario', async () => {
    expect((await sim('lint', 'scenarios/anti-patterns/AP-05-large-edge-image.yaml')).status).toBe(0);
    expect((await sim('lint', 'nope.yaml')).status).toBe(2);
  });
  it('--ignore ID leaves a rule out and counts it; an unknown id is a usage error (exit 2)', async () => {
    const r = await sim('lint', 'scenarios/edge-churn.yaml', '--ignore', 'AP-01', '--ignore', 'PF-01');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/0 errors, \d+ warnings, 6 ignored \(AP-01, PF-01\)\n$/);
    const bad = await sim('lint', 'scenarios/edge-churn.yaml', '--ignore', 'PF-99');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--ignore PF-99: no such rule');
  });
});
