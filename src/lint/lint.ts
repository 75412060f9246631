/**
 * `sim lint`: every rule on every policy set of a scenario, without running it.
 * A finding that several policy sets share (a value in the base scenario) is
 * reported once, naming them all.
 */
import type { ScenarioFile } from '../scenario/scenario-file.js';
import { ANTI_PATTERNS } from './anti-patterns.js';
import type { Finding, Rule } from './finding.js';
import { PITFALLS } from './pitfalls.js';

export const RULES: Rule[] = [...ANTI_PATTERNS, ...PITFALLS];

export interface LintOptions {
  /** Rule ids to leave out, beside the file's own `lint.ignore`. */
  ignore?: readonly string[];
  rules?: readonly Rule[];
}

/** sim lint's findings, with the ones the file (or `options.ignore`) leaves out set apart. */
export function lintReport(file: ScenarioFile, options: LintOptions = {}): { findings: Finding[]; ignored: Finding[] } {
  const ignore = new Set<string>([...(file.lintIgnore ?? []), ...(options.ignore ?? [])]);
  const all = allFindings(file, options.rules ?? RULES);
  return { findings: all.filter((f) => !ignore.has(f.id)), ignored: all.filter((f) => ignore.has(f.id)) };
}

/** sim lint's findings, but those the file's `lint.ignore` (or `options.ignore`) leaves out. */
export function lintScenario(file: ScenarioFile, options: LintOptions = {}): Finding[] {
  return lintReport(file, options).findings;
}

function allFindings(file: ScenarioFile, rules: readonly Rule[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const scenario of file.policySets) {
    const at = (path: ReadonlyArray<string | number>) =>
      file.locate ? file.locate(scenario.policy_set, path) : { file: file.file, line: 1, column: 1, path: path.join('.') };
    for (const rule of rules) {
      for (const f of rule({ scenario, at })) {
        const pos = at(f.where);
        const key = `${f.id}|${pos.file}|${pos.line}|${pos.column}|${f.message}`;
        const seen = byKey.get(key);
        if (seen) seen.policy_sets.push(scenario.policy_set);
        else byKey.set(key, { id: f.id, severity: f.severity, policy_sets: [scenario.policy_set], ...pos, message: f.message, fix: f.fix });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => (a.file === b.file ? a.line - b.line || a.column - b.column || (a.id < b.id ? -1 : 1) : a.file < b.file ? -1 : 1));
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

export function formatFindings(findings: readonly Finding[], color = false, ignored: readonly Finding[] = []): string {
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines = findings.map((f) => {
    const sev = f.severity === 'error' ? paint('31', 'error') : paint('33', 'warning');
    return `${f.file}:${f.line}:${f.column}: ${sev} ${f.id} [${f.policy_sets.join(', ')}] ${f.path}\n  ${f.message}\n  fix: ${f.fix}`;
  });
  const errors = findings.filter((f) => f.severity === 'error').length;
  const ids = [...new Set(ignored.map((f) => f.id))];
  const summary =
    `${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}` +
    (ignored.length > 0 ? `, ${ignored.length} ignored (${ids.join(', ')})` : '');
  return `${lines.length > 0 ? `${lines.join('\n')}\n` : ''}${summary}\n`;
}
