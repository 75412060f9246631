/** A policy set's summary as the formatted cells both comparison tables (terminal and HTML) show. */
import type { PolicySetSummary } from '../models/summary.js';
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
  return {
    policy_set: s.policy_set,
    rounds: fixed(s.rounds_attempted.mean, 1),
    ok: fixed(s.rounds_succeeded.mean, 1),
    failed: fixed(s.rounds_failed.mean, 1),
    unfinished: fixed(s.rounds_unfinished.mean, 1),
    failure_rate: `${percent(s.failure_rate.mean)} [${percent(Math.max(0, s.failure_rate.low))}, ${percent(Math.min(1, s.failure_rate.high))}]`,
    round_min: fixed(s.round_duration.mean / 60, 1),
    wait_h: fixed(s.wait_hours.mean, 1),
    eval_fail: s.evals_attempted.mean === 0 ? noEval : percent(s.eval_failure_rate.mean),
    vm_hours: fixed(s.vm_hours.mean, 0),
    up_down: `${fixed(s.scale_ups.mean, 1)}/${fixed(s.scale_downs.mean, 1)}`,
  };
}
