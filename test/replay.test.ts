import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ReplayInput, replayAutoscaler } from '../src/experiment/replay.js';
import { runCluster } from '../src/models/cluster.js';
import { UserError } from '../src/scenario/errors.js';
import { scenario } from './helpers.js';
import { sim } from './sim.js';
import { tempDir } from './temp.js';

/** Ticks every 90 s from 90 s, with one VM whose attribute A takes the given values. */
const ticks = (...a: Array<number | string>) => a.map((A, i) => ({ t: 90 * (i + 1), vms: [{ A }] }));
const replay = (input: Partial<ReplayInput> & { role: Record<string, unknown> }) => replayAutoscaler({ scaling_duration: 30, ticks: [], ...input });
/** A role of `cardinality` VMs within [min_vms, max_vms], with the rest of its body. */
const bounded = (cardinality: number, min_vms: number, max_vms: number, rest: Record<string, unknown>) => ({ cardinality, min_vms, max_vms, ...rest });
const col = <K extends keyof ReturnType<typeof replay>[number]>(out: ReturnType<typeof replay>, k: K) => out.map((t) => t[k]);

describe('replayAutoscaler: cases worked out by hand', () => {
  it('period gating: period 120 s on 90 s ticks evaluates at 90, 270, 450 (every 180 s)', () => {
    const out = replay({
      role: bounded(2, 1, 5, {
        elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5', period: 120, period_number: 9 }],
      }),
      ticks: ticks(9, 9, 9, 9, 9),
    });
    expect(out.map((t) => t.policies[0]!.last_eval)).toEqual([90, 90, 270, 270, 450]);
    expect(out.map((t) => t.policies[0]!.true_evals)).toEqual([1, 1, 2, 2, 3]);
  });

  it('period_number counting, a false evaluation resetting, and firing on the third true one', () => {
    const out = replay({
      role: bounded(2, 1, 5, {
        elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5', period_number: 3, cooldown: 60 }],
      }),
      ticks: ticks(9, 9, 1, 9, 9, 9),
    });
    expect(out.map((t) => t.policies[0]!.true_evals)).toEqual([1, 2, 0, 1, 2, null]);
    expect(col(out, 'diff')).toEqual([0, 0, 0, 0, 0, 1]);
    expect(out[5]).toMatchObject({
      t: 540,
      state: 'RUNNING',
      evaluated: true,
      diff: 1,
      cooldown: 60,
      target: 3,
      rejected: false,
      cardinality_after: 3,
      role_cooldown: 60,
    });
    expect(out[5]!.policies[0]!.expression_evaluated).toBe('A[9.0] > 5');
  });

  it("SCALING for scaling_duration, then COOLDOWN, nothing evaluated; a state change at a tick's time comes first", () => {
    // Fires at 90; SCALING 90..180 (90 s), COOLDOWN 180..270 (90 s): tick 180 is already COOLDOWN, tick 270 RUNNING.
    const out = replay({
      scaling_duration: 90,
      role: { cardinality: 2, min_vms: 1, max_vms: 5, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5', cooldown: 90 }] },
      ticks: ticks(9, 9, 9),
    });
    expect(col(out, 'state')).toEqual(['RUNNING', 'COOLDOWN', 'RUNNING']);
    expect(col(out, 'evaluated')).toEqual([true, false, true]);
    expect(col(out, 'diff')).toEqual([1, null, 1]);
  });

  it('the first policy with a non-zero change wins; later ones are not evaluated', () => {
    const out = replay({
      role: bounded(3, 1, 5, {
        elasticity_policies: [
          { type: 'CHANGE', adjust: -1, expression: 'A > 5' },
          { type: 'CHANGE', adjust: 1, expression: 'A > 1' },
        ],
      }),
      ticks: ticks(9),
    });
    expect(out[0]).toMatchObject({ diff: -1, target: 2 });
    expect(out[0]!.policies[1]).toEqual({ true_evals: null, last_eval: null, expression_evaluated: null });
  });

  it('a change of 0 at max_vms keeps the counter at its cap', () => {
    const out = replay({
      role: { cardinality: 5, min_vms: 1, max_vms: 5, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5', period_number: 2 }] },
      ticks: ticks(9, 9, 9, 9),
    });
    expect(out.map((t) => t.policies[0]!.true_evals)).toEqual([1, 2, 2, 2]);
    expect(col(out, 'diff')).toEqual([0, 0, 0, 0]);
    expect(col(out, 'target')).toEqual([null, null, null, null]);
  });

  it("the implicit min_vms rule scales up with cooldown 0 and makes the role's cooldown 0 (sticky)", () => {
    const out = replay({
      scaling_duration: 10,
      role: { cardinality: 1, min_vms: 3, max_vms: 5, cooldown: 600, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5' }] },
      ticks: ticks(1, 9),
    });
    expect(out[0]).toMatchObject({ diff: 2, cooldown: 0, target: 3, cardinality_after: 3, role_cooldown: 0 });
    // COOLDOWN lasted 0 s: tick 180 is RUNNING, and the policy (no cooldown of its own) now records 0 too.
    expect(out[1]).toMatchObject({ state: 'RUNNING', diff: 1, cooldown: 0, role_cooldown: 0 });
  });

  it('sticky cooldown: a policy without its own cooldown gets the one the last firing policy set', () => {
    const out = replay({
      scaling_duration: 0,
      role: bounded(3, 1, 5, {
        cooldown: 600,
        elasticity_policies: [
          { type: 'CHANGE', adjust: 1, expression: 'A > 5', cooldown: 45 },
          { type: 'CHANGE', adjust: -1, expression: 'A < 2' },
        ],
      }),
      ticks: ticks(9, 1),
    });
    expect(out.map((t) => [t.cooldown, t.role_cooldown])).toEqual([
      [45, 45],
      [45, 45],
    ]);
  });

  it('a rejected request: state stays RUNNING, counters as evaluated, the sticky cooldown still written', () => {
    const out = replay({
      role: bounded(4, 3, 6, {
        cooldown: 600,
        elasticity_policies: [{ type: 'CARDINALITY', adjust: 2, expression: 'A > 5', period_number: 2, cooldown: 30 }],
      }),
      ticks: ticks(9, 9, 9),
    });
    expect(out[1]).toMatchObject({
      state: 'RUNNING',
      diff: -2,
      cooldown: 30,
      target: 2,
      rejected: true,
      reject_reason: 'Minimum cardinality is 3',
      cardinality_after: 4,
      role_cooldown: 30,
    });
    expect(out[1]!.policies[0]!.true_evals).toBe(2);
    expect(out[2]).toMatchObject({ state: 'RUNNING', rejected: true });
    expect('reject_reason' in out[0]!).toBe(false);
  });

  it('a scheduled policy fires late after a cooldown: the first evaluation only records, last_eval is frozen meanwhile', () => {
    // start 00:00; cron at 00:03 (180 s). Tick 90: the scheduled policy records; the elasticity policy fires
    // (SCALING 30 s, COOLDOWN 300 s: until 420). 180..360 are not evaluated; tick 450 fires the 00:03 occurrence.
    const out = replay({
      start: '2026-03-02T00:00:00Z',
      role: bounded(2, 1, 6, {
        scheduled_policies: [{ type: 'CARDINALITY', adjust: 5, recurrence: '3 0 * * *' }],
        elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5', cooldown: 300 }],
      }),
      ticks: ticks(9, 1, 1, 1, 1, 1),
    });
    expect(out.map((t) => t.scheduled[0]!.last_eval)).toEqual([90, 90, 90, 90, 450, 450]);
    expect(out[4]).toMatchObject({ t: 450, diff: 2, target: 5, cooldown: null, cardinality_after: 5 });
    expect(col(out, 'state')).toEqual(['RUNNING', 'COOLDOWN', 'COOLDOWN', 'COOLDOWN', 'RUNNING', 'COOLDOWN']);
  });

  it('values as OpenNebula stores them: strings read with to_f', () => {
    const out = replay({
      role: { cardinality: 2, min_vms: 1, max_vms: 5, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5' }] },
      ticks: [{ t: 90, vms: [{ A: '12abc' }, { A: '1_000' }] }],
    });
    expect(out[0]!.policies[0]!.expression_evaluated).toBe('A[506.0] > 5');
  });
});

// A stored body is evaluated as vmrole.rb scale? reads it; what service_template.rb refuses at creation is a warning.
describe('replayAutoscaler takes every role body OneFlow can hold', () => {
  const warned = (input: Parameters<typeof replay>[0]) => {
    const warnings: string[] = [];
    const out = replayAutoscaler({ scaling_duration: 30, ticks: [], ...input }, { onWarning: (w) => warnings.push(`${w.path}: ${w.message}`) });
    return { out, warnings };
  };

  it('no min_vms and no max_vms: a scale-up is capped at max(cardinality, nil.to_i) = the cardinality, a scale-down floors at 0', () => {
    const up = warned({ role: { cardinality: 2, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5' }] }, ticks: ticks(9) });
    expect(up.out[0]).toMatchObject({ diff: 0, cardinality_after: 2 });
    expect(up.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/^role: OneFlow requires min_vms/), expect.stringMatching(/^role: OneFlow requires max_vms/)]),
    );
    const down = warned({ role: { cardinality: 2, elasticity_policies: [{ type: 'CHANGE', adjust: -1, expression: 'A > 5' }] }, ticks: ticks(9) });
    expect(down.out[0]).toMatchObject({ diff: -1, target: 1, rejected: false, cardinality_after: 1 });
  });

  it('min_vms above max_vms: the implicit min rule asks for min_vms every tick and is refused by max_vms', () => {
    const { out, warnings } = warned({ role: { cardinality: 4, min_vms: 5, max_vms: 3 }, ticks: ticks(1, 1) });
    expect(out.map((t) => [t.diff, t.target, t.rejected, t.reject_reason])).toEqual([
      [1, 5, true, 'Maximum cardinality is 3'],
      [1, 5, true, 'Maximum cardinality is 3'],
    ]);
    expect(warnings.some((w) => w.startsWith('role.min_vms: min_vms (5) must not exceed max_vms (3)'))).toBe(true);
  });

  it('epoch and time-of-day start_time, and a scheduled policy without adjust', () => {
    const start = '2026-03-02T08:00:00Z';
    const at = String(Date.parse('2026-03-02T08:02:00Z') / 1000);
    const epoch = warned({
      start,
      role: { cardinality: 2, min_vms: 1, max_vms: 6, scheduled_policies: [{ type: 'CARDINALITY', adjust: 5, start_time: at }] },
      ticks: ticks(1, 1, 1),
    });
    // Fires at the tick after 08:02 (270 s); tick 270 is then SCALING and COOLDOWN, not evaluated.
    expect(col(epoch.out, 'diff')).toEqual([0, 3, null]);
    const tod = warned({
      start,
      role: { cardinality: 2, min_vms: 1, max_vms: 6, scheduled_policies: [{ type: 'CARDINALITY', adjust: 5, start_time: '08:02' }] },
      ticks: ticks(1, 1, 1),
    });
    expect(col(tod.out, 'diff')).toEqual([0, 3, null]);
    const none = warned({
      start,
      role: { cardinality: 2, min_vms: 1, max_vms: 6, scheduled_policies: [{ type: 'CARDINALITY', start_time: at }] },
      ticks: ticks(1, 1, 1),
    });
    expect(col(none.out, 'diff')).toEqual([0, 0, 0]);
    expect(none.warnings).toEqual([expect.stringMatching(/^role\.scheduled_policies\[0\]: a scheduled policy needs adjust/)]);
  });

  it('a role without cooldown holds default_cooldown (VMRole#initialize), and reports it', () => {
    const { out } = warned({
      default_cooldown: 120,
      role: { cardinality: 2, min_vms: 1, max_vms: 4, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A > 5', cooldown: 60 }] },
      ticks: ticks(1, 9),
    });
    expect(col(out, 'role_cooldown')).toEqual([120, 60]);
  });

  it('an expression that does not parse is a warning, and evaluates false with the parse error rendered', () => {
    const { out, warnings } = warned({
      role: { cardinality: 2, min_vms: 1, max_vms: 4, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A >' }] },
      ticks: ticks(9),
    });
    expect(out[0]!.policies[0]!.expression_evaluated).toMatch(/^Parse error\. 'A >': /);
    expect(warnings).toEqual([expect.stringMatching(/^role\.elasticity_policies\[0\]\.expression: OneFlow cannot parse/)]);
  });
});

describe('replay input errors name the JSON path and what is expected', () => {
  it("collects problems from the schema and from OneFlow's validation", () => {
    try {
      replayAutoscaler({
        role: { cardinality: 'two', elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'A >' }] },
        scaling_duration: -1,
        ticks: [{ t: 90, vms: [{ A: true }] }],
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      const paths = (e as UserError).problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['role.cardinality', 'scaling_duration', 'ticks[0].vms[0].A']));
    }
    expect(() =>
      replay({
        role: { cardinality: 1 },
        ticks: [
          { t: 90, vms: [] },
          { t: 10, vms: [] },
        ],
      }),
    ).toThrow(/ticks\[1\]\.t: ticks must be in time order/);
  });

  it('reports every problem in one pass: a schema problem and a problem in a valid part together', () => {
    try {
      replayAutoscaler({
        role: { cardinality: 'two', scheduled_policies: [{ type: 'CHANGE', adjust: 1, start_time: 'tomorrow' }] },
        scaling_duration: 0,
        ticks: [],
      });
      expect.unreachable();
    } catch (e) {
      expect((e as UserError).problems.map((p) => p.path)).toEqual(['role.cardinality', 'role.scheduled_policies[0].start_time']);
    }
  });

  it('sim oneflow replay: a table, --json, and exit 2 on a malformed input', async () => {
    const dir = tempDir('flsim-replay-');
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({
        role: { cardinality: 2, min_vms: 1, max_vms: 4, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'CPU > 80', cooldown: 60 }] },
        scaling_duration: 30,
        ticks: [{ t: 90, vms: [{ CPU: 95 }] }],
      }),
    );
    const replay = (...args: string[]) => sim('oneflow', 'replay', ...args);
    const table = await replay(good);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^t\s+state\s+eval\s+diff/);
    expect(table.stdout).toContain('policy 0: true_evals  last_eval  expression_evaluated');
    expect(table.stdout).toContain('CPU[95.0] > 80');
    expect(JSON.parse((await replay(good, '--json')).stdout)[0]).toMatchObject({ t: 90, diff: 1, target: 3, cooldown: 60 });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ role: { cardinality: 2 }, ticks: [] }));
    const r = await replay(bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing required key "scaling_duration"/);
  });
});

