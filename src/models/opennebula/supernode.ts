/**
 * A SuperNode VM and the flower-supernode process inside it: boot, OneGate
 * discovery of the SuperLink, register, heartbeats, polling for work, fit
 * (download, train, upload), Flower's retry invoker on every call, and the
 * container's restart policy when the process gives up.
 */
import type { Engine } from '../../sim/engine.js';
import { sampler } from '../../sim/distributions.js';
import type { Rng, Streams } from '../../sim/random.js';
import type { Scenario } from '../config.js';
import { transferMs } from './transfer.js';
import type { Connectivity } from './connectivity.js';
import { discoveryDelayMs, retryAfterFailure } from '../flower/retry.js';
import type { Instruction, OfflineReason, SuperLink } from '../flower/superlink.js';

export type SuperNodeState =
  | 'booting'
  | 'discovering'
  | 'discovery_failed'
  | 'connecting'
  | 'idle'
  | 'working'
  | 'restarting'
  | 'gave_up'
  | 'stopped';

/** An idle SuperNode polls for work every 3 s (supernode/start_client_internal.py). */
const POLL_INTERVAL = 3000;
/**
 * common/constant.py: HEARTBEAT_CALL_TIMEOUT 5 s, HEARTBEAT_BASE_MULTIPLIER 0.8 and
 * HEARTBEAT_RANDOM_RANGE +-0.1: a heartbeat every (interval - 5 s) x U(0.7, 0.9), U(17.5, 22.5) s for 30 s.
 */
const HEARTBEAT_CALL_TIMEOUT = 5000;

export interface SuperNodeWorld {
  engine: Engine;
  streams: Streams;
  scenario: Scenario;
  connectivity: Connectivity;
  superlink: SuperLink;
  /** Whether the SuperLink is up and has published its address to OneGate. */
  superlinkReady: () => boolean;
}

/** OpenNebula's view of the VM (one.vm states, simplified to what OneFlow waits for). */
export type VmState = 'PROLOG' | 'RUNNING' | 'SHUTDOWN' | 'DONE';

/** A graceful terminate: the guest's ACPI shutdown stops the container (SIGTERM) before the VM is DONE. */
const GRACEFUL_SHUTDOWN = 10_000;

export interface VmHooks {
  /** The VM reached RUNNING (the hypervisor started it; the guest still boots). */
  onRunning(node: SuperNode): void;
  /** The VM reached DONE. */
  onDone(node: SuperNode): void;
}

export class SuperNode {
  state: SuperNodeState = 'booting';
  vmState: VmState = 'PROLOG';
  /** Sim ms of creation and of DONE (null while the VM exists). */
  readonly createdAt: number;
  doneAt: number | null = null;
  /** The round of the last instruction this node received (FL_ROUND_NUMBER). */
  lastRound = 0;
  /** The current process's node id on the SuperLink (null before registering). */
  nodeId: number | null = null;
  /** Node ids this VM has had, one per process that registered. */
  readonly nodeIds: number[] = [];
  /** Bumped when a process ends: callbacks of an older process are ignored. */
  private process = 0;
  /** How each ended process ended, by process number. */
  private readonly endedBy = new Map<number, OfflineReason>();
  private readonly rngRetry: Rng;
  private readonly rngHeartbeat: Rng;
  private readonly trainTime: () => number;
  private readonly evalTime: () => number;
  private readonly transfer: number;

  constructor(private readonly world: SuperNodeWorld, readonly vmIndex: number, private readonly hooks: VmHooks) {
    const { streams, scenario, connectivity } = world;
    this.createdAt = world.engine.now;
    const entity = `supernode-${vmIndex}`;
    this.rngRetry = streams.get(entity, 'retry');
    this.rngHeartbeat = streams.get(entity, 'heartbeat');
    this.trainTime = sampler(scenario.supernode.train_time, streams.get(entity, 'train'));
    this.evalTime = sampler(scenario.supernode.eval_time, streams.get(entity, 'eval'));
    connectivity.addNode(vmIndex);
    this.transfer = transferMs(scenario.supernode.model_size, Math.min(scenario.supernode.bandwidth, connectivity.bandwidth(vmIndex)));
    // VM boot: the image copied over the site's bandwidth (PROLOG), RUNNING, then the guest boots.
    const boot = sampler(scenario.supernode.boot_time, streams.get(entity, 'boot'))();
    const image = transferMs(scenario.supernode.image_size, connectivity.bandwidth(vmIndex));
    world.engine.schedule(image, () => {
      if (this.vmState !== 'PROLOG') return;
      this.vmState = 'RUNNING';
      this.hooks.onRunning(this);
      world.engine.schedule(boot, () => this.discover(1));
    });
  }

  /** Whether the Flower process holds a registered node (what FL_CLIENT_STATUS reports as not DISCONNECTED). */
  get connected(): boolean {
    return this.state === 'idle' || this.state === 'working';
  }

  get alive(): boolean {
    return this.state === 'idle' || this.state === 'working' || this.state === 'connecting';
  }

