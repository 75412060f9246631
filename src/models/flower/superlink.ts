/**
 * The SuperLink: the node registry with heartbeat liveness, and the
 * instructions (messages) in flight to nodes, with their TTLs. The round loop
 * that uses it is in server-legacy.ts or server-message.ts.
 */
import { type Chain, Occurrence } from '../../sim/chain.js';
import { type Engine, type EventHandle, Priority } from '../../sim/engine.js';
import { onlineWindowMs } from './liveness.js';

/** Why a client's instruction failed. */
export type ClientFailureCause = 'disconnected' | 'timeout' | 'gave_up' | 'scaled_in';
export const CLIENT_FAILURE_CAUSES: readonly ClientFailureCause[] = ['disconnected', 'timeout', 'gave_up', 'scaled_in'];

/** Why a node went offline, as the SuperLink will report its in-flight instructions. */
export type OfflineCause = 'disconnected' | 'gave_up' | 'scaled_in';

/** Why a node is offline; a scale-in names the OneFlow action (its time, ms) that removed it. */
export interface OfflineReason {
  cause: OfflineCause;
  action: number | null;
}

const DISCONNECTED: OfflineReason = { cause: 'disconnected', action: null };

/** How often the server pulls replies (ms). */
const REPLY_POLL = 1000;

export interface Instruction {
  nodeId: number;
  kind: 'fit' | 'evaluate';
  /** The server round it belongs to. */
  round: number;
  done: boolean;
  /** Taken by the node's pull (it then waits for the node's reply). */
  pulled: boolean;
  ttlTimer: EventHandle | null;
  /** The instructions in flight to the same node sent before and after it (the SuperLink's list, null at its ends and once done). */
  prevInFlight: Instruction | null;
  nextInFlight: Instruction | null;
  onReply: (ok: boolean, cause?: ClientFailureCause, scaleAction?: number | null) => void;
}

/** What the SuperLink asks of, and tells, the process behind a node. */
export interface NodeHooks {
  /** Asked when the node expires: did its process already end, and how? */
  offlineCause: () => OfflineReason;
  /** The process's heartbeats while they do not run as events (sim/chain.ts), else null. */
  heartbeats: () => Chain | null;
  /** An instruction was queued for the node. */
  onQueued: () => void;
  /** The SuperLink went down. */
  onHalt: () => void;
  /** An instruction queued for the node is about to fail or be abandoned (not answered by the node). */
  beforeDone: (ins: Instruction) => void;
}

/** Told just before the SuperLink's online nodes change, and just after (the client manager's syncs copy them). */
export interface OnlineWatcher {
  beforeOnlineChange(): void;
  afterOnlineChange(): void;
}

// A class: many are made, and object literals can fall back to slow dictionary objects (sim/engine.ts, Entry).
class NodeEntry {
  online = false;
  /** Pending expiry check; rescheduled lazily instead of on every heartbeat. */
  expiry: EventHandle | null = null;
  /**
   * In flight, in the order sent, the first and the last: a list linked through the instructions, which every send,
   * pull and reply reaches anyway (an array was two more objects to reach, with thousands of nodes cold). Those not
   * pulled yet are the node's queue, oldest first.
   */
  firstInFlight: Instruction | null = null;
  lastInFlight: Instruction | null = null;
  /** Why it is offline now (valid while offline). */
  offlineCauseNow: OfflineReason = DISCONNECTED;
  /** The pending expiry check, while the heartbeats are a chain: it runs only when they stop (settleHeartbeats). */
  check: Occurrence | null = null;

  constructor(
    readonly id: number,
    /** The last heartbeat that ran as an event (hooks.lastHeartbeat gives the others). */
    public lastHeartbeat: number,
    readonly hooks: NodeHooks,
  ) {}

  /** The instructions in flight, in order: a copy, for a loop that ends them. */
  inflight(): Instruction[] {
    const out: Instruction[] = [];
    for (let i = this.firstInFlight; i !== null; i = i.nextInFlight) out.push(i);
    return out;
  }

  push(ins: Instruction): void {
    ins.prevInFlight = this.lastInFlight;
    if (this.lastInFlight !== null) this.lastInFlight.nextInFlight = ins;
    else this.firstInFlight = ins;
    this.lastInFlight = ins;
  }

  /** Take `ins` out of the list, if it is in it (an instruction sent to the node while offline never was). */
  remove(ins: Instruction): void {
    const { prevInFlight: prev, nextInFlight: next } = ins;
    if (prev === null && this.firstInFlight !== ins) return;
    if (prev !== null) prev.nextInFlight = next;
    else this.firstInFlight = next;
    if (next !== null) next.prevInFlight = prev;
    else this.lastInFlight = prev;
    ins.prevInFlight = null;
    ins.nextInFlight = null;
  }
}

