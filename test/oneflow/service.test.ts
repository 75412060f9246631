import { describe, expect, it } from 'vitest';
import { runCluster } from '../../src/models/cluster.js';
import { request, scenario, trace } from '../helpers.js';

const S = 1000;
/** A role under one elasticity policy; VMs RUNNING at once (no image to copy), guest boot 0 s. */
function elastic(role: Record<string, unknown>, more: Record<string, unknown> = {}) {
  return scenario({
    horizon: '20m',
    supernode: { boot_time: '0s', train_time: '60s' },
    oneflow: { role },
    ...more,
  });
}
/** cardinality VMs within [min_vms, max_vms]. */
const bounds = (cardinality: number, min_vms: number, max_vms: number) => ({ cardinality, min_vms, max_vms });
const events = (run: ReturnType<typeof runCluster>) =>
  run.ticks.filter((t) => t.decision?.outcome === 'accepted').map((t) => [t.t / S, t.cardinality_after - t.decision!.diff, t.cardinality_after]);

describe('the autoscaler in the simulated cluster', () => {
  it('scales when computed by hand: ticks every 90 s from the deploy, period_number 2, cooldown 100 s, capped at max_vms', () => {
    // Deployed at 0 s. Ticks 90 (1 true), 180 (2: scale 2 -> 3; the VM is RUNNING at once; COOLDOWN to 280),
    // 270 (COOLDOWN), 360 (1), 450 (2: 3 -> 4, COOLDOWN to 550), 540 (COOLDOWN), 630 (1),
    // 720 (2, but max_vms: change 0, the counter stays at 2), 810 (2) ...
    const run = runCluster(
      elastic({
        ...bounds(2, 2, 4),
        elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'CPU > 0', period_number: 2, cooldown: 100 }],
      }),
      0,
    );
    expect(events(run)).toEqual([
      [180, 2, 3],
      [450, 3, 4],
    ]);
    const at = (s: number) => run.ticks.find((t) => t.t === s * S)!;
    expect([at(270).state, at(270).evaluated, at(540).state]).toEqual(['COOLDOWN', false, 'COOLDOWN']);
    expect([630, 720, 810].map((s) => at(s).role.elasticity[0]!.true_evals)).toEqual([1, 2, 2]);
    expect(run.ticks[0]!.t).toBe(90 * S);
  });

  it('evaluates nothing while SCALING: a scale-up lasts until the new VM is RUNNING (its image copied)', () => {
    // 1.5 GB over 20 Mbps = 600 s of PROLOG: deployed at 600 s, scale-up at 690 s, SCALING until 1290 s.
    const run = runCluster(
      elastic(
        { cardinality: 2, min_vms: 2, max_vms: 4, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'CPU > 0', cooldown: 0 }] },
        {
          horizon: '1h',
          supernode: { boot_time: '0s', image_size: '1.5GB', bandwidth: '20Mbps' },
          connectivity: { sites: [{ name: 'edge', bandwidth: '20Mbps' }] },
        },
      ),
      0,
    );
    expect(events(run)[0]).toEqual([690, 2, 3]);
    const scaling = run.ticks.filter((t) => t.state === 'SCALING').map((t) => t.t / S);
    expect(scaling.filter((t) => t < 1300)).toEqual([780, 870, 960, 1050, 1140, 1230]);
    expect(run.ticks.filter((t) => t.state === 'SCALING' && t.t < 1300 * S).every((t) => !t.evaluated && t.role.elasticity[0]!.last_eval === 690 * S)).toBe(
      true,
    );
    expect(events(run)[1]).toEqual([1320, 3, 4]);
  });

  it('a scheduled policy is frozen while the service is not RUNNING and fires late, on the first RUNNING tick', () => {
    // t = 0 is 00:00. Tick 90: the scheduled policy records last_eval; the elasticity policy scales 2 -> 3
    // (COOLDOWN to 390). The 00:02 occurrence passes during COOLDOWN; tick 450 fires it: 3 -> 2.
    const run = runCluster(
      elastic({
        ...bounds(2, 2, 4),
        scheduled_policies: [{ type: 'CARDINALITY', adjust: 2, recurrence: '2 0 * * *' }],
        elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'CPU > 0', cooldown: 300, period_number: 0 }],
      }),
      0,
    );
    expect(events(run).slice(0, 2)).toEqual([
      [90, 2, 3],
      [450, 3, 2],
    ]);
    expect(request(run.ticks.find((t) => t.t === 450 * S)!.decision).firing).toEqual({ kind: 'scheduled', index: 0 });
  });

  it('scale-in removes the oldest VMs first', () => {
    const run = runCluster(
      elastic({ cardinality: 4, min_vms: 2, max_vms: 4, elasticity_policies: [{ type: 'CHANGE', adjust: -1, expression: 'CPU > 0', cooldown: 0 }] }),
      0,
    );
    expect(events(run).slice(0, 2)).toEqual([
      [90, 4, 3],
      [180, 3, 2],
    ]);
    expect(run.supernodes.map((n) => n.vmState)).toEqual(['DONE', 'DONE', 'RUNNING', 'RUNNING']);
  });

  it('a graceful terminate fails the fit in flight at once with scaled_in; terminate-hard only when heartbeats stop', () => {
    // One SuperNode, training for 10 min from 5 s (the first client sync); OneFlow removes it at the 90 s tick.
    const shrink = (shutdown_action: string) =>
      runCluster(
        elastic(
          {
            cardinality: 1,
            min_vms: 0,
            max_vms: 1,
            shutdown_action,
            elasticity_policies: [{ type: 'CHANGE', adjust: -1, expression: 'CPU > 0', cooldown: 3600 }],
          },
          { supernode: { boot_time: '0s', train_time: '10m' }, superlink: { num_rounds: 1, strategy: { min_fit_clients: 1, min_available_clients: 1 } } },
        ),
        0,
      ).rounds[0]!;
    const graceful = shrink('terminate');
    expect([graceful.fit.failures.scaled_in, graceful.fit.outcome, graceful.end! / S]).toEqual([1, 'failed', 90]);
    const hard = shrink('terminate-hard');
    expect(hard.fit.failures.scaled_in).toBe(1);
    // Offline 60 s after its last heartbeat, which was at most 22.5 s before 90 s.
    expect(hard.end! / S).toBeGreaterThan(90 + 60 - 22.5);
    expect(hard.end! / S).toBeLessThanOrEqual(150);
  });

  it('a site cut off from the front-end puts the service in WARNING: no evaluation until it is back', () => {
    const s = elastic(
      { cardinality: 2, min_vms: 2, max_vms: 4, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'CPU > 1000' }] },
      { connectivity: { site_outages: { model: 'trace', file: trace('site-down.csv', ['0,100,400'], 'site'), front_end: true } } },
    );
    const run = runCluster(s, 0);
    const states = run.ticks.map((t) => [t.t / S, t.state, t.evaluated]);
    expect(states.slice(0, 6)).toEqual([
      [90, 'RUNNING', true],
      [180, 'WARNING', false],
      [270, 'WARNING', false],
      [360, 'WARNING', false],
      [450, 'RUNNING', true],
      [540, 'RUNNING', true],
    ]);
    // running_vms counts the RUNNING VMs the front-end sees: both of the site's VMs are UNKNOWN while it is cut off.
    expect(run.timeline.slice(0, 6).map((p) => [p.t / S, p.running_vms])).toEqual([
      [90, 2],
      [180, 0],
      [270, 0],
      [360, 0],
      [450, 2],
      [540, 2],
    ]);
  });
});

