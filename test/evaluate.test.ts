import { describe, expect, it } from 'vitest';
import { runCluster } from '../src/models/cluster.js';
import { scenario, trace } from './helpers.js';

const evalOn = (strategy: Record<string, unknown> = {}, more: Record<string, unknown> = {}) =>
  scenario({ ...more, superlink: { num_rounds: 1, ...((more.superlink as object) ?? {}), strategy: { fraction_evaluate: 1.0, ...strategy } } });

describe('federated evaluation, legacy (server.py evaluate_round, fedavg.py configure_evaluate)', () => {
  it('runs after fit: sample size max(int(available x fraction_evaluate), min_evaluate_clients), the round ends with it', () => {
    const s = evalOn(
      { fraction_evaluate: 0.5, min_evaluate_clients: 2, min_fit_clients: 3, min_available_clients: 3 },
      { oneflow: { role: { cardinality: 10 } } },
    );
    const r = runCluster(s, 0).rounds[0]!;
    expect([r.fit.sampled, r.evaluate.sampled, r.evaluate.results, r.evaluate.outcome]).toEqual([3, 5, 5, 'succeeded']);
    // fit: sent at 100 s (the 5 s client sync), pulled at the next 3 s poll (103 s), 60 s of training;
    // evaluate: sent at 163 s, pulled within 3 s, 10 s of evaluation.
    expect(r.evaluate.start! / 1000).toBe(163);
    expect(r.end! / 1000).toBeGreaterThanOrEqual(173);
    expect(r.end! / 1000).toBeLessThanOrEqual(176);
  });

  it('fraction_evaluate 0 skips the phase', () => {
    const r = runCluster(evalOn({ fraction_evaluate: 0 }), 0).rounds[0]!;
    expect([r.evaluate.outcome, r.evaluate.sampled, r.end]).toEqual(['skipped', 0, r.evaluate.start]);
  });

  it('too few clients for its sample size after waiting: cancelled, and the fit outcome stands', () => {
    const s = evalOn({ min_evaluate_clients: 3 }, { superlink: { wait_timeout: '1h' } });
    const r = runCluster(s, 0).rounds[0]!;
    expect([r.fit.outcome, r.evaluate.outcome, r.evaluate.cause]).toEqual(['succeeded', 'failed', 'cancelled']);
  });

  it('runs even after a cancelled fit, as Server.fit does', () => {
    const s = evalOn({ min_fit_clients: 3, min_evaluate_clients: 2 }, { superlink: { wait_timeout: '1h' } });
    const r = runCluster(s, 0).rounds[0]!;
    expect([r.fit.outcome, r.fit.cause, r.evaluate.outcome]).toEqual(['failed', 'cancelled', 'succeeded']);
  });

  it('FaultTolerantFedAvg checks min_completion_rate_evaluate strictly', () => {
    // Node 0 goes down for good at 165 s, during the evaluation: 1 result + 1 failure = 0.5.
    const down = { connectivity: { link: { model: 'trace', file: trace('eval-down.csv', ['0,165,100000']) } } };
    const at = (rate: number) =>
      runCluster(
        evalOn(
          { name: 'FaultTolerantFedAvg', min_fit_clients: 2, min_available_clients: 2, min_evaluate_clients: 2, min_completion_rate_evaluate: rate },
          down,
        ),
        0,
      ).rounds[0]!;
    expect([at(0.5).evaluate.outcome, at(0.5).evaluate.failures.disconnected]).toEqual(['succeeded', 1]);
    expect([at(0.6).evaluate.outcome, at(0.6).evaluate.cause]).toEqual(['failed', 'completion_rate']);
    expect(at(0.6).fit.outcome).toBe('succeeded');
  });

  it('FedAvg with accept_failures=False fails the evaluation on any failure, and no results fails it too', () => {
    const down = { connectivity: { link: { model: 'trace', file: trace('eval-down2.csv', ['0,165,100000']) } } };
    const r = runCluster(evalOn({ accept_failures: false }, down), 0).rounds[0]!;
    expect([r.evaluate.results, r.evaluate.outcome, r.evaluate.cause]).toEqual([1, 'failed', 'failures_rejected']);
    const timeout = runCluster(evalOn({}, { superlink: { round_timeout: '65s' }, supernode: { eval_time: '2m' } }), 0).rounds[0]!;
    expect([timeout.fit.outcome, timeout.evaluate.failures.timeout, timeout.evaluate.cause]).toEqual(['succeeded', 2, 'no_results']);
  });
});

describe('what evaluation costs in waiting', () => {
  // Three SuperNodes; node 2 is gone for good from 200 s, after round 1. min_available_clients 3 can
  // then never be met: every wait_for lasts the whole wait_timeout (1 h here).
  const lost = (fraction_evaluate: number) =>
    scenario({
      superlink: { num_rounds: 5, wait_timeout: '1h', strategy: { min_fit_clients: 2, min_available_clients: 3, min_evaluate_clients: 2, fraction_evaluate } },
      oneflow: { role: { cardinality: 3 } },
      connectivity: { link: { model: 'trace', file: trace('lost.csv', ['2,200,100000']) } },
    });

  // The first round configured after the loss is the one that waits.
  const afterLoss = (fraction: number) => {
    const rounds = runCluster(lost(fraction), 0).rounds;
    const i = rounds.findIndex((r) => r.fit.wait >= 3_600_000);
    return [rounds[i]!, rounds[i + 1]!] as const;
  };

  it('with evaluation on, a round that lost a client waits wait_timeout twice (fit, then evaluate) before the next', () => {
    const [r, next] = afterLoss(1.0);
    expect([r.fit.wait, r.evaluate.wait]).toEqual([3_600_000, 3_600_000]);
    expect([r.fit.outcome, r.evaluate.outcome]).toEqual(['succeeded', 'succeeded']);
    expect((next.start - r.start) / 1000).toBeGreaterThanOrEqual(2 * 3600);
  });

  it('with fraction_evaluate 0, only once', () => {
    const [r, next] = afterLoss(0);
    expect([r.fit.wait, r.evaluate.outcome]).toEqual([3_600_000, 'skipped']);
    const gap = (next.start - r.start) / 1000;
    expect(gap).toBeGreaterThanOrEqual(3600);
    expect(gap).toBeLessThan(2 * 3600);
  });
});

describe('federated evaluation, message API', () => {
  it('evaluates with fraction_evaluate / min_evaluate_nodes and skips at fraction 0', () => {
    const on = runCluster(evalOn({}, { superlink: { api: 'message' } }), 0).rounds[0]!;
    expect([on.fit.outcome, on.evaluate.sampled, on.evaluate.outcome]).toEqual(['succeeded', 2, 'succeeded']);
    const off = runCluster(evalOn({ fraction_evaluate: 0 }, { superlink: { api: 'message' } }), 0).rounds[0]!;
    expect(off.evaluate.outcome).toBe('skipped');
  });
  it('has its own timeout: late evaluations are missing', () => {
    const r = runCluster(evalOn({}, { superlink: { api: 'message', round_timeout: '70s' }, supernode: { eval_time: '5m' } }), 0).rounds[0]!;
    expect([r.fit.outcome, r.evaluate.missing, r.evaluate.outcome]).toEqual(['succeeded', 2, 'failed']);
  });
});
