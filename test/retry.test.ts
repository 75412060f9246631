import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flowerBackoffCapMs, givesUpAtFirstFailure, maxTries, retryAfterFailure, retryWaitMs } from '../src/models/flower/retry.js';
import { discoveryDelayMs } from '../src/models/opennebula/discovery.js';
import { stream } from '../src/sim/random.js';

describe('discoveryDelayMs(failedAttempts, discovery)', () => {
  const base = { interval: 10_000, max_backoff: 300_000 };
  it('exponential: 10, 20, 40, ... s capped at max_backoff', () => {
    const seq = Array.from({ length: 8 }, (_, i) => discoveryDelayMs(i + 1, { ...base, backoff: 'exponential' }) / 1000);
    expect(seq).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });
  it('fixed: 10 s every time', () => {
    const seq = Array.from({ length: 5 }, (_, i) => discoveryDelayMs(i + 1, { ...base, backoff: 'fixed' }) / 1000);
    expect(seq).toEqual([10, 10, 10, 10, 10]);
  });
});

describe('Flower retry invoker', () => {
  it('backoff caps: 1, 2, 4, 8, 16, 20, 20 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => flowerBackoffCapMs(n) / 1000)).toEqual([1, 2, 4, 8, 16, 20, 20]);
  });
  it('max_tries = max_retries + 1; null is unlimited', () => {
    expect(maxTries(0)).toBe(1);
    expect(maxTries(3)).toBe(4);
    expect(maxTries(null)).toBe(Infinity);
  });
  it('givesUpAtFirstFailure is whether the first failed try gives up, and then nothing is drawn', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: 5 })), fc.option(fc.integer({ min: 0, max: 60_000 })), (max_retries, max_wait_time) => {
        let draws = 0;
        const rng = () => {
          draws++;
          return 0.5;
        };
        const limits = { max_retries, max_wait_time };
        const gaveUp = retryWaitMs(1, 0, limits, rng) < 0;
        expect(givesUpAtFirstFailure(limits)).toBe(gaveUp);
        if (gaveUp) expect(draws).toBe(0);
      }),
      { seed: 20261205, numRuns: 500 },
    );
  });

  it('--max-retries 0 gives up after the first failed try', () => {
    expect(retryAfterFailure(1, 0, { max_retries: 0, max_wait_time: null }, stream(1, 0, 't', 'r'))).toEqual({ giveUp: true });
  });
  it('--max-wait-time 0 gives up at the first failure', () => {
    expect(retryAfterFailure(1, 0, { max_retries: null, max_wait_time: 0 }, stream(1, 0, 't', 'r'))).toEqual({ giveUp: true });
  });
  it('max_retries 3 retries three times, then gives up', () => {
    const rng = stream(1, 0, 't', 'r');
    const limits = { max_retries: 3, max_wait_time: null };
    expect([1, 2, 3, 4].map((t) => retryAfterFailure(t, 0, limits, rng).giveUp)).toEqual([false, false, false, true]);
  });
  it('waits are full jitter under the cap, and cut to what is left of max_wait_time', () => {
    const rng = stream(7, 0, 't', 'r');
    for (let tries = 1; tries < 12; tries++) {
      const d = retryAfterFailure(tries, 0, { max_retries: null, max_wait_time: null }, rng);
      expect(d.giveUp).toBe(false);
      if (!d.giveUp) {
        expect(d.waitMs).toBeGreaterThanOrEqual(0);
        expect(d.waitMs).toBeLessThan(flowerBackoffCapMs(tries));
      }
    }
    const cut = retryAfterFailure(10, 29_990, { max_retries: null, max_wait_time: 30_000 }, () => 0.99);
    expect(cut).toEqual({ giveUp: false, waitMs: 10 });
  });
});
