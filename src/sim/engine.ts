/**
 * The discrete-event engine: a clock in integer milliseconds and one total
 * order of events, (time, priority, sequence). Ties on time break on a named
 * priority, then on the order of scheduling, so a run repeats exactly.
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
class Entry implements EventHandle {
  constructor(
    readonly time: number,
    public fn: (() => void) | null,
    /** priority * 2^44 + seq: one number orders same-time events (2^44 events is far beyond any budget). */
    readonly order: number,
    readonly scope: Closable | null,
  ) {}
}

const PRIORITY_STEP = 2 ** 44;

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
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}

export class Engine {
  private heap: Entry[] = [];
  private seq = 0;
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
      const top = heap[0]!;
      if (top.time > until) break;
      this.pop();
      const fn = top.fn;
      if (fn === null) continue;
      top.fn = null;
      if (top.scope?.closed) continue;
      this._now = top.time;
      if (this._processed >= this.budget) throw new EventBudgetExceeded(this.budget, this._now);
      this._processed++;
      fn();
    }
    if (until !== Infinity && until > this._now) this._now = until;
    return this._processed - start;
  }

  private push(time: number, priority: number, fn: () => void, scope: Closable | null): EventHandle {
    const entry = new Entry(time, fn, priority * PRIORITY_STEP + this.seq++, scope);
    const heap = this.heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
    return entry;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    const n = heap.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[c]!, last)) break;
      heap[i] = heap[c]!;
      i = c;
    }
    heap[i] = last;
  }
}
