/**
 * A scenario's `decision` block: which policy set is the baseline, what to
 * maximize or minimize, the constraints a set must meet, the tie-break among
 * sets that cannot be told apart, and the confidence of the intervals. It is
 * validated here with positions like every other key, and resolved with its
 * defaults; the rule that applies it is in src/experiment/recommend.ts.
 */
import { METRIC_NAMES, type MetricName, metricInfo } from './metrics.js';

type Json = Record<string, unknown>;

/** {maximize: metric} or {minimize: metric}, as written. */
export type Goal = { maximize: MetricName } | { minimize: MetricName };

export interface Constraint {
  metric: MetricName;
  /** The mean must be at most this. */
  max?: number;
  /** The mean must be at least this. */
  min?: number;
}

/** A decision with its defaults filled in, in the form a scenario writes it. */
export interface Decision {
  baseline: string;
  objective: Goal;
  constraints: Constraint[];
  tie_break: Goal;
  confidence: number;
}

export type Sense = 'maximize' | 'minimize';

export function goalMetric(g: Goal): MetricName {
  return 'maximize' in g ? g.maximize : g.minimize;
}

export function goalSense(g: Goal): Sense {
  return 'maximize' in g ? 'maximize' : 'minimize';
}

/** The fixed sense of a metric the decision does not rank by (docs/decision.md lists them). */
export function fixedSense(metric: MetricName): Sense {
  return metricInfo(metric).better === 'higher' ? 'maximize' : 'minimize';
}

export const DEFAULT_DECISION: Omit<Decision, 'baseline'> = {
  objective: { maximize: 'rounds_succeeded' },
  constraints: [],
  tie_break: { minimize: 'vm_hours' },
  confidence: 0.95,
};

const metric: Json = { enum: [...METRIC_NAMES], description: 'a summary.csv mean column' };
const goal = (what: string): Json => ({
  type: 'object',
  'x-expected': `{maximize: METRIC} or {minimize: METRIC} (${what})`,
  properties: { maximize: metric, minimize: metric },
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
});

export const decisionSchema: Json = {
  type: 'object',
  additionalProperties: false,
  description: 'how sim run and sim tune pick the policy set to deploy (docs/decision.md)',
  properties: {
    baseline: { type: 'string', minLength: 1, description: 'the policy set others are compared with (default: the first)' },
    objective: goal('default {maximize: rounds_succeeded}'),
    constraints: {
      type: 'array',
      items: {
        type: 'object',
        required: ['metric'],
        additionalProperties: false,
        properties: { metric, max: { type: 'number' }, min: { type: 'number' } },
        'x-expected': '{metric: METRIC, max: X} or {metric: METRIC, min: X}',
        anyOf: [{ required: ['max'] }, { required: ['min'] }],
      },
    },
    tie_break: goal('default {minimize: vm_hours}'),
    confidence: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
  },
};

/**
 * Fill a schema-valid decision's defaults and check what the schema cannot: the
 * baseline names a policy set, and no constraint has min above max.
 */
export function resolveDecision(
  raw: Json | undefined,
  policySets: readonly string[],
  error: (path: ReadonlyArray<string | number>, message: string) => void,
): Decision {
  const d = raw ?? {};
  const baseline = typeof d.baseline === 'string' ? d.baseline : (policySets[0] ?? 'default');
  if (typeof d.baseline === 'string' && !policySets.includes(d.baseline))
    error(['decision', 'baseline'], `no policy set named "${d.baseline}"; the file has: ${policySets.join(', ')}`);
  const constraints = ((d.constraints as Constraint[] | undefined) ?? []).map((c) => ({ ...c }));
  constraints.forEach((c, i) => {
    if (c.max !== undefined && c.min !== undefined && c.min > c.max)
      error(['decision', 'constraints', i], `min (${c.min}) is above max (${c.max}): no policy set can meet it`);
  });
  return {
    baseline,
    objective: (d.objective as Goal | undefined) ?? DEFAULT_DECISION.objective,
    constraints,
    tie_break: (d.tie_break as Goal | undefined) ?? DEFAULT_DECISION.tie_break,
    confidence: (d.confidence as number | undefined) ?? DEFAULT_DECISION.confidence,
  };
}
