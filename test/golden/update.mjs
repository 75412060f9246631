// npm run golden:update: rewrite test/golden/<case>/ from the built library. Review the diff before committing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, outputFiles, runScenario } from '../../dist/index.js';
import { CASES, FILES } from './cases.mjs';

const root = new URL('../..', import.meta.url).pathname;
for (const c of CASES) {
  const scenario = loadScenario(join(root, c.file), { replications: c.replications });
  const files = await outputFiles(await runScenario(c.set.length ? scenario.reload({ set: c.set, replications: c.replications }) : scenario));
  const dir = join(root, 'test/golden', c.name);
  mkdirSync(dir, { recursive: true });
  for (const f of FILES) writeFileSync(join(dir, f), files[f]);
  console.log(`test/golden/${c.name}: ${FILES.join(', ')}`);
}
