import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replicationFigures } from '../src/experiment/figures.js';
import { runReplication } from '../src/experiment/replication.js';
import { CLIENT_FAILURE_CAUSES } from '../src/models/flower/superlink.js';
import { loadScenarioFile } from '../src/scenario/load.js';

describe('replicationFigures(result)', () => {
  it("counts each cause's client failures over the rounds, for every cause", () => {
    const edge = loadScenarioFile(join(import.meta.dirname, '../scenarios/edge-churn.yaml'), {});
    const counted = new Set<string>();
    for (const name of ['spec-recommended', 'max-retries-0', 'cpu-policies']) {
      const r = runReplication(edge.policySets.find((p) => p.policy_set === name)!, 0);
      const figures = replicationFigures(r);
      const byCause = CLIENT_FAILURE_CAUSES.map((c) => figures.values[`client_failures_${c}`]);
      expect(byCause).toEqual(CLIENT_FAILURE_CAUSES.map((c) => r.rounds.reduce((n, x) => n + x[`failures_${c}`], 0)));
      for (const [i, c] of CLIENT_FAILURE_CAUSES.entries()) if (byCause[i]! > 0) counted.add(c);
    }
    // Causes occur, so one left out of the sums would show.
    expect(counted.size).toBeGreaterThanOrEqual(2);
  });
});
