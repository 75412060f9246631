/**
 * A SuperNode VM: its life cycle as OpenNebula runs it (PROLOG while the image
 * copies, RUNNING, SHUTDOWN, DONE), the guest's boot, the appliance's OneGate
 * discovery of the SuperLink, and the container that runs the flower-supernode
 * process (flower/supernode-process.ts) under its restart policy.
 */

import { Chain } from '../../sim/chain.js';
import { type Lookahead, lookahead, sampler } from '../../sim/distributions.js';
import { type Engine, type EventOrder, Priority } from '../../sim/engine.js';
import type { Rng, Streams } from '../../sim/random.js';
import type { Scenario, SuperNodeConfig } from '../config.js';
import { givesUpAtFirstFailure } from '../flower/retry.js';
import type { SuperLink } from '../flower/superlink.js';
import { type ProcessHost, type ProcessState, SuperNodeProcess } from '../flower/supernode-process.js';
import type { Connectivity, LinkWatcher } from './connectivity.js';
import { discoveryDelayMs, discoveryGivesUp } from './discovery.js';
import { transferMs } from './transfer.js';

/** What the VM is doing: its own stages, or its Flower process's state while one runs. */
export type SuperNodeState = 'booting' | 'discovering' | 'discovery_failed' | ProcessState | 'restarting' | 'gave_up' | 'stopped';

export interface SuperNodeWorld {
  engine: Engine;
  streams: Streams;
  scenario: Scenario;
  connectivity: Connectivity;
  superlink: SuperLink;
  /** Whether the SuperLink is up and has published its address to OneGate. */
  superlinkReady: () => boolean;
  /** Every poll that takes an instruction runs as an event (ClusterOptions.pollsAsEvents). */
  pollsAsEvents?: boolean;
}

/** OpenNebula's view of the VM (one.vm states, simplified to what OneFlow waits for). */
export type VmState = 'PROLOG' | 'RUNNING' | 'SHUTDOWN' | 'DONE';

/** A graceful terminate: the guest's ACPI shutdown stops the container (SIGTERM) before the VM is DONE. */
const GRACEFUL_SHUTDOWN = 10_000;

export interface VmHooks {
  /** The VM reached RUNNING (the hypervisor started it; the guest still boots). */
  onRunning(vm: SuperNodeVm): void;
  /** The VM reached DONE. */
  onDone(vm: SuperNodeVm): void;
  /** Something its monitoring copies (its state, its round) is about to change: now, or at the event of order `at`, before now. */
  beforeChange(vm: SuperNodeVm, at?: EventOrder): void;
  /** The VM leaves RUNNING (OneFlow terminates it). */
  onStopping(vm: SuperNodeVm): void;
  /** Its process starts (+1) or stops (-1) working. */
  onWorking(delta: 1 | -1): void;
  /** Its process holds a poll to apply when looked at (settle). */
  onTakesPending(vm: SuperNodeVm): void;
}

type VmStage = Exclude<SuperNodeState, ProcessState> | 'process';

/** The VM is its process's host and its link's watcher: methods, not closures, since there are thousands of VMs. */
export class SuperNodeVm implements ProcessHost, LinkWatcher {
  vmState: VmState = 'PROLOG';
  /** Sim ms of creation and of DONE (null while the VM exists). */
  readonly createdAt: number;
  doneAt: number | null = null;
  /** The round of the last instruction this node received (FL_ROUND_NUMBER). */
  lastRound = 0;
  /** The role's: whether it lists the VM among those to settle before it counts (onTakesPending). */
  listedToSettle = false;
  /** Node ids this VM has had, one per process that registered. */
  readonly nodeIds: number[] = [];
  private stage: VmStage = 'booting';
  private process: SuperNodeProcess | null = null;
  readonly engine: Engine;
  readonly superlink: SuperLink;
  readonly config: SuperNodeConfig;
  readonly heartbeatInterval: number;
  readonly rng: { retry: Rng; heartbeat: Rng };
  readonly trainTime: Lookahead;
  readonly evalTime: Lookahead;
  readonly transfer: number;
  readonly pollsAsEvents: boolean;
  private readonly connectivity: Connectivity;
  /**
   * The container's restarts while each would end at once, not run (null otherwise): the SuperLink is out of reach
   * and a process gives up at its first failed try, so a restart changes nothing anyone sees (the VM is restarting
   * between two of them, and the process it starts registers nothing and draws nothing). The first one after the
   * link is back runs, in its place (after()).
   */
  private restarts: Chain | null = null;
  private readonly restartNow = () => {
    if (this.stage === 'restarting') this.startProcess();
  };

  constructor(
    private readonly world: SuperNodeWorld,
    readonly vmIndex: number,
    private readonly hooks: VmHooks,
  ) {
    const { streams, scenario, connectivity, engine, superlink } = world;
    this.engine = engine;
    this.superlink = superlink;
    this.connectivity = connectivity;
    this.config = scenario.supernode;
    this.heartbeatInterval = scenario.superlink.heartbeat.interval;
    this.createdAt = engine.now;
    this.pollsAsEvents = world.pollsAsEvents === true;
    const entity = `supernode-${vmIndex}`;
    // The VM keeps its streams: they need not stay in the replication's cache as well.
    this.rng = { retry: streams.fresh(entity, 'retry'), heartbeat: streams.fresh(entity, 'heartbeat') };
    this.trainTime = lookahead(scenario.supernode.train_time, streams.fresh(entity, 'train'));
    this.evalTime = lookahead(scenario.supernode.eval_time, streams.fresh(entity, 'eval'));
    this.transfer = transferMs(scenario.supernode.model_size, Math.min(scenario.supernode.bandwidth, connectivity.bandwidth(vmIndex)));
    connectivity.addNode(vmIndex, this);
    // VM boot: the image copied over the site's bandwidth (PROLOG), RUNNING, then the guest boots.
    const boot = sampler(scenario.supernode.boot_time, streams.fresh(entity, 'boot'))();
    const image = transferMs(scenario.supernode.image_size, connectivity.bandwidth(vmIndex));
    engine.schedule(image, () => {
      if (this.vmState !== 'PROLOG') return;
      this.vmState = 'RUNNING';
      this.hooks.onRunning(this);
      engine.schedule(boot, () => this.discover(1));
    });
  }

