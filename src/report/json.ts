/** JSON outputs: the summary (`--json`) and run.json (the resolved scenario as run). */
import type { Scenario } from '../models/config.js';
import type { PolicySetSummary } from '../models/summary.js';

/** Stable JSON: Maps become objects keyed in insertion order, two-space indent, newline at the end. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v), 2) + '\n';
}

export function runJson(file: string, version: string, policySets: readonly Scenario[]): string {
  return toJson({
    tool: 'fl-cluster-sim',
    version,
    scenario: file,
    seed: policySets[0]?.seed ?? null,
    replications: policySets[0]?.replications ?? null,
    time_units: 'durations in milliseconds, sizes in bytes, rates in bits per second',
    policy_sets: policySets,
  });
}

export function summaryJson(summaries: readonly PolicySetSummary[]): string {
  return toJson(summaries);
}
