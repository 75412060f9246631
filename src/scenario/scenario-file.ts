/**
 * A loaded scenario file: its policy sets, each a complete Scenario (the
 * models' input), the decision that picks among them, and what the loader
 * keeps to place problems and to load the file again with other values.
 */
import type { Scenario } from '../models/config.js';
import type { Decision } from './decision.js';
import type { SourcePosition } from './errors.js';
import type { RuleId } from './lint-rules.js';

export type { SourcePosition };

/** A loaded scenario file: its policy sets, each a complete Scenario. */
export interface ScenarioFile {
  file: string;
  name: string;
  policySets: Scenario[];
  /** How to pick the policy set to deploy, with its defaults filled in. */
  decision: Decision;
  /** sim lint rules the file leaves out (`lint: {ignore: [...]}`). */
  lintIgnore: readonly RuleId[];
  /**
   * The policy sets as written, for a tuned set to be pasted back: each one's own overrides, and the
   * data they give merged onto the base (and its service template), before any value set at a path.
   */
  rawPolicySets: ReadonlyArray<{ name: string; description: string; override: Record<string, unknown>; merged: Record<string, unknown> }>;
  /** Where a value of a policy set was written (set by the loader). */
  locate?: (policySet: string, path: ReadonlyArray<string | number>) => SourcePosition;
  /** Load the same source again with other options, e.g. values set at paths (set by the loader). */
  reload?: (options: ReloadOptions) => ScenarioFile;
}

export interface ReloadOptions {
  seed?: number | undefined;
  replications?: number | undefined;
  policySet?: string | undefined;
  set?: ReadonlyArray<{ path: string; value: unknown }>;
}
