/**
 * Flower's strategies as pure functions: their defaults, the sample size and
 * the aggregation outcome. No engine in here; the SuperLink actor calls them.
 */
import type { StrategyConfig, StrategyName } from '../config.js';

/** Why aggregation returned nothing (the failed round). */
export type AggregationCause = 'no_results' | 'completion_rate' | 'failures_rejected';

export type Aggregation = { ok: true } | { ok: false; cause: AggregationCause };

/**
 * Flower's defaults per strategy.
 * server/strategy/fedavg.py: fraction_fit=1.0, min_fit_clients=2, min_available_clients=2,
 *   accept_failures=True, fraction_evaluate=1.0, min_evaluate_clients=2.
 * server/strategy/fault_tolerant_fedavg.py: min_fit_clients=1, min_available_clients=1,
 *   min_evaluate_clients=1, min_completion_rate_fit=0.5, min_completion_rate_evaluate=0.5,
 *   accept_failures forced to True.
 */
export function strategyDefaults(name: StrategyName): StrategyConfig {
  const fedavg: StrategyConfig = {
    name,
    fraction_fit: 1.0,
    min_fit_clients: 2,
    min_available_clients: 2,
    accept_failures: true,
    min_completion_rate_fit: 0.5,
    fraction_evaluate: 1.0,
    min_evaluate_clients: 2,
    min_completion_rate_evaluate: 0.5,
  };
  if (name === 'FedAvg') return fedavg;
  return { ...fedavg, min_fit_clients: 1, min_available_clients: 1, min_evaluate_clients: 1 };
}

/**
 * server/strategy/fedavg.py num_fit_clients: max(int(num_available * fraction_fit), min_fit_clients),
 * with num_available read before waiting for clients (the read-before-wait quirk).
 */
export function sampleSize(numAvailable: number, fraction: number, minClients: number): number {
  return Math.max(Math.trunc(numAvailable * fraction), minClients);
}

/**
 * server/strategy/fedavg.py aggregate_fit: no results -> None; not accept_failures and any
 * failure -> None. server/strategy/fault_tolerant_fedavg.py: no results -> None (checked
 * before the rate); results / (results + failures) < min_completion_rate -> None (strict <:
 * exactly the rate passes). The same guards apply to aggregate_evaluate with the evaluate rate.
 */
export function aggregateOutcome(
  strategy: Pick<StrategyConfig, 'name' | 'accept_failures'>,
  minCompletionRate: number,
  results: number,
  failures: number,
): Aggregation {
  if (results === 0) return { ok: false, cause: 'no_results' };
  if (strategy.name === 'FaultTolerantFedAvg') {
    const completionRate = results / (results + failures);
    if (completionRate < minCompletionRate) return { ok: false, cause: 'completion_rate' };
    return { ok: true };
  }
  if (!strategy.accept_failures && failures > 0) return { ok: false, cause: 'failures_rejected' };
  return { ok: true };
}

/**
 * Message API, serverapp/strategy/fedavg.py: aggregates whenever at least one valid reply
 * exists; there is no completion-rate check and failures are only logged.
 */
export function messageAggregateOutcome(results: number): Aggregation {
  return results > 0 ? { ok: true } : { ok: false, cause: 'no_results' };
}

export interface PhaseParameters {
  fraction: number;
  minClients: number;
  minCompletionRate: number;
}

/**
 * The strategy's numbers for one phase: fit uses fraction_fit / min_fit_clients /
 * min_completion_rate_fit; evaluate uses fraction_evaluate / min_evaluate_clients /
 * min_completion_rate_evaluate (fedavg.py num_evaluation_clients, fault_tolerant_fedavg.py
 * aggregate_evaluate). Both wait for min_available_clients.
 */
export function phaseParameters(s: StrategyConfig, kind: 'fit' | 'evaluate'): PhaseParameters {
  return kind === 'fit'
    ? { fraction: s.fraction_fit, minClients: s.min_fit_clients, minCompletionRate: s.min_completion_rate_fit }
    : { fraction: s.fraction_evaluate, minClients: s.min_evaluate_clients, minCompletionRate: s.min_completion_rate_evaluate };
}

/**
 * Whether a phase is skipped (no instructions sent). Legacy: configure_evaluate returns no clients at
 * fraction_evaluate 0.0, but configure_fit has no such check, so fraction_fit 0 still samples
 * max(int(n x 0), min_fit_clients) = min_fit_clients (server/strategy/fedavg.py). Message API:
 * configure_train and configure_evaluate each return no messages at fraction 0.0
 * (serverapp/strategy/fedavg.py).
 */
export function phaseSkipped(api: 'legacy' | 'message', kind: 'fit' | 'evaluate', fraction: number): boolean {
  return fraction === 0 && (api === 'message' || kind === 'evaluate');
}

/**
 * Legacy: whether sampling fails, so configure_fit / configure_evaluate return no clients and the phase is
 * cancelled (server/client_manager.py SimpleClientManager.sample: after wait_for, "Sampling failed: number
 * of available clients (n) is less than number of requested clients (m)" when m > n).
 */
export function samplingFails(available: number, requested: number): boolean {
  return requested > available;
}

/**
 * Message API: how many nodes a phase waits for before sampling: min_available_nodes raised to the sample size
 * (serverapp/strategy/strategy_utils.py sample_nodes: min_available_nodes = max(min_available_nodes, sample_size)).
 */
export function nodesNeeded(minAvailable: number, sampleSize: number): number {
  return Math.max(minAvailable, sampleSize);
}
