/**
 * Each reproducer of the robustness issue, kept: every one ended in a stack trace, an out-of-memory kill or a
 * hang. Now a user mistake is exit 2 with positioned messages and nothing written; a run-time failure exit 1.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExpressionError, parseExpression } from '../src/models/oneflow/expression.js';
import { writeOutputs } from '../src/report/write.js';
import { UserError } from '../src/scenario/errors.js';
import { evaluateExpression, newCardinality } from '../src/scenario/library.js';
import { sim } from './sim.js';
import { tempDir } from './temp.js';

const dir = tempDir('flsim-robust-');
const base = 'name: t\nhorizon: 1h\nreplications: 1\n';
const role = 'oneflow:\n  role: {cardinality: 2}\n';

function file(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

/** sim with `args`: exit 2, every problem line positioned as file:line:column, no stack trace, `out` not written. */
async function refused(args: string[], pattern: RegExp, positioned = true) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const r = await sim(...args, ...(args[0] === 'run' ? ['--out', out, '--quiet'] : []));
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (positioned) for (const l of r.stderr.trim().split('\n').slice(0, -1)) expect(l).toMatch(/^[^:]+:\d+:\d+: /);
  expect(existsSync(out)).toBe(false);
  return r;
}

describe('robustness: YAML', () => {
  it('an alias with no anchor: positioned, in sim run and sim lint', async () => {
    const f = file('alias.yaml', `name: *nope\n${role}`);
    await refused(['run', f], /alias\.yaml:1:7: YAML: the alias \*nope names no anchor/);
    await refused(['lint', f], /alias\.yaml:1:7:/);
  });

  it('a "billion laughs" of 9 x 9 aliases: refused at its first alias, in sim run and sim lint', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const f = file('bomb.yaml', `name: bomb\n${lines.join('\n')}\n${role}`);
    await refused(['run', f], /aliases here expand to more than 100 values/);
    await refused(['lint', f], /aliases here expand/);
  });

  it('a __proto__ key in a policy set is refused, not dropped', async () => {
    await refused(
      ['run', file('proto.yaml', `${base}${role}policy_sets:\n  - name: a\n    __proto__: {horizon: 2h}\n`)],
      /proto\.yaml:8:5: "__proto__" is not a scenario key/,
    );
  });
});

describe('robustness: expressions', () => {
  it('5,000 "!" or "(", or 5,300 chained comparisons: ExpressionError, in a scenario and through the library', async () => {
    for (const text of [`${'!'.repeat(5000)}A > 1`, '('.repeat(5000), Array.from({ length: 5300 }, () => 'A > 1').join(' && ')]) {
      expect(() => parseExpression(text)).toThrow(ExpressionError);
      expect(() => evaluateExpression(text, [])).toThrow(ExpressionError);
    }
    const f = file(
      'deep.yaml',
      `${base}oneflow:\n  role:\n    cardinality: 2\n    min_vms: 1\n    max_vms: 3\n    elasticity_policies:\n      - {type: CHANGE, adjust: 1, expression: '${'!'.repeat(5000)}A > 1'}\n`,
    );
    await refused(['run', f], /nested deeper than 200 levels/);
  });

  it('in a replay: a parse error, as OneFlow has it (the policy counts as false), with a warning and no crash', async () => {
    const f = file(
      'deep.json',
      JSON.stringify({
        role: { cardinality: 2, min_vms: 1, max_vms: 3, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: '('.repeat(5000) }] },
        scaling_duration: 30,
        ticks: [{ t: 90, vms: [] }],
      }),
    );
    const r = await sim('oneflow', 'replay', f, '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: .*deep\.json: role\.elasticity_policies\[0\]\.expression: OneFlow cannot parse "\(+\.\.\. \(5000 characters\)" .*nested deeper than 200 levels/,
    );
    expect(JSON.parse(r.stdout)[0].policies[0].expression_evaluated).toMatch(/^Parse error\./);
  });
});

describe('robustness: sizes and intervals, refused before anything runs', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['sites', `${base}connectivity: {sites: 10000000000}\n${role}`, /at most 1000 sites/],
    ['sites-1e8', `${base}connectivity: {sites: 100000000}\n${role}`, /at most 1000 sites/],
    ['sites-2^31', `${base}connectivity: {sites: 2147483648}\n${role}`, /at most 1000 sites/],
    ['cardinality', `${base}oneflow:\n  role: {cardinality: 1000000}\n`, /at most 200,000 SuperNodes/],
    ['autoscaler', `${base}oneflow:\n  autoscaler_interval: 1ms\n  role: {cardinality: 2}\n`, /autoscaler_interval: must be at least 1s/],
    ['replications', `name: t\nhorizon: 1h\nreplications: 100000\n${role}`, /at most 10,000 replications/],
    ['monitoring', `${base}metrics: {monitoring_interval: 0}\n${role}`, /monitoring_interval: must be at least 1s/],
    ['onegate', `${base}metrics: {onegate: {interval: 0.0001ms}}\n${role}`, /onegate\.interval: must be at least 1s/],
    [
      'flapping-links',
      `${base}supernode: {restart: {policy: always, delay: 0}}\nconnectivity: {link: {model: markov, mean_up: 1ms, mean_down: 1ms}}\n${role}`,
      /mean_up must be at least 1s/,
    ],
    ['nines', `name: t\nhorizon: ${'9'.repeat(400)}s\n${role}`, /horizon: expected a duration .* \(401 characters\)/],
    ['infinite-seed', `${base}seed: .inf\n${role}`, /seed: must be <=/],
    ['zero-horizon', `name: t\nhorizon: 0.0001ms\n${role}`, /horizon: must be greater than 0/],
    ['spaces', `name: t\nhorizon: "5${' '.repeat(200_000)}x"\n${role}`, /horizon: expected a duration/],
    ['template-folder', `${base}oneflow:\n  service_template: .\n  role: {cardinality: 2}\n`, /service template "\." cannot be read .*EISDIR/],
  ];
  for (const [name, text, pattern] of cases)
    it(`${name}: exit 2, positioned`, async () => {
      await refused(['run', file(`${name}.yaml`, text)], pattern);
    });

  it("start_time 99:99 and 2026-02-30 25:61 are refused (24:00 is Ruby's next midnight, and accepted)", async () => {
    for (const st of ['99:99', '2026-02-30 25:61'])
      await refused(
        [
          'run',
          file(
            'st.yaml',
            `${base}oneflow:\n  role:\n    cardinality: 2\n    min_vms: 1\n    max_vms: 3\n    scheduled_policies:\n      - {type: CHANGE, adjust: 1, start_time: '${st}'}\n`,
          ),
        ],
        /is not a valid Time/,
      );
  });
});

