/**
 * One folder for every temporary folder of a test run (test/temp.ts), removed
 * when the run ends, whatever the tests did.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'flsim-test-'));
  process.env.FLSIM_TEST_TMP = root;
  return () => rmSync(root, { recursive: true, force: true });
}
