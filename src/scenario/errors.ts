/**
 * User mistakes: one error class for all of them (a scenario, a trace, a replay
 * input, shard folders, flags), carrying each problem as data, and one formatter.
 * A problem names what it can of file, line, column and path, and what to change.
 * Several are reported together.
 */
/** Where a value was written: file, line and column (1-based), and its path as shown to users. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
  /** Dotted path in the scenario (list indexes as numbers), e.g. superlink.strategy.min_fit_clients. */
  path: string;
}

/** A problem in a scenario file: always positioned. */
export interface ScenarioIssue extends SourcePosition {
  message: string;
}

/** A problem in any input: positioned where the input has positions, with its path where it has paths. */
export type Problem = Partial<SourcePosition> & { message: string };

/** `file:line:column: path: message`, with what the problem does not know left out. */
export function formatProblem(p: Problem): string {
  const where = p.file === undefined ? '' : p.line === undefined ? `${p.file}: ` : `${p.file}:${p.line}:${p.column ?? 1}: `;
  return `${where}${p.path ? `${p.path}: ` : ''}${p.message}`;
}

export interface UserErrorOptions {
  /** What the problems are in, for the closing line ("in the replay input"); default: said as "found". */
  input?: string;
  /** What was not done because of them; default "nothing was run or written". */
  notDone?: string;
}

/** The one error a user mistake ends in (exit code 2). */
export class UserError extends Error {
  readonly input: string | null;
  readonly notDone: string;

  constructor(
    readonly problems: readonly Problem[],
    options: UserErrorOptions = {},
  ) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'UserError';
    this.input = options.input ?? null;
    this.notDone = options.notDone ?? 'nothing was run or written';
  }
}

/** A user error as the terminal shows it: one line per problem, then how many and what was not done. */
export function formatUserError(e: UserError): string {
  const n = e.problems.length;
  return `${e.message}\n${n} problem${n === 1 ? '' : 's'} ${e.input === null ? 'found' : `in ${e.input}`}; ${e.notDone}.\n`;
}

/** A user error of one problem that has no position (a flag, a folder). */
export function userError(message: string, options: UserErrorOptions = {}): UserError {
  return new UserError([{ message }], options);
}

export type Path = ReadonlyArray<string | number>;

export function pathString(path: Path): string {
  return path.join('.');
}

/** Whether path `a` is `b` or leads to it. */
export function isPrefix(a: Path, b: Path): boolean {
  return a.length <= b.length && a.every((seg, i) => String(seg) === String(b[i]));
}
