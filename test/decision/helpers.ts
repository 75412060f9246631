import type { ReplicationFigures } from '../../src/experiment/figures.js';
import type { Decision } from '../../src/scenario/decision.js';
import { METRIC_NAMES, type MetricName } from '../../src/scenario/metrics.js';

/** Hand-made figures: one entry per replication, every metric 0 unless given. */
export function figures(policySet: string, perReplication: Array<Partial<Record<MetricName, number>>>): ReplicationFigures[] {
  return perReplication.map((v, replication) => ({
    policy_set: policySet,
    replication,
    values: { ...(Object.fromEntries(METRIC_NAMES.map((m) => [m, 0])) as Record<MetricName, number>), ...v },
  }));
}

/** The same metric's values, one per replication. */
export function column(policySet: string, metric: MetricName, values: number[], others: Partial<Record<MetricName, number[]>> = {}): ReplicationFigures[] {
  return figures(
    policySet,
    values.map((x, i) => ({ [metric]: x, ...Object.fromEntries(Object.entries(others).map(([k, v]) => [k, v![i]!])) })),
  );
}

export const decision = (over: Partial<Decision> = {}): Decision => ({
  baseline: 'a',
  objective: { maximize: 'rounds_succeeded' },
  constraints: [],
  tie_break: { minimize: 'vm_hours' },
  confidence: 0.95,
  ...over,
});
