/**
 * An event that reschedules itself, as the sequence of its occurrences: each one
 * at `step(previous time)`, scheduled (virtually) by the one before. While the
 * occurrences would change nothing, none of them needs to run: the chain knows
 * each one's time and place in the engine's order without running it, and what
 * depends on them asks it (`last`), or turns the next one into a real event in
 * its own place (`materialize`) when it starts to matter. The answers are those
 * of the events the chain stands for, to the engine's tie order (sim/engine.ts).
 */
import { type Closable, type Engine, type EventHandle, type EventOrder, type Priority, precedes, sameOrder } from './engine.js';

/** One occurrence of a chain (or any event that was never scheduled): its time and its order. */
export class Occurrence implements EventOrder {
  constructor(
    public time: number,
    public priority: number,
    public at: number,
    public parentPriority: number,
    public parentAt: number,
  ) {}

  /** An occurrence of its own with the order `o` has (a chain steps the ones it holds in place). */
  static copy(o: EventOrder): Occurrence {
    return new Occurrence(o.time, o.priority, o.at, o.parentPriority, o.parentAt);
  }

  /** The event `by` (running, or itself never scheduled) would schedule for `time` at `priority`. */
  static scheduledBy(by: EventOrder, time: number, priority: Priority): Occurrence {
    return new Occurrence(time, priority, by.time, by.priority, by.at);
  }

  /** Become the occurrence `o` schedules for `time` (a chain steps without allocating). */
  follow(o: EventOrder, time: number, priority: Priority): this {
    return this.set(time, priority, o.time, o.priority, o.at);
  }

  /** Take these keys (a chain steps without allocating). */
  set(time: number, priority: number, at: number, parentPriority: number, parentAt: number): this {
    this.time = time;
    this.priority = priority;
    this.at = at;
    this.parentPriority = parentPriority;
    this.parentAt = parentAt;
    return this;
  }
}

export class Chain {
  /** The first occurrence not known to be before the running event. */
  private cur: Occurrence;
  /** The occurrence before `cur`, if any. */
  private prev: Occurrence | null = null;
  /** The object `prev` is kept in once there is one: stepping reuses the two. */
  private spare = new Occurrence(0, 0, 0, 0, 0);

  constructor(
    private readonly engine: Engine,
    private readonly priority: Priority,
    /** The first occurrence. */
    first: Occurrence,
    /** The time of the occurrence after one at `time`; periodic chains give `period` instead and can jump. */
    private readonly step: ((time: number) => number) | null,
    private readonly period = 0,
  ) {
    this.cur = first;
  }

  /** A chain of occurrences `period` ms apart. */
  static periodic(engine: Engine, priority: Priority, first: Occurrence, period: number): Chain {
    return new Chain(engine, priority, first, null, period);
  }

  /** The chain made of an event that is running now and would schedule itself again after `delay` ms. */
  static fromNow(engine: Engine, priority: Priority, delay: number, step: ((time: number) => number) | null, period = 0): Chain {
    const now = engine.now;
    const running = engine.current;
    const time = now + Math.round(delay);
    const first = running === null ? new Occurrence(time, priority, now, -1, -1) : Occurrence.scheduledBy(running, time, priority);
    return new Chain(engine, priority, first, step, period);
  }

  /**
   * Become the chain `fromNow(engine, priority, delay, ...)` would make, with this chain's step or period: for an
   * owner that starts the same chain over and over, and that nobody else holds (nor any occurrence it gave).
   */
  restartFromNow(delay: number): this {
    const now = this.engine.now;
    const running = this.engine.current;
    const time = now + Math.round(delay);
    return running === null ? this.restart(time, this.priority, now, -1, -1) : this.restart(time, this.priority, running.time, running.priority, running.at);
  }

  /** Become the chain `new Chain(engine, priority, copy of first, ...)` would be, with this chain's step or period (as restartFromNow). */
  restartAt(first: EventOrder): this {
    return this.restart(first.time, first.priority, first.at, first.parentPriority, first.parentAt);
  }

  /** Start over at the occurrence of these keys, with none before it (without allocating). */
  private restart(time: number, priority: number, at: number, parentPriority: number, parentAt: number): this {
    this.cur.set(time, priority, at, parentPriority, parentAt);
    if (this.prev !== null) this.spare = this.prev;
    this.prev = null;
    return this;
  }

  /** The first occurrence after the event running now. */
  next(): Occurrence {
    return this.nextAfter(this.engine.current);
  }

