/**
 * The flower-supernode process inside a SuperNode VM: register, heartbeats,
 * polling for work, fit and evaluate (download, compute, upload), with Flower's
 * retry invoker on every call. Giving up ends the process; a process is also ended
 * from outside when its VM goes. It is the scope of everything it schedules, so
 * ending it ends all of that at once.
 *
 * Idle work runs no events: a poll that finds nothing and a heartbeat that reaches
 * the SuperLink change nothing, so while the link and the SuperLink are up they are
 * chains (sim/chain.ts) that nobody runs. An instruction queued for the node turns
 * the next poll into an event; a link or the SuperLink going down turns the next
 * poll and the next heartbeat into events (with unlimited retries, into failing
 * tries kept without events until the link is back), and the SuperLink learns when
 * the last heartbeat before it was. Every poll and heartbeat keeps the time, the random draw
 * and the place in the order it had when each ran as an event.
 *
 * Nor is the poll that takes an instruction queued while the SuperLink is in reach: the work is planned
 * from it at once, and what the poll changes (the queue, the state, the round) is applied when someone
 * looks or changes what it read (settle), as it was at the poll; a link going down or the instruction
 * ending before the poll makes the poll an event in its place (settleOrPoll).
 */
import { Chain, Occurrence } from '../../sim/chain.js';
import type { Lookahead } from '../../sim/distributions.js';
import { type Engine, type EventHandle, type EventOrder, Priority, precedes, sameOrder } from '../../sim/engine.js';
import type { Rng } from '../../sim/random.js';
import { Scope } from '../../sim/scope.js';
import type { SuperNodeConfig } from '../config.js';
import { heartbeatDelayMs } from './liveness.js';
import { flowerRetryDelayMs, retryWaitMs } from './retry.js';
import type { Instruction, NodeHooks, OfflineReason, SuperLink } from './superlink.js';

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
  /** Training and evaluation times, drawn in order (a value may be looked at before it is taken). */
  readonly trainTime: Lookahead;
  readonly evalTime: Lookahead;
  /** Transfer time of the model (ms). */
  readonly transfer: number;
  /** Run every poll that takes an instruction as an event, as a check (settle). */
  readonly pollsAsEvents: boolean;
  /** Something the VM's monitoring copies is about to change (the process's state): now, or at the event of order `at`, before now. */
  beforeChange(at?: EventOrder): void;
  /** The process registered as node `nodeId`. */
  onRegistered(nodeId: number): void;
  /** The process took an instruction of server round `round` (now, or at `at`). */
  onInstruction(round: number, at?: EventOrder): void;
  /** The process starts (+1) or stops (-1) working: the role counts its training VMs without looking at each. */
  onWorking(delta: 1 | -1): void;
  /** A poll that took an instruction waits to be applied (settle): the role settles such VMs before it counts. */
  onTakesPending(): void;
  /** The retry invoker gave up: the process has ended. */
  onGiveUp(): void;
}

const DISCONNECTED: OfflineReason = { cause: 'disconnected', action: null };

/**
 * A work in progress whose download end and compute end (and, evaluating, the last step) are not events. Its steps'
 * places in the order follow from the event that started it and their times, so they are made only when asked for
 * (a link going down mid-work): at 10,000 SuperNodes a round makes 20,000 works, few of them disturbed.
 */
class WorkPlan implements EventOrder {
  last: EventHandle | null = null;
  ins: Instruction;
  sampler: Lookahead;
  /** The order of the event that started the work (or of the poll that took it, not run: settle): its time (the download's first try starts then), priority and scheduling time. */
  start = 0;
  startPriority = 0;
  startAt = 0;
  /** The download's end, the compute's end, and the upload's end (fit only; -1 evaluating). */
  t1 = 0;
  t2 = 0;
  t3 = 0;
  /** The order of the last step (s3 fitting, s2 evaluating): the plan is materialized as it. */
  time = 0;
  readonly priority = Priority.NORMAL;
  at = 0;
  readonly parentPriority = Priority.NORMAL;
  parentAt = 0;

  constructor(ins: Instruction, sampler: Lookahead) {
    this.ins = ins;
    this.sampler = sampler;
  }

