import { describe, expect, it } from 'vitest';
import { defaultEventBudget, runCluster } from '../src/models/cluster.js';
import { deepMerge } from '../src/scenario/merge.js';
import { scenario, trace } from './helpers.js';

describe('legacy SuperLink rounds', () => {
  it('reads the sample size before waiting: 0 connected -> exactly min_fit_clients are sampled', () => {
    const run = runCluster(scenario({ oneflow: { role: { cardinality: 10 } }, superlink: { strategy: { min_fit_clients: 3, min_available_clients: 3 } } }), 0);
    expect(run.rounds.map((r) => r.fit.sampled)).toEqual([3, 10, 10]);
    expect(run.rounds.every((r) => r.fit.outcome === 'succeeded')).toBe(true);
  });

  it('cancels a round when fewer than the sample size are available after waiting', () => {
    // sample size max(int(2 * 1.0), 4) = 4, wait_for(2) returns, 2 < 4 -> "Sampling failed" -> cancel.
    const run = runCluster(scenario({ superlink: { strategy: { min_fit_clients: 4, min_available_clients: 2 } } }), 0);
    expect(run.rounds.map((r) => [r.fit.outcome, r.fit.cause, r.fit.sampled])).toEqual([
      ['failed', 'cancelled', 0],
      ['failed', 'cancelled', 0],
      ['failed', 'cancelled', 0],
    ]);
  });

  it('waits wait_timeout for min_available_clients, then cancels; the counter still advances', () => {
    // 2 nodes, min_fit_clients 3: sample size 3, wait_for(3) times out after 1 h, 2 < 3 -> cancelled.
    const run = runCluster(scenario({ superlink: { wait_timeout: '1h', strategy: { min_fit_clients: 3, min_available_clients: 3 } } }), 0);
    expect(run.rounds.map((r) => [r.start / 1000, r.end! / 1000, r.fit.cause])).toEqual([
      [0, 3600, 'cancelled'],
      [3600, 7200, 'cancelled'],
      [7200, 10800, 'cancelled'],
    ]);
  });

  it("wait_for's result is ignored: after the timeout, enough for the sample size is enough", () => {
    // min_available_clients 3 is never reached, but the sample size (2) is: the round runs after the wait.
    const run = runCluster(scenario({ superlink: { wait_timeout: '1h', num_rounds: 1, strategy: { min_available_clients: 3 } } }), 0);
    const r = run.rounds[0]!;
    expect([r.fit.sampled, r.fit.outcome]).toEqual([2, 'succeeded']);
    expect(r.end! / 1000).toBeGreaterThanOrEqual(3600 + 60);
  });

  it('round_timeout is per client: every fit that outlasts it fails with timeout', () => {
    const run = runCluster(scenario({ superlink: { round_timeout: '30s' } }), 0);
    const r = run.rounds[0]!;
    expect([r.fit.results, r.fit.failures.timeout, r.fit.outcome, r.fit.cause]).toEqual([0, 2, 'failed', 'no_results']);
    // Both register at 100 s (boot), the 5 s client sync lists them at 100 s, the instructions expire 30 s later.
    expect(r.end! / 1000).toBe(130);
  });

  it('a node whose link stays down is offline patience x interval after its last heartbeat, and its fit fails then', () => {
    // Node 0's link drops for good at 130 s, during round 1's training.
    const s = scenario({
      superlink: { num_rounds: 1, strategy: { name: 'FaultTolerantFedAvg', min_fit_clients: 2, min_available_clients: 2 } },
      connectivity: { link: { model: 'trace', file: trace('down.csv', ['0,130,100000']) } },
    });
    const r = runCluster(s, 0).rounds[0]!;
    expect([r.fit.results, r.fit.failures.disconnected]).toEqual([1, 1]);
    // 1 result / 2 = 0.5, not < 0.5: aggregated (fault_tolerant_fedavg.py strict <).
    expect(r.fit.outcome).toBe('succeeded');
    // The last heartbeat is at most 22.5 s before 130 s; offline 60 s after it.
    expect(r.end! / 1000).toBeGreaterThan(130 + 60 - 22.5);
    expect(r.end! / 1000).toBeLessThanOrEqual(130 + 60);
  });

  it('a short outage inside the online window costs nothing: the upload is retried and the result counts', () => {
    const s = scenario({ superlink: { num_rounds: 1 }, connectivity: { link: { model: 'trace', file: trace('blip.csv', ['0,150,165']) } } });
    const r = runCluster(s, 0).rounds[0]!;
    expect([r.fit.results, r.fit.outcome]).toEqual([2, 'succeeded']);
  });

  it('--max-retries 0: the first failed call ends the process; the SuperLink reports gave_up', () => {
    const s = scenario({
      superlink: { num_rounds: 1 },
      supernode: { reconnect: { max_retries: 0 } },
      connectivity: { link: { model: 'trace', file: trace('down2.csv', ['0,130,100000']) } },
    });
    const run = runCluster(s, 0);
    expect(run.rounds[0]!.fit.failures.gave_up).toBe(1);
    expect(run.supernodes[0]).toMatchObject({ state: 'gave_up', nodeIds: [1] });
  });

  it('a container restart policy brings a process back as a new node id', () => {
    const s = scenario({
      superlink: { num_rounds: 1 },
      supernode: { reconnect: { max_retries: 0 }, restart: { policy: 'always', delay: '10s' } },
      connectivity: { link: { model: 'trace', file: trace('blip2.csv', ['0,130,200']) } },
    });
    const run = runCluster(s, 0);
    expect(run.supernodes[0]!.state).not.toBe('gave_up');
    expect(run.supernodes[0]!.nodeIds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(run.supernodes[0]!.nodeIds).size).toBe(run.supernodes[0]!.nodeIds.length);
  });

  it('restarts that end at once while the link is down run no events; the first after it is back registers', () => {
    const withOutage = (to: number) => {
      const s = scenario({
        superlink: { num_rounds: 1 },
        supernode: { reconnect: { max_retries: 0 }, restart: { policy: 'always', delay: '10s' } },
        connectivity: { link: { model: 'trace', file: trace(`outage-${to}.csv`, [`0,130,${to}`]) } },
      });
      return runCluster(s, 0);
    };
    const [short, long] = [withOutage(200), withOutage(5000)];
    // 480 more restarts 10 s apart while the link is down: none is an event.
    expect(long.events - short.events).toBeLessThan(20);
    for (const run of [short, long]) expect(run.supernodes[0]!.nodeIds).toEqual([1, 3]);
  });

  it('discovery that never reaches the SuperLink gives up after its retries', () => {
    const s = scenario({
      supernode: { discovery: { retries: 3, interval: '10s', backoff: 'fixed' } },
      connectivity: { link: { model: 'trace', file: trace('never.csv', ['0,0,100000', '1,0,100000']) } },
    });
    const run = runCluster(s, 0);
    expect(run.supernodes.map((n) => n.state)).toEqual(['discovery_failed', 'discovery_failed']);
    expect(run.rounds[0]!.end).toBeNull();
  });
});

