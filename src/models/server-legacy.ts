/**
 * The legacy round loop (server/server.py Server.fit with a flwr.server.strategy
 * strategy, run by a ServerApp against the SuperLink): each round a fit phase,
 * then a federated evaluate phase, sampled and awaited the same way.
 */
import type { Engine } from '../sim/engine.js';
import type { Rng } from '../sim/random.js';
import type { SuperLinkConfig } from './config.js';
import { RoundLoop } from './round-loop.js';
import { ClientManager } from './client-manager.js';
import { tally, totalFailures, type PhaseKind, type PhaseRecord } from './round.js';
import { sampleWithoutReplacement } from './sample.js';
import { aggregateOutcome, phaseParameters, sampleSize } from './strategy.js';
import type { SuperLink } from './superlink.js';

/** An instruction without round_timeout lives for its TTL, 12 h (flower.md §7). */
export const DEFAULT_TTL = 43_200_000;

export class LegacyServer extends RoundLoop {
  private readonly clients: ClientManager;

  constructor(
    engine: Engine,
    private readonly superlink: SuperLink,
    private readonly config: SuperLinkConfig,
    private readonly rng: Rng,
  ) {
    super(engine, config.num_rounds);
    this.clients = new ClientManager(engine, superlink);
  }

  protected phase(kind: PhaseKind, round: number, phase: PhaseRecord, done: () => void): void {
    const s = this.config.strategy;
    const p = phaseParameters(s, kind);
    phase.start = this.engine.now;
    // fedavg.py configure_evaluate: fraction_evaluate == 0 -> no instructions -> server.py skips evaluation.
    if (p.fraction === 0) {
      phase.outcome = 'skipped';
      return done();
    }
    // fedavg.py num_fit_clients / num_evaluation_clients: the sample size is read before waiting.
    const size = sampleSize(this.clients.count(), p.fraction, p.minClients);
    // client_manager.py sample: wait_for(min_available_clients), then sample or fail.
    this.clients.waitFor(s.min_available_clients, this.config.wait_timeout, () => {
      phase.wait = this.engine.now - phase.start!;
      const available = this.clients.list();
      phase.available = available.length;
      phase.online = this.superlink.onlineCount();
      if (available.length < size) {
        // "Sampling failed" -> configure_* returns no clients -> server.py cancels fit / skips evaluate.
        phase.outcome = 'failed';
        phase.cause = 'cancelled';
        return done();
      }
      const sampled = sampleWithoutReplacement(available, size, this.rng);
      phase.sampled = sampled.length;
      let outstanding = sampled.length;
      // round_timeout is per client (server.py fit_clients / evaluate_clients); without it the instruction's TTL applies.
      const ttl = this.config.round_timeout ?? DEFAULT_TTL;
      for (const nodeId of sampled) {
        this.superlink.send(nodeId, kind, round, ttl, (ok, cause, action) => {
          tally(phase, ok, cause, action);
          if (--outstanding > 0) return;
          // aggregate_fit / aggregate_evaluate are always called, even with 0 results.
          const agg = aggregateOutcome(s, p.minCompletionRate, phase.results, totalFailures(phase));
          phase.outcome = agg.ok ? 'succeeded' : 'failed';
          phase.cause = agg.ok ? null : agg.cause;
          done();
        });
      }
    });
  }
}
