/**
 * Scenario errors: each names the file, line and column, the YAML path, and
 * what is expected. Several are reported together.
 */
export interface ScenarioIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path in the scenario (list indexes as numbers), e.g. superlink.strategy.min_fit_clients. */
  path: string;
  message: string;
}

export function formatIssue(i: ScenarioIssue): string {
  return `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
  }
}

export type Path = ReadonlyArray<string | number>;

export function pathString(path: Path): string {
  return path.join('.');
}

/** Whether path `a` is `b` or leads to it. */
export function isPrefix(a: Path, b: Path): boolean {
  return a.length <= b.length && a.every((seg, i) => String(seg) === String(b[i]));
}
