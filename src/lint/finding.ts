/**
 * What `sim lint` reports: a finding names the rule, how bad it is, where the
 * value was written, what will happen, and the fix. Rules are pure functions of
 * one resolved policy set.
 */
import type { Scenario } from '../models/config.js';
import type { SourcePosition } from '../scenario/scenario-file.js';

export type Severity = 'error' | 'warning';

export interface Finding extends SourcePosition {
  /** AP-0N for the deployment spec's anti-patterns, PF-0N for pitfalls found in the code. */
  id: string;
  severity: Severity;
  /** The policy sets it applies to. */
  policy_sets: string[];
  /** What will happen. */
  message: string;
  fix: string;
}

/** One rule's view of one policy set: the scenario and where each of its values was written. */
export interface RuleContext {
  scenario: Scenario;
  at: (path: ReadonlyArray<string | number>) => SourcePosition;
}

export type RuleFinding = Omit<Finding, 'policy_sets' | 'file' | 'line' | 'column' | 'path'> & { where: ReadonlyArray<string | number> };

export type Rule = (ctx: RuleContext) => RuleFinding[];
