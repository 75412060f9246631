/**
 * The message-API round loop (flwr.serverapp.strategy.FedAvg, Strategy.start):
 * a train phase then an evaluate phase, each waiting for nodes by polling every
 * 1 s with no timeout, each with its own `timeout`; late nodes are simply
 * missing and error replies count as failures.
 */
import { Priority } from '../../sim/engine.js';
import { RoundLoop } from './round-loop.js';
import { conclude, tally, type PhaseKind, type PhaseRecord } from './round.js';
import { sampleWithoutReplacement } from './sample.js';
import { messageAggregateOutcome, sampleSize, type PhaseParameters } from './strategy.js';
import type { Instruction } from './superlink.js';

const POLL = 1000;

export class MessageServer extends RoundLoop {
  protected phase(kind: PhaseKind, round: number, phase: PhaseRecord, p: PhaseParameters, done: () => void): void {
    const s = this.config.strategy;
    // configure_train / configure_evaluate: the sample size over all node ids, then
    // min_available_nodes = max(min_available_nodes, sample_size) (serverapp/strategy/fedavg.py, strategy_utils.py sample_nodes).
    const size = sampleSize(this.superlink.onlineCount(), p.fraction, p.minClients);
    const needed = Math.max(s.min_available_clients, size);
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
      let outstanding = sampled.length;
      const sent: Instruction[] = [];
      const finish = () => {
        this.engine.cancel(timer);
        for (const ins of sent) this.superlink.abandon(ins);
        phase.missing = outstanding;
        conclude(phase, messageAggregateOutcome(phase.results));
        done();
      };
      // Strategy.start(timeout=...): replies after it are simply missing (serverapp/strategy/strategy.py).
      const timer = this.engine.schedule(this.config.round_timeout!, finish);
      for (const nodeId of sampled) {
        sent.push(
          this.superlink.send(nodeId, kind, round, Infinity, (ok, cause, action) => {
            tally(phase, ok, cause, action);
            if (--outstanding === 0) finish();
          }),
        );
      }
    };
    waitForNodes();
  }
}