  /**
   * OneFlow terminates the VM (flow/lib/models/vmrole.rb shutdown_nodes). Graceful: the container gets SIGTERM and the
   * process deactivates, so the SuperLink sees it offline at once; terminate-hard kills it and
   * the SuperLink notices only when heartbeats stop.
   */
  terminate(graceful: boolean, action: number | null = null): void {
    if (this.vmState === 'SHUTDOWN' || this.vmState === 'DONE') return;
    const nodeId = this.nodeId;
    const wasRegistered = this.alive && nodeId !== null;
    this.endProcess('stopped', action);
    if (wasRegistered && graceful) this.world.superlink.deactivate(nodeId, { cause: 'scaled_in', action });
    const wasRunning = this.vmState === 'RUNNING';
    this.vmState = 'SHUTDOWN';
    this.world.engine.schedule(graceful && wasRunning ? GRACEFUL_SHUTDOWN : 0, () => {
      this.vmState = 'DONE';
      this.doneAt = this.world.engine.now;
      this.hooks.onDone(this);
    });
  }

  // The appliance's bootstrap: ask OneGate for the SuperLink's address, with the
  // deployment spec's retries and backoff (FL_EDGE_BACKOFF, FL_EDGE_MAX_BACKOFF).
  private discover(attempt: number): void {
    if (this.state === 'stopped') return;
    this.state = 'discovering';
    const { connectivity, superlinkReady, scenario, engine } = this.world;
    if (connectivity.reachable(this.vmIndex) && superlinkReady()) {
      this.startProcess();
      return;
    }
    const discovery = scenario.supernode.discovery;
    if (attempt >= discovery.retries) {
      this.state = 'discovery_failed';
      return;
    }
    engine.schedule(discoveryDelayMs(attempt, discovery), () => this.discover(attempt + 1));
  }

  private startProcess(): void {
    const proc = ++this.process;
    this.state = 'connecting';
    this.call(proc, 0, () => {
      this.nodeId = this.world.superlink.register(this.vmIndex, () => this.endedBy.get(proc) ?? { cause: 'disconnected', action: null });
      this.nodeIds.push(this.nodeId);
      this.state = 'idle';
      this.scheduleHeartbeat(proc);
      this.poll(proc);
    });
  }

  /**
   * One gRPC call under Flower's retry invoker (common/retry_invoker.py): a try needs the
   * SuperLink reachable for its whole `duration`; a failed try waits the jittered backoff;
   * limits count per call; giving up ends the process (no outer reconnect loop).
   */
  private call(proc: number, duration: number, onSuccess: () => void): void {
    const { engine, connectivity, scenario } = this.world;
    const started = engine.now;
    let tries = 0;
    // retry_invoker.py measures elapsed_time when a try starts, not when it fails.
    let elapsedAtTry = 0;
    const attempt = () => {
      if (proc !== this.process) return;
      tries++;
      elapsedAtTry = engine.now - started;
      if (!connectivity.reachable(this.vmIndex) || !this.world.superlink.up) return failed();
      if (duration === 0) return onSuccess();
      const t0 = engine.now;
      engine.schedule(duration, () => {
        if (proc !== this.process) return;
        if (connectivity.reachableThroughout(this.vmIndex, t0) && this.world.superlink.up) onSuccess();
        else failed();
      });
    };
    const failed = () => {
      const decision = retryAfterFailure(tries, elapsedAtTry, scenario.supernode.reconnect, this.rngRetry);
      if (decision.giveUp) this.giveUp();
      else engine.schedule(decision.waitMs, attempt);
    };
    attempt();
  }

  private scheduleHeartbeat(proc: number): void {
    const interval = this.world.scenario.superlink.heartbeat.interval;
    const delay = (interval - HEARTBEAT_CALL_TIMEOUT) * (0.7 + 0.2 * this.rngHeartbeat());
    this.world.engine.schedule(delay, () => {
      if (proc !== this.process) return;
      this.call(proc, 0, () => {
        this.world.superlink.heartbeat(this.nodeId!);
        this.scheduleHeartbeat(proc);
      });
    });
  }

  private poll(proc: number): void {
    if (proc !== this.process) return;
    this.call(proc, 0, () => {
      const ins = this.world.superlink.pull(this.nodeId!);
      if (ins) {
        this.lastRound = ins.round;
        this.work(proc, ins);
      }
      else this.world.engine.schedule(POLL_INTERVAL, () => this.poll(proc));
    });
  }

  // fit/evaluate: download the model, compute, upload the result; each transfer is a call.
  private work(proc: number, ins: Instruction): void {
    this.state = 'working';
    const { engine, superlink } = this.world;
    this.call(proc, this.transfer, () => {
      const compute = ins.kind === 'fit' ? this.trainTime() : this.evalTime();
      engine.schedule(compute, () => {
        if (proc !== this.process) return;
        this.call(proc, ins.kind === 'fit' ? this.transfer : 0, () => {
          superlink.reply(ins);
          this.state = 'idle';
          this.poll(proc);
        });
      });
    });
  }

  private giveUp(): void {
    this.endProcess('gave_up');
    const { policy, delay } = this.world.scenario.supernode.restart;
    if (policy === 'no') return;
    // The container's restart policy starts a new process: a new node id (supernode/start_client_internal.py registers on start).
    this.state = 'restarting';
    const proc = this.process;
    this.world.engine.schedule(delay, () => {
      if (proc === this.process && this.state === 'restarting') this.startProcess();
    });
  }

  private endProcess(state: 'gave_up' | 'stopped', action: number | null = null): void {
    this.endedBy.set(this.process, state === 'gave_up' ? { cause: 'gave_up', action: null } : { cause: 'scaled_in', action });
    this.process++;
    this.state = state;
    // The node id belonged to the ended process; a restarted one registers anew.
    this.nodeId = null;
  }
}
