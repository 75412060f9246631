import type { ScenarioFile } from './scenario/scenario-file.js';
import { loadScenarioFile, scenarioFromObject, type LoadOptions } from './scenario/load.js';

/**
 * The notebook's entry point: a scenario from a YAML file's path, or from plain data
 * shaped like one (relative trace and template files are then read from the current folder).
 * Throws ScenarioError listing every problem.
 */
export function loadScenario(source: string | Record<string, unknown>, options: LoadOptions = {}): ScenarioFile {
  return typeof source === 'string' ? loadScenarioFile(source, options) : scenarioFromObject(source, '<object>', process.cwd(), options);
}