describe('robustness: replay inputs', () => {
  it('a tick at t = 9e12 with an @hourly policy is refused, not a cron crash', async () => {
    const f = file(
      'far.json',
      JSON.stringify({
        role: { cardinality: 2, min_vms: 1, max_vms: 4, scheduled_policies: [{ type: 'CHANGE', adjust: 1, recurrence: '@hourly' }] },
        scaling_duration: 30,
        ticks: [{ t: 9e12, vms: [] }],
      }),
    );
    await refused(['oneflow', 'replay', f], /far\.json: ticks\[0\]\.t: must be <= 3155760000/, false);
  });

  it('130,000 ticks print as a table', async () => {
    const ticks = Array.from({ length: 130_000 }, (_, i) => ({ t: 90 * (i + 1), vms: [{ A: 1 }] }));
    const f = file(
      'long.json',
      JSON.stringify({
        role: { cardinality: 2, min_vms: 1, max_vms: 4, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5' }] },
        scaling_duration: 30,
        ticks,
      }),
    );
    const r = await sim('oneflow', 'replay', f);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').length).toBeGreaterThan(130_000);
  });
});

describe('robustness: output folders', () => {
  const ap = 'scenarios/anti-patterns/AP-02-short-scale-down-cooldown.yaml';
  it('--out at a file, under a file, or at a folder of other files: exit 2 before the run', async () => {
    const f = file('afile', 'x');
    mkdirSync(join(dir, 'mine'), { recursive: true });
    writeFileSync(join(dir, 'mine', 'notes.txt'), 'keep me');
    for (const [out, pattern] of [
      [f, /is a file: give a folder/],
      [join(f, 'sub'), /is a file, so no folder can be made under it/],
      [join(dir, 'mine'), /holds files that are no output of sim \(notes\.txt\)/],
    ] as const) {
      const r = await sim('run', ap, '--replications', '1', '--quiet', '--out', out);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
    }
    expect(readdirSync(join(dir, 'mine'))).toEqual(['notes.txt']);
  });

  it('a folder is replaced whole; what a killed write left beside it is cleaned up, or put back', () => {
    const out = join(dir, 'whole');
    writeOutputs(out, { 'run.json': '1', 'a.csv': 'old' });
    writeOutputs(out, { 'run.json': '2' });
    expect(readdirSync(out)).toEqual(['run.json']);
    // A write killed before its rename (pid 2^22 + 1 runs nothing here), and one killed between the renames.
    mkdirSync(join(dir, `.whole.tmp-${2 ** 22 + 1}`));
    writeOutputs(out, { 'run.json': '3' });
    expect(readdirSync(dir).filter((e) => e.startsWith('.whole.'))).toEqual([]);
    const gone = join(dir, 'gone');
    writeOutputs(gone, { 'run.json': 'kept' });
    renameSync(gone, join(dir, `.gone.old-${2 ** 22 + 1}`));
    writeOutputs(join(dir, 'other'), { 'run.json': 'x' });
    writeOutputs(gone, { 'run.json': 'new' });
    expect(readdirSync(dir).filter((e) => e.startsWith('.gone.'))).toEqual([]);
  });
});

describe('robustness: merge and library arguments', () => {
  it('sim merge of a folder whose sweep.json is "{" or "{}": exit 2, named', async () => {
    const shard = join(dir, 'shard');
    mkdirSync(shard, { recursive: true });
    writeFileSync(join(shard, 'sweep.csv'), 'point\n');
    for (const [json, pattern] of [
      ['{', /sweep\.json is not JSON/],
      ['{}', /sweep\.json is not a sim sweep manifest/],
    ] as const) {
      writeFileSync(join(shard, 'sweep.json'), json);
      const r = await sim('merge', shard, '--out', join(dir, 'merged'));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(pattern);
    }
  });

  it('newCardinality with NaN, a string or a null policy: a UserError naming the argument', () => {
    for (const [args, path] of [
      [[{ type: 'CHANGE', adjust: Number.NaN }, 3], 'policy.adjust'],
      [[{ type: 'CHANGE', adjust: 1 }, '3'], 'cardinality'],
      [[null, 3], 'policy'],
    ] as const) {
      try {
        newCardinality(...(args as [unknown, unknown]));
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        expect((e as UserError).problems[0]!.path).toBe(path);
      }
    }
  });
});