describe('a service with two roles (ServiceAutoScaler.rb)', () => {
  it("the first role to scale in a tick puts the service in SCALING; a later role's request that tick is rejected", () => {
    const role = { cardinality: 2, min_vms: 2, max_vms: 4, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'CPU > 0', cooldown: 60 }] };
    const s = elastic(role, {
      oneflow: {
        role,
        superlink_role: {
          cardinality: 1,
          min_vms: 0,
          max_vms: 2,
          elasticity_policies: [{ type: 'CHANGE', adjust: -1, expression: 'CPU < 20', cooldown: 600 }],
        },
      },
    });
    const run = runCluster(s, 0);
    const first = run.ticks[0]!;
    expect([first.t / S, first.decision!.outcome, first.decision!.outcome === 'rejected' && first.decision!.reject_reason]).toEqual([
      90,
      'rejected',
      'The service is not RUNNING (another role is scaling)',
    ]);
    // The SuperNode role's counters and sticky cooldown are saved as evaluated; its cardinality is unchanged.
    expect([first.cardinality_after, first.role.cooldown]).toEqual([2, 60 * S]);
    // The SuperLink role's 600 s cooldown holds the whole service: no SuperNode evaluation until it ends.
    expect(run.ticks.filter((t) => t.t > 90 * S && t.t < 690 * S).every((t) => !t.evaluated)).toBe(true);
    // Scale-in removed the oldest SuperLink VM, the one the federation runs on.
    expect(run.rounds[run.rounds.length - 1]!.end).toBeNull();
  });
});

describe('what the expressions see', () => {
  it('CPU is TEMPLATE/CPU until the first monitoring record, then the per-state MONITORING value', () => {
    const s = elastic(
      { cardinality: 2, min_vms: 2, max_vms: 2, elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'CPU > 1000' }] },
      { metrics: { monitoring_interval: '200s', template_cpu: 2, cpu: { idle: 5, training: 180, disconnected: 5 } } },
    );
    const run = runCluster(s, 0);
    const cpu = run.timeline.map((p) => [p.t / S, p.attributes.CPU]);
    expect(cpu[0]).toEqual([90, 2]);
    expect(cpu[1]).toEqual([180, 2]);
    // At 200 s both train (round 2 runs 65-125 s, round 3 from 125 s ...): whatever they do, a per-state value.
    expect([5, 180, 92.5]).toContain(cpu[2]![1]);
  });

  it('FL_CLIENT_STATUS and FL_ROUND_NUMBER come through OneGate as strings, read with to_f', () => {
    const s = elastic(
      {
        cardinality: 2,
        min_vms: 2,
        max_vms: 2,
        elasticity_policies: [{ type: 'CHANGE', adjust: 1, expression: 'FL_CLIENT_STATUS > 0 && FL_ROUND_NUMBER > 0 && FL_TRAINING_ACTIVE > 0' }],
      },
      { superlink: { num_rounds: 100 } },
    );
    const run = runCluster(s, 0);
    const last = run.ticks[run.ticks.length - 1]!;
    // YES/NO read as numbers are 0: the last comparison is always false.
    expect(last.role.elasticity[0]!.expression_evaluated).toMatch(
      /^FL_CLIENT_STATUS\[[12]\.\d+\] > 0 && FL_ROUND_NUMBER\[\d+\.\d+\] > 0 && FL_TRAINING_ACTIVE\[0\.0\] > 0$/,
    );
    expect(last.role.elasticity[0]!.true_evals).toBe(0);
  });
});
