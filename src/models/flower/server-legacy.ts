/**
 * The legacy round loop (server/server.py Server.fit with a flwr.server.strategy
 * strategy, run by a ServerApp against the SuperLink): each round a fit phase,
 * then a federated evaluate phase, sampled and awaited the same way.
 */

import { Countdown } from '../../sim/countdown.js';
import type { Engine } from '../../sim/engine.js';
import type { Rng } from '../../sim/random.js';
import type { SuperLinkConfig } from '../config.js';
import { ClientManager } from './client-manager.js';
import { conclude, type PhaseKind, type PhaseRecord, tally, totalFailures } from './round.js';
import { RoundLoop } from './round-loop.js';
import { sampleWithoutReplacement } from './sample.js';
import { aggregateOutcome, type PhaseParameters, sampleSize, samplingFails } from './strategy.js';
import type { ClientFailureCause, SuperLink } from './superlink.js';

/** An instruction without round_timeout lives for its TTL, 12 h (server/compat/grid_client_proxy.py, legacy in a SuperLink deployment). */
type LegacyConfig = Extract<SuperLinkConfig, { api: 'legacy' }>;

export const DEFAULT_TTL = 43_200_000;

export class LegacyServer extends RoundLoop<LegacyConfig> {
  private readonly clients: ClientManager;

  constructor(engine: Engine, superlink: SuperLink, config: LegacyConfig, rng: Rng) {
    super(engine, superlink, config, rng);
    this.clients = new ClientManager(engine, superlink);
  }

  protected phase(kind: PhaseKind, round: number, phase: PhaseRecord, p: PhaseParameters, done: () => void): void {
    const s = this.config.strategy;
    // fedavg.py num_fit_clients / num_evaluation_clients: the sample size is read (on a fresh client list) before waiting.
    const size = sampleSize(this.clients.count(), p.fraction, p.minClients);
    // client_manager.py sample (wrapped to sync first): wait_for(min_available_clients), then sample or fail.
    this.clients.waitFor(s.min_available_clients, this.config.wait_timeout, () => {
      phase.wait = this.engine.now - phase.start!;
      const available = this.clients.list();
      phase.available = available.length;
      phase.online = this.superlink.onlineCount();
      if (samplingFails(available.length, size)) {
        // configure_* returns no clients -> server.py cancels fit / skips evaluate.
        phase.outcome = 'failed';
        phase.cause = 'cancelled';
        return done();
      }
      const sampled = sampleWithoutReplacement(available, size, this.rng);
      phase.sampled = sampled.length;
      // aggregate_fit / aggregate_evaluate are always called, even with 0 results.
      const replies = new Countdown(sampled.length, () => {
        conclude(phase, aggregateOutcome(s, p.minCompletionRate, phase.results, totalFailures(phase)));
        done();
      });
      // round_timeout is per client (server.py fit_clients / evaluate_clients); without it the instruction's TTL applies.
      const ttl = this.config.round_timeout ?? DEFAULT_TTL;
      // One reply handler for the phase: it does not depend on the node.
      const onReply = (ok: boolean, cause?: ClientFailureCause, action?: number | null) => {
        tally(phase, ok, cause, action);
        replies.arrive();
      };
      for (const nodeId of sampled) this.superlink.send(nodeId, kind, round, ttl, onReply);
    });
  }
}