  /**
   * Become the plan of `ins` (a process makes one plan and reuses it: it has one work at a time, and nothing keeps a
   * plan once its work has ended or been replanned).
   */
  set(ins: Instruction, sampler: Lookahead, start: number, startPriority: number, startAt: number, t1: number, t2: number, t3: number): this {
    this.last = null;
    this.ins = ins;
    this.sampler = sampler;
    this.start = start;
    this.startPriority = startPriority;
    this.startAt = startAt;
    this.t1 = t1;
    this.t2 = t2;
    this.t3 = t3;
    this.time = t3 >= 0 ? t3 : t2;
    this.at = t3 >= 0 ? t2 : t1;
    this.parentAt = t3 >= 0 ? t1 : start;
    return this;
  }

  get fit(): boolean {
    return this.t3 >= 0;
  }

  /** The download's end: scheduled by the event that started the work. */
  s1(): Occurrence {
    return new Occurrence(this.t1, Priority.NORMAL, this.start, this.startPriority, this.startAt);
  }

  /** The compute's end: scheduled by the download's end. */
  s2(): Occurrence {
    return new Occurrence(this.t2, Priority.NORMAL, this.t1, Priority.NORMAL, this.start);
  }

  /** The upload's end (fit): scheduled by the compute's end. */
  s3(): Occurrence {
    return new Occurrence(this.t3, Priority.NORMAL, this.t2, Priority.NORMAL, this.t1);
  }
}

/** One call under the retry invoker: its tries so far, and the next while tries are kept without events. */
class Call {
  tries = 0;
  elapsedAtTry = 0;
  next: Occurrence | null = null;

  constructor(
    readonly duration: number,
    readonly onSuccess: () => void,
    readonly started: number,
    /** A poll's call (reconnected() may keep its next try as the first of the idle polls). */
    readonly poll = false,
  ) {}
}

/**
 * A Scope itself: the engine checks an event's scope when the event comes up, and the process is the object its
 * events touch anyway (with thousands of SuperNodes, a Scope of its own was one more cache miss an event).
 */
export class SuperNodeProcess extends Scope implements NodeHooks {
  private stateNow: ProcessState = 'connecting';
  /** The node id the SuperLink gave this process (null before registering). */
  nodeId: number | null = null;
  /** How the process ended (null while it runs): what the SuperLink reports when the node expires. */
  private endedBy: OfflineReason | null = null;
  /** Polls that find nothing, not run (null while polls run as events). */
  private idlePolls: Chain | null = null;
  /** The last chain of idle polls, once woken: the next is made of it (restartFromNow). */
  private spareIdlePolls: Chain | null = null;
  /** The poll call whose next try is the first occurrence of idlePolls (reconnected), until it is past. */
  private pollAhead: Call | null = null;
  /** Heartbeats that reach the SuperLink, not run (null while they run as events). */
  private heartbeatChain: Chain | null = null;
  /** A work whose intermediate steps do not run as events (null when none is planned). */
  private plan: WorkPlan | null = null;
  /** The object `plan` is kept in, once there has been one. */
  private planObject: WorkPlan | null = null;
  /** Calls whose tries fail while the SuperLink is out of reach, kept without events (with unlimited retries only). */
  private failing: Call[] = [];
  private readonly unlimited: boolean;
  /** A poll, a heartbeat and a work's last step as events: made once, since every instruction queued wakes a poll and starts a work. */
  private readonly pollNow = () => this.poll();
  private readonly heartbeatNow = () => this.heartbeat();
  private readonly lastStepNow = () => this.lastStep(this.plan!);
  /** The time of the heartbeat after one at `t`, drawn from the VM's stream (flower/liveness.ts). */
  private readonly heartbeatStep: (t: number) => number;
  private readonly retryRng: Rng;
  private readonly heartbeatRng: Rng;
  /** The last chain of heartbeats, once settled: the next is made of it (restartFromNow). */
  private spareHeartbeats: Chain | null = null;
  /**
   * The poll that takes the instruction just queued, while it is not an event (null otherwise): its occurrence. Its
   * work is planned already (plan); what the poll itself changes (the queue, the state, the round) is applied when
   * someone looks (settle), as it was at this occurrence.
   */
  private takes: Occurrence | null = null;
  /** The object `takes` is kept in: one per process. */
  private readonly takesAt = new Occurrence(0, 0, 0, 0, 0);
  /** engine.scheduled when the poll would have been made an event: among events of its keys, it follows those made before. */
  private takesSeq = 0;
  /** The call (reconnected's pollAhead) whose try the poll at `takes` is, if any: made an event, it goes on as that try. */
  private takesTry: Call | null = null;

