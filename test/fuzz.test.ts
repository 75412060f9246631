/**
 * Bad input from every side, generated: scenario files (mutated values and mutated text), expressions, replay
 * inputs and sweep folders. Each ends in its result or in the documented error, and a refusal through the
 * command is exit 2, positioned, with nothing written. fast-check with a fixed seed; FLSIM_FUZZ_RUNS runs more.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { replayAutoscaler } from '../src/experiment/replay.js';
import { lintScenario } from '../src/lint/lint.js';
import { ExpressionError, parseExpression } from '../src/models/oneflow/expression.js';
import { readManifest } from '../src/report/sweep.js';
import { UserError } from '../src/scenario/errors.js';
import { evaluateExpression, newCardinality } from '../src/scenario/library.js';
import { parseScenario } from '../src/scenario/load.js';
import { sim } from './sim.js';
import { tempDir } from './temp.js';

const SEED = 20261201;
const RUNS = Number(process.env.FLSIM_FUZZ_RUNS ?? 150);

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

/** Paths of the base scenario a mutation may hit (and a few it does not have). */
const PATHS: string[][] = [
  ['name'],
  ['horizon'],
  ['replications'],
  ['seed'],
  ['superlink', 'num_rounds'],
  ['superlink', 'round_timeout'],
  ['superlink', 'strategy', 'name'],
  ['superlink', 'strategy', 'min_fit_clients'],
  ['superlink', 'heartbeat', 'interval'],
  ['supernode', 'train_time'],
  ['supernode', 'model_size'],
  ['supernode', 'bandwidth'],
  ['connectivity', 'sites'],
  ['connectivity', 'link', 'mean_up'],
  ['oneflow', 'autoscaler_interval'],
  ['oneflow', 'role', 'cardinality'],
  ['oneflow', 'role', 'max_vms'],
  ['oneflow', 'role', 'elasticity_policies', '0', 'expression'],
  ['oneflow', 'role', 'elasticity_policies', '0', 'type'],
  ['oneflow', 'role', 'scheduled_policies'],
  ['oneflow', 'service_template'],
  ['metrics', 'monitoring_interval'],
  ['metrics', 'onegate', 'interval'],
  ['policy_sets', '1', 'horizon'],
  ['decision', 'objective'],
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
    `${'9'.repeat(400)}s`,
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
    [{ type: 'CARDINALITY', adjust: 2, recurrence: 'bad cron' }],
    [{ type: 'CHANGE', adjust: 1, start_time: '99:99' }],
    'some-folder',
    10_000_000_000,
  ),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
);

/** Set `value` at `path` of a deep copy of the base. */
function mutate(path: string[], value: unknown): Record<string, unknown> {
  const data = structuredClone(base) as Record<string, unknown>;
  let cur: Record<string, unknown> = data;
  for (const seg of path.slice(0, -1)) {
    if (cur[seg] === null || typeof cur[seg] !== 'object') cur[seg] = {};
    cur = cur[seg] as Record<string, unknown>;
  }
  cur[path.at(-1)!] = value;
  return data;
}

/** Text mutations: an alias, a cut, inserted characters. */
const textEdit = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom('*nope', '&a [*a]', ':', '- ', '\t', '{', '"', '\n  x: 1', '<<: *b') }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), text: fc.constant('') }),
);

function editText(text: string, e: { kind: 'insert' | 'cut'; at: number; text: string }): string {
  const at = e.at % (text.length + 1);
  return e.kind === 'insert' ? text.slice(0, at) + e.text + text.slice(at) : text.slice(0, at);
}

/** A refusal is a UserError whose every problem is positioned in the file. */
function expectPositionedRefusal(e: unknown, file: string): void {
  if (!(e instanceof UserError)) throw e;
  for (const p of e.problems) {
    expect(p.file).toBeTruthy();
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.column).toBeGreaterThanOrEqual(1);
  }
  expect(e.problems.some((p) => p.file === file || p.file?.endsWith('.csv') || p.file?.endsWith('.json') || p.file?.endsWith('some-folder'))).toBe(true);
}

