import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioIssue } from '../src/scenario/errors.js';
import { parseScenario } from '../src/scenario/load.js';
import { parseDuration, parseRate, parseSize } from '../src/scenario/units.js';
import { refused } from './helpers.js';
import { tempDir } from './temp.js';

const dir = tempDir('flsim-scenario-');
const file = join(dir, 'scenario.yaml');

const issues = (text: string): ScenarioIssue[] => refused(text, file);

const minimal = 'name: t\noneflow:\n  role: {cardinality: 3}\n';

describe('units', () => {
  it('parseDuration reads 90s, 5m, 2h, 1d, 250ms and plain seconds into ms', () => {
    expect(['90s', '5m', '2h', '1d', '250ms', 30, '1.5s'].map(parseDuration)).toEqual([90_000, 300_000, 7_200_000, 86_400_000, 250, 30_000, 1500]);
    expect(parseDuration('5 minutes')).toBeNull();
    expect(parseDuration(-1)).toBeNull();
  });
  it('parseSize reads 25MB, 1.2GB, 512MiB into bytes', () => {
    expect(['25MB', '1.2GB', '512MiB', 100].map(parseSize)).toEqual([25e6, 1.2e9, 512 * 1024 * 1024, 100]);
  });
  it('parseRate reads 10Mbps, 1Gbps into bits per second', () => {
    expect(['10Mbps', '1Gbps', '56Kbps'].map(parseRate)).toEqual([1e7, 1e9, 56e3]);
  });
});

describe('defaults', () => {
  it("fills Flower's defaults for the strategy named", () => {
    const s = parseScenario(`${minimal}superlink:\n  strategy: {name: FaultTolerantFedAvg}\n`, file).policySets[0]!;
    expect(s.superlink.strategy).toMatchObject({ min_fit_clients: 1, min_available_clients: 1, min_completion_rate_fit: 0.5, accept_failures: true });
    expect(s.superlink.wait_timeout).toBe(86_400_000);
    expect(s.superlink.round_timeout).toBeNull();
    expect(s.superlink.heartbeat).toEqual({ interval: 30_000, patience: 2 });
    expect(s.policy_set).toBe('default');
  });
  it('the edge variant sets exponential discovery backoff with a 300 s cap', () => {
    const s = parseScenario(`${minimal}supernode: {variant: edge}\n`, file).policySets[0]!;
    expect(s.supernode.discovery).toEqual({ retries: 30, interval: 10_000, backoff: 'exponential', max_backoff: 300_000 });
    expect(s.supernode.reconnect).toEqual({ max_retries: null, max_wait_time: null });
  });
  it('the message API defaults round_timeout to 3600 s', () => {
    const s = parseScenario(`${minimal}superlink: {api: message}\n`, file).policySets[0]!;
    expect(s.superlink.round_timeout).toBe(3_600_000);
  });
});

describe('policy sets', () => {
  const text = `name: t
superlink:
  strategy: {name: FedAvg, min_fit_clients: 3, min_available_clients: 4}
connectivity:
  sites: [{name: a, bandwidth: 10Mbps}, {name: b}]
oneflow:
  role: {cardinality: 5}
policy_sets:
  - name: base
  - name: strict
    description: all must be there
    superlink: {strategy: {min_available_clients: 5}}
    connectivity:
      sites: [{name: c}]
`;
  it('deep-merge each override onto the base; lists replace', () => {
    const [base, strict] = parseScenario(text, file).policySets;
    expect(base!.superlink.strategy).toMatchObject({ min_fit_clients: 3, min_available_clients: 4 });
    expect(strict!.superlink.strategy).toMatchObject({ min_fit_clients: 3, min_available_clients: 5 });
    expect(strict!.policy_set_description).toBe('all must be there');
    expect(base!.connectivity.sites.map((s) => s.name)).toEqual(['a', 'b']);
    expect(strict!.connectivity.sites.map((s) => s.name)).toEqual(['c']);
  });
  it('--policy-set keeps one; an unknown name is an error', () => {
    expect(parseScenario(text, file, { policySet: 'strict' }).policySets.map((s) => s.policy_set)).toEqual(['strict']);
    expect(() => parseScenario(text, file, { policySet: 'nope' })).toThrow(/no policy set named "nope"; the file has: base, strict/);
  });
});

