/**
 * The legacy round loop (server/server.py Server.fit with a flwr.server.strategy
 * strategy, run by a ServerApp against the SuperLink).
 */
import type { Engine } from '../sim/engine.js';
import type { Rng } from '../sim/random.js';
import type { SuperLinkConfig } from './config.js';
import { ClientManager } from './client-manager.js';
import { emptyPhase, totalFailures, type PhaseRecord, type RoundRecord } from './round.js';
import { sampleWithoutReplacement } from './sample.js';
import { aggregateOutcome, sampleSize } from './strategy.js';
import type { SuperLink } from './superlink.js';

/** An instruction without round_timeout lives for its TTL, 12 h (flower.md §7). */
export const DEFAULT_TTL = 43_200_000;

export class LegacyServer {
  readonly rounds: RoundRecord[] = [];
  private readonly clients: ClientManager;

  constructor(
    private readonly engine: Engine,
    private readonly superlink: SuperLink,
    private readonly config: SuperLinkConfig,
    private readonly rng: Rng,
  ) {
    this.clients = new ClientManager(engine, superlink);
  }

  start(): void {
    this.round(1);
  }

  // server/server.py fit: rounds 1..num_rounds; the counter always advances, a round is never retried.
  private round(r: number): void {
    if (r > this.config.num_rounds) return;
    const record: RoundRecord = { round: r, start: this.engine.now, end: null, fit: emptyPhase() };
    this.rounds.push(record);
    this.fitPhase(record.fit, () => {
      record.end = this.engine.now;
      // The next round is configured after this one returns (never re-entrantly).
      this.engine.schedule(0, () => this.round(r + 1));
    });
  }

  private fitPhase(phase: PhaseRecord, done: () => void): void {
    const s = this.config.strategy;
    // fedavg.py configure_fit: the sample size is read before waiting for clients.
    const size = sampleSize(this.clients.count(), s.fraction_fit, s.min_fit_clients);
    // client_manager.py sample: wait_for(min_available_clients), then sample or fail.
    this.clients.waitFor(s.min_available_clients, this.config.wait_timeout, () => {
      const available = this.clients.list();
      if (available.length < size) {
        // "Sampling failed" -> configure_fit returns no clients -> server.py cancels the round.
        phase.outcome = 'failed';
        phase.cause = 'cancelled';
        return done();
      }
      const sampled = sampleWithoutReplacement(available, size, this.rng);
      phase.sampled = sampled.length;
      let outstanding = sampled.length;
      // round_timeout is per client (server.py fit_clients); without it the instruction's TTL applies.
      const ttl = this.config.round_timeout ?? DEFAULT_TTL;
      for (const nodeId of sampled) {
        this.superlink.send(nodeId, 'fit', ttl, (ok, cause) => {
          if (ok) phase.results++;
          else phase.failures[cause!]++;
          if (--outstanding > 0) return;
          // aggregate_fit is always called, even with 0 results (server.py fit_round).
          const agg = aggregateOutcome(s, s.min_completion_rate_fit, phase.results, totalFailures(phase));
          phase.outcome = agg.ok ? 'succeeded' : 'failed';
          phase.cause = agg.ok ? null : agg.cause;
          done();
        });
      }
    });
  }
}
