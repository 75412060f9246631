import { execSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/scenario/metrics.js';
import { runnable } from '../sim.js';
import { tempDir } from '../temp.js';

const root = join(import.meta.dirname, '../..');
const doc = readFileSync(join(root, 'docs/decision.md'), 'utf8');

describe('docs/decision.md', () => {
  it('lists every metric with its fixed sense and meaning, in summary.csv order', () => {
    const rows = [...doc.matchAll(/^\| `(\w+)` \| (higher|lower) \| (.+) \|$/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual(METRICS.map((m) => [m.name, m.better, m.description]));
  });

  it('its sim tune example does what the page says: 0.7 dropped, two 0.5 dropped, 0.3 contenders, 7200 s at 0.3 picked, 90 runs in 2 stages', () => {
    const out = tempDir('flsim-tune-doc-');
    try {
      const command = /<!-- command: tune-example -->\n```sh\n([\s\S]*?)```/
        .exec(doc)![1]!
        .replace(/\\\n\s*/g, ' ')
        .trim();
      const stdout = execSync(`${runnable(command)} --out ${out} --quiet`, { cwd: root, encoding: 'utf8' });
      expect(stdout).toBe('');
      const rows = parse(readFileSync(join(out, 'tune.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
      const status = (rate: string) => rows.filter((r) => r['superlink.strategy.min_completion_rate_fit'] === rate).map((r) => r.status);
      expect(status('0.7')).toEqual(['dropped', 'dropped', 'dropped']);
      expect(status('0.5')).toEqual(['dropped', 'dropped', 'contender']);
      expect(status('0.3')).toEqual(['contender', 'contender', 'recommended']);
      expect(rows.filter((r) => r['superlink.strategy.min_completion_rate_fit'] === '0.3').map((r) => Number(r.rounds_succeeded).toFixed(1))).toEqual([
        '110.6',
        '110.5',
        '110.5',
      ]);
      expect(rows.filter((r) => r['superlink.strategy.min_completion_rate_fit'] === '0.7').every((r) => Number(r.failure_rate) > 0.05)).toBe(true);
      expect(rows.find((r) => r.status === 'recommended')!['oneflow.role.elasticity_policies.1.cooldown']).toBe('7200');
      expect(rows.reduce((n, r) => n + Number(r.replications), 0)).toBe(90);
      expect(Math.max(...rows.map((r) => Number(r.stage || 0)))).toBe(2);
      expect(doc).toContain('runs 9 candidates for 90 replication-runs');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
