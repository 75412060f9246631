/**
 * The round loop both APIs share (server/server.py fit; Strategy.start): rounds
 * 1..num_rounds, each a fit phase then an evaluate phase, whatever the fit phase's
 * outcome; the counter always advances and a round is never retried.
 */
import type { Engine } from '../sim/engine.js';
import { newRound, type PhaseKind, type PhaseRecord, type RoundRecord } from './round.js';

export abstract class RoundLoop {
  readonly rounds: RoundRecord[] = [];
  /** Set when the SuperLink is gone: nothing more is configured and the current round stays unfinished. */
  protected halted = false;

  constructor(protected readonly engine: Engine, private readonly numRounds: number) {}

  start(): void {
    this.round(1);
  }

  /** The SuperLink VM was terminated: the ServerApp dies with it. */
  halt(): void {
    this.halted = true;
  }

  /** Run one phase and call `done` when it has ended, whatever its outcome. */
  protected abstract phase(kind: PhaseKind, round: number, phase: PhaseRecord, done: () => void): void;

  private round(r: number): void {
    if (r > this.numRounds || this.halted) return;
    const record = newRound(r, this.engine.now);
    this.rounds.push(record);
    this.phase('fit', r, record.fit, () => {
      if (this.halted) return;
      this.phase('evaluate', r, record.evaluate, () => {
        if (this.halted) return;
        record.end = this.engine.now;
        // The next round is configured after this one returns (never re-entrantly).
        this.engine.schedule(0, () => this.round(r + 1));
      });
    });
  }
}
