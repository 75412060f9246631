// A longer fuzz campaign than the suite's: counts tried, refused, ran, crashed.

import { mkdirSync } from 'node:fs';
import fc from 'fast-check';
import { stringify } from 'yaml';

const lib = await import('/work/main/dist/index.js');
const { parseScenario } = await import('/work/main/dist/scenario/load.js');
const { readManifest } = await import('/work/main/dist/report/sweep.js');
const N = Number(process.argv[2] ?? 1000);
const dir = '/tmp/fz/campaign';
mkdirSync(dir + '/some-folder', { recursive: true });
const base = {
  name: 'fuzz',
  horizon: '2h',
  replications: 1,
  superlink: { num_rounds: 5, strategy: { name: 'FaultTolerantFedAvg', min_fit_clients: 1, min_available_clients: 1 } },
  supernode: { train_time: '2m', model_size: '1MB' },
  connectivity: { link: { model: 'markov', mean_up: '30m', mean_down: '2m' } },
  oneflow: {
    role: {
      cardinality: 3,
      min_vms: 1,
      max_vms: 5,
      elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'FL_CLIENT_STATUS == 3', period_number: 2, cooldown: '5m' }],
    },
  },
  policy_sets: [{ name: 'a' }, { name: 'b', superlink: { strategy: { min_completion_rate_fit: 0.8 } } }],
};
const PATHS = [
  ['name'],
  ['horizon'],
  ['replications'],
  ['seed'],
  ['superlink', 'num_rounds'],
  ['superlink', 'round_timeout'],
  ['superlink', 'api'],
  ['superlink', 'strategy', 'name'],
  ['superlink', 'strategy', 'min_fit_clients'],
  ['superlink', 'strategy', 'fraction_fit'],
  ['superlink', 'heartbeat', 'interval'],
  ['superlink', 'heartbeat', 'patience'],
  ['supernode', 'train_time'],
  ['supernode', 'model_size'],
  ['supernode', 'bandwidth'],
  ['supernode', 'restart'],
  ['supernode', 'reconnect', 'max_retries'],
  ['connectivity', 'sites'],
  ['connectivity', 'link', 'mean_up'],
  ['connectivity', 'link'],
  ['connectivity', 'site_outages'],
  ['oneflow', 'autoscaler_interval'],
  ['oneflow', 'default_cooldown'],
  ['oneflow', 'role', 'cardinality'],
  ['oneflow', 'role', 'min_vms'],
  ['oneflow', 'role', 'max_vms'],
  ['oneflow', 'role', 'elasticity_policies', '0', 'expression'],
  ['oneflow', 'role', 'elasticity_policies', '0', 'type'],
  ['oneflow', 'role', 'elasticity_policies', '0', 'adjust'],
  ['oneflow', 'role', 'elasticity_policies'],
  ['oneflow', 'role', 'scheduled_policies'],
  ['oneflow', 'role', 'shutdown_action'],
  ['oneflow', 'service_template'],
  ['metrics', 'monitoring_interval'],
  ['metrics', 'onegate', 'interval'],
  ['metrics', 'cpu'],
  ['policy_sets'],
  ['policy_sets', '1', 'horizon'],
  ['decision'],
  ['decision', 'objective'],
  ['lint'],
  ['unknown_key'],
];
const nasty = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1e300,
    Number.MAX_SAFE_INTEGER + 2,
    0.5,
    '',
    ' '.repeat(300),
    '9'.repeat(400) + 's',
    '1ms',
    '0.0001ms',
    '-5s',
    'NaN',
    '__proto__',
    '(((((',
    '!'.repeat(300),
    null,
    true,
    [],
    {},
    { dist: 'lognormal', median: '1m', p95: '10s' },
    { dist: 'weibull', shape: 0, scale: '1m' },
    [{ type: 'CARDINALITY', adjust: 2, recurrence: 'bad cron' }],
    [{ type: 'CHANGE', adjust: 1, start_time: '99:99' }],
    [{ type: 'CHANGE', adjust: -1, recurrence: '*/1 * * * *' }],
    'some-folder',
    10_000_000_000,
    { model: 'trace', file: 'nope.csv' },
    { policy: 'always', delay: 0 },
    'message',
    { maximize: 'nope' },
    { ignore: ['XX-01'] },
  ),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.anything({ maxDepth: 2 }),
);
function mutate(path, value) {
  const d = structuredClone(base);
  let c = d;
  for (const s of path.slice(0, -1)) {
    if (c[s] === null || typeof c[s] !== 'object') c[s] = {};
    c = c[s];
  }
  c[path.at(-1)] = value;
  return d;
}
const edits = fc.array(
  fc.record({
    kind: fc.constantFrom('insert', 'cut'),
    at: fc.nat(),
    text: fc.constantFrom('*nope', '&a [*a]', ':', '- ', '\t', '{', '"', '\n  x: 1', '<<: *b', '!!binary x'),
  }),
  { minLength: 1, maxLength: 3 },
);
const c = { tried: 0, refused: 0, ran: 0, runFailed: 0, crashed: 0 };
const crashes = [];
async function one(text, label) {
  c.tried++;
  let loaded;
  try {
    loaded = parseScenario(text, dir + '/fuzz.yaml');
  } catch (e) {
    if (e instanceof lib.UserError && e.problems.every((p) => p.line >= 1 && p.column >= 1)) {
      c.refused++;
      return;
    }
    c.crashed++;
    crashes.push([label, String(e?.stack ?? e).slice(0, 300)]);
    return;
  }
  try {
    lib.lintScenario(loaded);
    await lib.runScenario(loaded, { eventBudget: 2_000_000 });
    c.ran++;
  } catch (e) {
    if (e instanceof lib.ReplicationFailed && e.failure.hint !== null) c.runFailed++;
    else {
      c.crashed++;
      crashes.push([label, String(e?.stack ?? e).slice(0, 300)]);
    }
  }
}
for (const [path, value] of fc.sample(fc.tuple(fc.constantFrom(...PATHS), nasty), { seed: 7, numRuns: N }))
  await one(stringify(mutate(path, value)), JSON.stringify([path, value]).slice(0, 200));
