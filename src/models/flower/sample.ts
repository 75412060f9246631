/**
 * server/client_manager.py sample: a uniform sample without replacement
 * (random.sample). Candidates are taken in id order so the draw repeats.
 */
import type { Rng } from '../../sim/random.js';

export function sampleWithoutReplacement<T>(candidates: readonly T[], k: number, rng: Rng): T[] {
  const pool = candidates.slice();
  const n = Math.min(k, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rng() * (pool.length - i));
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.slice(0, n);
}
