import { describe, expect, it } from 'vitest';
import type { ElasticityPolicy, RoleConfig, ScheduledPolicy } from '../../src/models/config.js';
import { autoscalerTick, cooldownDuration } from '../../src/models/oneflow/autoscaler.js';
import { parseExpression } from '../../src/models/oneflow/expression.js';
import { initialRoleState, type RoleScalingState } from '../../src/models/oneflow/policy.js';
import { parseStartTime, startTimeEpochSeconds } from '../../src/models/oneflow/start-time.js';
import { request } from '../helpers.js';

const S = 1000;
const policy = (p: Partial<ElasticityPolicy> & { expression: string }): ElasticityPolicy => ({
  type: 'CHANGE',
  adjust: 1,
  min_adjust_step: 0,
  period_number: 0,
  period: 0,
  cooldown: null,
  ...p,
});
const scheduled = (p: Partial<ScheduledPolicy>): ScheduledPolicy => ({
  type: 'CHANGE',
  adjust: 1,
  min_adjust_step: 0,
  recurrence: null,
  start_time: null,
  cooldown: null,
  ...p,
});
const role = (p: Partial<RoleConfig>): RoleConfig => ({
  cardinality: 3,
  min_vms: 1,
  max_vms: 10,
  cooldown: null,
  shutdown_action: 'terminate',
  elasticity_policies: [],
  scheduled_policies: [],
  ...p,
});
// 2026-03-02 is a Monday; t = 0 at 06:00 UTC.
const clock = { startEpochMs: Date.parse('2026-03-02T06:00:00Z'), offsetMs: 0 };

/** Run ticks at the given times (s) with A's value per tick; return what each tick decided. */
function run(r: RoleConfig, times: number[], a: Array<number | null>, state: RoleScalingState = initialRoleState(r, 300 * S)) {
  const parsed = r.elasticity_policies.map((p) => parseExpression(p.expression));
  const out = [];
  for (let i = 0; i < times.length; i++) {
    const d = autoscalerTick({ role: r, parsed, state, now: times[i]! * S, clock, defaultCooldown: 300 * S, vms: a[i] === null ? [] : [{ A: a[i]! }] });
    state = d.state;
    out.push(d);
  }
  return out;
}

