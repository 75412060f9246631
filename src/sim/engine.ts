/**
 * The discrete-event engine: a clock in integer milliseconds and one total
 * order of events. Ties on time break on a named priority, then on the order of
 * scheduling, so a run repeats exactly. The order of scheduling is written as
 * the time the event was scheduled at, then the priority and that time of the
 * event that scheduled it, then a sequence number: the same order as the sequence alone,
 * but one that an event never scheduled can be given too, so that a chain of
 * occurrences that change nothing need not run (sim/chain.ts).
 * It knows no domain: actors are built on `schedule` and `cancel` alone.
 */

/** Named priorities for events due at the same millisecond. Lower runs first. */
export const Priority = {
  /** State changes that later same-time events must see (a link going down before a call is tried). */
  URGENT: 0,
  /** Everything else. */
  NORMAL: 1,
  /** Observations of the state a millisecond has settled into (samplers, ticks that read metrics). */
  LATE: 2,
} as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

/** A scheduled event. Keep the handle to cancel it. */
export interface EventHandle {
  readonly time: number;
  /** null once run or cancelled. */
  fn: (() => void) | null;
}

/** What an event may belong to: once closed, none of its events runs (sim/scope.ts). */
export interface Closable {
  readonly closed: boolean;
}

/**
 * A class, not an object literal: V8 gives literals of the same size one shared tree of shapes, and once
 * other code (a JSON Schema compiler, say) has filled that tree, new literals fall back to slow dictionary
 * objects, which made every event several times dearer in a process that had loaded the whole library.
 */
class Entry implements EventHandle, EventOrder {
  constructor(
    readonly time: number,
    public fn: (() => void) | null,
    readonly priority: number,
    /** The time it was scheduled at. */
    readonly at: number,
    /** The priority and scheduling time of the event that scheduled it (-1, -1 before the run). */
    readonly parentPriority: number,
    readonly parentAt: number,
    readonly seq: number,
    readonly scope: Closable | null,
  ) {}

  /** Events due at the same time with the same keys, scheduled right after this one: they follow it, out of the heap. */
  next: Entry | null = null;
  /** The last of them (on the one in the heap). */
  tail: Entry = this;
}

/**
 * An event's place among the events due at the same time, as far as it is known: its priority and the time
 * it was scheduled at, then the same two of the event that scheduled it (small integers, kept apart so that
 * none needs a boxed number).
 */
export interface EventOrder {
  readonly time: number;
  readonly priority: number;
  readonly at: number;
  readonly parentPriority: number;
  readonly parentAt: number;
}

/**
 * Whether event order `a` comes before `b`, as far as they tell; equal orders (two events scheduled in the
 * same millisecond by events of the same priority and scheduling time) count as "not before".
 */
export function precedes(a: EventOrder, b: EventOrder): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  if (a.at !== b.at) return a.at < b.at;
  if (a.parentPriority !== b.parentPriority) return a.parentPriority < b.parentPriority;
  return a.parentAt < b.parentAt;
}

/** Whether two orders are equal in every part: an order `precedes` cannot decide. */
export function sameOrder(a: EventOrder, b: EventOrder): boolean {
  return a.time === b.time && a.priority === b.priority && a.at === b.at && a.parentPriority === b.parentPriority && a.parentAt === b.parentAt;
}

export class EventBudgetExceeded extends Error {
  constructor(
    readonly budget: number,
    readonly time: number,
  ) {
    // The time is a field: whoever reports it knows how to show it.
    super(`the event budget of ${budget} events ran out`);
    this.name = 'EventBudgetExceeded';
  }
}

export interface EngineOptions {
  /** Stop with EventBudgetExceeded after this many events (default 50 million). */
  eventBudget?: number | undefined;
}

function before(a: Entry, b: Entry): boolean {
  if (a.time !== b.time) return a.time < b.time;
  if (a.priority !== b.priority) return a.priority < b.priority;
  if (a.at !== b.at) return a.at < b.at;
  if (a.parentPriority !== b.parentPriority) return a.parentPriority < b.parentPriority;
  if (a.parentAt !== b.parentAt) return a.parentAt < b.parentAt;
  return a.seq < b.seq;
}

export class Engine {
  private heap: Entry[] = [];
  /**
   * The heap's times, in the heap's order: most comparisons are decided by time, and reading it from one array
   * spares a cache miss per entry compared in a heap of tens of thousands (entries decide ties only).
   */
  private times = new Float64Array(1024);
  private seq = 0;
  private running: Entry | null = null;
  /** The event whose schedulings the open groups belong to, and the open group (in the heap) per priority. */
  private groupOwner: Entry | null = null;
  private readonly groups: Array<Entry | null> = [null, null, null];
  private ties = 0;
  private _now = 0;
  private _processed = 0;
  private readonly budget: number;

  constructor(options: EngineOptions = {}) {
    this.budget = options.eventBudget ?? 50_000_000;
  }

  /** Current simulated time in milliseconds. */
  get now(): number {
    return this._now;
  }

  /** The order of the event running now (null outside the run). */
  get current(): EventOrder | null {
    return this.running;
  }

  /** Times a chain could not tell an occurrence's order from an event's by their keys (sim/chain.ts). */
  get unorderedTies(): number {
    return this.ties;
  }

  noteUnorderedTie(): void {
    this.ties++;
  }

