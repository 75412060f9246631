/**
 * One replication of one policy set: the SuperLink, the SuperNode role under
 * OneFlow's autoscaler, their links, and the round loop, run to the horizon.
 */
import { sampler } from '../sim/distributions.js';
import { Engine, Priority } from '../sim/engine.js';
import { Streams } from '../sim/random.js';
import type { Scenario } from './config.js';
import type { RoundRecord } from './flower/round.js';
import { LegacyServer } from './flower/server-legacy.js';
import { MessageServer } from './flower/server-message.js';
import { SuperLink } from './flower/superlink.js';
import { utcOffsetMs } from './oneflow/cron.js';
import { attributeValue } from './oneflow/expression.js';
import { expressionReads, hasPolicies, parsePolicyExpression } from './oneflow/policy.js';
import { OneFlowService, type ServiceState, type TickRecord } from './oneflow/service.js';
import { Connectivity } from './opennebula/connectivity.js';
import { SuperLinkRole } from './opennebula/superlink-role.js';
import { SuperNodeRole } from './opennebula/supernode-role.js';
import type { SuperNodeVm } from './opennebula/supernode-vm.js';

/** The role at one autoscaler tick. */
export interface TimelinePoint {
  /** Sim ms. */
  t: number;
  state: ServiceState;
  cardinality: number;
  running_vms: number;
  connected: number;
  training: number;
  /** Value of each attribute the policies read (mean over RUNNING VMs, null when none has it). */
  attributes: Record<string, number | null>;
}

export interface ClusterRun {
  rounds: RoundRecord[];
  /** Every autoscaler tick, evaluated or not. */
  ticks: TickRecord[];
  timeline: TimelinePoint[];
  /** Attribute names the policies read, in the timeline's column order. */
  attributeNames: string[];
  vmHours: number;
  /** Events the engine ran. */
  events: number;
  /** Times an occurrence that did not run tied with an event on every order key (sim/chain.ts): 0 means the run is exactly as if every one had run. */
  unorderedTies: number;
  /** SuperNode VMs by final state. */
  supernodes: Array<{ vm: number; state: SuperNodeVm['state']; vmState: SuperNodeVm['vmState']; nodeIds: number[] }>;
}

export interface ClusterOptions {
  eventBudget?: number | undefined;
  /** Keep the RUNNING VMs' attributes each tick saw (TickRecord.vms), e.g. to replay them. */
  recordTickInputs?: boolean | undefined;
  /** Run every poll that takes an instruction as an event (a check: the run is the same, with more events; flower/supernode-process.ts settle). */
  pollsAsEvents?: boolean | undefined;
}

/** A tick's attributes when the role's expressions read none: one object for every such tick (nothing writes to it). */
const NO_ATTRIBUTES: Record<string, number | null> = Object.freeze({});

export function policyAttributeNames(scenario: Scenario): string[] {
  const names: string[] = [];
  // A policy that does not parse reads nothing (it counts as false).
  for (const p of scenario.oneflow.role.elasticity_policies)
    for (const n of expressionReads(parsePolicyExpression(p.expression))) if (!names.includes(n)) names.push(n);
  return names;
}

/** The run stopped: what stopped it (`cause`), at which simulated time (ms) and after how many events. */
export class ClusterFailure extends Error {
  constructor(
    cause: unknown,
    readonly time: number,
    readonly events: number,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ClusterFailure';
  }
}

/** Events a replication may run per SuperNode-day by default: 150 to 300 times what bench/scale.yaml runs (README, Performance). */
export const EVENTS_PER_NODE_DAY = 100_000;
/** ...and never fewer than this. */
export const MIN_EVENT_BUDGET = 1_000_000;

/** The SuperNodes a replication may hold at once: the cardinality, or max_vms when it is above it. */
export function largestRole(scenario: Scenario): number {
  return Math.max(scenario.oneflow.role.cardinality, scenario.oneflow.role.max_vms ?? 0);
}

/**
 * The default event budget of one replication: EVENTS_PER_NODE_DAY per SuperNode-day, counting the role at
 * its largest (max_vms when it is above the cardinality) over the horizon; a run that exceeds it does not settle.
 */
