import { describe, expect, it } from 'vitest';
import { runReplication } from '../src/experiment/replication.js';
import { runCluster } from '../src/models/cluster.js';
import { elasticScenario } from './helpers.js';

describe("scaling.csv's policy columns", () => {
  it('join what each tick evaluated and every true_evals, as the ticks hold them', () => {
    const s = elasticScenario([
      { type: 'CHANGE', adjust: 1, expression: 'CPU > 40', period_number: 2, period: 60 },
      { type: 'CHANGE', adjust: 1, expression: 'MEMORY > 9000', period_number: 1, period: 60 },
      { type: 'CHANGE', adjust: -1, expression: 'CPU < 10', period_number: 3, period: 200 },
    ]);
    const rows = runReplication(s, 0).scaling;
    const ticks = runCluster(s, 0).ticks;
    expect(rows.length).toBe(ticks.length);
    const expected = ticks.map((t) => [
      t.evaluated
        ? t.role.elasticity
            .filter((e) => e.last_eval === t.t)
            .map((e) => e.expression_evaluated)
            .join(' ; ')
        : '',
      t.role.elasticity.map((e) => (e.true_evals === null ? '-' : String(e.true_evals))).join('/'),
    ]);
    expect(rows.map((r) => [r.expression_evaluated, r.true_evals])).toEqual(expected);
    // Some ticks evaluated all three policies, some fewer.
    const counts = new Set(rows.map((r) => (r.expression_evaluated === '' ? 0 : r.expression_evaluated.split(' ; ').length)));
    expect([counts.has(3), counts.size > 1]).toEqual([true, true]);
  });
});
