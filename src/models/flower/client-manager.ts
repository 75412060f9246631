/**
 * The legacy server's client manager in a SuperLink deployment
 * (server/compat/app_utils.py _update_client_manager): a thread syncs its client
 * list from the SuperLink's online nodes every 5 s, and num_available, all and
 * sample are wrapped to sync it first, so a round is sized and sampled on the
 * nodes online at that moment. wait_for(n, timeout), called by the wrapped sample
 * after its sync, blocks until n clients are listed or the timeout passes
 * (server/client_manager.py; sample ignores its result), and only the 5 s sync wakes it.
 *
 * A sync only copies the SuperLink's online nodes, so the syncs are a chain that does not run
 * (sim/chain.ts). Every read but a waiter's syncs first; while someone waits, the list is brought
 * to what the last sync left just before the online nodes change (the SuperLink tells,
 * OnlineWatcher) and before the timeout reads it, and when, after a change, enough nodes are online
 * for a waiter, the next sync is turned into an event, in its place, since it wakes the waiter.
 * A phase that waits all day for nodes runs no sync events.
 */
import { Chain } from '../../sim/chain.js';
import { type Engine, type EventHandle, type EventOrder, Priority, precedes } from '../../sim/engine.js';
import type { OnlineWatcher, SuperLink } from './superlink.js';

const SYNC_INTERVAL = 5000;

interface Waiter {
  n: number;
  done: () => void;
  timer: EventHandle;
}

export class ClientManager implements OnlineWatcher {
  private clients: readonly number[] = [];
  private waiters: Waiter[] = [];
  /** The syncs not run (null while the next one is an event). */
  private syncs: Chain | null = null;
  /** Where the online nodes last changed (null before any change): a sync after it has seen them as they are. */
  private changed: EventOrder | null = null;
  /** The sync as an event. */
  private readonly syncNow = () => this.sync();

  constructor(
    private readonly engine: Engine,
    private readonly superlink: SuperLink,
  ) {
    superlink.watchOnline(this);
    this.sync();
  }

  private sync(): void {
    // The syncs after this one start as a chain before anything this one wakes can ask for them.
    this.syncs = Chain.fromNow(this.engine, Priority.LATE, SYNC_INTERVAL, null, SYNC_INTERVAL);
    this.refresh();
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

  /** sample's wait: sync, then wait_for(n, timeout); `done` once n clients are listed, or at the timeout. */
  waitFor(n: number, timeout: number, done: () => void): void {
    this.refresh();
    if (this.clients.length >= n) {
      done();
      return;
    }
    const waiter: Waiter = { n, done, timer: null as unknown as EventHandle };
    waiter.timer = this.engine.schedule(timeout, () => {
      this.catchUp();
      this.waiters = this.waiters.filter((w) => w !== waiter);
      done();
    });
    this.waiters.push(waiter);
    this.wakeSyncs();
  }

  // OnlineWatcher: the SuperLink's online nodes are about to change, and have changed.
  beforeOnlineChange(): void {
    // Only a waiter's timeout reads the list a sync left (with thousands of SuperNodes, rebuilding it at each
    // sync would be O(N) every 5 s).
    if (this.waiters.length > 0) this.catchUp();
    this.changed = this.engine.current;
  }

  afterOnlineChange(): void {
    this.wakeSyncs();
  }

  /** The list as the last sync before the running event left it: the online nodes now, if a sync came after the last change. */
  private catchUp(): void {
    const syncs = this.syncs;
    if (syncs === null) return;
    const last = syncs.last();
    if (last === null) return;
    const changed = this.changed;
    if (changed === null || precedes(changed, last)) this.clients = this.superlink.onlineNodes();
    else if (!precedes(last, changed)) this.engine.noteUnorderedTie();
  }

  /** The next sync runs as an event if it will wake a waiter: enough nodes are online now. */
  private wakeSyncs(): void {
    const syncs = this.syncs;
    if (syncs === null || this.waiters.length === 0) return;
    const online = this.superlink.onlineCount();
    if (!this.waiters.some((w) => online >= w.n)) return;
    this.syncs = null;
    syncs.materialize(syncs.next(), this.syncNow);
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