describe('errors name file:line:column, the path and what is expected', () => {
  it('an unknown key points at the key and lists the known ones', () => {
    const [i] = issues(`${minimal}superlink:\n  num_round: 3\n`);
    expect(i).toMatchObject({ file, line: 5, column: 3, path: 'superlink.num_round' });
    expect(i!.message).toMatch(/unknown key "num_round"; expected one of: api, num_rounds/);
  });
  it('a wrong type or bad duration names what is expected', () => {
    const found = issues(`${minimal}horizon: 5 minutes\nreplications: two\n`);
    expect(found.map((i) => [i.line, i.column, i.path])).toEqual([
      [4, 10, 'horizon'],
      [5, 15, 'replications'],
    ]);
    expect(found[0]!.message).toMatch(/expected a duration such as 90s/);
    expect(found[1]!.message).toMatch(/expected integer, got "two"/);
  });
  it('impossible values: min_vms > max_vms, fractions outside [0, 1], min_fit_clients < 1, negative durations', () => {
    const text = `name: t
round: 1
superlink:
  round_timeout: -5
  strategy: {fraction_fit: 1.2, min_fit_clients: 0}
oneflow:
  role: {cardinality: 4, min_vms: 5, max_vms: 3}
`;
    const found = issues(text);
    const paths = found.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'round',
        'superlink.round_timeout',
        'superlink.strategy.fraction_fit',
        'superlink.strategy.min_fit_clients',
        'oneflow.role.min_vms',
      ]),
    );
    const minVms = found.find((i) => i.path === 'oneflow.role.min_vms')!;
    expect([minVms.line, minVms.column]).toEqual([7, 35]);
    expect(minVms.message).toMatch(/min_vms \(5\) must not exceed max_vms \(3\)/);
  });
  it('a problem inside a policy set points into that policy set', () => {
    const [i] = issues(`${minimal}policy_sets:\n  - name: a\n    superlink: {strategy: {fraction_fit: 2}}\n`);
    expect(i).toMatchObject({ line: 6, path: 'policy_sets.0.superlink.strategy.fraction_fit' });
  });
  it('strategy-only keys are refused on the other strategy', () => {
    const [i] = issues(`${minimal}superlink:\n  strategy: {name: FedAvg, min_completion_rate_fit: 0.5}\n`);
    expect(i!.message).toMatch(/FaultTolerantFedAvg parameter/);
    const [j] = issues(`${minimal}superlink:\n  api: message\n  strategy: {name: FaultTolerantFedAvg}\n`);
    expect(j!.message).toMatch(/only in the legacy API/);
  });
  it('OneFlow needs min_vms and max_vms on a role with policies', () => {
    const text = 'name: t\noneflow:\n  role:\n    cardinality: 2\n    elasticity_policies: [{type: CHANGE, adjust: 1, expression: "CPU > 80"}]\n';
    expect(issues(text).map((i) => i.message)).toEqual([
      'OneFlow requires min_vms on a role with elasticity or scheduled policies',
      'OneFlow requires max_vms on a role with elasticity or scheduled policies',
    ]);
  });
  it('a missing trace file, and a malformed one at its own line', () => {
    const missing = issues(`${minimal}connectivity:\n  link: {model: trace, file: nope.csv}\n`);
    expect(missing[0]).toMatchObject({ line: 5, path: 'connectivity.link.file' });
    expect(missing[0]!.message).toMatch(/trace file "nope.csv" not found/);
    writeFileSync(join(dir, 'bad.csv'), 'node,offline_from,offline_to\n0,10,20\n1,30,5m\nx,1,2\n2,50,40\n');
    const bad = issues(`${minimal}connectivity:\n  link: {model: trace, file: bad.csv}\n`);
    expect(bad.map((i) => [i.file, i.line])).toEqual([
      [join(dir, 'bad.csv'), 4],
      [join(dir, 'bad.csv'), 5],
    ]);
    expect(bad[0]!.message).toMatch(/node must be an index/);
    expect(bad[1]!.message).toMatch(/offline_to \(40\) must be after offline_from \(50\)/);
  });
  it('reports several problems together, in file order', () => {
    const found = issues('name: t\nseed: x\nhorizon: -1\noneflow:\n  role: {cardinality: -2}\n');
    expect(found.map((i) => i.line)).toEqual([2, 3, 5]);
  });
  it('YAML syntax errors carry their position', () => {
    const [i] = issues('name: t\nsuperlink: [\n');
    expect(i!.message).toMatch(/^YAML syntax/);
    expect(i!.line).toBeGreaterThan(1);
  });
  it('a scenario that is not a mapping is refused', () => {
    expect(issues('- a\n- b\n')[0]!.message).toMatch(/a scenario is a YAML mapping/);
  });
});
