/**
 * The JSON Schema of a scenario file: what `sim schema` prints for editors and
 * what the loader validates against. Keys are Flower's and OneFlow's own names
 * so users can paste their real configuration. `x-expected` is the sentence
 * an error shows when a value fits none of several shapes.
 */
import { decisionSchema } from './decision.js';
import { lintSchema } from './lint-rules.js';
import { DURATION_PATTERN, RATE_PATTERN, SIZE_PATTERN } from './units.js';

type Json = Record<string, unknown>;

/** A number, or a string with its unit; `expected` is what an error message asks for. */
function quantity(expected: string, pattern: string, number: Json): Json {
  return {
    'x-expected': expected,
    // Finite and written short: 400 nines would be Infinity (and a 200 KB value is no quantity).
    anyOf: [
      { type: 'number', maximum: 1e12, ...number },
      { type: 'string', pattern, maxLength: 40 },
    ],
  };
}

const duration = quantity('a duration such as 90s, 5m, 2h, 1d, or a number of seconds', DURATION_PATTERN, { minimum: 0 });
const nullableDuration: Json = {
  'x-expected': 'a duration such as 90s, 5m, 2h, 1d, a number of seconds, or null',
  anyOf: [{ type: 'null' }, ...(duration.anyOf as Json[])],
};
const size = quantity('a size such as 25MB, 1.2GB, 512MiB, or a number of bytes', SIZE_PATTERN, { minimum: 0 });
const rate = quantity('a rate such as 10Mbps, 1Gbps, or a number of bits per second', RATE_PATTERN, { exclusiveMinimum: 0 });
const fraction: Json = { type: 'number', minimum: 0, maximum: 1 };
const count = (minimum: number): Json => ({ type: 'integer', minimum });

function obj(properties: Json, required: string[] = []): Json {
  return { type: 'object', properties, required, additionalProperties: false };
}

const distribution: Json = {
  'x-expected':
    'a duration (5m), or {dist: fixed, value} | {dist: uniform, min, max} | {dist: exponential, mean} | ' +
    '{dist: lognormal, median, p95} | {dist: weibull, shape, scale} | {dist: empirical, values: [...]}',
  anyOf: [
    ...(duration.anyOf as Json[]),
    {
      type: 'object',
      required: ['dist'],
      discriminator: { propertyName: 'dist' },
      oneOf: [
        obj({ dist: { const: 'fixed' }, value: duration }, ['dist', 'value']),
        obj({ dist: { const: 'uniform' }, min: duration, max: duration }, ['dist', 'min', 'max']),
        obj({ dist: { const: 'exponential' }, mean: duration }, ['dist', 'mean']),
        obj({ dist: { const: 'lognormal' }, median: duration, p95: duration }, ['dist', 'median', 'p95']),
        obj({ dist: { const: 'weibull' }, shape: { type: 'number', exclusiveMinimum: 0 }, scale: duration }, ['dist', 'shape', 'scale']),
        obj({ dist: { const: 'empirical' }, values: { type: 'array', minItems: 1, items: duration } }, ['dist', 'values']),
      ],
    },
  ],
};

function linkModelWith(extra: Json): Json {
  return {
    type: 'object',
    required: ['model'],
    discriminator: { propertyName: 'model' },
    oneOf: [
      obj({ model: { const: 'always' }, ...extra }, ['model']),
      obj({ model: { const: 'markov' }, mean_up: duration, mean_down: duration, ...extra }, ['model', 'mean_up', 'mean_down']),
      obj({ model: { const: 'trace' }, file: { type: 'string', minLength: 1 }, ...extra }, ['model', 'file']),
    ],
  };
}
const linkModel = linkModelWith({});
// front_end: a site outage also cuts the site's hosts off from the OpenNebula front-end.
const siteOutageModel = linkModelWith({ front_end: { type: 'boolean' } });

const strategy = obj({
  name: { enum: ['FedAvg', 'FaultTolerantFedAvg'] },
  fraction_fit: fraction,
  min_fit_clients: count(1),
  min_available_clients: count(1),
  accept_failures: { type: 'boolean' },
  min_completion_rate_fit: fraction,
  fraction_evaluate: fraction,
  min_evaluate_clients: count(1),
  min_completion_rate_evaluate: fraction,
  // The message API's FedAvg names (serverapp/strategy/fedavg.py); with api: message only.
  fraction_train: fraction,
  min_train_nodes: count(1),
  min_evaluate_nodes: count(1),
  min_available_nodes: count(1),
});

