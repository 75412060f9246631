import { describe, expect, it } from 'vitest';
import { aggregateOutcome, messageAggregateOutcome, sampleSize, strategyDefaults } from '../src/models/flower/strategy.js';

const ftfa = { name: 'FaultTolerantFedAvg', accept_failures: true } as const;
const fedavg = (accept_failures: boolean) => ({ name: 'FedAvg', accept_failures }) as const;

describe('strategyDefaults(name)', () => {
  it('FedAvg: fraction 1.0, min_fit 2, min_available 2, accept_failures', () => {
    expect(strategyDefaults('FedAvg')).toMatchObject({
      fraction_fit: 1,
      min_fit_clients: 2,
      min_available_clients: 2,
      accept_failures: true,
      min_evaluate_clients: 2,
    });
  });
  it('FaultTolerantFedAvg: min_fit 1, min_available 1, completion rate 0.5', () => {
    expect(strategyDefaults('FaultTolerantFedAvg')).toMatchObject({
      min_fit_clients: 1,
      min_available_clients: 1,
      min_completion_rate_fit: 0.5,
      min_evaluate_clients: 1,
    });
  });
});

describe('sampleSize(numAvailable, fraction, min)', () => {
  it('is max(int(n * fraction), min)', () => {
    expect(sampleSize(10, 1.0, 3)).toBe(10);
    expect(sampleSize(10, 0.25, 2)).toBe(2);
    expect(sampleSize(10, 0.35, 2)).toBe(3); // int(3.5) = 3
    expect(sampleSize(7, 0.5, 1)).toBe(3);
  });
  it('with nobody connected yet it is exactly min_fit_clients (read before waiting)', () => {
    expect(sampleSize(0, 1.0, 3)).toBe(3);
  });
});

describe("aggregateOutcome(strategy, rate, results, failures): Flower's own cases", () => {
  it('FaultTolerantFedAvg, rate 0.5: 1 result + 2 failures fails', () => {
    expect(aggregateOutcome(ftfa, 0.5, 1, 2)).toEqual({ ok: false, cause: 'completion_rate' });
  });
  it('FaultTolerantFedAvg, rate 0.5: 1 result + 1 failure is aggregated (strict <)', () => {
    expect(aggregateOutcome(ftfa, 0.5, 1, 1)).toEqual({ ok: true });
  });
  it('FaultTolerantFedAvg: 0 results fails at any rate, checked before the rate', () => {
    for (const rate of [0, 0.5, 1]) expect(aggregateOutcome(ftfa, rate, 0, 0)).toEqual({ ok: false, cause: 'no_results' });
    expect(aggregateOutcome(ftfa, 0, 0, 3)).toEqual({ ok: false, cause: 'no_results' });
  });
  it('FaultTolerantFedAvg, rate 0.99: 1 result + 0 failures is aggregated', () => {
    expect(aggregateOutcome(ftfa, 0.99, 1, 0)).toEqual({ ok: true });
  });
  it('FedAvg accepting failures aggregates any results', () => {
    expect(aggregateOutcome(fedavg(true), 0.5, 1, 9)).toEqual({ ok: true });
    expect(aggregateOutcome(fedavg(true), 0.5, 0, 1)).toEqual({ ok: false, cause: 'no_results' });
  });
  it('FedAvg with accept_failures=False fails on any failure', () => {
    expect(aggregateOutcome(fedavg(false), 0.5, 9, 1)).toEqual({ ok: false, cause: 'failures_rejected' });
    expect(aggregateOutcome(fedavg(false), 0.5, 9, 0)).toEqual({ ok: true });
  });
  it('message API aggregates with at least one reply', () => {
    expect(messageAggregateOutcome(1)).toEqual({ ok: true });
    expect(messageAggregateOutcome(0)).toEqual({ ok: false, cause: 'no_results' });
  });
});
