import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScenarioIssue } from '../../src/scenario/errors.js';
import { parseScenario } from '../../src/scenario/load.js';
import { dir, refused } from '../helpers.js';

const file = join(dir, 'oneflow.yaml');
const issues = (text: string): ScenarioIssue[] => refused(text, file);
const role = (policies: string) => `name: t\noneflow:\n  role:\n    cardinality: 2\n    min_vms: 1\n    max_vms: 4\n${policies}`;

describe('OneFlow validation of the role (flow/lib/models/service_template.rb validate_values)', () => {
  it('an expression that does not parse names its column and why', () => {
    const [i] = issues(role('    elasticity_policies:\n      - {type: CHANGE, adjust: 1, expression: "CPU > 80 and MEM < 2"}\n'));
    expect(i).toMatchObject({ line: 8, path: 'oneflow.role.elasticity_policies.0.expression' });
    expect(i!.message).toMatch(/OneFlow cannot parse "CPU > 80 and MEM < 2" at column 10/);
  });
  it('a recurrence that is not 5-field cron', () => {
    const [i] = issues(role('    scheduled_policies:\n      - {type: CARDINALITY, adjust: 3, recurrence: "0 0 8 * * *"}\n'));
    expect(i).toMatchObject({ path: 'oneflow.role.scheduled_policies.0.recurrence' });
    expect(i!.message).toMatch(/5 fields/);
  });
  it('a policy type outside CHANGE, CARDINALITY, PERCENTAGE_CHANGE (any case is fine)', () => {
    expect(() => parseScenario(role('    elasticity_policies:\n      - {type: change, adjust: 1, expression: "CPU > 80"}\n'), file)).not.toThrow();
    expect(issues(role('    elasticity_policies:\n      - {type: STEP, adjust: 1, expression: "CPU > 80"}\n'))[0]!.message).toMatch(/expected one of CHANGE/);
  });
  it('resolves policy defaults: period 0, period_number 0, min_adjust_step 0, no cooldown', () => {
    const s = parseScenario(role('    elasticity_policies:\n      - {type: change, adjust: 1, expression: "CPU > 80"}\n'), file).policySets[0]!;
    expect(s.oneflow.role.elasticity_policies[0]).toEqual({
      type: 'CHANGE',
      adjust: 1,
      expression: 'CPU > 80',
      min_adjust_step: 0,
      period_number: 0,
      period: 0,
      cooldown: null,
    });
    expect(s.oneflow).toMatchObject({ autoscaler_interval: 90_000, default_cooldown: 300_000, wait_timeout: 30_000 });
  });
});

describe('oneflow.service_template', () => {
  const template = {
    name: 'flower',
    roles: [
      { name: 'superlink', cardinality: 1 },
      {
        name: 'supernode',
        cardinality: 3,
        min_vms: 2,
        max_vms: 6,
        cooldown: 400,
        vm_template: 7,
        elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'CPU > 80', period_number: 3, period: 60, cooldown: 300 }],
      },
    ],
  };
  it("takes the role from the JSON; the scenario's role fields override it", () => {
    writeFileSync(join(dir, 'service.json'), JSON.stringify(template, null, 2));
    const s = parseScenario('name: t\noneflow:\n  service_template: service.json\n  role: {max_vms: 8}\n', file).policySets[0]!;
    expect(s.oneflow.role).toMatchObject({ cardinality: 3, min_vms: 2, max_vms: 8, cooldown: 400_000 });
    expect(s.oneflow.role.elasticity_policies[0]).toMatchObject({ expression: 'CPU > 80', period_number: 3, period: 60_000, cooldown: 300_000 });
  });
  it('reads `oneflow-template show <id> --json` output and picks the role by name', () => {
    writeFileSync(join(dir, 'shown.json'), JSON.stringify({ DOCUMENT: { ID: '5', TEMPLATE: { BODY: template } } }, null, 2));
    const s = parseScenario('name: t\noneflow:\n  service_template: shown.json\n  role_name: supernode\n', file).policySets[0]!;
    expect(s.oneflow.role.cardinality).toBe(3);
  });
  it('a bad value in the template is reported at its JSON path and line', () => {
    const bad = structuredClone(template);
    (bad.roles[1]!.elasticity_policies![0] as Record<string, unknown>).period_number = 'three';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad, null, 2));
    const [i] = issues('name: t\noneflow:\n  service_template: bad.json\n');
    expect(i!.file).toBe(join(dir, 'bad.json'));
    expect(i!.path).toBe('oneflow.role.elasticity_policies.0.period_number (roles[1].elasticity_policies[0].period_number in the service template)');
    expect(i!.line).toBe(20);
  });
  it('a missing template or role is an error at the scenario key', () => {
    expect(issues('name: t\noneflow:\n  service_template: nope.json\n')[0]!.message).toMatch(/not found/);
    writeFileSync(join(dir, 'service.json'), JSON.stringify(template));
    expect(issues('name: t\noneflow:\n  service_template: service.json\n  role_name: workers\n')[0]!.message).toMatch(
      /no role named "workers"; the template has: superlink, supernode/,
    );
  });
});
