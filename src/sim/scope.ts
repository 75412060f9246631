/**
 * A scope groups the events an actor schedules, so that ending the actor ends
 * them all: close() and none of them runs (the engine skips them when they come
 * up). It replaces "is this callback still for the current process?" checks.
 */
import { type Closable, type Engine, type EventHandle, type EventOrder, Priority } from './engine.js';

export class Scope implements Closable {
  private open = true;

  constructor(private readonly engine: Engine) {}

  get closed(): boolean {
    return !this.open;
  }

  /** engine.schedule, within this scope. */
  schedule(delay: number, fn: () => void, priority: Priority = Priority.NORMAL): EventHandle {
    return this.engine.schedule(delay, fn, priority, this);
  }

  /** engine.at, within this scope. */
  at(time: number, fn: () => void, priority: Priority = Priority.NORMAL): EventHandle {
    return this.engine.at(time, fn, priority, this);
  }

  /** chain.materialize, within this scope: an event in the place of order `o` (an occurrence, or what stands for one). */
  materialize(o: EventOrder, fn: () => void): EventHandle {
    return this.engine.atOrder(o, fn, this);
  }

  /** End the scope: no event scheduled through it runs from now on. */
  close(): void {
    this.open = false;
  }
}
