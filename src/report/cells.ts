/** A policy set's summary as the formatted cells both comparison tables (terminal and HTML) show. */
import type { PolicySetSummary } from '../experiment/figures.js';
import { fixed } from './format.js';

export interface ComparisonCells {
  policy_set: string;
  rounds: string;
  ok: string;
  failed: string;
  unfinished: string;
  failure_rate: string;
  round_min: string;
  wait_h: string;
  eval_fail: string;
  vm_hours: string;
  up_down: string;
}

export function comparisonCells(s: PolicySetSummary, percent: (x: number) => string, noEval: string): ComparisonCells {
  const m = s.metrics;
  const rate = m.failure_rate;
  return {
    policy_set: s.policy_set,
    rounds: fixed(m.rounds_attempted.mean, 1),
    ok: fixed(m.rounds_succeeded.mean, 1),
    failed: fixed(m.rounds_failed.mean, 1),
    unfinished: fixed(m.rounds_unfinished.mean, 1),
    // Intervals are never clipped (docs/decision.md); with one replication there is none.
    failure_rate: Number.isNaN(rate.low)
      ? `${percent(rate.mean)} [no interval: 1 replication]`
      : `${percent(rate.mean)} [${percent(rate.low)}, ${percent(rate.high)}]`,
    round_min: fixed(m.mean_round_duration_s.mean / 60, 1),
    wait_h: fixed(m.wait_hours.mean, 1),
    eval_fail: m.evals_attempted.mean === 0 ? noEval : percent(m.eval_failure_rate.mean),
    vm_hours: fixed(m.vm_hours.mean, 0),
    up_down: `${fixed(m.scale_ups.mean, 1)}/${fixed(m.scale_downs.mean, 1)}`,
  };
}

/** The cells both tables start with, in order: the set and its rounds. */
export function roundCells(c: ComparisonCells): string[] {
  return [c.policy_set, c.rounds, c.ok, c.failed, c.unfinished, c.failure_rate];
}

/** The cells both tables show after the rounds (and the terminal's failure causes), in order. */
export function costCells(c: ComparisonCells): string[] {
  return [c.round_min, c.wait_h, c.eval_fail, c.vm_hours];
}
