import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Chain, Occurrence } from '../src/sim/chain.js';
import { Countdown } from '../src/sim/countdown.js';
import { Engine, EventBudgetExceeded, Priority } from '../src/sim/engine.js';
import { Scope } from '../src/sim/scope.js';

describe('Engine', () => {
  it('runs events in time order, ties in scheduling order', () => {
    const e = new Engine();
    const seen: string[] = [];
    e.schedule(10, () => seen.push('b'));
    e.schedule(5, () => seen.push('a'));
    e.schedule(10, () => seen.push('c'));
    e.at(10, () => seen.push('d'));
    e.run();
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  it('breaks same-time ties on priority before sequence', () => {
    const e = new Engine();
    const seen: string[] = [];
    e.schedule(1, () => seen.push('normal'));
    e.schedule(1, () => seen.push('late'), Priority.LATE);
    e.schedule(1, () => seen.push('urgent'), Priority.URGENT);
    e.run();
    expect(seen).toEqual(['urgent', 'normal', 'late']);
  });

  it('rounds times to whole milliseconds and advances the clock', () => {
    const e = new Engine();
    const times: number[] = [];
    e.schedule(1.4, () => times.push(e.now));
    e.schedule(1.6, () => times.push(e.now));
    e.run();
    expect(times).toEqual([1, 2]);
  });

  it('a cancelled event never runs; cancelling twice is harmless', () => {
    const e = new Engine();
    let ran = false;
    const h = e.schedule(3, () => (ran = true));
    e.cancel(h);
    e.cancel(h);
    expect(e.run()).toBe(0);
    expect(ran).toBe(false);
  });

  it('run(until) stops before later events and leaves the clock at until', () => {
    const e = new Engine();
    const seen: number[] = [];
    for (const t of [5, 10, 15]) e.schedule(t, () => seen.push(t));
    e.run(10);
    expect(seen).toEqual([5, 10]);
    expect(e.now).toBe(10);
    e.run();
    expect(seen).toEqual([5, 10, 15]);
  });

  it('refuses to schedule into the past', () => {
    const e = new Engine();
    e.schedule(10, () => {});
    e.run();
    expect(() => e.schedule(-1, () => {})).toThrow(RangeError);
    expect(() => e.at(5, () => {})).toThrow(/now is t=10/);
  });

  it('stops a runaway run with EventBudgetExceeded', () => {
    const e = new Engine({ eventBudget: 100 });
    const loop = () => e.schedule(0, loop);
    loop();
    expect(() => e.run()).toThrow(EventBudgetExceeded);
  });

  it('keeps one total order over many interleaved events (heap property)', () => {
    const e = new Engine();
    const seen: Array<[number, number]> = [];
    let x = 7;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const t = x % 100;
      e.schedule(t, () => seen.push([e.now, i]));
    }
    e.run();
    for (let i = 1; i < seen.length; i++) {
      const [t0, i0] = seen[i - 1]!;
      const [t1, i1] = seen[i]!;
      expect(t1 > t0 || (t1 === t0 && i1 > i0)).toBe(true);
    }
  });
});

describe('Engine, past its first 1,024 pending events', () => {
  it('runs events by time, then priority, then scheduling order, half of them scheduled before the run and half during it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(Priority.URGENT, Priority.NORMAL, Priority.LATE)), {
          minLength: 1025,
          maxLength: 3000,
        }),
        (events) => {
          const e = new Engine();
          const seen: number[] = [];
          // Half are scheduled before the run, half by an event at t = 1 (so that pops and pushes interleave).
          const half = events.length >> 1;
          for (let i = 0; i < half; i++) e.schedule(events[i]![0], () => seen.push(i), events[i]![1]);
          e.schedule(
            1,
            () => {
              for (let i = half; i < events.length; i++) e.schedule(events[i]![0], () => seen.push(i), events[i]![1]);
            },
            Priority.URGENT,
          );
          e.run();
          // Time, priority, then the order of scheduling: those scheduled before the run (at t = 0) come first.
          const key = (i: number) => [events[i]![0] + (i < half ? 0 : 1), events[i]![1], i < half ? 0 : 1, i] as const;
          const order = [...seen].sort((a, b) => {
            const ka = key(a);
            const kb = key(b);
            return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2] || ka[3] - kb[3];
          });
          expect(seen).toEqual(order);
        },
      ),
      { seed: 20261202, numRuns: 30 },
    );
  });
});