  constructor(private readonly host: ProcessHost) {
    super(host.engine);
    const { heartbeatInterval: interval, rng } = host;
    // The VM's two streams, kept here: a failed try or a heartbeat then reaches its stream without the VM's record of them.
    const heartbeat = rng.heartbeat;
    this.retryRng = rng.retry;
    this.heartbeatRng = heartbeat;
    this.heartbeatStep = (t) => t + Math.round(heartbeatDelayMs(interval, heartbeat()));
    this.unlimited = host.config.reconnect.max_retries === null && host.config.reconnect.max_wait_time === null;
  }

  /** connecting, idle or working, as it is now (a poll that took an instruction before now has, settle). */
  get state(): ProcessState {
    if (this.takes !== null) this.settle();
    return this.stateNow;
  }

  // NodeHooks: what the SuperLink asks of, and tells, this process's node.
  offlineCause(): OfflineReason {
    return this.endedBy ?? DISCONNECTED;
  }

  heartbeats(): Chain | null {
    return this.heartbeatChain;
  }

  onQueued(): void {
    this.wakeToPoll(true);
  }

  beforeDone(ins: Instruction): void {
    // The instruction the pending poll takes fails or is abandoned: if before the poll, the poll finds what is queued then.
    if (this.takes !== null && this.plan?.ins === ins) this.settleOrPoll();
  }

  onHalt(): void {
    this.disturb();
  }

  /** Start: register (supernode/start_client_internal.py registers on start), then heartbeat and poll. */
  start(): void {
    this.call(0, () => {
      this.nodeId = this.host.superlink.register(this);
      this.host.onRegistered(this.nodeId);
      this.host.beforeChange();
      this.setState('idle');
      this.scheduleHeartbeat();
      this.poll();
    });
  }

  /** End the process: nothing it scheduled runs any more, and the SuperLink will report `reason` for its node. */
  end(reason: OfflineReason): void {
    this.settle();
    // A poll still to come never runs, nor its work.
    this.dropTakes();
    this.settleHeartbeats();
    this.idlePolls = null;
    this.pollAhead = null;
    this.failing = [];
    this.endPlan();
    // The VM lets the process go: it works no more.
    if (this.stateNow === 'working') this.host.onWorking(-1);
    this.endedBy = reason;
    this.close();
  }

  /**
   * The node's link, its site or the SuperLink went down: the next poll and the next heartbeat will
   * fail, so they run as events (each in the place it had), and the retry invoker takes over.
   */
  disturb(): void {
    this.settleOrPoll();
    this.replan();
    if (this.idlePolls !== null) this.wakeToPoll();
    const heartbeats = this.heartbeatChain;
    if (heartbeats !== null) {
      this.settleHeartbeats();
      const o = heartbeats.next();
      if (this.failsFromNow()) this.failFrom(o, () => this.heartbeatReached());
      else this.materialize(o, this.heartbeatNow);
    }
  }

  /**
   * The poll that takes an instruction, if it was due before the event running now (or outside the run, by now):
   * what it changed, as it was then. Whoever reads the process's state, or changes what the poll read, settles first.
   */
  settle(): void {
    const o = this.takes;
    if (o === null) return;
    const { engine } = this.host;
    const running = engine.current;
    if (running === null ? o.time > engine.now : precedes(running, o)) return;
    // Equal keys (a timeout of 3 s due with the poll, say): the engine runs the one scheduled first.
    if (running !== null && sameOrder(o, running) && engine.runningScheduledBefore(this.takesSeq)) return;
    this.takes = null;
    this.takesTry = null;
    // pollReached and work, at o: the instruction is the first not done in the queue (beforeDone sees to it).
    const ins = this.host.superlink.pull(this.nodeId!)!;
    this.host.onInstruction(ins.round, o);
    this.host.beforeChange(o);
    this.setState('working');
  }

  /** Whether a poll that took an instruction waits to be applied (settle). */
  get pending(): boolean {
    return this.takes !== null;
  }

  private setState(s: ProcessState): void {
    if ((s === 'working') !== (this.stateNow === 'working')) this.host.onWorking(s === 'working' ? 1 : -1);
    this.stateNow = s;
  }

  /** Settle, or, if the poll is still to come, make it an event in its place (something it reads changes first). */
  private settleOrPoll(): void {
    this.settle();
    const ahead = this.takesTry;
    const o = this.dropTakes();
    if (o === null) return;
    if (ahead !== null) this.materialize(o, () => this.attempt(ahead));
    else this.materialize(o, this.pollNow);
  }