describe('elasticity counters, tick by tick (vmrole.rb scale_attributes?)', () => {
  it('period shorter than the interval: evaluated on every tick', () => {
    const r = role({ elasticity_policies: [policy({ expression: 'A > 5', period: 60 * S, period_number: 3 })] });
    const d = run(r, [90, 180, 270], [9, 9, 9]);
    expect(d.map((x) => x.state.elasticity[0]!.true_evals ?? 'cleared')).toEqual([1, 2, 'cleared']);
    expect(d.map((x) => x.diff)).toEqual([0, 0, 1]);
  });

  it('period longer than the interval: evaluations only every ceil(period / interval) ticks', () => {
    const r = role({ elasticity_policies: [policy({ expression: 'A > 5', period: 120 * S, period_number: 5 })] });
    const d = run(r, [90, 180, 270, 360, 450], [9, 9, 9, 9, 9]);
    expect(d.map((x) => x.state.elasticity[0]!.last_eval! / S)).toEqual([90, 90, 270, 270, 450]);
    expect(d.map((x) => x.state.elasticity[0]!.true_evals)).toEqual([1, 1, 2, 2, 3]);
  });

  it('a tick that changes no policy leaves the state as it was, the same object', () => {
    const none = role({});
    const s0 = initialRoleState(none, 300 * S);
    expect(run(none, [90], [9], s0)[0]!.state).toBe(s0);
    // The second tick comes before the period is over: the policy is not evaluated.
    const waiting = role({ elasticity_policies: [policy({ expression: 'A > 5', period: 120 * S, period_number: 5 })] });
    const [first, second] = run(waiting, [90, 180], [9, 9]);
    expect(second!.state).toBe(first!.state);
  });

  it('period_number 0 fires on the first true evaluation', () => {
    const r = role({ elasticity_policies: [policy({ expression: 'A > 5' })] });
    expect(run(r, [90], [9])[0]!.diff).toBe(1);
  });

  it('a false evaluation resets the counter', () => {
    const r = role({ elasticity_policies: [policy({ expression: 'A > 5', period_number: 3 })] });
    const d = run(r, [90, 180, 270, 360, 450, 540], [9, 9, 1, 9, 9, 9]);
    expect(d.map((x) => x.state.elasticity[0]!.true_evals ?? 'cleared')).toEqual([1, 2, 0, 1, 2, 'cleared']);
  });

  it('a missing attribute is a false evaluation', () => {
    const r = role({ elasticity_policies: [policy({ expression: 'A > 5', period_number: 2 })] });
    const d = run(r, [90, 180, 270], [9, null, 9]);
    expect(d.map((x) => [x.state.elasticity[0]!.true_evals, x.state.elasticity[0]!.expression_evaluated])).toEqual([
      [1, 'A[9.0] > 5'],
      [0, 'A[--] > 5'],
      [1, 'A[9.0] > 5'],
    ]);
  });

  it("entering SCALING clears every policy's true_evals and keeps last_eval", () => {
    const r = role({ elasticity_policies: [policy({ expression: 'A > 5' }), policy({ expression: 'A > 1', adjust: -1, period_number: 9 })] });
    const [d] = run(r, [90], [9]);
    expect(d!.outcome).toBe('accepted');
    // The second policy was not evaluated: the first one's change won.
    expect(d!.state.elasticity.map((e) => [e.true_evals, e.last_eval])).toEqual([
      [null, 90 * S],
      [null, null],
    ]);
  });

  it('a change of 0 at max_vms keeps the counter at its cap, and the next policy is evaluated', () => {
    const r = role({ cardinality: 10, elasticity_policies: [policy({ expression: 'A > 5', period_number: 2 }), policy({ expression: 'A < 1', adjust: -1 })] });
    const d = run(r, [90, 180, 270, 360], [9, 9, 9, 9]);
    expect(d.map((x) => x.state.elasticity[0]!.true_evals)).toEqual([1, 2, 2, 2]);
    expect(d.map((x) => x.diff)).toEqual([0, 0, 0, 0]);
    expect(d[3]!.state.elasticity[1]!.last_eval).toBe(360 * S);
  });

  it('first non-zero change wins; scheduled policies come first', () => {
    const r = role({
      scheduled_policies: [scheduled({ type: 'CARDINALITY', adjust: 5, recurrence: '0 8 * * *' })],
      elasticity_policies: [policy({ expression: 'A > 5' })],
    });
    const d = run(r, [60, 2 * 3600 + 60], [9, 9]);
    // Tick 1: the scheduled policy only records last_eval; the elasticity policy fires.
    expect(request(d[0]).firing).toEqual({ kind: 'elasticity', index: 0 });
    // Tick 2 (08:01): the 08:00 occurrence fires first; the elasticity policy is not evaluated.
    expect(request(d[1]).firing).toEqual({ kind: 'scheduled', index: 0 });
    expect(d[1]!.state.elasticity[0]!.last_eval).toBe(60 * S);
  });

  it("the implicit min_vms rule: cooldown 0, and the role's cooldown becomes 0 (sticky)", () => {
    const r = role({ cardinality: 1, min_vms: 3, cooldown: 600 * S });
    const [d] = run(r, [90], [1]);
    expect([d!.diff, request(d).cooldown, request(d).firing, d!.state.cooldown]).toEqual([2, 0, { kind: 'min' }, 0]);
  });

  it('a rejected request leaves the cardinality and keeps the counter; the sticky cooldown still applies', () => {
    const r = role({
      cardinality: 4,
      min_vms: 3,
      cooldown: 600 * S,
      elasticity_policies: [policy({ type: 'CARDINALITY', adjust: 2, expression: 'A > 5', period_number: 2, cooldown: 60 * S })],
    });
    const d = run(r, [90, 180], [9, 9]);
    expect([d[1]!.outcome, d[1]!.outcome === 'rejected' && d[1]!.reject_reason, d[1]!.outcome !== 'none' && d[1]!.target]).toEqual([
      'rejected',
      'Minimum cardinality is 3',
      2,
    ]);
    expect([d[1]!.state.cardinality, d[1]!.state.elasticity[0]!.true_evals, d[1]!.state.cooldown]).toEqual([4, 2, 60 * S]);
  });
});

describe('cooldown (LifeCycleManager.rb)', () => {
  it("the firing policy's, else the role's, else default_cooldown", () => {
    expect(cooldownDuration(120, 600, 300)).toBe(120);
    expect(cooldownDuration(null, 600, 300)).toBe(600);
    expect(cooldownDuration(null, null, 300)).toBe(300);
  });
  it("an elasticity policy without its own cooldown records the role's, which an earlier policy overwrote", () => {
    const r = role({
      cooldown: 600 * S,
      elasticity_policies: [policy({ expression: 'A > 5', cooldown: 100 * S }), policy({ expression: 'A < 2', adjust: -1 })],
    });
    const d = run(r, [90, 180], [9, 1]);
    expect([request(d[0]).cooldown, d[0]!.state.cooldown]).toEqual([100 * S, 100 * S]);
    // The second policy has no cooldown of its own: it gets the first one's, not the role's 600 s.
    expect(request(d[1]).cooldown).toBe(100 * S);
  });
  it('a scheduled policy without its own cooldown records none', () => {
    const r = role({ cooldown: 600 * S, scheduled_policies: [scheduled({ start_time: '2026-03-02 06:02:00' })] });
    const d = run(r, [60, 180], [1, 1]);
    expect([d[1]!.diff, request(d[1]).cooldown, d[1]!.state.cooldown]).toEqual([1, null, 600 * S]);
  });
});

