import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/experiment/run.js';
import { outputFiles } from '../src/report/run-files.js';
import { loadScenario } from '../src/scenario/load.js';
// @ts-expect-error: a plain ES module shared with the update script
import { CASES, FILES } from './golden/cases.mjs';

const root = join(import.meta.dirname, '..');

// Each shipped scenario, run small, must give these files byte for byte; `npm run golden:update` rewrites them.
describe('golden outputs', () => {
  for (const c of CASES as Array<{ name: string; file: string; replications: number; set: Array<{ path: string; value: unknown }> }>) {
    it(`${c.name}: ${FILES.join(', ')} are byte-identical to test/golden/${c.name}/`, async () => {
      const scenario = loadScenario(join(root, c.file), { replications: c.replications });
      const files = await outputFiles(await runScenario(c.set.length ? scenario.reload!({ set: c.set, replications: c.replications }) : scenario));
      for (const f of FILES as string[]) expect(files[f], `${c.name}/${f}`).toBe(readFileSync(join(root, 'test/golden', c.name, f), 'utf8'));
    });
  }
});