  /** Forget the poll still to come (if any) and the work planned from it; its occurrence (valid until the next is kept). */
  private dropTakes(): Occurrence | null {
    const o = this.takes;
    if (o === null) return null;
    this.takes = null;
    this.takesTry = null;
    this.host.engine.cancel(this.plan!.last);
    this.plan = null;
    return o;
  }

  /**
   * An instruction was queued for this node (`queued`), or the link went down: the next poll takes it, or fails.
   * A poll that takes an instruction with the SuperLink in reach is not an event: its work is planned from it now.
   */
  private wakeToPoll(queued = false): void {
    const polls = this.idlePolls;
    if (polls === null) return;
    this.idlePolls = null;
    // What follows copies `o` (materialize, failFrom): the chain can be made again.
    this.spareIdlePolls = polls;
    const o = polls.next();
    const ahead = this.pollAhead;
    this.pollAhead = null;
    if (queued && !this.host.pollsAsEvents && this.nodeId !== null && this.reachesNow()) {
      // The poll at o takes the instruction (a try reconnected() kept, too, succeeds at once): nothing before o can
      // change that without settling first (disturb, beforeDone), and its work starts at o.
      const ins = this.host.superlink.firstQueued(this.nodeId);
      if (ins !== null) {
        const at = this.takesAt.set(o.time, o.priority, o.at, o.parentPriority, o.parentAt);
        this.takes = at;
        this.host.onTakesPending();
        this.takesSeq = this.host.engine.scheduled;
        this.takesTry = ahead !== null && sameOrder(o, ahead.next!) ? ahead : null;
        this.planWork(ins, at);
        return;
      }
    }
    if (ahead !== null && sameOrder(o, ahead.next!)) {
      // The poll due next is the try reconnected() kept: it goes on as that call's try, in the same place.
      if (this.failsFromNow()) this.failing.push(ahead);
      else this.materialize(o, () => this.attempt(ahead));
      return;
    }
    if (this.failsFromNow()) this.failFrom(o, () => this.pollReached(), true);
    else this.materialize(o, this.pollNow);
  }

  /** Whether every try fails from now until reconnected() says otherwise: unlimited retries, and the SuperLink out of reach. */
  private failsFromNow(): boolean {
    return this.unlimited && !this.reachesNow();
  }

  /**
   * A zero-time call (a heartbeat, a poll) whose first try, at occurrence `o`, fails: it joins the failing tries
   * kept without events (catchUp), with none made yet; reconnected() makes its try then due an event.
   */
  private failFrom(o: Occurrence, onSuccess: () => void, poll = false): void {
    const c = new Call(0, onSuccess, o.time, poll);
    c.next = Occurrence.copy(o);
    this.failing.push(c);
  }

  /** Stop the heartbeat chain, and let the SuperLink account for the heartbeats it stood for. */
  private settleHeartbeats(): void {
    const heartbeats = this.heartbeatChain;
    if (heartbeats === null || this.nodeId === null) return;
    this.heartbeatChain = null;
    this.host.superlink.settleHeartbeats(this.nodeId, heartbeats);
    // Whoever settles reads the chain's next occurrence at most, and copies it, before the next one is made.
    this.spareHeartbeats = heartbeats;
  }

  /**
   * One gRPC call under Flower's retry invoker (common/retry_invoker.py): a try needs the
   * SuperLink reachable for its whole `duration`; a failed try waits the jittered backoff;
   * limits count per call; giving up ends the process (no outer reconnect loop).
   */
  private call(duration: number, onSuccess: () => void, poll = false): void {
    this.attempt(new Call(duration, onSuccess, this.host.engine.now, poll));
  }

  private attempt(c: Call): void {
    const { engine, superlink } = this.host;
    c.tries++;
    // retry_invoker.py measures elapsed_time when a try starts, not when it fails.
    c.elapsedAtTry = engine.now - c.started;
    if (!this.reachesNow()) {
      this.failed(c);
      return;
    }
    if (c.duration === 0) {
      c.onSuccess();
      return;
    }
    const t0 = engine.now;
    this.schedule(c.duration, () => {
      if (this.host.reachableThroughout(t0) && superlink.up) c.onSuccess();
      else this.failed(c);
    });
  }

  private failed(c: Call): void {
    // The retries still failing came before this failure, and drew from the same stream first.
    this.catchUp();
    const waitMs = retryWaitMs(c.tries, c.elapsedAtTry, this.host.config.reconnect, this.retryRng);
    if (waitMs < 0) {
      this.giveUp();
      return;
    }
    const { engine } = this.host;
    if (this.failsFromNow()) {
      // Each try until the link (or the SuperLink) is back fails the same way and only draws its backoff: the
      // tries are kept as occurrences (catchUp), and the first one after the link is back runs (reconnected).
      const running = engine.current!;
      c.next = Occurrence.scheduledBy(running, engine.now + Math.round(waitMs), Priority.NORMAL);
      this.failing.push(c);
      return;
    }
    this.schedule(waitMs, () => this.attempt(c));
  }

