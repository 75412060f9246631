/**
 * The message-API round loop (flwr.serverapp.strategy.FedAvg, Strategy.start):
 * a train phase then an evaluate phase, each waiting for nodes by polling every
 * 1 s with no timeout, each with its own `timeout`; late nodes are simply
 * missing and error replies count as failures.
 */

import { Countdown } from '../../sim/countdown.js';
import { Priority } from '../../sim/engine.js';
import type { SuperLinkConfig } from '../config.js';
import { conclude, type PhaseKind, type PhaseRecord, tally } from './round.js';
import { RoundLoop } from './round-loop.js';
import { sampleWithoutReplacement } from './sample.js';
import { messageAggregateOutcome, nodesNeeded, type PhaseParameters, sampleSize } from './strategy.js';
import type { ClientFailureCause, Instruction } from './superlink.js';

const POLL = 1000;

export class MessageServer extends RoundLoop<Extract<SuperLinkConfig, { api: 'message' }>> {
  protected phase(kind: PhaseKind, round: number, phase: PhaseRecord, p: PhaseParameters, done: () => void): void {
    const s = this.config.strategy;
    // configure_train / configure_evaluate: the sample size over all node ids (serverapp/strategy/fedavg.py).
    const size = sampleSize(this.superlink.onlineCount(), p.fraction, p.minClients);
    const needed = nodesNeeded(s.min_available_clients, size);
    const waitForNodes = () => {
      if (this.halted) return;
      if (this.superlink.onlineCount() < needed) {
        this.engine.schedule(POLL, waitForNodes, Priority.LATE);
        return;
      }
      phase.wait = this.engine.now - phase.start!;
      phase.online = phase.available = this.superlink.onlineCount();
      const sampled = sampleWithoutReplacement(this.superlink.onlineNodes(), size, this.rng);
      phase.sampled = sampled.length;
      const sent: Instruction[] = [];
      const finish = () => {
        this.engine.cancel(timer);
        for (const ins of sent) this.superlink.abandon(ins);
        phase.missing = replies.remaining;
        conclude(phase, messageAggregateOutcome(phase.results));
        done();
      };
      // Strategy.start(timeout=...): replies after it are simply missing (serverapp/strategy/strategy.py).
      const timer = this.engine.schedule(this.config.round_timeout, finish);
      // With none sampled, the phase ends at its timeout.
      const replies = new Countdown(sampled.length, finish);
      // One reply handler for the phase: it does not depend on the node.
      const onReply = (ok: boolean, cause?: ClientFailureCause, action?: number | null) => {
        tally(phase, ok, cause, action);
        replies.arrive();
      };
      for (const nodeId of sampled) sent.push(this.superlink.send(nodeId, kind, round, Infinity, onReply));
    };
    waitForNodes();
  }
}
