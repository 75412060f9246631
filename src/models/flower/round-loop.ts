/**
 * The round loop both APIs share (server/server.py fit; Strategy.start): rounds
 * 1..num_rounds, each a fit phase then an evaluate phase, whatever the fit phase's
 * outcome; the counter always advances and a round is never retried.
 */
import type { Engine } from '../../sim/engine.js';
import type { Rng } from '../../sim/random.js';
import type { SuperLinkConfig } from '../config.js';
import { newRound, type PhaseKind, type PhaseRecord, type RoundRecord } from './round.js';
import { type PhaseParameters, phaseParameters, phaseSkipped } from './strategy.js';
import type { SuperLink } from './superlink.js';

export abstract class RoundLoop<C extends SuperLinkConfig = SuperLinkConfig> {
  readonly rounds: RoundRecord[] = [];
  /** Set when the SuperLink is gone: nothing more is configured and the current round stays unfinished. */
  protected halted = false;

  constructor(
    protected readonly engine: Engine,
    protected readonly superlink: SuperLink,
    protected readonly config: C,
    /** The server's sampling stream. */
    protected readonly rng: Rng,
  ) {}

  start(): void {
    this.round(1);
  }

  /** The SuperLink VM was terminated: the ServerApp dies with it. */
  halt(): void {
    this.halted = true;
  }

  /** Sample, send and collect one phase that runs; call `done` when it has ended, whatever its outcome. */
  protected abstract phase(kind: PhaseKind, round: number, phase: PhaseRecord, p: PhaseParameters, done: () => void): void;

  private runPhase(kind: PhaseKind, round: number, phase: PhaseRecord, done: () => void): void {
    const p = phaseParameters(this.config.strategy, kind);
    phase.start = this.engine.now;
    if (phaseSkipped(this.config.api, kind, p.fraction)) {
      phase.outcome = 'skipped';
      done();
      return;
    }
    this.phase(kind, round, phase, p, done);
  }

  private round(r: number): void {
    if (r > this.config.num_rounds || this.halted) return;
    const record = newRound(r, this.engine.now);
    this.rounds.push(record);
    this.runPhase('fit', r, record.fit, () => {
      if (this.halted) return;
      this.runPhase('evaluate', r, record.evaluate, () => {
        if (this.halted) return;
        record.end = this.engine.now;
        // The next round is configured after this one returns (never re-entrantly).
        this.engine.schedule(0, () => this.round(r + 1));
      });
    });
  }
}