  /** Run, without events, the failing tries that come before the event running now: in their order, each drawing its backoff. */
  private catchUp(): void {
    const failing = this.failing;
    const n = failing.length;
    if (n === 0) return;
    const { engine } = this.host;
    const running = engine.current!;
    const rng = this.retryRng;
    for (;;) {
      // The call whose try comes first (the first listed among equal orders), and the first try of the others.
      let first = failing[0]!;
      let second: Occurrence | null = null;
      for (let i = 1; i < n; i++) {
        const next = failing[i]!.next!;
        if (precedes(next, first.next!)) {
          second = first.next!;
          first = failing[i]!;
        } else if (second === null || precedes(next, second)) second = next;
      }
      const o = first.next!;
      // Its tries run one after the other while each comes before the event running now and before the others'.
      do {
        if (!precedes(o, running)) {
          if (!precedes(running, o)) engine.noteUnorderedTie();
          return;
        }
        first.tries++;
        first.elapsedAtTry = o.time - first.started;
        // Only with unlimited retries are tries kept as occurrences: such a call never gives up, and waits the full
        // jitter alone (retry.ts retryWaitMs without limits).
        o.follow(o, o.time + Math.round(flowerRetryDelayMs(first.tries, rng)), Priority.NORMAL);
      } while (second === null || precedes(o, second));
    }
  }

  /**
   * The node reaches the SuperLink again: the failing tries before now fail, and each call's next try runs as an
   * event, but a poll's when nothing is queued for the node: that try will find nothing unless an instruction
   * comes first, so it is kept as the first of the idle polls (wakeToPoll makes it the call's try again).
   */
  reconnected(): void {
    if (this.failing.length === 0 || !this.host.superlink.up) return;
    this.catchUp();
    const failing = this.failing;
    this.failing = [];
    for (const c of failing) {
      if (c.poll && this.idlePolls === null && this.nodeId !== null && !this.host.superlink.hasQueued(this.nodeId)) {
        this.idlePolls = this.spareIdlePolls?.restartAt(c.next!) ?? Chain.periodic(this.host.engine, Priority.NORMAL, Occurrence.copy(c.next!), POLL_INTERVAL);
        this.pollAhead = c;
        continue;
      }
      this.materialize(c.next!, () => this.attempt(c));
    }
  }

  // The heartbeat loop: the next heartbeat after (interval - 5 s) x U(0.7, 0.9) (flower/liveness.ts). It is
  // only ever scheduled right after a call reached the SuperLink, so it starts as a chain.
  private scheduleHeartbeat(): void {
    const { engine, heartbeatInterval: interval } = this.host;
    const delay = heartbeatDelayMs(interval, this.heartbeatRng());
    this.heartbeatChain = this.spareHeartbeats?.restartFromNow(delay) ?? Chain.fromNow(engine, Priority.NORMAL, delay, this.heartbeatStep);
  }

  private heartbeat(): void {
    if (this.reachesNow()) this.heartbeatReached();
    else this.call(0, () => this.heartbeatReached());
  }

  private heartbeatReached(): void {
    this.host.superlink.heartbeat(this.nodeId!);
    this.scheduleHeartbeat();
  }

  private poll(): void {
    if (this.reachesNow()) this.pollReached();
    else this.call(0, () => this.pollReached(), true);
  }

  /**
   * Whether a zero-time call's first try succeeds now: then it is its success, at once (attempt), and needs no Call
   * to count its tries; idle SuperNodes make one a round or more each.
   */
  private reachesNow(): boolean {
    return this.host.reachable() && this.host.superlink.up;
  }

  private pollReached(): void {
    const ins = this.host.superlink.pull(this.nodeId!);
    if (ins) {
      this.host.onInstruction(ins.round);
      this.work(ins);
    } else {
      // Found nothing, with the SuperLink reachable this instant: so will every poll every 3 s until something
      // changes, which wakes the chain (wakeToPoll, disturb).
      this.idlePolls =
        this.spareIdlePolls?.restartFromNow(POLL_INTERVAL) ?? Chain.fromNow(this.host.engine, Priority.NORMAL, POLL_INTERVAL, null, POLL_INTERVAL);
    }
  }