describe('Scope', () => {
  it('once closed, none of the events scheduled through it runs; others still do', () => {
    const engine = new Engine();
    const scope = new Scope(engine);
    const ran: string[] = [];
    scope.schedule(10, () => ran.push('scoped-10'));
    scope.at(30, () => ran.push('scoped-30'));
    engine.schedule(20, () => {
      ran.push('plain-20');
      scope.close();
    });
    engine.schedule(40, () => ran.push('plain-40'));
    engine.run();
    expect(ran).toEqual(['scoped-10', 'plain-20', 'plain-40']);
    expect(scope.closed).toBe(true);
  });
});

describe('Countdown', () => {
  it('runs done on the n-th arrival only, and reports what is left', () => {
    let done = 0;
    const c = new Countdown(3, () => done++);
    c.arrive();
    c.arrive();
    expect([done, c.remaining]).toEqual([0, 1]);
    c.arrive();
    c.arrive();
    expect([done, c.remaining]).toEqual([1, 0]);
  });

  it('with n = 0 never runs done', () => {
    let done = 0;
    new Countdown(0, () => done++).arrive();
    expect(done).toBe(0);
  });
});

describe('Engine: events one event schedules for the same time and priority', () => {
  it('run in scheduling order, skip the cancelled ones, and let an earlier event scheduled meanwhile go first', () => {
    const e = new Engine();
    const ran: string[] = [];
    e.schedule(0, () => {
      e.schedule(10, () => {
        ran.push('a');
        // Due at the same time but URGENT: before b and c, as it would be among separate events.
        e.schedule(0, () => ran.push('urgent'), Priority.URGENT);
      });
      const b = e.schedule(10, () => ran.push('b'));
      e.schedule(10, () => ran.push('c'));
      e.cancel(b);
      e.schedule(10, () => ran.push('late'), Priority.LATE);
    });
    expect(e.run()).toBe(5);
    expect(ran).toEqual(['a', 'urgent', 'c', 'late']);
  });
});

