/**
 * The message-API round loop (flwr.serverapp.strategy.FedAvg, Strategy.start):
 * waits for nodes by polling every 1 s with no timeout, one `timeout` per phase,
 * late nodes simply missing, error replies counted as failures.
 */
import { Priority, type Engine } from '../sim/engine.js';
import type { Rng } from '../sim/random.js';
import type { SuperLinkConfig } from './config.js';
import { emptyPhase, type PhaseRecord, type RoundRecord } from './round.js';
import { sampleWithoutReplacement } from './sample.js';
import { messageAggregateOutcome, sampleSize } from './strategy.js';
import type { Instruction, SuperLink } from './superlink.js';

const POLL = 1000;

export class MessageServer {
  readonly rounds: RoundRecord[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly superlink: SuperLink,
    private readonly config: SuperLinkConfig,
    private readonly rng: Rng,
  ) {}

  start(): void {
    this.round(1);
  }

  private round(r: number): void {
    if (r > this.config.num_rounds) return;
    const record: RoundRecord = { round: r, start: this.engine.now, end: null, fit: emptyPhase() };
    this.rounds.push(record);
    this.trainPhase(record.fit, () => {
      record.end = this.engine.now;
      this.engine.schedule(0, () => this.round(r + 1));
    });
  }

  private trainPhase(phase: PhaseRecord, done: () => void): void {
    const s = this.config.strategy;
    // serverapp/strategy/fedavg.py configure_train: fraction_train / min_train_nodes over all
    // node ids, then min_available_nodes = max(min_available_nodes, sample_size) (flower.md §4).
    const size = sampleSize(this.superlink.onlineCount(), s.fraction_fit, s.min_fit_clients);
    const needed = Math.max(s.min_available_clients, size);
    const waitForNodes = () => {
      if (this.superlink.onlineCount() < needed) {
        this.engine.schedule(POLL, waitForNodes, Priority.LATE);
        return;
      }
      const sampled = sampleWithoutReplacement(this.superlink.onlineNodes(), size, this.rng);
      phase.sampled = sampled.length;
      let outstanding = sampled.length;
      const sent: Instruction[] = [];
      const finish = () => {
        this.engine.cancel(timer);
        for (const ins of sent) this.superlink.abandon(ins);
        phase.missing = outstanding;
        const agg = messageAggregateOutcome(phase.results);
        phase.outcome = agg.ok ? 'succeeded' : 'failed';
        phase.cause = agg.ok ? null : agg.cause;
        done();
      };
      // Strategy.start(timeout=...): replies after it are simply missing (flower.md §7).
      const timer = this.engine.schedule(this.config.round_timeout!, finish);
      for (const nodeId of sampled) {
        sent.push(
          this.superlink.send(nodeId, 'fit', Infinity, (ok, cause) => {
            if (ok) phase.results++;
            else phase.failures[cause!]++;
            if (--outstanding === 0) finish();
          }),
        );
      }
    };
    waitForNodes();
  }
}