  /**
   * fit/evaluate: download the model, compute, upload the result; each transfer is a call. While the link and the
   * SuperLink stay up, the download's end and the compute's end change nothing anyone sees (the node is
   * working throughout), so only the last step runs as an event, at the time and in the place it would have had;
   * `disturb` puts the step then due back as an event, and the calls go on as written.
   */
  private work(ins: Instruction): void {
    this.host.beforeChange();
    this.setState('working');
    const running = this.host.engine.current;
    if (running === null || !this.reachesNow()) {
      const sampler = ins.kind === 'fit' ? this.host.trainTime : this.host.evalTime;
      this.call(this.host.transfer, this.downloaded(ins, sampler));
      return;
    }
    this.planWork(ins, running);
  }

  /** The work of `ins` started by the event of order `start`, whose download's first try starts then and succeeds unless something goes down (then disturb replans). */
  private planWork(ins: Instruction, start: EventOrder): void {
    const transfer = this.host.transfer;
    const fit = ins.kind === 'fit';
    const sampler = fit ? this.host.trainTime : this.host.evalTime;
    const t1 = start.time + Math.round(transfer);
    const t2 = t1 + Math.round(sampler.peek());
    this.planObject ??= new WorkPlan(ins, sampler);
    const plan = this.planObject.set(ins, sampler, start.time, start.priority, start.at, t1, t2, fit ? t2 + Math.round(transfer) : -1);
    // The last step: the upload's end (fit) or the compute's end, whose upload of nothing succeeds at once (evaluate).
    plan.last = this.materialize(plan, this.lastStepNow);
    this.plan = plan;
  }

  private lastStep(plan: WorkPlan): void {
    this.settle();
    this.plan = null;
    plan.sampler.take();
    // The instruction, not the plan: the plan is made again for the next work.
    const ins = plan.ins;
    if (plan.fit || this.reachesNow()) this.replied(ins);
    else this.call(0, () => this.replied(ins));
  }

  /** The upload reached the SuperLink: idle again, and polling. */
  private replied(ins: Instruction): void {
    this.host.superlink.reply(ins);
    this.host.beforeChange();
    this.setState('idle');
    this.poll();
  }

  /** The download's end, as a call's success: compute for a drawn time, then upload. */
  private downloaded(ins: Instruction, sampler: Lookahead): () => void {
    const computed = this.computed(ins);
    return () => this.schedule(sampler.take(), computed);
  }

  /** The compute's end: the upload, a call (of nothing, evaluating). */
  private computed(ins: Instruction): () => void {
    return () => this.call(ins.kind === 'fit' ? this.host.transfer : 0, () => this.replied(ins));
  }

  /** The process ends during a planned work: if the download had ended, the compute time was drawn then. */
  private endPlan(): void {
    const plan = this.plan;
    if (plan === null) return;
    this.plan = null;
    const running = this.host.engine.current;
    if (running !== null && precedes(plan.s1(), running)) plan.sampler.take();
  }

  /** Something went down during a planned work: the step due next runs as an event, and the rest as written. */
  private replan(): void {
    const plan = this.plan;
    if (plan === null) return;
    this.plan = null;
    this.host.engine.cancel(plan.last);
    const running = this.host.engine.current!;
    const { superlink, transfer } = this.host;
    const s1 = plan.s1();
    if (precedes(running, s1)) {
      // The download is in flight since the work started (its first try): its end finds the link broken.
      const c = new Call(transfer, this.downloaded(plan.ins, plan.sampler), plan.start);
      c.tries = 1;
      this.materialize(s1, () => {
        if (this.host.reachableThroughout(c.started) && superlink.up) c.onSuccess();
        else this.failed(c);
      });
      return;
    }
    plan.sampler.take();
    const s2 = plan.s2();
    if (!plan.fit || precedes(running, s2)) {
      // Computing: the compute's end starts the upload (or, evaluating, the empty one).
      this.materialize(s2, this.computed(plan.ins));
      return;
    }
    // Uploading since s2: its first try started then, and its end finds the link broken.
    const ins = plan.ins;
    const upload = new Call(transfer, () => this.replied(ins), plan.t2);
    upload.tries = 1;
    this.materialize(plan.s3(), () => {
      if (this.host.reachableThroughout(upload.started) && superlink.up) upload.onSuccess();
      else this.failed(upload);
    });
  }

  private giveUp(): void {
    this.end({ cause: 'gave_up', action: null });
    this.host.onGiveUp();
  }
}