describe("the README's replay example", () => {
  it('scales at its third tick, 4 to 5 with cooldown 300, and evaluates nothing at the fourth (COOLDOWN)', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const input = JSON.parse(/<!-- replay example -->\n```json\n([\s\S]*?)```/.exec(readme)![1]!);
    const out = replayAutoscaler(input);
    expect(out.map((t) => [t.t, t.state, t.diff, t.target, t.cardinality_after, t.role_cooldown])).toEqual([
      [90, 'RUNNING', 0, null, 4, 600],
      [180, 'RUNNING', 0, null, 4, 600],
      [270, 'RUNNING', 1, 5, 5, 300],
      [360, 'SCALING', null, null, 5, 300],
    ]);
  });
});

describe('sim run and replayAutoscaler share the autoscaler', () => {
  it('replaying what the simulated role saw at each tick reproduces its decisions tick by tick', () => {
    // VMs are RUNNING at once and terminate-hard leaves at once, so every SCALING lasts 0 s, as the replay's scaling_duration.
    const role = {
      cardinality: 4,
      min_vms: 2,
      max_vms: 7,
      cooldown: 200,
      shutdown_action: 'terminate-hard',
      elasticity_policies: [
        { type: 'CHANGE', adjust: 1, expression: 'CPU > 100', period_number: 2, period: 120, cooldown: 240 },
        { type: 'PERCENTAGE_CHANGE', adjust: -30, expression: 'CPU < 60 || FL_CLIENT_STATUS > 1.5', period_number: 1 },
      ],
      scheduled_policies: [{ type: 'CARDINALITY', adjust: 6, recurrence: '0 2 * * *' }],
    };
    const s = scenario({
      horizon: '6h',
      superlink: { num_rounds: 500 },
      supernode: { boot_time: '20s', train_time: { dist: 'uniform', min: '1m', max: '5m' } },
      connectivity: { link: { model: 'markov', mean_up: '30m', mean_down: '4m' } },
      oneflow: { role },
    });
    const sim = runCluster(s, 0, { recordTickInputs: true });
    expect(sim.ticks.some((t) => t.decision?.outcome === 'accepted')).toBe(true);
    const out = replayAutoscaler({
      role,
      scaling_duration: 0,
      start: s.start,
      // A tick the service skipped read nothing; the replay skips it too, whatever it is given.
      ticks: sim.ticks.map((t) => ({ t: t.t / 1000, vms: (t.vms ?? []) as Array<Record<string, number | string>> })),
    });
    const replayed = out.map((t) => [t.t, t.state, t.diff, t.target, t.cardinality_after, t.policies.map((p) => p.true_evals).join('/')]);
    const simulated = sim.ticks.map((t) => [
      t.t / 1000,
      t.state,
      t.decision ? t.decision.diff : null,
      t.decision && t.decision.outcome !== 'none' ? t.decision.target : null,
      t.cardinality_after,
      t.role.elasticity.map((p) => p.true_evals).join('/'),
    ]);
    const firstDiff = replayed.findIndex((r, i) => JSON.stringify(r) !== JSON.stringify(simulated[i]));
    expect(firstDiff === -1 ? null : [replayed[firstDiff], simulated[firstDiff]]).toBeNull();
  });
});
