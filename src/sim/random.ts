/**
 * Seeded random streams. Every stream is named by (seed, replication, entity,
 * purpose) and seeded from that name alone, so a SuperNode sees the same link
 * outages and training times in every policy set (common random numbers), and
 * adding a policy set or an entity changes no other stream.
 */
import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** '%' and '/' percent-encoded, so that joining parts with '/' cannot make two names one key. */
function part(value: number | string): string {
  const s = String(value);
  // Most names have neither (a stream is named for every VM a replication creates).
  if (!s.includes('%') && !s.includes('/')) return s;
  return s.replace(/[%/]/g, (c) => (c === '%' ? '%25' : '%2F'));
}

/**
 * The key a stream is seeded from; exposed so failures can name it. Names without '/' or '%'
 * (every name the model uses) keep the key they have always had.
 */
export function streamKey(seed: number | string, replication: number, entity: string, purpose: string): string {
  return `${part(seed)}/${replication}/${part(entity)}/${part(purpose)}`;
}

/**
 * The state each key seeds alea with, kept: the same streams are made again for every policy set (common random
 * numbers) and often for every VM a replication creates, and seeding hashes the key (about 2 us a stream, 0.2 us
 * restored from its state with seedrandom's own `state` option).
 */
const seeded = new Map<string, seedrandom.State.Alea>();
const MAX_SEEDED = 50_000;

/** A new independent stream for (seed, replication, entity, purpose). */
export function stream(seed: number | string, replication: number, entity: string, purpose: string): Rng {
  const key = streamKey(seed, replication, entity, purpose);
  const state = seeded.get(key);
  // alea's generator is itself the function (its extra methods are unused): no wrapper to keep per stream.
  if (state !== undefined) return seedrandom.alea('', { state });
  const rng = seedrandom.alea(key, { state: true });
  // Bounded: past it (a run of tens of thousands of SuperNodes, whose streams are each made once), keep no more.
  if (seeded.size < MAX_SEEDED) seeded.set(key, rng.state());
  return rng;
}

/** The streams of one replication, created on first use and kept by name. */
export class Streams {
  private readonly cache = new Map<string, Rng>();
  constructor(
    readonly seed: number | string,
    readonly replication: number,
  ) {}

  /** A stream not kept in the cache (for an owner that keeps it): the same values as `get` would give. */
  fresh(entity: string, purpose: string): Rng {
    return stream(this.seed, this.replication, entity, purpose);
  }

  get(entity: string, purpose: string): Rng {
    const key = `${entity}\u0000${purpose}`;
    let rng = this.cache.get(key);
    if (!rng) {
      rng = stream(this.seed, this.replication, entity, purpose);
      this.cache.set(key, rng);
    }
    return rng;
  }
}