describe('fuzz: scenario files', () => {
  const dir = tempDir('flsim-fuzz-');
  mkdirSync(join(dir, 'some-folder'), { recursive: true });
  const file = join(dir, 'fuzz.yaml');

  it('a mutated value is loaded (and linted) or refused with positioned problems, nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), nasty, (path, value) => {
        try {
          const loaded = parseScenario(stringify(mutate(path, value)), file);
          for (const s of loaded.policySets) lintScenario({ ...loaded, policySets: [s] });
        } catch (e) {
          expectPositionedRefusal(e, file);
        }
      }),
      { seed: SEED, numRuns: RUNS * 4 },
    );
  });

  it('mutated text is loaded or refused with positioned problems, nothing else', () => {
    fc.assert(
      fc.property(fc.array(textEdit, { minLength: 1, maxLength: 3 }), (edits) => {
        const text = edits.reduce(editText, stringify(base));
        try {
          parseScenario(text, file);
        } catch (e) {
          expectPositionedRefusal(e, file);
        }
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('through sim run: exit 0, or exit 2 with file:line:column on every line and nothing written', async () => {
    const cases = fc.sample(fc.tuple(fc.constantFrom(...PATHS), nasty), { seed: SEED, numRuns: Math.ceil(RUNS / 5) });
    let i = 0;
    for (const [path, value] of cases) {
      const f = join(dir, `case-${i}.yaml`);
      const out = join(dir, `out-${i++}`);
      writeFileSync(f, stringify(mutate(path, value)));
      const r = await sim('run', f, '--out', out, '--quiet', '--workers', '1');
      expect([0, 2]).toContain(r.status);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      if (r.status === 2) {
        expect(existsSync(out)).toBe(false);
        const lines = r.stderr.trim().split('\n').slice(0, -1);
        for (const l of lines) expect(l).toMatch(/^[^:]+:\d+:\d+: /);
      }
    }
  });
});

describe('fuzz: expressions', () => {
  const token = fc.constantFrom(
    'A',
    'CPU',
    "'X'",
    '"Y"',
    '1',
    '-2.5',
    '007',
    '>',
    '<',
    '==',
    '=',
    '!=',
    '<>',
    '>=',
    '<=',
    '&&',
    '||',
    '&',
    '|',
    '!',
    '(',
    ')',
    ' ',
    '  ',
    'and',
    '$',
    '',
  );
  it('parse to an expression or throw ExpressionError; evaluation over any VMs never throws', () => {
    fc.assert(
      fc.property(
        fc.array(token, { maxLength: 40 }),
        fc.array(fc.dictionary(fc.constantFrom('A', 'CPU', 'X'), fc.oneof(fc.double(), fc.string({ maxLength: 5 }))), { maxLength: 4 }),
        (tokens, vms) => {
          const text = tokens.join('');
          let parsed = false;
          try {
            parseExpression(text);
            parsed = true;
          } catch (e) {
            if (!(e instanceof ExpressionError)) throw e;
            expect(e.column).toBeGreaterThanOrEqual(1);
          }
          if (parsed) expect(typeof evaluateExpression(text, vms).value).toBe('boolean');
        },
      ),
      { seed: SEED, numRuns: RUNS * 10 },
    );
  });

  it('newCardinality takes any argument: a result, or a UserError naming the argument', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), (policy, cardinality, min, max) => {
        try {
          const r = newCardinality(policy, cardinality, min, max);
          expect(Number.isInteger(r.target)).toBe(true);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          expect(e.problems[0]!.path).toMatch(/^(policy|cardinality|minVms|maxVms)/);
        }
      }),
      { seed: SEED, numRuns: RUNS * 4 },
    );
  });
});

describe('fuzz: replay inputs and sweep folders', () => {
  const role = { cardinality: 2, min_vms: 1, max_vms: 4, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5' }] };
  it('a replay input is replayed or refused with a UserError naming JSON paths', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            role: fc.oneof(fc.constant(role), fc.anything()),
            scaling_duration: fc.oneof(fc.nat(100), fc.anything()),
            ticks: fc.oneof(
              fc.array(
                fc.record({ t: fc.oneof(fc.nat(10_000), fc.double()), vms: fc.array(fc.dictionary(fc.constant('A'), fc.oneof(fc.nat(10), fc.string()))) }),
              ),
              fc.anything(),
            ),
          },
          { requiredKeys: [] },
        ),
        (input) => {
          try {
            replayAutoscaler(input);
          } catch (e) {
            if (!(e instanceof UserError)) throw e;
            expect(e.problems.length).toBeGreaterThan(0);
          }
        },
      ),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('a sweep.json of anything is read or refused with a UserError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (text) => {
          try {
            readManifest('shard', text);
          } catch (e) {
            if (!(e instanceof UserError)) throw e;
          }
        },
      ),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });
});
