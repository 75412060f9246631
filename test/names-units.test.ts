import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioInSeconds } from '../src/report/scenario-seconds.js';
import { loadScenarioFile } from '../src/scenario/load.js';
import { dir, refused, scenario, trace } from './helpers.js';

describe('a site-outage trace names a site by index or by name', () => {
  it('reads the site column as a name from connectivity.sites', () => {
    const file = trace('site-names.csv', ['north,100,200', '1,300,400'], 'site');
    const s = scenario({ connectivity: { sites: [{ name: 'north' }, { name: 'south' }], site_outages: { model: 'trace', file } } });
    const outages = s.connectivity.site_outages;
    expect(outages.model === 'trace' && [...outages.outages]).toEqual([
      [0, [[100_000, 200_000]]],
      [1, [[300_000, 400_000]]],
    ]);
  });
  it('refuses a name that is no site, listing the names', () => {
    const file = trace('site-bad.csv', ['east,100,200'], 'site');
    const issues = refused(
      `name: t\noneflow:\n  role: {cardinality: 2}\nconnectivity:\n  sites: [{name: north}, {name: south}]\n  site_outages: {model: trace, file: ${file}}\n`,
      join(dir, 'x.yaml'),
    );
    expect(issues.some((i) => i.message === 'site must be an index (0, 1, ...) or a site\'s name (north, south), got "east"')).toBe(true);
  });
});

describe('run.json writes durations in the units of the fields they mirror: seconds', () => {
  it("edge-churn's round_timeout 15m is 900, heartbeat 30, horizon 86400, cpu-policies' period 60 and cooldown 300, training median 360", () => {
    const file = loadScenarioFile('scenarios/edge-churn.yaml');
    const cpu = scenarioInSeconds(file.policySets.find((p) => p.policy_set === 'cpu-policies')!) as {
      horizon: number;
      superlink: { round_timeout: number; heartbeat: { interval: number } };
      supernode: { train_time: { median: number } };
      oneflow: { autoscaler_interval: number; role: { elasticity_policies: Array<{ period: number; cooldown: number }> } };
    };
    expect([
      cpu.horizon,
      cpu.superlink.round_timeout,
      cpu.superlink.heartbeat.interval,
      cpu.supernode.train_time.median,
      cpu.oneflow.autoscaler_interval,
    ]).toEqual([86400, 900, 30, 360, 90]);
    expect(cpu.oneflow.role.elasticity_policies[0]).toMatchObject({ period: 60, cooldown: 300 });
  });
});
