/**
 * The legacy server's client manager in a SuperLink deployment
 * (server/compat/app_utils.py _update_client_manager): a thread syncs its client
 * list from the SuperLink's online nodes every 5 s, and num_available, all and
 * sample are wrapped to sync it first, so a round is sized and sampled on the
 * nodes online at that moment. wait_for(n, timeout) blocks until n clients are
 * listed or the timeout passes (server/client_manager.py; sample ignores its
 * result), and only the 5 s sync wakes it.
 *
 * Nothing reads the list a sync leaves but a waiter (every other read syncs first), so
 * while nobody waits the syncs are a chain that does not run (sim/chain.ts); a waiter
 * turns the next one into an event, in its place.
 */
import { Chain } from '../../sim/chain.js';
import { type Engine, type EventHandle, Priority } from '../../sim/engine.js';
import type { SuperLink } from './superlink.js';

const SYNC_INTERVAL = 5000;

interface Waiter {
  n: number;
  done: () => void;
  timer: EventHandle;
}

export class ClientManager {
  private clients: readonly number[] = [];
  private waiters: Waiter[] = [];
  /** The syncs while nobody waits (null while they run as events). */
  private syncs: Chain | null = null;
  /** The sync as an event: one closure, since a phase may wait a whole day, synced every 5 s. */
  private readonly syncNow = () => this.sync();

  constructor(
    private readonly engine: Engine,
    private readonly superlink: SuperLink,
  ) {
    this.sync();
  }

  private sync(): void {
    this.refresh();
    if (this.waiters.length > 0) this.engine.schedule(SYNC_INTERVAL, this.syncNow, Priority.LATE);
    else this.syncs = Chain.fromNow(this.engine, Priority.LATE, SYNC_INTERVAL, null, SYNC_INTERVAL);
  }

  /** Sync the list from the SuperLink now (what the wrapped num_available, all and sample do first). */
  refresh(): void {
    this.clients = this.superlink.onlineNodes();
    this.wake();
  }

  /** The listed clients, in id order, as of the last sync. */
  list(): readonly number[] {
    return this.clients;
  }

  /** num_available(): synced first. */
  count(): number {
    this.refresh();
    return this.clients.length;
  }

  waitFor(n: number, timeout: number, done: () => void): void {
    if (this.clients.length >= n) {
      done();
      return;
    }
    const waiter: Waiter = { n, done, timer: null as unknown as EventHandle };
    waiter.timer = this.engine.schedule(timeout, () => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      done();
    });
    this.waiters.push(waiter);
    const syncs = this.syncs;
    if (syncs !== null) {
      this.syncs = null;
      syncs.materialize(syncs.next(), this.syncNow);
    }
  }

  private wake(): void {
    if (!this.waiters.some((w) => this.clients.length >= w.n)) return;
    const ready = this.waiters.filter((w) => this.clients.length >= w.n);
    this.waiters = this.waiters.filter((w) => this.clients.length < w.n);
    for (const w of ready) {
      this.engine.cancel(w.timer);
      w.done();
    }
  }
}