export function defaultEventBudget(scenario: Scenario): number {
  const nodes = Math.max(largestRole(scenario), 1);
  return Math.max(MIN_EVENT_BUDGET, Math.ceil(EVENTS_PER_NODE_DAY * nodes * (scenario.horizon / 86_400_000)));
}

export function runCluster(scenario: Scenario, replication: number, options: ClusterOptions = {}): ClusterRun {
  const engine = new Engine({ eventBudget: options.eventBudget ?? defaultEventBudget(scenario) });
  const streams = new Streams(scenario.seed, replication);
  const superlink = new SuperLink(engine, { heartbeatInterval: scenario.superlink.heartbeat.interval, patience: scenario.superlink.heartbeat.patience });
  const connectivity = new Connectivity(engine, streams, scenario.connectivity);
  let ready = false;
  const world = {
    engine,
    streams,
    scenario,
    connectivity,
    superlink,
    superlinkReady: () => ready && superlink.up,
    pollsAsEvents: options.pollsAsEvents === true,
  };

  const rng = streams.get('superlink', 'sample');
  const sl = scenario.superlink;
  const server = sl.api === 'legacy' ? new LegacyServer(engine, superlink, sl, rng) : new MessageServer(engine, superlink, sl, rng);
  const boot = sampler(scenario.superlink.boot_time, streams.get('superlink', 'boot'))();
  engine.schedule(boot, () => {
    ready = true;
    server.start();
  });

  // The attributes the role's expressions read (every one for a replay's record of what ticks read).
  const names = policyAttributeNames(scenario);
  const role = new SuperNodeRole(world, scenario, options.recordTickInputs === true ? 'all' : names.length > 0 ? new Set(names) : null);
  const service = new OneFlowService(
    engine,
    scenario.oneflow.role,
    {
      defaultCooldown: scenario.oneflow.default_cooldown,
      clock: { startEpochMs: Date.parse(scenario.start), offsetMs: utcOffsetMs(scenario.start) },
      recordInputs: options.recordTickInputs,
    },
    role,
  );
  role.onUnknown = (delta) => service.vmUnknown(delta);
  // A scenario may describe the SuperLink's role: a role of the same service, listed first (AP-03).
  const slRole = scenario.oneflow.superlink_role;
  if (slRole && hasPolicies(slRole))
    service.addRoleBefore(
      slRole,
      new SuperLinkRole(engine, scenario, () => {
        superlink.halt();
        server.halt();
      }),
    );

  const ticks: TickRecord[] = [];
  const timeline: TimelinePoint[] = [];
  const tick = () => {
    ticks.push(service.tick());
    const running = names.length > 0 ? role.runningVms() : null;
    // In this order: the counts are read after the VMs' records are brought up to date, the attributes last.
    const point: TimelinePoint = {
      t: engine.now,
      state: service.state,
      cardinality: service.role.cardinality,
      running_vms: role.runningCount(),
      connected: superlink.onlineCount(),
      training: role.trainingCount(),
      attributes: running === null ? NO_ATTRIBUTES : {},
    };
    if (running !== null) for (const n of names) point.attributes[n] = attributeValue(n, running);
    timeline.push(point);
    // ServiceAutoScaler.rb: evaluate, then sleep autoscaler_interval.
    engine.schedule(scenario.oneflow.autoscaler_interval, tick, Priority.LATE);
  };
  // Initial deploy: RUNNING once every VM is RUNNING; autoscaling starts on the next tick (flow/lib/LifeCycleManager.rb, flow/lib/ServiceAutoScaler.rb).
  role.create(scenario.oneflow.role.cardinality, () => {
    service.deployed();
    engine.schedule(scenario.oneflow.autoscaler_interval, tick, Priority.LATE);
  });

  try {
    engine.run(scenario.horizon);
  } catch (e) {
    throw new ClusterFailure(e, engine.now, engine.processed);
  }
  return {
    rounds: server.rounds,
    ticks,
    timeline,
    attributeNames: names,
    vmHours: role.vmHours(engine.now),
    events: engine.processed,
    unorderedTies: engine.unorderedTies,
    supernodes: role.nodes.map((n) => ({ vm: n.vmIndex, state: n.state, vmState: n.vmState, nodeIds: n.nodeIds })),
  };
}
