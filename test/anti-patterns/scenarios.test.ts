import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sim } from '../sim.js';
import { tempDir } from '../temp.js';

const root = join(import.meta.dirname, '../..');
const dir = join(root, 'scenarios/anti-patterns');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const doc = readFileSync(join(root, 'docs/anti-patterns.md'), 'utf8');

describe('scenarios/anti-patterns', () => {
  it('has one scenario per anti-pattern of the spec', () => {
    expect(files.map((f) => f.slice(0, 5))).toEqual(['AP-01', 'AP-02', 'AP-03', 'AP-04', 'AP-05', 'AP-06', 'AP-07']);
  });

  for (const f of files) {
    const id = f.slice(0, 5);
    it(`${f}: sim lint flags ${id} on the anti-pattern policy set and not on the fix`, async () => {
      const r = await sim('lint', join(dir, f), '--json');
      const findings = JSON.parse(r.stdout) as Array<{ id: string; policy_sets: string[]; severity: string }>;
      const flagged = findings.filter((x) => x.id === id).flatMap((x) => x.policy_sets);
      expect(flagged).toContain('anti-pattern');
      expect(flagged).not.toContain('fix');
      expect(r.status).toBe(findings.some((x) => x.severity === 'error') ? 1 : 0);
    });

    it(`${f}: sim run shows the harm: the anti-pattern trains fewer rounds than the fix; docs/anti-patterns.md quotes these figures`, async () => {
      const r = await sim('run', join(dir, f), '--json', '--out', tempDir('flsim-ap-'));
      expect(r.status).toBe(0);
      const { summary } = JSON.parse(r.stdout) as { summary: Array<{ policy_set: string; rounds_succeeded: number; failure_rate: number }> };
      const get = (name: string) => summary.find((s) => s.policy_set === name)!;
      expect(get('anti-pattern').rounds_succeeded).toBeLessThan(get('fix').rounds_succeeded);
      // The page's bold figures for this anti-pattern are the run's: rounds succeeded (AP-02: failure rates).
      const section = doc.slice(doc.indexOf(`### ${id}`), doc.indexOf('###', doc.indexOf(`### ${id}`) + 5));
      const quoted = [...section.matchAll(/\*\*([\d.]+)( %)?\*\*/g)].map((m) => m[0]);
      const figure = (name: string) => (id === 'AP-02' ? `**${(100 * get(name).failure_rate).toFixed(1)} %**` : `**${get(name).rounds_succeeded.toFixed(1)}**`);
      expect(quoted).toEqual([figure('anti-pattern'), figure('fix')]);
    });
  }
});
