/**
 * Grids of values at scenario paths (`--set PATH=V1,V2,...`): the cartesian
 * product's points in a fixed order (the first axis varies slowest), and shards
 * of them (point p belongs to shard (p mod N) + 1 of N). Pure data about a
 * scenario: sim sweep, sim merge and sim tune all read grids this way.
 */
import { parse as parseYaml } from 'yaml';
import { userError } from './errors.js';

export interface GridAxis {
  /** A scenario path, list items by index: oneflow.role.elasticity_policies.1.cooldown */
  path: string;
  values: unknown[];
}
export type Grid = GridAxis[];

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface SweepPoint {
  point: number;
  params: Record<string, unknown>;
}

/** `PATH=V1,V2,...` -> an axis; each value is read as YAML (600 is a number, 10m a string). */
export function parseSet(text: string): GridAxis {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw userError(`--set ${text}: expected PATH=V1,V2,... (e.g. superlink.strategy.min_completion_rate_fit=0.3,0.5)`);
  const path = text.slice(0, eq).trim();
  if (!/^[A-Za-z_][\w]*(\.([A-Za-z_]\w*|\d+))*$/.test(path))
    throw userError(`--set ${text}: "${path}" is not a scenario path (keys and list indexes joined by dots)`);
  const values = text
    .slice(eq + 1)
    .split(',')
    .map((v) => {
      try {
        return parseYaml(v.trim()) as unknown;
      } catch {
        return v.trim();
      }
    });
  return { path, values };
}

/** The grid's points in order: the first axis varies slowest. */
export function gridPoints(grid: Grid): SweepPoint[] {
  let combos: Array<Record<string, unknown>> = [{}];
  for (const axis of grid) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.path]: v })));
  return combos.map((params, point) => ({ point, params }));
}

export function inShard(point: number, shard: Shard): boolean {
  return point % shard.count === shard.index - 1;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw userError(`--shard ${text}: expected I/N with 1 <= I <= N, e.g. 2/8`);
  return { index: Number(m[1]), count: Number(m[2]) };
}
