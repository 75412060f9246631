/**
 * The flower-supernode process inside a SuperNode VM: register, heartbeats,
 * polling for work, fit and evaluate (download, compute, upload), with Flower's
 * retry invoker on every call. Giving up ends the process; a process is also ended
 * from outside when its VM goes. Everything it scheduled belongs to its scope, so
 * ending it ends all of that at once.
 */
import type { Engine } from '../../sim/engine.js';
import type { Rng } from '../../sim/random.js';
import { Scope } from '../../sim/scope.js';
import type { SuperNodeConfig } from '../config.js';
import { heartbeatDelayMs } from './liveness.js';
import { retryAfterFailure } from './retry.js';
import type { Instruction, OfflineReason, SuperLink } from './superlink.js';

/** An idle SuperNode polls for work every 3 s (supernode/start_client_internal.py). */
export const POLL_INTERVAL = 3000;

export type ProcessState = 'connecting' | 'idle' | 'working';

/** What a process needs of its VM and of the world. */
export interface ProcessHost {
  readonly engine: Engine;
  readonly superlink: SuperLink;
  readonly config: SuperNodeConfig;
  readonly heartbeatInterval: number;
  /** Whether the VM reaches the SuperLink now, and has without a break since `since`. */
  reachable(): boolean;
  reachableThroughout(since: number): boolean;
  /** The VM's streams, shared by its successive processes. */
  readonly rng: { retry: Rng; heartbeat: Rng };
  trainTime(): number;
  evalTime(): number;
  /** Transfer time of the model (ms). */
  readonly transfer: number;
  /** The process registered as node `nodeId`. */
  onRegistered(nodeId: number): void;
  /** The process took an instruction of server round `round`. */
  onInstruction(round: number): void;
  /** The retry invoker gave up: the process has ended. */
  onGiveUp(): void;
}

const DISCONNECTED: OfflineReason = { cause: 'disconnected', action: null };

export class SuperNodeProcess {
  state: ProcessState = 'connecting';
  /** The node id the SuperLink gave this process (null before registering). */
  nodeId: number | null = null;
  private readonly scope: Scope;
  /** How the process ended (null while it runs): what the SuperLink reports when the node expires. */
  private endedBy: OfflineReason | null = null;

  constructor(private readonly host: ProcessHost) {
    this.scope = new Scope(host.engine);
  }

  /** Start: register (supernode/start_client_internal.py registers on start), then heartbeat and poll. */
  start(): void {
    this.call(0, () => {
      this.nodeId = this.host.superlink.register(() => this.endedBy ?? DISCONNECTED);
      this.host.onRegistered(this.nodeId);
      this.state = 'idle';
      this.scheduleHeartbeat();
      this.poll();
    });
  }

  /** End the process: nothing it scheduled runs any more, and the SuperLink will report `reason` for its node. */
  end(reason: OfflineReason): void {
    this.endedBy = reason;
    this.scope.close();
  }

  /**
   * One gRPC call under Flower's retry invoker (common/retry_invoker.py): a try needs the
   * SuperLink reachable for its whole `duration`; a failed try waits the jittered backoff;
   * limits count per call; giving up ends the process (no outer reconnect loop).
   */
  private call(duration: number, onSuccess: () => void): void {
    const { engine, superlink, config } = this.host;
    const scope = this.scope;
    const started = engine.now;
    let tries = 0;
    // retry_invoker.py measures elapsed_time when a try starts, not when it fails.
    let elapsedAtTry = 0;
    const attempt = () => {
      tries++;
      elapsedAtTry = engine.now - started;
      if (!this.host.reachable() || !superlink.up) return failed();
      if (duration === 0) return onSuccess();
      const t0 = engine.now;
      scope.schedule(duration, () => {
        if (this.host.reachableThroughout(t0) && superlink.up) onSuccess();
        else failed();
      });
    };
    const failed = () => {
      const decision = retryAfterFailure(tries, elapsedAtTry, config.reconnect, this.host.rng.retry);
      if (decision.giveUp) this.giveUp();
      else scope.schedule(decision.waitMs, attempt);
    };
    attempt();
  }

  private scheduleHeartbeat(): void {
    this.scope.schedule(heartbeatDelayMs(this.host.heartbeatInterval, this.host.rng.heartbeat()), () => {
      this.call(0, () => {
        this.host.superlink.heartbeat(this.nodeId!);
        this.scheduleHeartbeat();
      });
    });
  }

  private poll(): void {
    this.call(0, () => {
      const ins = this.host.superlink.pull(this.nodeId!);
      if (ins) {
        this.host.onInstruction(ins.round);
        this.work(ins);
      } else this.scope.schedule(POLL_INTERVAL, () => this.poll());
    });
  }

  // fit/evaluate: download the model, compute, upload the result; each transfer is a call.
  private work(ins: Instruction): void {
    this.state = 'working';
    const { superlink, transfer } = this.host;
    this.call(transfer, () => {
      const compute = ins.kind === 'fit' ? this.host.trainTime() : this.host.evalTime();
      this.scope.schedule(compute, () => {
        this.call(ins.kind === 'fit' ? transfer : 0, () => {
          superlink.reply(ins);
          this.state = 'idle';
          this.poll();
        });
      });
    });
  }

  private giveUp(): void {
    this.end({ cause: 'gave_up', action: null });
    this.host.onGiveUp();
  }
}