  /**
   * Events scheduled so far. Among events of equal keys, one scheduled when this count was `n` comes after those
   * scheduled before (runningScheduledBefore): what an event never scheduled needs to know its place among them.
   */
  get scheduled(): number {
    return this.seq;
  }

  /** Whether the event running now was scheduled while `scheduled` was below `n`. */
  runningScheduledBefore(n: number): boolean {
    return this.running !== null && this.running.seq < n;
  }

  /** Events run so far. */
  get processed(): number {
    return this._processed;
  }

  /** Run `fn` after `delay` ms (rounded to the millisecond, never negative); not at all once `scope` is closed. */
  schedule(delay: number, fn: () => void, priority: Priority = Priority.NORMAL, scope: Closable | null = null): EventHandle {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule into the past (delay ${delay} ms at t=${this._now} ms)`);
    return this.push(this._now + Math.round(delay), priority, fn, scope);
  }

  /** Run `fn` at absolute time `time` (ms), which must not be in the past; not at all once `scope` is closed. */
  at(time: number, fn: () => void, priority: Priority = Priority.NORMAL, scope: Closable | null = null): EventHandle {
    if (!(time >= this._now)) throw new RangeError(`cannot schedule at t=${time} ms: now is t=${this._now} ms`);
    return this.push(Math.round(time), priority, fn, scope);
  }

  /**
   * Run `fn` at `time` in the place of an event that was scheduled earlier and never was: ordered by
   * `order` (its key and its parent's), after any event of the same keys already scheduled.
   */
  atOrder(order: EventOrder, fn: () => void, scope: Closable | null = null): EventHandle {
    if (!(order.time >= this._now)) throw new RangeError(`cannot schedule at t=${order.time} ms: now is t=${this._now} ms`);
    return this.insert(new Entry(order.time, fn, order.priority, order.at, order.parentPriority, order.parentAt, this.seq++, scope));
  }

  /** Cancel a pending event; cancelling one that ran or was cancelled does nothing. */
  cancel(handle: EventHandle | null | undefined): void {
    if (handle) handle.fn = null;
  }

  /**
   * Run events in order until the next one is later than `until` (the clock then
   * stands at `until`) or nothing is scheduled. Returns the number of events run.
   */
  run(until = Infinity): number {
    const heap = this.heap;
    const start = this._processed;
    while (heap.length > 0) {
      let e: Entry | null = heap[0]!;
      if (e.time > until) break;
      this.pop();
      while (e !== null) {
        const fn = e.fn;
        e.fn = null;
        if (fn !== null && !e.scope?.closed) {
          this._now = e.time;
          if (this._processed >= this.budget) throw new EventBudgetExceeded(this.budget, this._now);
          this._processed++;
          this.running = e;
          fn();
        }
        const next: Entry | null = e.next;
        // The rest of the group waits in the heap if something scheduled meanwhile comes first.
        if (next !== null && heap.length > 0 && before(heap[0]!, next)) {
          next.tail = e.tail === e ? next : e.tail;
          this.insert(next);
          break;
        }
        if (next !== null) next.tail = e.tail;
        e = next;
      }
    }
    this.running = null;
    if (until !== Infinity && until > this._now) this._now = until;
    return this._processed - start;
  }

  private push(time: number, priority: Priority, fn: () => void, scope: Closable | null): EventHandle {
    const parent = this.running;
    const entry =
      parent === null
        ? new Entry(time, fn, priority, this._now, -1, -1, this.seq++, scope)
        : new Entry(time, fn, priority, this._now, parent.priority, parent.at, this.seq++, scope);
    // Events one event schedules for the same time and priority have the same keys and consecutive places: the
    // later ones follow the first out of the heap (a round's instructions' timeouts, say), in the same order.
    if (this.groupOwner !== parent || parent === null) {
      this.groupOwner = parent;
      this.groups[0] = this.groups[1] = this.groups[2] = null;
    }
    const group = this.groups[priority]!;
    if (group !== null && group.time === time && parent !== null) {
      group.tail.next = entry;
      group.tail = entry;
      return entry;
    }
    this.groups[priority] = entry;
    return this.insert(entry);
  }

  private insert(entry: Entry): Entry {
    const heap = this.heap;
    let i = heap.length;
    heap.push(entry);
    if (i >= this.times.length) {
      const grown = new Float64Array(this.times.length * 2);
      grown.set(this.times);
      this.times = grown;
    }
    const times = this.times;
    const t = entry.time;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (t > pt || (t === pt && !before(entry, heap[parent]!))) break;
      heap[i] = heap[parent]!;
      times[i] = pt;
      i = parent;
    }
    heap[i] = entry;
    times[i] = t;
    return entry;
  }

  private pop(): void {
    const heap = this.heap;
    const times = this.times;
    const last = heap.pop()!;
    const n = heap.length;
    if (n === 0) return;
    const t = last.time;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      let ct = times[l]!;
      if (r < n) {
        const rt = times[r]!;
        if (rt < ct || (rt === ct && before(heap[r]!, heap[l]!))) {
          c = r;
          ct = rt;
        }
      }
      if (ct > t || (ct === t && !before(heap[c]!, last))) break;
      heap[i] = heap[c]!;
      times[i] = ct;
      i = c;
    }
    heap[i] = last;
    times[i] = t;
  }
}
