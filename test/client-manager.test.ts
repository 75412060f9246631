import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClientManager } from '../src/models/flower/client-manager.js';
import type { OnlineWatcher, SuperLink } from '../src/models/flower/superlink.js';
import { Engine, type EventHandle, Priority } from '../src/sim/engine.js';

/** What the client manager reads of a SuperLink: online node ids, changed by the test. */
class FakeLink {
  private readonly online = new Set<number>();
  private watcher: OnlineWatcher | null = null;
  /** Lists built: each is O(online nodes). */
  built = 0;
  watchOnline(w: OnlineWatcher): void {
    this.watcher = w;
  }
  onlineNodes(): number[] {
    this.built++;
    return [...this.online].sort((a, b) => a - b);
  }
  onlineCount(): number {
    return this.online.size;
  }
  toggle(id: number): void {
    this.watcher?.beforeOnlineChange();
    if (!this.online.delete(id)) this.online.add(id);
    this.watcher?.afterOnlineChange();
  }
}

/** client_manager.py as written: a sync every 5 s as an event, whoever waits; sample syncs, then wait_for, woken by a sync or its timeout. */
class EveryFiveSeconds {
  private clients: number[] = [];
  private waiters: Array<{ n: number; done: () => void; timer: EventHandle }> = [];
  constructor(
    private readonly engine: Engine,
    private readonly link: FakeLink,
  ) {
    this.sync();
  }
  private sync(): void {
    this.refresh();
    this.engine.schedule(5000, () => this.sync(), Priority.LATE);
  }
  refresh(): void {
    this.clients = this.link.onlineNodes();
    const ready = this.waiters.filter((w) => this.clients.length >= w.n);
    this.waiters = this.waiters.filter((w) => this.clients.length < w.n);
    for (const w of ready) {
      this.engine.cancel(w.timer);
      w.done();
    }
  }
  list(): readonly number[] {
    return this.clients;
  }
  waitFor(n: number, timeout: number, done: () => void): void {
    this.refresh();
    if (this.clients.length >= n) {
      done();
      return;
    }
    const w = { n, done, timer: null as unknown as EventHandle };
    w.timer = this.engine.schedule(timeout, () => {
      this.waiters = this.waiters.filter((x) => x !== w);
      done();
    });
    this.waiters.push(w);
  }
}

type Step = { dt: number; kind: 'toggle'; id: number; priority: Priority } | { dt: number; kind: 'wait'; n: number; timeout: number };

/** When each wait ended and the list it then read, the list each step after it read, and the events run. */
function play(steps: readonly Step[], make: (e: Engine, l: FakeLink) => Pick<ClientManager, 'list' | 'waitFor'>, horizon = 200_000) {
  const engine = new Engine();
  const link = new FakeLink();
  const manager = make(engine, link);
  const seen: string[] = [];
  let t = 0;
  for (const [i, s] of steps.entries()) {
    t += s.dt;
    if (s.kind === 'toggle') engine.at(t, () => link.toggle(s.id), s.priority);
    else
      engine.at(t, () => {
        manager.waitFor(s.n, s.timeout, () => seen.push(`wait ${i} ended at ${engine.now} with [${manager.list().join(',')}]`));
      });
  }
  const events = engine.run(t + horizon);
  return { seen, events, ties: engine.unorderedTies, built: link.built };
}

describe('legacy client manager', () => {
  it('ends every wait when the sync every 5 s would, with the list the last sync left, without running the syncs that wake nobody', () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        dt: fc.integer({ min: 0, max: 9000 }),
        kind: fc.constant('toggle' as const),
        id: fc.integer({ min: 1, max: 6 }),
        // A LATE change at a sync's own millisecond would tie with it (the chain cannot order those): not drawn.
        priority: fc.constantFrom(Priority.URGENT, Priority.NORMAL),
      }),
      fc.record({
        dt: fc.integer({ min: 0, max: 9000 }),
        kind: fc.constant('wait' as const),
        n: fc.integer({ min: 0, max: 5 }),
        timeout: fc.integer({ min: 1, max: 60_000 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const eager = play(steps, (e, l) => new EveryFiveSeconds(e, l));
        const lazy = play(steps, (e, l) => new ClientManager(e, l as unknown as SuperLink));
        expect(lazy.seen).toEqual(eager.seen);
        expect(lazy.ties).toBe(0);
        expect(lazy.events).toBeLessThanOrEqual(eager.events);
      }),
      { seed: 20261204, numRuns: 1000 },
    );
  });

  it('runs no sync event while a wait cannot end, and one when enough nodes come online', () => {
    const { seen, events } = play(
      [
        { dt: 1000, kind: 'wait', n: 2, timeout: 3_600_000 },
        { dt: 600_000, kind: 'toggle', id: 1, priority: Priority.NORMAL },
        { dt: 600_000, kind: 'toggle', id: 2, priority: Priority.NORMAL },
      ],
      (e, l) => new ClientManager(e, l as unknown as SuperLink),
    );
    // The next sync after the second node came online (1,201 s) is at 1,205 s.
    expect(seen).toEqual(['wait 0 ended at 1205000 with [1,2]']);
    // The three steps and the one sync that ends the wait.
    expect(events).toBe(4);
  });

  it('builds no client list while nobody waits, however often the online nodes change', () => {
    const toggles: Step[] = Array.from({ length: 500 }, (_, i) => ({ dt: 1700, kind: 'toggle', id: 1 + (i % 7), priority: Priority.NORMAL }));
    // The first sync, at the start; then none: nothing reads what the syncs would leave.
    expect(play(toggles, (e, l) => new ClientManager(e, l as unknown as SuperLink), 0).built).toBe(1);
  });
});
