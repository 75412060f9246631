/**
 * Temporary folders for tests: inside the run's own folder (test/global-setup.ts),
 * which is removed when the run ends.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'flsim-'): string {
  return mkdtempSync(join(process.env.FLSIM_TEST_TMP ?? tmpdir(), prefix));
}
