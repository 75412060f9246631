import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { scenarioSchema } from '../../src/scenario/schema.js';
import { refused } from '../helpers.js';
import { tempDir } from '../temp.js';

const file = join(tempDir('flsim-decision-'), 's.yaml');
const head = 'name: t\noneflow:\n  role: {cardinality: 3}\npolicy_sets:\n  - name: first\n  - name: spec-recommended\n';

describe('the decision block of a scenario', () => {
  it('takes the form of the docs as written', () => {
    const text = `${head}decision:
  baseline: spec-recommended            # default: the first policy set
  objective: {maximize: rounds_succeeded}
  constraints:
    - {metric: failure_rate, max: 0.05}  # max or min, checked on the mean
  tie_break: {minimize: vm_hours}
  confidence: 0.95                      # default
`;
    expect(parseScenario(text, file).decision).toEqual({
      baseline: 'spec-recommended',
      objective: { maximize: 'rounds_succeeded' },
      constraints: [{ metric: 'failure_rate', max: 0.05 }],
      tie_break: { minimize: 'vm_hours' },
      confidence: 0.95,
    });
  });
  it('defaults: the first policy set as baseline, maximize rounds_succeeded, no constraints, minimize vm_hours, 95 %', () => {
    expect(parseScenario(head, file).decision).toEqual({
      baseline: 'first',
      objective: { maximize: 'rounds_succeeded' },
      constraints: [],
      tie_break: { minimize: 'vm_hours' },
      confidence: 0.95,
    });
  });
  it('an unknown metric is refused at its line and column, with the metrics it can name', () => {
    const [i] = refused(`${head}decision:\n  objective: {maximize: rounds_won}\n`, file);
    expect(i).toMatchObject({ line: 8, column: 25, path: 'decision.objective.maximize' });
    expect(i!.message).toMatch(/^expected one of rounds_attempted, rounds_succeeded, .*, got "rounds_won"$/);
  });
  it('a baseline that names no policy set is refused, listing the sets', () => {
    const [i] = refused(`${head}decision:\n  baseline: nope\n`, file);
    expect(i).toMatchObject({ line: 8, column: 13, path: 'decision.baseline', message: 'no policy set named "nope"; the file has: first, spec-recommended' });
  });
  it('refuses a goal with both senses, a constraint without a bound or with min above max, and a confidence of 1, all at once', () => {
    const all = refused(
      `${head}decision:
  objective: {maximize: vm_hours, minimize: vm_hours}
  constraints:
    - {metric: failure_rate}
  confidence: 1
`,
      file,
    );
    expect(all.map((i) => [i.line, i.path])).toEqual([
      [8, 'decision.objective'],
      [10, 'decision.constraints.0'],
      [11, 'decision.confidence'],
    ]);
    expect(all[0]!.message).toContain('{maximize: METRIC} or {minimize: METRIC}');
    expect(all[1]!.message).toContain('{metric: METRIC, max: X} or {metric: METRIC, min: X}');
    const [m] = refused(`${head}decision:\n  constraints:\n    - {metric: failure_rate, min: 0.2, max: 0.1}\n`, file);
    expect(m).toMatchObject({ path: 'decision.constraints.0', message: 'min (0.2) is above max (0.1): no policy set can meet it' });
  });
  it('belongs to the whole file: inside a policy set it is refused with where to move it', () => {
    const [i] = refused('name: t\noneflow:\n  role: {cardinality: 3}\npolicy_sets:\n  - name: a\n    decision: {confidence: 0.9}\n', file);
    expect(i).toMatchObject({ line: 6, column: 5, path: 'policy_sets.0.decision' });
    expect(i!.message).toContain('move it to the top level');
  });
  it('is in the JSON Schema that sim schema prints', () => {
    const props = (scenarioSchema.properties as Record<string, { properties: Record<string, unknown> }>).decision!.properties;
    expect(Object.keys(props)).toEqual(['baseline', 'objective', 'constraints', 'tie_break', 'confidence']);
  });
});