describe('scheduled policies (vmrole.rb scale_time?)', () => {
  it('the first evaluation only records last_eval, even when an occurrence is due', () => {
    const r = role({ scheduled_policies: [scheduled({ recurrence: '* * * * *' })] });
    expect(run(r, [90, 180], [1, 1]).map((d) => d.diff)).toEqual([0, 1]);
  });
  it('missed occurrences collapse into one', () => {
    const r = role({ scheduled_policies: [scheduled({ recurrence: '*/5 * * * *' })] });
    // 06:01 then 07:00: eleven occurrences missed, one change.
    expect(run(r, [60, 3600], [1, 1]).map((d) => d.diff)).toEqual([0, 1]);
  });
  it('a dated start_time fires once; a time of day alone means that time on the current day', () => {
    const once = role({ scheduled_policies: [scheduled({ start_time: '2026-03-02 07:00' })] });
    expect(run(once, [60, 3660, 90000], [1, 1, 1]).map((d) => d.diff)).toEqual([0, 1, 0]);
    const daily = role({ scheduled_policies: [scheduled({ start_time: '07:00' })] });
    expect(run(daily, [60, 3660, 86460, 90060], [1, 1, 1, 1]).map((d) => d.diff)).toEqual([0, 1, 0, 1]);
  });
  // vmrole.rb scale_time?: start_time.match(/^\d+$/) ? to_i : Time.parse(start_time).to_i, rescue ArgumentError -> 0.
  it('a start_time of only digits is epoch seconds (what Sunstone writes), and fires once', () => {
    const epoch = String(Date.parse('2026-03-02T07:00:00Z') / 1000);
    expect(epoch).toBe('1772434800');
    const r = role({ scheduled_policies: [scheduled({ start_time: epoch })] });
    expect(run(r, [60, 3660, 7260], [1, 1, 1]).map((d) => d.diff)).toEqual([0, 1, 0]);
  });
  it("a start_time as JavaScript's toISOString writes it (2026-03-02T07:00:00.000Z) is read as Time.parse reads it", () => {
    const r = role({ scheduled_policies: [scheduled({ start_time: '2026-03-02T07:00:00.000Z' })] });
    expect(run(r, [60, 3660], [1, 1]).map((d) => d.diff)).toEqual([0, 1]);
  });
  it('a start_time Time.parse refuses (99:99) never fires, and last_eval still moves on', () => {
    const r = role({ scheduled_policies: [scheduled({ start_time: '99:99' })] });
    const out = run(r, [60, 3660, 90000], [1, 1, 1]);
    expect(out.map((d) => d.diff)).toEqual([0, 0, 0]);
    expect(out.map((d) => d.state.scheduled[0]!.last_eval)).toEqual([60 * S, 3660 * S, 90000 * S]);
  });
  it('a scheduled policy without adjust returns 0 (vmrole.rb: return 0 if target_vms.nil?)', () => {
    const r = role({ scheduled_policies: [scheduled({ start_time: '2026-03-02 07:00', adjust: null })] });
    expect(run(r, [60, 3660], [1, 1]).map((d) => d.diff)).toEqual([0, 0]);
  });
  it('parseStartTime and startTimeEpochSeconds read local wall time at the server offset, a zone when named', () => {
    const at = (text: string, offset: number) => startTimeEpochSeconds(parseStartTime(text), Date.parse('2026-03-02T00:30:00Z'), offset);
    expect(at('2026-03-02 07:00', 3_600_000)).toBe(Date.parse('2026-03-02T06:00:00Z') / 1000);
    expect(at('2026-03-02T07:00:00Z', 3_600_000)).toBe(Date.parse('2026-03-02T07:00:00Z') / 1000);
    expect(at('2026-03-02T07:00:00+02:00', 0)).toBe(Date.parse('2026-03-02T05:00:00Z') / 1000);
    // A time of day is today, in the server's local time (at 00:30 UTC, 01:30 local at +01:00).
    expect(at('07:00', 3_600_000)).toBe(Date.parse('2026-03-02T06:00:00Z') / 1000);
    // Ruby's Time.local rolls a day past the month's end over, and reads 24:00 as the next midnight.
    expect(at('2026-02-30 08:00', 0)).toBe(Date.parse('2026-03-02T08:00:00Z') / 1000);
    expect(at('2026-03-02 24:00', 0)).toBe(Date.parse('2026-03-03T00:00:00Z') / 1000);
    expect(parseStartTime('25:61')).toMatchObject({ kind: 'invalid' });
    expect(parseStartTime('2026-13-01')).toMatchObject({ kind: 'invalid' });
    expect(parseStartTime('tomorrow')).toEqual({ kind: 'unsupported' });
  });
});
