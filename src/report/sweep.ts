/**
 * A sweep's output folder: sweep.csv and sweep.json (the manifest that lets
 * `sim merge` check that shards belong together and cover the grid once).
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { SweepResult } from '../experiment/sweep.js';
import { userError } from '../scenario/errors.js';
import { type Grid, gridPoints, type Shard } from '../scenario/grid.js';
import { sweepCsv } from './csv.js';
import { toJson } from './json.js';

export interface SweepManifest {
  tool: 'fl-cluster-sim';
  version: string;
  scenario: string;
  name: string;
  seed: number | null;
  replications: number | null;
  grid: Grid;
  shard: Shard;
  points: number[];
}

export function sweepFiles(result: SweepResult, meta: Omit<SweepManifest, 'tool' | 'grid' | 'shard' | 'points'>): Record<string, string> {
  const manifest: SweepManifest = { tool: 'fl-cluster-sim', ...meta, grid: result.grid, shard: result.shard, points: result.points.map((p) => p.point) };
  return {
    'sweep.csv': sweepCsv(
      result.grid.map((a) => a.path),
      result.rows,
    ),
    'sweep.json': toJson(manifest),
  };
}

/** Join shard outputs (manifest and CSV text, by folder) into the unsharded sweep's files. */
export function mergeSweeps(shards: ReadonlyArray<{ dir: string; manifest: SweepManifest; csv: string }>): Record<string, string> {
  if (shards.length === 0) throw userError('no shard folders given');
  const first = shards[0]!;
  const same = (m: SweepManifest) => JSON.stringify([m.scenario, m.name, m.seed, m.replications, m.grid, m.version]);
  for (const s of shards.slice(1))
    if (same(s.manifest) !== same(first.manifest))
      throw userError(`${s.dir} is not a shard of the same sweep as ${first.dir} (scenario, seed, replications, grid or version differ)`);
  const expected = gridPoints(first.manifest.grid).map((p) => p.point);
  const owner = new Map<number, string>();
  const rowsByPoint = new Map<number, string[][]>();
  let header: string[] | null = null;
  for (const s of shards) {
    const records = parse(s.csv) as string[][];
    const [h, ...rows] = records;
    if (!h) throw userError(`${s.dir}/sweep.csv is empty`);
    if (header && h.join(',') !== header.join(',')) throw userError(`${s.dir}/sweep.csv has other columns than ${first.dir}/sweep.csv`);
    header = h;
    for (const p of s.manifest.points) {
      if (owner.has(p)) throw userError(`point ${p} is in both ${owner.get(p)} and ${s.dir}`);
      owner.set(p, s.dir);
      rowsByPoint.set(p, []);
    }
    for (const r of rows) rowsByPoint.get(Number(r[0]))?.push(r);
  }
  const missing = expected.filter((p) => !owner.has(p));
  if (missing.length > 0) throw userError(`points ${missing.join(', ')} are in no shard given (run the missing --shard I/${first.manifest.shard.count})`);
  const merged: SweepManifest = { ...first.manifest, shard: { index: 1, count: 1 }, points: expected };
  return {
    'sweep.csv': stringify([header!, ...expected.flatMap((p) => rowsByPoint.get(p)!)]),
    'sweep.json': toJson(merged),
  };
}