  // ProcessHost: what the Flower process asks of its VM.
  reachable(): boolean {
    return this.connectivity.reachable(this.vmIndex);
  }

  /** Whether a call made now would reach the SuperLink: the link and the site up, and the SuperLink VM there. */
  private reachesSuperLink(): boolean {
    return this.reachable() && this.superlink.up;
  }

  reachableThroughout(since: number): boolean {
    return this.connectivity.reachableThroughout(this.vmIndex, since);
  }

  onRegistered(nodeId: number): void {
    this.nodeIds.push(nodeId);
  }

  beforeChange(at?: EventOrder): void {
    this.hooks.beforeChange(this, at);
  }

  onInstruction(round: number, at?: EventOrder): void {
    this.hooks.beforeChange(this, at);
    this.lastRound = round;
  }

  onWorking(delta: 1 | -1): void {
    this.hooks.onWorking(delta);
  }

  onTakesPending(): void {
    this.hooks.onTakesPending(this);
  }

  /** Bring the process's state to now (a poll that took an instruction is applied when looked at: supernode-process.ts settle). */
  settle(): void {
    this.process?.settle();
  }

  /** Whether the process holds a poll still to apply (settle). */
  get pending(): boolean {
    return this.process?.pending === true;
  }

  onGiveUp(): void {
    this.processGaveUp();
  }

  // LinkWatcher: the link or the site changes.
  before(): void {
    this.hooks.beforeChange(this);
  }

  // A process whose polls and heartbeats do not run as events must know when they would start to fail, and when they succeed again.
  after(): void {
    if (!this.reachable()) this.process?.disturb();
    else if (this.process !== null) this.process.reconnected();
    else if (this.restarts !== null && this.reachesSuperLink()) {
      const restarts = this.restarts;
      this.restarts = null;
      restarts.materialize(restarts.next(), this.restartNow);
    }
  }

  get state(): SuperNodeState {
    return this.stage === 'process' ? this.process!.state : this.stage;
  }

  /** The running process's node id on the SuperLink (null before it registers, or without a process). */
  get nodeId(): number | null {
    return this.process?.nodeId ?? null;
  }

  /** Whether the Flower process holds a registered node (what FL_CLIENT_STATUS reports as not DISCONNECTED). */
  get connected(): boolean {
    const s = this.state;
    return s === 'idle' || s === 'working';
  }

  /** Whether a Flower process runs. */
  get alive(): boolean {
    return this.stage === 'process';
  }

  /**
   * OneFlow terminates the VM (flow/lib/models/vmrole.rb shutdown_nodes). Graceful: the container gets SIGTERM and the
   * process deactivates, so the SuperLink sees it offline at once; terminate-hard kills it and
   * the SuperLink notices only when heartbeats stop.
   */
  terminate(graceful: boolean, action: number | null = null): void {
    if (this.vmState === 'SHUTDOWN' || this.vmState === 'DONE') return;
    const nodeId = this.nodeId;
    this.hooks.beforeChange(this);
    const reason = { cause: 'scaled_in' as const, action };
    this.process?.end(reason);
    this.process = null;
    this.restarts = null;
    this.stage = 'stopped';
    if (nodeId !== null && graceful) this.world.superlink.deactivate(nodeId, reason);
    const wasRunning = this.vmState === 'RUNNING';
    this.vmState = 'SHUTDOWN';
    if (wasRunning) this.hooks.onStopping(this);
    this.world.engine.schedule(graceful && wasRunning ? GRACEFUL_SHUTDOWN : 0, () => {
      this.vmState = 'DONE';
      this.doneAt = this.world.engine.now;
      this.hooks.onDone(this);
    });
  }

  // The appliance's bootstrap: ask OneGate for the SuperLink's address (opennebula/discovery.ts).
  private discover(attempt: number): void {
    if (this.stage === 'stopped') return;
    this.hooks.beforeChange(this);
    this.stage = 'discovering';
    const { connectivity, superlinkReady, scenario, engine } = this.world;
    if (connectivity.reachable(this.vmIndex) && superlinkReady()) {
      this.startProcess();
      return;
    }
    const discovery = scenario.supernode.discovery;
    if (discoveryGivesUp(attempt, discovery)) {
      this.hooks.beforeChange(this);
      this.stage = 'discovery_failed';
      return;
    }
    engine.schedule(discoveryDelayMs(attempt, discovery), () => this.discover(attempt + 1));
  }

  private startProcess(): void {
    const process = new SuperNodeProcess(this);
    this.hooks.beforeChange(this);
    this.process = process;
    this.stage = 'process';
    process.start();
  }

  // The container's restart policy starts a new process: a new node id (supernode/start_client_internal.py registers on start).
  private processGaveUp(): void {
    this.hooks.beforeChange(this);
    this.process = null;
    this.stage = 'gave_up';
    const { policy, delay } = this.world.scenario.supernode.restart;
    if (policy === 'no') return;
    this.stage = 'restarting';
    if (!this.reachesSuperLink() && givesUpAtFirstFailure(this.config.reconnect)) {
      this.restarts = Chain.fromNow(this.engine, Priority.NORMAL, delay, null, Math.round(delay));
      return;
    }
    this.engine.schedule(delay, this.restartNow);
  }
}
