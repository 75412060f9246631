/**
 * Writes an output folder: each file goes to a temporary name first and is
 * renamed into place, so a failed run leaves no half-written file.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeOutputs(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const staged = Object.entries(files).map(([name, content]) => {
    const tmp = join(dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, content);
    return [tmp, join(dir, name)] as const;
  });
  for (const [tmp, final] of staged) {
    renameSync(tmp, final);
    written.push(final);
  }
  return written;
}
