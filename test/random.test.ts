import { randomLogNormal } from 'd3-random';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { draws, exponentialDraw, LogNormal, Lookahead, lookahead, mean, sampler } from '../src/sim/distributions.js';
import { Streams, stream, streamKey } from '../src/sim/random.js';
import { estimate, median } from '../src/sim/statistics.js';

describe('stream(seed, replication, entity, purpose)', () => {
  it('repeats for the same name and differs for another', () => {
    const a = stream(1, 0, 'supernode-3', 'outage');
    const b = stream(1, 0, 'supernode-3', 'outage');
    const c = stream(1, 0, 'supernode-4', 'outage');
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
  });

  it("is seedrandom's alea seeded with its key, the first time and when made again from the kept state", () => {
    const key = streamKey(20261127, 7, 'supernode-12', 'retry');
    const first = stream(20261127, 7, 'supernode-12', 'retry');
    const again = stream(20261127, 7, 'supernode-12', 'retry');
    const reference = seedrandom.alea(key);
    const xs = Array.from({ length: 1000 }, () => reference());
    expect(Array.from({ length: 1000 }, () => first())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => again())).toEqual(xs);
  });

  it('a stream does not depend on which other streams were drawn from first', () => {
    const s1 = new Streams(9, 2);
    s1.get('supernode-0', 'train')();
    s1.get('supernode-0', 'train')();
    const first = s1.get('supernode-1', 'train')();
    const s2 = new Streams(9, 2);
    expect(s2.get('supernode-1', 'train')()).toBe(first);
  });
});

describe('streamKey(seed, replication, entity, purpose)', () => {
  it('keeps plain names as seed/replication/entity/purpose', () => {
    expect(streamKey(7, 2, 'supernode-3', 'outage')).toBe('7/2/supernode-3/outage');
  });

  it("gives ('a/b', 'c') and ('a', 'b/c') different keys, and escapes '%' too", () => {
    expect(streamKey(1, 0, 'a/b', 'c')).not.toBe(streamKey(1, 0, 'a', 'b/c'));
    expect(streamKey(1, 0, 'a%2Fb', 'c')).not.toBe(streamKey(1, 0, 'a/b', 'c'));
    expect(streamKey('x/1', 0, 'e', 'p')).not.toBe(streamKey('x', 1, 'e', 'p'));
  });
});

describe('sampler(distribution, rng)', () => {
  // Each test draws from its own stream, so no result depends on which tests ran before it.
  const draw = (d: Parameters<typeof sampler>[0], n = 20000) => {
    const f = sampler(d, stream(42, 0, 'test', JSON.stringify(d)));
    return Array.from({ length: n }, f);
  };

  it('fixed returns its value', () => {
    expect(draw({ dist: 'fixed', value: 300000 }, 3)).toEqual([300000, 300000, 300000]);
  });

  it('uniform stays within [min, max)', () => {
    const xs = draw({ dist: 'uniform', min: 10, max: 20 });
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...xs)).toBeLessThan(20);
  });

  it('exponential has the given mean', () => {
    expect(estimate(draw({ dist: 'exponential', mean: 1000 })).mean).toBeCloseTo(1000, -2);
  });

  it('lognormal has the given median and 95th percentile', () => {
    const xs = draw({ dist: 'lognormal', median: 360000, p95: 660000 }).sort((a, b) => a - b);
    expect(xs[Math.floor(xs.length / 2)]! / 360000).toBeCloseTo(1, 1);
    expect(xs[Math.floor(xs.length * 0.95)]! / 660000).toBeCloseTo(1, 1);
  });

  it('weibull has the mean scale * Gamma(1 + 1/shape)', () => {
    const d = { dist: 'weibull', shape: 2, scale: 1000 } as const;
    expect(mean(d)).toBeCloseTo(886.2, 1);
    expect(estimate(draw(d)).mean / mean(d)).toBeCloseTo(1, 1);
  });

  it('empirical draws only its values', () => {
    const xs = new Set(draw({ dist: 'empirical', values: [1, 5, 9] }, 500));
    expect([...xs].sort()).toEqual([1, 5, 9]);
  });
});

describe('LogNormal', () => {
  it("draws d3-random's randomLogNormal(mu, sigma) values to the bit, from the same source", () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: -5, max: 15, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), (seed, mu, sigma) => {
        const d3 = randomLogNormal.source(stream(seed, 0, 'test', 'lognormal'))(mu, sigma);
        const ours = new LogNormal(mu, sigma, stream(seed, 0, 'test', 'lognormal'));
        for (let i = 0; i < 25; i++) expect(ours.draw()).toBe(d3());
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });
});

describe('Lookahead', () => {
  it('takes the values draws(d, rng) gives, in order, whatever was peeked', () => {
    const d = { dist: 'lognormal', median: 40000, p95: 90000 } as const;
    const f = sampler(d, stream(5, 0, 'test', 'ahead'));
    const ahead = new Lookahead(draws(d, stream(5, 0, 'test', 'ahead')));
    const first = ahead.peek();
    expect([ahead.peek(), ahead.take(), ahead.take()]).toEqual([first, f(), f()]);
  });

  it('lookahead(d, rng) takes what sampler(d, rng) gives, log-normal (its own LogNormal) or not', () => {
    const ds = [{ dist: 'lognormal', median: 40000, p95: 90000 } as const, { dist: 'uniform', min: 10, max: 20 } as const];
    for (const d of ds) {
      const f = sampler(d, stream(6, 0, 'test', d.dist));
      const expected = [f(), f(), f()];
      const ahead = lookahead(d, stream(6, 0, 'test', d.dist));
      expect(ahead instanceof LogNormal).toBe(d.dist === 'lognormal');
      const peeked = ahead.peek();
      expect([peeked, ahead.take(), ahead.peek(), ahead.take(), ahead.take()]).toEqual([expected[0], expected[0], expected[1], expected[1], expected[2]]);
    }
  });
});

describe('exponentialDraw(mean, rng)', () => {
  it('is -ln(1 - u) x mean of the next uniform draw', () => {
    const u = stream(3, 0, 'test', 'exp');
    const again = stream(3, 0, 'test', 'exp');
    expect(exponentialDraw(500, again)).toBe(-Math.log(1 - u()) * 500);
  });
});

describe('estimate(values)', () => {
  it('gives the t interval of the mean, and none (NaN bounds) for one value', () => {
    const e = estimate([1, 2, 3, 4, 5]);
    expect(e.mean).toBe(3);
    // t(0.975, 4) = 2.776, s = 1.5811, half = 2.776 * 1.5811 / sqrt(5) = 1.963
    expect(e.high - e.mean).toBeCloseTo(1.963, 2);
    expect(estimate([7])).toEqual({ mean: 7, low: NaN, high: NaN, n: 1 });
  });
});

describe('median(values)', () => {
  it('is the middle value, or the mean of the two middle ones, and NaN for none', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
