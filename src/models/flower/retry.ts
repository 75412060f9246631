/**
 * Flower's retry invoker for a SuperNode's calls, as pure functions
 * (the appliance's OneGate discovery loop is opennebula/discovery.ts).
 */
import type { Rng } from '../../sim/random.js';

/**
 * common/retry_invoker.py with exponential(base 1 s, factor 2, max 20 s): the
 * n-th wait (n from 1) before full jitter is min(2^(n-1), 20) s.
 */
export function flowerBackoffCapMs(failedTries: number): number {
  // 2^(n-1) s passes 20 s from the 6th try on: no power to compute for the long tail of a long outage.
  return failedTries > 5 ? 20_000 : Math.min(1000 * 2 ** (failedTries - 1), 20_000);
}

/** common/retry_invoker.py full_jitter: uniform(0, delay). */
export function flowerRetryDelayMs(failedTries: number, rng: Rng): number {
  return Math.floor(rng() * flowerBackoffCapMs(failedTries));
}

/**
 * supernode/start_client_internal: max_tries = max_retries + 1 when set, so
 * --max-retries 0 means one attempt and no retry; None = unlimited.
 */
export function maxTries(maxRetries: number | null): number {
  return maxRetries === null ? Infinity : maxRetries + 1;
}

/**
 * Whether a call's first failed try gives up (retryWaitMs(1, 0, ...) is -1), without drawing: --max-retries 0, or
 * --max-wait-time 0. A process under such limits that cannot reach the SuperLink ends at its first try.
 */
export function givesUpAtFirstFailure(limits: { max_retries: number | null; max_wait_time: number | null }): boolean {
  return maxTries(limits.max_retries) <= 1 || (limits.max_wait_time !== null && limits.max_wait_time <= 0);
}

export type RetryDecision = { giveUp: true } | { giveUp: false; waitMs: number };

/**
 * common/retry_invoker.py, after a failed try (limits count per call): give up when
 * try_cnt == max_tries or elapsed >= max_time; otherwise wait the jittered backoff,
 * cut to what is left of max_time. Only UNAVAILABLE is retried, which is what an
 * unreachable SuperLink gives.
 */
export function retryAfterFailure(
  tries: number,
  elapsedMs: number,
  limits: { max_retries: number | null; max_wait_time: number | null },
  rng: Rng,
): RetryDecision {
  const waitMs = retryWaitMs(tries, elapsedMs, limits, rng);
  return waitMs < 0 ? { giveUp: true } : { giveUp: false, waitMs };
}

/** retryAfterFailure as one number: the wait, or -1 to give up (for the simulator's hot loop). */
export function retryWaitMs(tries: number, elapsedMs: number, limits: { max_retries: number | null; max_wait_time: number | null }, rng: Rng): number {
  if (tries >= maxTries(limits.max_retries)) return -1;
  if (limits.max_wait_time !== null && elapsedMs >= limits.max_wait_time) return -1;
  const waitMs = flowerRetryDelayMs(tries, rng);
  return limits.max_wait_time !== null ? Math.min(waitMs, limits.max_wait_time - elapsedMs) : waitMs;
}
