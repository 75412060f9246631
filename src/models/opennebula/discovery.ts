/**
 * The appliance's bootstrap loop, as pure functions: ask OneGate for the SuperLink's
 * address, retrying with the deployment spec's FL_EDGE_BACKOFF and FL_EDGE_MAX_BACKOFF.
 */

export interface DiscoveryConfig {
  /** Attempts in all, the first included. */
  retries: number;
  interval: number;
  backoff: 'fixed' | 'exponential';
  max_backoff: number;
}

/** Whether the loop stops after the `attempt`-th failed attempt (from 1): its attempts are spent, and Flower never starts. */
export function discoveryGivesUp(attempt: number, discovery: Pick<DiscoveryConfig, 'retries'>): boolean {
  return attempt >= discovery.retries;
}

/**
 * The wait after the n-th failed attempt (n from 1). fixed: `interval` every time;
 * exponential: interval x 2^(n-1), capped at max_backoff.
 */
export function discoveryDelayMs(failedAttempts: number, discovery: Pick<DiscoveryConfig, 'interval' | 'backoff' | 'max_backoff'>): number {
  if (discovery.backoff === 'fixed') return discovery.interval;
  return Math.min(discovery.interval * 2 ** (failedAttempts - 1), discovery.max_backoff);
}
