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

/** A shard folder's sweep.json, checked: a folder that is no sim sweep output is named, not a TypeError later. */
export function readManifest(dir: string, text: string): SweepManifest {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw userError(`${dir}/sweep.json is not JSON (${(e as Error).message}): is it the --out folder of a sim sweep?`);
  }
  const o = m as Partial<Record<keyof SweepManifest, unknown>> | null;
  const isInt = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const ok =
    o !== null &&
    typeof o === 'object' &&
    o.tool === 'fl-cluster-sim' &&
    Array.isArray(o.grid) &&
    o.grid.every(
      (a: unknown) =>
        a !== null && typeof a === 'object' && typeof (a as { path?: unknown }).path === 'string' && Array.isArray((a as { values?: unknown }).values),
    ) &&
    Array.isArray(o.points) &&
    o.points.every(isInt) &&
    o.shard !== null &&
    typeof o.shard === 'object' &&
    isInt((o.shard as { index?: unknown }).index) &&
    isInt((o.shard as { count?: unknown }).count);
  if (!ok)
    throw userError(
      `${dir}/sweep.json is not a sim sweep manifest (tool, grid, shard and points are missing or malformed): is it the --out folder of a sim sweep?`,
    );
  return m as SweepManifest;
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
    let records: string[][];
    try {
      records = parse(s.csv) as string[][];
    } catch (e) {
      throw userError(`${s.dir}/sweep.csv is not a CSV file: ${(e as Error).message}`);
    }
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
