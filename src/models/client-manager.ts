/**
 * The legacy server's client manager in a SuperLink deployment: its client list
 * is synced from the SuperLink's online nodes every 5 s (flower.md §4), and
 * wait_for(n, timeout) blocks until n clients are listed or the timeout passes
 * (server/client_manager.py; its result is ignored by sample).
 */
import { Engine, Priority, type EventHandle } from '../sim/engine.js';
import type { SuperLink } from './superlink.js';

const SYNC_INTERVAL = 5000;

interface Waiter {
  n: number;
  done: () => void;
  timer: EventHandle;
}

export class ClientManager {
  private clients: number[] = [];
  private waiters: Waiter[] = [];

  constructor(private readonly engine: Engine, superlink: SuperLink) {
    const sync = () => {
      this.clients = superlink.onlineNodes();
      this.wake();
      engine.schedule(SYNC_INTERVAL, sync, Priority.LATE);
    };
    sync();
  }

  /** The listed clients, in id order. */
  list(): number[] {
    return this.clients;
  }

  count(): number {
    return this.clients.length;
  }

  waitFor(n: number, timeout: number, done: () => void): void {
    if (this.clients.length >= n) return done();
    const waiter: Waiter = { n, done, timer: null as unknown as EventHandle };
    waiter.timer = this.engine.schedule(timeout, () => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      done();
    });
    this.waiters.push(waiter);
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => this.clients.length >= w.n);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => this.clients.length < w.n);
    for (const w of ready) {
      this.engine.cancel(w.timer);
      w.done();
    }
  }
}
