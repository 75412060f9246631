/**
 * Writes an output folder whole, or not at all: every file goes into a temporary folder beside it, which then
 * replaces the folder in one rename, so a folder never mixes two runs and a failed or killed run leaves the old
 * one as it was. Only a folder that is empty or holds a previous output of this tool is ever replaced.
 */
import { accessSync, appendFileSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { userError } from '../scenario/errors.js';

/** Files by which a folder is recognised as an earlier output of this tool (and may be replaced). */
const OUR_FILES = ['run.json', 'sweep.json', 'tune.csv', 'summary.csv', 'recommendation.json'];

/** The prefix of the temporary folders beside `dir`. */
const tempPrefix = (dir: string) => `.${basename(dir)}.tmp-`;

/** A run that cannot write its output (a full disk, say): not a user mistake in the input, exit code 1. */
export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Temporary folders being written now: removed if the process is interrupted (see removeTemporaries). */
const writing = new Set<string>();

/** Remove the temporary folders of writes in progress (on SIGINT and SIGTERM). */
export function removeTemporaries(): void {
  for (const t of writing) rmSync(t, { recursive: true, force: true });
  writing.clear();
}

/**
 * Check, before anything runs, that `dir` can be written: it is a folder (or can be made one) that is
 * empty or holds an earlier output of this tool, in a parent this process may write into.
 */
export function checkOutputDir(dir: string): void {
  const full = resolve(dir);
  if (existsSync(full)) {
    if (!statSync(full).isDirectory()) throw userError(`--out ${dir} is a file: give a folder (new, empty, or an earlier output of sim)`);
    const entries = readdirSync(full).filter((f) => !f.startsWith('.'));
    if (entries.length > 0 && !entries.some((f) => OUR_FILES.includes(f)))
      throw userError(
        `--out ${dir} holds files that are no output of sim (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}): give a new or empty folder`,
      );
  }
  // The first ancestor that exists must be a folder we may write into (the output folder is made in it).
  let parent = dirname(full);
  while (!existsSync(parent)) parent = dirname(parent);
  if (!statSync(parent).isDirectory()) throw userError(`--out ${dir}: ${parent} is a file, so no folder can be made under it`);
  try {
    accessSync(parent, constants.W_OK);
  } catch {
    throw userError(`--out ${dir}: this process may not write into ${parent}; choose another folder`);
  }
}

/**
 * An output folder being written: files go into a temporary folder beside `dir` (rows can be appended as a run
 * produces them), and `commit` puts it in place of `dir` in one rename; `discard` leaves `dir` as it was.
 */
export class StagedOutput {
  private readonly full: string;
  private readonly temp: string;

  constructor(readonly dir: string) {
    checkOutputDir(dir);
    this.full = resolve(dir);
    const parent = dirname(this.full);
    this.guard(() => {
      mkdirSync(parent, { recursive: true });
      removeStale(parent, this.full);
    });
    this.temp = join(parent, `${tempPrefix(this.full)}${process.pid}`);
    writing.add(this.temp);
    this.guard(() => {
      rmSync(this.temp, { recursive: true, force: true });
      mkdirSync(this.temp);
    });
  }

  /** The path a file of this output has while it is being written. */
  path(name: string): string {
    return join(this.temp, name);
  }

  write(name: string, content: string): void {
    this.guard(() => writeFileSync(this.path(name), content));
  }

  append(name: string, content: string): void {
    this.guard(() => appendFileSync(this.path(name), content));
  }

  remove(name: string): void {
    rmSync(this.path(name), { force: true });
  }

  /** Put the folder in place of `dir`: an earlier output there is set aside first, then removed. */
  commit(): string[] {
    const names = readdirSync(this.temp);
    this.guard(() => {
      if (existsSync(this.full)) {
        const old = join(dirname(this.full), `.${basename(this.full)}.old-${process.pid}`);
        renameSync(this.full, old);
        renameSync(this.temp, this.full);
        rmSync(old, { recursive: true, force: true });
      } else renameSync(this.temp, this.full);
    });
    writing.delete(this.temp);
    return names.map((name) => join(this.dir, name));
  }

  discard(): void {
    rmSync(this.temp, { recursive: true, force: true });
    writing.delete(this.temp);
  }

  /** Run a file operation; its failure discards what was written and becomes one OutputError. */
  private guard(op: () => void): void {
    try {
      op();
    } catch (e) {
      if (this.temp !== undefined) this.discard();
      const code = (e as NodeJS.ErrnoException).code;
      throw new OutputError(
        `cannot write ${this.dir}: ${code === 'ENOSPC' ? 'no space left on the device' : (e as Error).message}; nothing of this run was written${code === 'ENOSPC' ? ' (free some space, or choose another --out)' : ''}`,
      );
    }
  }
}

/** Write `files` as the folder `dir`, whole, replacing an earlier output of this tool there. */
export function writeOutputs(dir: string, files: Record<string, string>): string[] {
  const out = new StagedOutput(dir);
  for (const [name, content] of Object.entries(files)) out.write(name, content);
  out.commit();
  return Object.keys(files).map((name) => join(dir, name));
}

/** Temporary or set-aside folders of `full` left by a process that no longer runs (killed mid-write). */
function removeStale(parent: string, full: string): void {
  const name = basename(full);
  for (const entry of readdirSync(parent)) {
    const m = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-(\\d+)$`).exec(entry);
    if (m === null) continue;
    const pid = Number(m[2]);
    let alive = pid === process.pid;
    if (!alive)
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
    if (alive) continue;
    // A set-aside old folder whose replacement never arrived is put back.
    if (m[1] === 'old' && !existsSync(full)) renameSync(join(parent, entry), full);
    else rmSync(join(parent, entry), { recursive: true, force: true });
  }
}