for (const e of fc.sample(edits, { seed: 8, numRuns: N }))
  await one(
    e.reduce((t, x) => {
      const at = x.at % (t.length + 1);
      return x.kind === 'insert' ? t.slice(0, at) + x.text + t.slice(at) : t.slice(0, at);
    }, stringify(base)),
    JSON.stringify(e),
  );
console.log('scenarios', JSON.stringify(c));
const e = { tried: 0, parsed: 0, refused: 0, crashed: 0 };
const token = fc.constantFrom('A', 'CPU', "'X'", '1', '-2.5', '>', '<', '==', '!=', '&&', '||', '!', '(', ')', ' ', '$');
for (const toks of fc.sample(fc.array(token, { maxLength: 60 }), { seed: 9, numRuns: N * 10 })) {
  e.tried++;
  try {
    lib.evaluateExpression(toks.join(''), [{ A: 1, CPU: '5x' }]);
    e.parsed++;
  } catch (x) {
    if (x instanceof lib.ExpressionError) e.refused++;
    else {
      e.crashed++;
      crashes.push(['expr', toks.join('')]);
    }
  }
}
console.log('expressions', JSON.stringify(e));
const k = { tried: 0, computed: 0, refused: 0, crashed: 0 };
for (const args of fc.sample(fc.tuple(fc.anything(), fc.anything(), fc.anything(), fc.anything()), { seed: 10, numRuns: N * 4 })) {
  k.tried++;
  try {
    lib.newCardinality(...args);
    k.computed++;
  } catch (x) {
    if (x instanceof lib.UserError) k.refused++;
    else {
      k.crashed++;
      crashes.push(['card', String(x)]);
    }
  }
}
for (const args of fc.sample(
  fc.tuple(
    fc.record({
      type: fc.constantFrom('CHANGE', 'PERCENTAGE_CHANGE', 'CARDINALITY', 'x'),
      adjust: fc.integer({ min: -1000, max: 1000 }),
      min_adjust_step: fc.nat(10),
    }),
    fc.nat(1000),
    fc.option(fc.nat(1000)),
    fc.option(fc.nat(1000)),
  ),
  { seed: 11, numRuns: N * 4 },
)) {
  k.tried++;
  try {
    const r = lib.newCardinality(...args);
    if (!Number.isInteger(r.target)) throw new Error('not an integer');
    k.computed++;
  } catch (x) {
    if (x instanceof lib.UserError) k.refused++;
    else {
      k.crashed++;
      crashes.push(['card', String(x)]);
    }
  }
}
console.log('newCardinality', JSON.stringify(k));
const r = { tried: 0, replayed: 0, refused: 0, crashed: 0 };
const role = {
  cardinality: 2,
  min_vms: 1,
  max_vms: 4,
  elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5' }],
  scheduled_policies: [{ type: 'CHANGE', adjust: 1, recurrence: '@hourly' }],
};
for (const input of fc.sample(
  fc.record(
    {
      role: fc.oneof(fc.constant(role), fc.anything()),
      scaling_duration: fc.oneof(fc.nat(100), fc.anything()),
      start: fc.oneof(fc.constant('2026-03-02T00:00:00Z'), fc.string()),
      ticks: fc.oneof(
        fc.array(fc.record({ t: fc.oneof(fc.nat(100000), fc.double()), vms: fc.array(fc.dictionary(fc.constant('A'), fc.oneof(fc.nat(10), fc.string()))) }), {
          maxLength: 20,
        }),
        fc.anything(),
      ),
    },
    { requiredKeys: [] },
  ),
  { seed: 12, numRuns: N * 2 },
)) {
  r.tried++;
  try {
    lib.replayAutoscaler(input);
    r.replayed++;
  } catch (x) {
    if (x instanceof lib.UserError) r.refused++;
    else {
      r.crashed++;
      crashes.push(['replay', String(x?.stack ?? x).slice(0, 300)]);
    }
  }
}
console.log('replay', JSON.stringify(r));
const m = { tried: 0, read: 0, refused: 0, crashed: 0 };
for (const t of fc.sample(
  fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
  ),
  { seed: 13, numRuns: N * 2 },
)) {
  m.tried++;
  try {
    readManifest('d', t);
    m.read++;
  } catch (x) {
    if (x instanceof lib.UserError) m.refused++;
    else {
      m.crashed++;
      crashes.push(['manifest', String(x)]);
    }
  }
}
console.log('manifests', JSON.stringify(m));
for (const x of crashes.slice(0, 10)) console.log('CRASH', x);