export interface SuperLinkOptions {
  heartbeatInterval: number;
  patience: number;
}

export class SuperLink {
  /**
   * Nodes by id (ids count from 1; null for none, or deactivated): an array, not a Map, since every instruction
   * looks its node up several times and, with thousands of nodes, each look-up in a Map is cache misses.
   */
  private readonly nodes: (NodeEntry | null)[] = [null];
  /** Nodes online now. */
  private online = 0;
  /** onlineNodes() until a node goes online or offline: the client manager syncs every 5 s while it waits. */
  private onlineList: readonly number[] | null = null;
  private watcher: OnlineWatcher | null = null;
  private readonly onlineWindow: number;
  /** False once the SuperLink VM is gone: nothing reaches it and it answers nothing. */
  up = true;

  constructor(
    private readonly engine: Engine,
    options: SuperLinkOptions,
  ) {
    this.onlineWindow = onlineWindowMs(options.heartbeatInterval, options.patience);
  }

  private node(id: number): NodeEntry | null | undefined {
    return this.nodes[id];
  }

  /** Tell `watcher` of every change of the online nodes. */
  watchOnline(watcher: OnlineWatcher): void {
    this.watcher = watcher;
  }

  /** A SuperNode process registers: a new node id, online at once. */
  register(hooks: NodeHooks): number {
    const id = this.nodes.length;
    const entry = new NodeEntry(id, this.engine.now, hooks);
    this.nodes.push(entry);
    this.heartbeat(id);
    return id;
  }

  /** A heartbeat that reached the SuperLink; brings an expired node (same id) back online. */
  heartbeat(nodeId: number): void {
    const node = this.node(nodeId);
    if (!node || !this.up) return;
    node.lastHeartbeat = this.engine.now;
    if (!node.online) {
      this.watcher?.beforeOnlineChange();
      this.online++;
      this.onlineList = null;
      node.online = true;
      this.watcher?.afterOnlineChange();
    }
    if (node.expiry !== null || node.check !== null) return;
    const running = this.engine.current;
    // The process starts a heartbeat chain right after every heartbeat that reaches us (supernode-process.ts), so
    // the check is kept as the occurrence the event would be, not scheduled: settleHeartbeats runs it if it matters.
    if (running !== null) node.check = Occurrence.scheduledBy(running, this.engine.now + this.onlineWindow, Priority.LATE);
    else node.expiry = this.engine.schedule(this.onlineWindow, () => this.checkExpiry(node), Priority.LATE);
  }

  /**
   * The node's heartbeats stop being a chain (its link went down, or its process ended): the expiry checks
   * that fell due meanwhile each found a heartbeat within the window (the chain's gaps are shorter than it),
   * so the pending one is where the last of them put it; it runs from now on, on the last heartbeat before now.
   */
  settleHeartbeats(nodeId: number, heartbeats: Chain): void {
    const node = this.node(nodeId);
    if (!node) return;
    const check = node.check;
    if (check !== null) {
      node.check = null;
      const running = this.engine.current;
      // The check steps in place (it is this loop's alone) to the last heartbeat it finds: one node-day holds some 1,700 of them.
      if (running !== null) heartbeats.watch(check, this.onlineWindow, node.lastHeartbeat, running);
      node.expiry = this.engine.atOrder(check, () => this.checkExpiry(node));
    }
    const last = heartbeats.last();
    if (last !== null && last.time > node.lastHeartbeat) node.lastHeartbeat = last.time;
  }

  /** The SuperLink VM is terminated: in-flight instructions are never answered, no node is online. */
  halt(): void {
    this.up = false;
    this.watcher?.beforeOnlineChange();
    for (const node of this.nodes) {
      if (node === null) continue;
      this.engine.cancel(node.expiry);
      node.expiry = null;
      node.check = null;
      if (node.online) this.online--;
      node.online = false;
      for (const ins of node.inflight()) this.abandon(ins);
    }
    this.onlineList = null;
    this.watcher?.afterOnlineChange();
    for (const node of this.nodes) node?.hooks.onHalt();
  }

  /** Graceful shutdown (flower-supernode deactivates): offline at once. */
  deactivate(nodeId: number, cause: OfflineReason): void {
    const node = this.node(nodeId);
    if (!node) return;
    this.engine.cancel(node.expiry);
    node.expiry = null;
    this.goOffline(node, cause);
    this.nodes[nodeId] = null;
  }

