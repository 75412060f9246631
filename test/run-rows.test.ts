import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplicationResult, TimelineRow } from '../src/experiment/replication.js';
import type { Scenario } from '../src/models/config.js';
import { roundsCsv, scalingCsv, timelineCsv } from '../src/report/csv.js';
import { RowFiles, rowChunks } from '../src/report/run-rows.js';
import { StagedOutput } from '../src/report/write.js';
import { tempDir } from './temp.js';

// RowFiles reads a policy set's elasticity expressions only.
const set = (...expressions: string[]) =>
  ({ oneflow: { role: { elasticity_policies: expressions.map((expression) => ({ expression })) } } }) as unknown as Scenario;

const row = (policy_set: string, time: number, attributes: Record<string, number | null>): TimelineRow => ({
  policy_set,
  replication: 0,
  time,
  service_state: 'RUNNING',
  cardinality: 3,
  running_vms: 3,
  connected: 2,
  training: 1,
  attributes,
});

const result = (policy_set: string, timeline: TimelineRow[]): ReplicationResult => ({
  policy_set,
  replication: 0,
  seed: 1,
  events: 0,
  rounds: [],
  scaling: [],
  timeline,
  vm_hours: 0,
  scale_ups: 0,
  scale_downs: 0,
});

/** The three files RowFiles writes for `results`, digested here (as worker threads do) or not. */
function written(sets: Scenario[], results: ReplicationResult[], digested: boolean): Record<string, string> {
  const dir = join(tempDir('flsim-rows-'), 'out');
  const out = new StagedOutput(dir);
  const rows = new RowFiles(out, sets);
  for (const r of results) rows.add(digested ? { ...r, digest: rows.digest.fn(r, rows.digest.context) } : r);
  rows.finish();
  out.commit();
  return Object.fromEntries(['rounds.csv', 'scaling.csv', 'timeline.csv'].map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

const expected = (results: ReplicationResult[]) => ({
  'rounds.csv': roundsCsv(results.flatMap((r) => r.rounds)),
  'scaling.csv': scalingCsv(results.flatMap((r) => r.scaling)),
  'timeline.csv': timelineCsv(results.flatMap((r) => r.timeline)),
});

describe('RowFiles', () => {
  it('writes what the whole-run formatters write when every set with names has rows, digested or not', () => {
    const sets = [set('CPU > 80'), set(), set('FL_CLIENT_STATUS == 1', 'CPU < 10')];
    const results = [
      result('a', [row('a', 90, { CPU: 12.5 }), row('a', 180, { CPU: null })]),
      result('b', [row('b', 90, {})]),
      result('c', [row('c', 90, { FL_CLIENT_STATUS: 1, CPU: 3 })]),
    ];
    expect(written(sets, results, false)).toEqual(expected(results));
    expect(written(sets, results, true)).toEqual(expected(results));
  });

  it('lays timeline.csv out on the names the rows had when a set with names has no row', () => {
    // Planned columns: B (first set), then A; the rows only have the second set's, A first.
    const sets = [set('B > 1'), set('A > 1 && B > 2')];
    const results = [result('x,"first"', []), result('second', [row('second', 90, { A: 1.25, B: null }), row('second', 180, { A: 2, B: 3 })])];
    expect(written(sets, results, true)).toEqual(expected(results));
    expect(written(sets, results, true)['timeline.csv']?.split('\n')[0]).toMatch(/,training,A,B$/);
  });

  it('writes the headers alone when no replication has rows', () => {
    expect(written([set('CPU > 1')], [result('a', [])], true)).toEqual(expected([result('a', [])]));
    expect(written([set('CPU > 1')], [], true)).toEqual(expected([]));
  });

  it('makes a replication without timeline rows a digest of empty lines and no names', () => {
    expect(rowChunks(result('a', []), ['CPU'])).toEqual({ rounds: '', scaling: '', timeline: '', names: [] });
  });
});