describe('Chain: occurrences that do not run', () => {
  it('gives the times and the places in the order of a self-rescheduling event, as events that run would see them', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 20 }), (probes, period) => {
        // The real thing: an event every `period` ms from 0; and probes at given times recording what ran before them.
        const real = new Engine();
        const seen: number[] = [];
        const times: number[] = [];
        const tick = () => {
          times.push(real.now);
          real.schedule(period, tick);
        };
        real.schedule(0, tick);
        let t = 0;
        for (const dt of probes) {
          t += dt;
          real.at(t, () => seen.push(times.at(-1) ?? -1));
        }
        real.run(t);
        // The chain: the same occurrences, none run.
        const lazy = new Engine();
        const answers: number[] = [];
        const chain = Chain.fromNow(lazy, Priority.NORMAL, 0, null, period);
        let u = 0;
        for (const dt of probes) {
          u += dt;
          lazy.at(u, () => answers.push(chain.last()?.time ?? -1));
        }
        lazy.run(t);
        expect(answers).toEqual(seen);
        expect(lazy.unorderedTies).toBe(0);
      }),
      { seed: 20261201, numRuns: 200 },
    );
  });

  it('watch steps a watchdog occurrence as a loop of lastBefore would, and leaves the chain as that loop does', () => {
    const order = (p: number, max: number) =>
      fc.tuple(fc.integer({ min: 0, max }), fc.constant(p), fc.integer({ min: -1, max }), fc.integer({ min: -1, max: 2 }), fc.integer({ min: -1, max }));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(Priority.URGENT, Priority.LATE),
        order(Priority.LATE, 60),
        fc.tuple(
          fc.integer({ min: 0, max: 400 }),
          fc.constantFrom(Priority.URGENT, Priority.NORMAL, Priority.LATE),
          fc.integer({ min: -1, max: 400 }),
          fc.integer({ min: -1, max: 2 }),
          fc.integer({ min: -1, max: 400 }),
        ),
        fc.integer({ min: 10, max: 30 }),
        fc.integer({ min: -5, max: 50 }),
        fc.integer({ min: 0, max: 3 }),
        (gaps, checkPriority, [t, , at, pp, pat], until, window, floor, lookedBefore) => {
          const chainOf = () => {
            let i = 0;
            return new Chain(new Engine(), Priority.NORMAL, new Occurrence(2, Priority.NORMAL, 0, -1, -1), (time) => time + gaps[i++ % gaps.length]!);
          };
          const [a, b] = [chainOf(), chainOf()];
          // Both chains already advanced as far, by earlier questions.
          for (let k = 0; k < lookedBefore; k++) {
            const o = new Occurrence(k * 5, Priority.LATE, 0, -1, -1);
            a.lastBefore(o);
            b.lastBefore(o);
          }
          const u = new Occurrence(...until);
          const ka = new Occurrence(t, checkPriority, at, pp, pat);
          const kb = Occurrence.copy(ka);
          const precedes = (x: Occurrence, y: Occurrence) =>
            x.time !== y.time
              ? x.time < y.time
              : x.priority !== y.priority
                ? x.priority < y.priority
                : x.at !== y.at
                  ? x.at < y.at
                  : x.parentPriority !== y.parentPriority
                    ? x.parentPriority < y.parentPriority
                    : x.parentAt < y.parentAt;
          while (precedes(ka, u)) ka.follow(ka, Math.max(floor, a.lastBefore(ka)?.time ?? Number.NEGATIVE_INFINITY) + window, checkPriority);
          b.watch(kb, window, floor, u);
          expect(kb).toEqual(ka);
          // The chain as watch left it (where its last step looked), then further on.
          const looked = new Occurrence(kb.at, checkPriority, -1, -1, -1);
          expect(b.lastBefore(looked)).toEqual(a.lastBefore(looked));
          expect(b.nextAfter(looked)).toEqual(a.nextAfter(looked));
          const probe = Occurrence.copy(kb);
          expect(b.lastBefore(probe)).toEqual(a.lastBefore(probe));
          expect(b.nextAfter(probe)).toEqual(a.nextAfter(probe));
        },
      ),
      { seed: 20261202, numRuns: 2000 },
    );
  });

  it('restartFromNow and restartAt make a used chain answer as the chain fromNow would make at that moment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 25 }),
        fc.constantFrom(Priority.URGENT, Priority.NORMAL, Priority.LATE),
        (restarts, probes, period, delay, priority) => {
          // Two engines run the same events: in one a chain is made afresh at each restart, in the other the first
          // one (advanced by earlier questions) is restarted; both answer the same probes after each.
          const answers = (reuse: 'no' | 'fromNow' | 'at') => {
            const e = new Engine();
            const out: Array<unknown> = [];
            let chain: Chain | null = null;
            let t = 0;
            for (const r of restarts) {
              t += r;
              e.at(
                t,
                () => {
                  if (reuse === 'no' || chain === null) chain = Chain.fromNow(e, priority, delay, null, period);
                  else if (reuse === 'fromNow') chain = chain.restartFromNow(delay);
                  else chain = chain.restartAt(Occurrence.scheduledBy(e.current!, e.now + delay, priority));
                },
                priority,
              );
              let u = t;
              for (const dt of probes) {
                u += dt;
                e.at(u, () => out.push([Occurrence.copy(chain!.next()), chain!.last() && Occurrence.copy(chain!.last()!)]));
              }
              t = u;
            }
            e.run();
            return out;
          };
          const fresh = answers('no');
          expect(answers('fromNow')).toEqual(fresh);
          expect(answers('at')).toEqual(fresh);
        },
      ),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('materializes an occurrence in its own place: it runs where the event it stands for would have', () => {
    const ran: string[] = [];
    const e = new Engine();
    e.schedule(0, () => {
      const chain = Chain.fromNow(e, Priority.NORMAL, 100, null, 100);
      // An event scheduled later, for the same time as the chain's second occurrence: the occurrence was
      // scheduled earlier (at 100, by the first), so it runs first.
      e.schedule(150, () => {
        e.schedule(50, () => ran.push('later'));
        chain.materialize(chain.next(), () => ran.push('occurrence'));
      });
    });
    e.run();
    expect(ran).toEqual(['occurrence', 'later']);
  });
});
