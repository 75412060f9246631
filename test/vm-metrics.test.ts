import { describe, expect, it } from 'vitest';
import { type ClusterRun, runCluster } from '../src/models/cluster.js';
import { elasticScenario } from './helpers.js';

/** A role whose elasticity expressions read `expression`'s attributes only. */
const withExpression = (expression: string) =>
  elasticScenario([
    { type: 'CHANGE', adjust: 1, expression, period_number: 1, period: 60, cooldown: 240 },
    { type: 'CHANGE', adjust: -1, expression: `!(${expression})`, period_number: 3, period: 60, cooldown: 240 },
  ]);

/** What a run shows of its ticks: decisions, the policies' state and the timeline (not the VMs a replay's record keeps). */
const shown = (r: ClusterRun) => ({
  ticks: r.ticks.map(({ vms: _vms, ...t }) => t),
  timeline: r.timeline,
  rounds: r.rounds,
});

describe('VM attributes: only those the expressions read are copied', () => {
  for (const expression of ['CPU > 40', 'FL_CLIENT_STATUS > 1.5', 'FL_ROUND_NUMBER > 3 && MEMORY < 3000']) {
    it(`a role reading ${expression} runs as one whose every attribute is copied`, () => {
      const s = withExpression(expression);
      const copiedAll = runCluster(s, 0, { recordTickInputs: true });
      expect(copiedAll.ticks.some((t) => t.decision?.outcome === 'accepted')).toBe(true);
      expect(shown(runCluster(s, 0))).toEqual(shown(copiedAll));
    });
  }
});