describe('message API rounds', () => {
  it('late nodes are simply missing; with no reply the round fails', () => {
    const s = scenario({ superlink: { api: 'message', round_timeout: '30s', num_rounds: 1 } });
    const r = runCluster(s, 0).rounds[0]!;
    expect([r.fit.results, r.fit.missing, r.fit.outcome, r.fit.cause]).toEqual([0, 2, 'failed', 'no_results']);
  });
  it('waits without a timeout for max(min_available_nodes, sample size) nodes', () => {
    const s = scenario({ superlink: { api: 'message', num_rounds: 1, strategy: { min_available_clients: 3 } } });
    const run = runCluster(s, 0);
    expect(run.rounds[0]!.end).toBeNull();
    expect(run.rounds[0]!.fit.sampled).toBe(0);
  });
  it('aggregates with at least one reply, failures only logged', () => {
    const s = scenario({
      superlink: { api: 'message', num_rounds: 1 },
      connectivity: { link: { model: 'trace', file: trace('down3.csv', ['0,130,100000']) } },
    });
    const r = runCluster(s, 0).rounds[0]!;
    expect([r.fit.results, r.fit.failures.disconnected, r.fit.outcome]).toEqual([1, 1, 'succeeded']);
  });
});

describe('determinism and common random numbers', () => {
  const churn = {
    connectivity: { link: { model: 'markov', mean_up: '20m', mean_down: '3m' } },
    oneflow: { role: { cardinality: 6 } },
    superlink: { num_rounds: 30 },
    supernode: { train_time: { dist: 'exponential', mean: '3m' } },
  };
  it('the same scenario and seed give the same run', () => {
    expect(runCluster(scenario(churn), 3)).toEqual(runCluster(scenario(churn), 3));
  });
  it('a policy set that changes only the strategy sees the same SuperNode boots and outages', () => {
    const a = runCluster(scenario(churn), 1);
    const b = runCluster(scenario(deepMerge(churn, { superlink: { strategy: { min_available_clients: 6 } } }) as Record<string, unknown>), 1);
    expect(a.rounds[0]!.start).toBe(b.rounds[0]!.start);
    expect(a.rounds.map((r) => r.start)).not.toEqual(b.rounds.map((r) => r.start));
  });
});

describe('defaultEventBudget(scenario)', () => {
  it("is 100,000 events per SuperNode-day at the role's largest, and at least 1,000,000", () => {
    const s = scenario({ horizon: '2d', oneflow: { role: { cardinality: 10, max_vms: 40 } } });
    expect(defaultEventBudget(s)).toBe(100_000 * 40 * 2);
    expect(defaultEventBudget(scenario({ horizon: '1h', oneflow: { role: { cardinality: 2 } } }))).toBe(1_000_000);
  });
});