  /** Online node ids in id order (the order is what makes sampling repeatable); the same array until the set changes. */
  onlineNodes(): readonly number[] {
    if (this.onlineList !== null) return this.onlineList;
    const out: number[] = [];
    for (const n of this.nodes) if (n?.online) out.push(n.id);
    this.onlineList = out;
    return out;
  }

  onlineCount(): number {
    return this.online;
  }

  /**
   * Send an instruction. `ttl` ms later it fails with `timeout` unless answered
   * (legacy: ttl = round_timeout or 43,200 s, server/compat/grid_client_proxy.py). To an offline node it fails at once.
   */
  send(nodeId: number, kind: Instruction['kind'], round: number, ttl: number, onReply: Instruction['onReply']): Instruction {
    const ins: Instruction = { nodeId, kind, round, done: false, pulled: false, ttlTimer: null, onReply, prevInFlight: null, nextInFlight: null };
    const node = this.node(nodeId);
    if (!node?.online) {
      // An error reply (NODE_UNAVAILABLE) for an offline node, seen on the server's next pull
      // of replies: the grid polls every 1 s (server/grid, SLEEP_TIME).
      const reason = node ? node.offlineCauseNow : DISCONNECTED;
      this.engine.schedule(REPLY_POLL, () => this.fail(ins, reason.cause, reason.action));
      return ins;
    }
    node.push(ins);
    node.hooks.onQueued();
    if (Number.isFinite(ttl)) ins.ttlTimer = this.engine.schedule(ttl, () => this.fail(ins, 'timeout', null));
    return ins;
  }

  /** Whether an instruction not yet done waits for the node's next pull. */
  hasQueued(nodeId: number): boolean {
    return this.firstQueued(nodeId) !== null;
  }

  /** The instruction the node's next pull takes, left in the queue, or null. */
  firstQueued(nodeId: number): Instruction | null {
    const node = this.node(nodeId);
    if (node) for (let ins = node.firstInFlight; ins !== null; ins = ins.nextInFlight) if (!ins.pulled && !ins.done) return ins;
    return null;
  }

  /** The node pulls its next instruction, if any. */
  pull(nodeId: number): Instruction | null {
    const ins = this.firstQueued(nodeId);
    if (ins !== null) ins.pulled = true;
    return ins;
  }

  /** A reply pushed by the node. A late reply to an instruction that already failed is dropped. */
  reply(ins: Instruction): void {
    if (ins.done) return;
    ins.done = true;
    this.engine.cancel(ins.ttlTimer);
    this.landed(ins);
    ins.onReply(true);
  }

  /** Give up on an instruction (the round loop stops waiting for it). */
  abandon(ins: Instruction): void {
    if (ins.done) return;
    const node = this.node(ins.nodeId);
    node?.hooks.beforeDone(ins);
    ins.done = true;
    this.engine.cancel(ins.ttlTimer);
    this.landed(ins, node);
  }

  private fail(ins: Instruction, cause: ClientFailureCause, scaleAction: number | null): void {
    if (ins.done) return;
    const node = this.node(ins.nodeId);
    node?.hooks.beforeDone(ins);
    ins.done = true;
    this.engine.cancel(ins.ttlTimer);
    this.landed(ins, node);
    ins.onReply(false, cause, scaleAction);
  }

  /** The instruction is done: no longer in flight to its node. */
  private landed(ins: Instruction, node = this.node(ins.nodeId)): void {
    node?.remove(ins);
  }

  private checkExpiry(node: NodeEntry): void {
    node.expiry = null;
    const heartbeats = node.hooks.heartbeats();
    const due = Math.max(node.lastHeartbeat, heartbeats?.last()?.time ?? Number.NEGATIVE_INFINITY) + this.onlineWindow;
    if (this.engine.now < due) {
      const running = this.engine.current;
      // While heartbeats are a chain, so are the checks: the next is kept, not scheduled.
      if (heartbeats !== null && running !== null) node.check = Occurrence.scheduledBy(running, due, Priority.LATE);
      else node.expiry = this.engine.at(due, () => this.checkExpiry(node), Priority.LATE);
      return;
    }
    this.goOffline(node, node.hooks.offlineCause());
  }

  private goOffline(node: NodeEntry, reason: OfflineReason): void {
    if (!node.online) return;
    this.watcher?.beforeOnlineChange();
    node.online = false;
    this.online--;
    this.onlineList = null;
    this.watcher?.afterOnlineChange();
    node.offlineCauseNow = reason;
    // A fit in flight to a node that went offline fails (NODE_UNAVAILABLE, server/superlink/linkstate/).
    for (const ins of node.inflight()) this.fail(ins, reason.cause, reason.action);
  }
}