const superlink = obj({
  api: { enum: ['legacy', 'message'] },
  num_rounds: count(1),
  round_timeout: nullableDuration,
  wait_timeout: duration,
  boot_time: distribution,
  heartbeat: obj({ interval: duration, patience: { type: 'number', exclusiveMinimum: 0 } }),
  strategy,
});

const supernode = obj({
  variant: { enum: ['standard', 'edge'] },
  boot_time: distribution,
  image_size: size,
  discovery: obj({
    retries: count(1),
    interval: duration,
    backoff: { enum: ['fixed', 'exponential'] },
    max_backoff: duration,
  }),
  reconnect: obj({
    max_retries: { type: ['integer', 'null'], minimum: 0 },
    max_wait_time: nullableDuration,
  }),
  restart: obj({ policy: { enum: ['no', 'always', 'unless-stopped'] }, delay: duration }),
  train_time: distribution,
  eval_time: distribution,
  model_size: size,
  bandwidth: rate,
});

const site = obj({ name: { type: 'string', minLength: 1 }, bandwidth: rate }, ['name']);

const connectivity = obj({
  sites: {
    'x-expected': 'a number of sites, or a list of {name, bandwidth}',
    anyOf: [count(1), { type: 'array', minItems: 1, items: site }],
  },
  link: linkModel,
  site_outages: siteOutageModel,
});

// OneFlow's role and policy fields (flow/lib/models/service_template.rb ROLE_SCHEMA); durations in OneFlow are seconds.
const elasticityPolicy = obj(
  {
    type: { type: 'string' },
    adjust: { type: 'integer' },
    expression: { type: 'string' },
    min_adjust_step: count(0),
    period_number: count(0),
    period: duration,
    cooldown: duration,
  },
  ['type', 'adjust', 'expression'],
);
const scheduledPolicy = obj(
  {
    type: { type: 'string' },
    adjust: { type: 'integer' },
    min_adjust_step: count(0),
    recurrence: { type: 'string' },
    start_time: { type: 'string' },
    cooldown: duration,
  },
  ['type', 'adjust'],
);

export const roleSchema: Json = obj({
  cardinality: count(0),
  min_vms: count(0),
  max_vms: count(0),
  cooldown: duration,
  shutdown_action: { enum: ['terminate', 'terminate-hard', 'shutdown', 'shutdown-hard'] },
  elasticity_policies: { type: 'array', items: elasticityPolicy },
  scheduled_policies: { type: 'array', items: scheduledPolicy },
});

const oneflow = obj({
  autoscaler_interval: duration,
  default_cooldown: duration,
  wait_timeout: duration,
  service_template: { type: 'string', minLength: 1, description: 'a OneFlow service template (JSON) to take the SuperNode role from' },
  role_name: { type: 'string', minLength: 1, description: 'the role of service_template to use (default: the only role with elasticity, or "supernode")' },
  role: roleSchema,
  superlink_role: { ...roleSchema, description: 'the SuperLink role, when you want sim lint to check it (a singleton: it is never scaled)' },
});

const perState = obj({ idle: { type: 'number', minimum: 0 }, training: { type: 'number', minimum: 0 }, disconnected: { type: 'number', minimum: 0 } });
const metrics = obj({
  cpu: perState,
  memory: perState,
  template_cpu: { type: 'number', minimum: 0 },
  superlink_cpu: { type: 'number', minimum: 0 },
  monitoring_interval: duration,
  onegate: obj({ interval: duration }),
});

const body: Json = {
  name: { type: 'string', minLength: 1 },
  description: { type: 'string' },
  seed: { type: 'integer', minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER },
  horizon: duration,
  replications: count(1),
  start: { type: 'string', description: 'ISO 8601 date-time of t = 0, e.g. 2026-03-02T08:00:00Z' },
  superlink,
  supernode,
  connectivity,
  oneflow,
  metrics,
};

/** The schema one policy set is validated against (the base with its overrides merged). */
export const resolvedSchema: Json = obj(body, ['name']);

/** The schema of a scenario file. */
export const scenarioSchema: Json = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://fl-cluster-sim/scenario.schema.json',
  title: 'fl-cluster-sim scenario',
  ...obj(
    {
      ...body,
      decision: decisionSchema,
      lint: lintSchema,
      policy_sets: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1 }, description: { type: 'string' } },
        },
      },
    },
    ['name'],
  ),
};
