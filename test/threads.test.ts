import { describe, expect, it } from 'vitest';
import { CONTENTION, threadsThatPay, WORKER_START_MS } from '../src/experiment/threads.js';

describe('threadsThatPay(workMs, requested, jobs)', () => {
  // Two threads pay once WORKER_START_MS + CONTENTION x work / 2 < work.
  const twoPayFrom = WORKER_START_MS / (1 - CONTENTION / 2);

  it('keeps one thread for less work than two threads finish sooner', () => {
    expect(threadsThatPay(twoPayFrom * 0.95, 2, 100)).toBe(1);
    expect(threadsThatPay(0, 8, 100)).toBe(1);
  });

  it('takes two threads for more work than that', () => {
    expect(threadsThatPay(twoPayFrom * 1.05, 2, 100)).toBe(2);
  });

  it('takes the number of threads that finishes soonest, at most the requested and one per job', () => {
    expect(threadsThatPay(60_000, 8, 100)).toBe(8);
    expect(threadsThatPay(60_000, 8, 3)).toBe(3);
    expect(threadsThatPay(60_000, 1, 100)).toBe(1);
    // With 3 s of work, 4 threads finish in 1.5 + 0.94 s, sooner than 3 or 2 (1.5 + 1.25 or 1.5 + 1.875 s).
    expect(threadsThatPay(3000, 4, 100)).toBe(4);
  });
});
