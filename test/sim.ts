/**
 * `sim` in this process, through the CLI's main(argv): its exit code and what it
 * printed. Replications run on this thread (workers need the built dist/, which
 * the few end-to-end tests spawn `bin/sim.mjs` for).
 */
import { vi } from 'vitest';
import { main } from '../src/cli.js';

export interface SimResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function sim(...args: string[]): Promise<SimResult> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const noColor = process.env.NO_COLOR;
  process.env.NO_COLOR = '1';
  process.exitCode = undefined;
  try {
    return { status: await main(['node', 'sim', ...args]), stdout, stderr };
  } finally {
    process.exitCode = undefined;
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
    out.mockRestore();
    err.mockRestore();
  }
}

/**
 * A shell command of the docs as a test runs it: `npx sim` as `node bin/sim.mjs`, the file package.json's `bin`
 * names. npx's first run in a checkout installs the project into its cache and runs its `prepare` script, the
 * build, which rewrites dist/ while other test files import or spawn it. Throws if an `npx` is left.
 */
export function runnable(command: string): string {
  const run = command.replaceAll(/\bnpx sim\b/g, 'node bin/sim.mjs');
  if (/\bnpx\b/.test(run)) throw new Error(`a docs command still runs npx, which would rebuild dist/: ${run}`);
  return run;
}
