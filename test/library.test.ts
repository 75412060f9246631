import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe("import ... from 'fl-cluster-sim'", () => {
  it('the package root exports the library API (built dist, through package.json exports)', () => {
    const script = `
      import * as sim from 'fl-cluster-sim';
      const names = ['loadScenario', 'runScenario', 'compare', 'recommend', 'tune', 'evaluateExpression', 'ExpressionError', 'newCardinality', 'sampleSize', 'aggregateOutcome', 'Engine', 'stream'];
      console.log(JSON.stringify(names.filter((n) => typeof sim[n] !== 'function')));
      console.log(JSON.stringify(sim.evaluateExpression('CPU > 80', [{ CPU: 63.2 }])));
      console.log(JSON.stringify(sim.newCardinality({ type: 'CHANGE', adjust: 3 }, 4, 1, 5)));
      try { sim.evaluateExpression('CPU >', []); } catch (e) { console.log(e instanceof sim.ExpressionError, e.column); }
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }).trim().split('\n');
    expect(out).toEqual(['[]', '{"value":false,"rendered":"CPU[63.2] > 80"}', '{"target":5,"accepted":true}', 'true 6']);
  });

  it('internals are not reachable through the package', () => {
    expect(() => execFileSync(process.execPath, ['--input-type=module', '-e', "import 'fl-cluster-sim/dist/cli.js'"], { cwd: root, stdio: 'pipe' })).toThrow();
  });
});
