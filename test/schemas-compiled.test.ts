import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaProblems } from '../src/scenario/validate.js';

const root = join(import.meta.dirname, '..');
// The built library (`npm test` builds first): its validators were compiled by scripts/compile-schemas.mjs.
await import(join(root, 'dist/index.js'));
const dist = await import(join(root, 'dist/scenario/validate.js'));
const compiled = createRequire(import.meta.url)(join(root, 'dist/scenario/schemas.compiled.cjs'));

describe('validators compiled at build', () => {
  it('exist for every schema the library checks against, each for the schema as it is now', () => {
    expect([...dist.SCHEMAS.keys()].sort()).toEqual(['decision', 'lint', 'replay-input', 'resolved']);
    for (const [name, schema] of dist.SCHEMAS) expect(compiled[name].hash).toBe(dist.schemaHash(schema));
  });

  it('find the problems the schema compiled at run time finds', () => {
    const inputs: unknown[] = [
      {},
      { name: 5, horizon: '1 day', seed: 1.5 },
      { name: 'x', superlink: { api: 'grpc', strategy: { name: 'FedAdam', fraction_fit: 2 } }, extra: true },
      { name: 'x', oneflow: { role: { cardinality: -1, elasticity_policies: [{ type: 'CHANGE', adjust: 'a', period: 'soon' }] } } },
      { name: 'x', connectivity: { sites: 'two', link: { model: 'markov', mean_up: 0 } } },
    ];
    for (const input of inputs) expect(dist.schemaProblems(input)).toEqual(schemaProblems(input));
    expect(schemaProblems(inputs[2]).length).toBeGreaterThan(2);
  });
});