  /** The last occurrence before the event running now, or null if there was none. */
  last(): Occurrence | null {
    return this.lastBefore(this.engine.current);
  }

  /** The first occurrence after `order`; calls must not go back in the order. The answer is valid until the next call. */
  nextAfter(order: EventOrder | null): Occurrence {
    this.advance(order);
    return this.cur;
  }

  /** The last occurrence before `order`, or null if there was none; calls must not go back in the order. Valid until the next call. */
  lastBefore(order: EventOrder | null): Occurrence | null {
    this.advance(order);
    return this.prev;
  }

  /**
   * Step `check`, an occurrence of a watchdog over this chain (another event, at a priority not the chain's), as
   * the watchdog's events would: each sets the next `window` ms after the later of `floor` and the chain's last
   * occurrence before it, until `check` is no longer before `until`. The chain is advanced as far as the last step
   * looked, as lastBefore would leave it. On numbers, not occurrences: the SuperLink's expiry checks over a node's
   * heartbeats take some 1,700 steps a node-day.
   */
  watch(check: Occurrence, window: number, floor: number, until: EventOrder): void {
    const { priority, step, period } = this;
    const kP = check.priority;
    // At the same time, the chain's occurrence comes first if its priority does.
    const first = priority < kP;
    // The chain's current occurrence and the one before it, and the check's keys, as numbers while stepping.
    let { time: cT, at: cA, parentPriority: cPP, parentAt: cPA } = this.cur;
    let pT = this.prev === null ? Number.NEGATIVE_INFINITY : this.prev.time;
    let pA = 0;
    let pPP = 0;
    let pPA = 0;
    let { time: kT, at: kA, parentPriority: kPP, parentAt: kPA } = check;
    const { time: uT, priority: uP, at: uA, parentPriority: uPP, parentAt: uPA } = until;
    let stepped = false;
    let checked = false;
    // precedes(check, until), on the numbers.
    while (kT !== uT ? kT < uT : kP !== uP ? kP < uP : kA !== uA ? kA < uA : kPP !== uPP ? kPP < uPP : kPA < uPA) {
      while (cT < kT || (first && cT === kT)) {
        pT = cT;
        pA = cA;
        pPP = cPP;
        pPA = cPA;
        cT = step === null ? pT + period : step(pT);
        cA = pT;
        cPP = priority;
        cPA = pA;
        stepped = true;
      }
      // Scheduled by itself (as follow(check, ...) would), for `window` after the last occurrence it saw.
      kPA = kA;
      kPP = kP;
      kA = kT;
      kT = Math.max(floor, pT) + window;
      checked = true;
    }
    if (checked) check.set(kT, kP, kA, kPP, kPA);
    if (!stepped) return;
    // The two occurrences the chain keeps, as advance leaves them.
    this.prev = (this.prev ?? this.spare).set(pT, priority, pA, pPP, pPA);
    this.cur.set(cT, priority, cA, cPP, cPA);
  }

  /** Schedule occurrence `o` (one `next` gave) as a real event running `fn`, in its own place in the order. */
  materialize(o: Occurrence, fn: () => void, scope: Closable | null = null): EventHandle {
    return this.engine.atOrder(o, fn, scope);
  }

  private advance(running: EventOrder | null): void {
    if (running === null) return;
    if (this.step === null) this.jump(running.time);
    for (;;) {
      const c = this.cur;
      if (precedes(running, c)) return;
      // Equal orders (two events scheduled in the same millisecond by events of the same order): the engine would
      // order them by their parents' places, which the chain does not know; the occurrence counts as earlier.
      if (sameOrder(c, running)) this.engine.noteUnorderedTie();
      const next = this.prev ?? this.spare;
      next.follow(c, this.step === null ? c.time + this.period : this.step(c.time), this.priority);
      this.prev = c;
      this.cur = next;
    }
  }

  /** Periodic chains: skip to one period before `time` in one step. */
  private jump(time: number): void {
    const n = Math.floor((time - this.cur.time) / this.period) - 1;
    if (n < 3) return;
    // Occurrences n - 1 and n after cur: their keys name the times of the ones before them.
    const t = this.cur.time + (n - 1) * this.period;
    const prev = (this.prev ?? this.spare).set(t, this.priority, t - this.period, this.priority, t - 2 * this.period);
    this.cur.follow(prev, t + this.period, this.priority);
    this.prev = prev;
  }
}
