/**
 * What OneFlow's expressions can read of a SuperNode VM. Looked up in
 * USER_TEMPLATE, then MONITORING, then TEMPLATE, then the VM (oca/ruby/opennebula/flow/grammar.rb Variable3#result):
 * - MONITORING/CPU and MEMORY from the SuperNode's state, refreshed every
 *   monitoring_interval; before the first record CPU falls back to TEMPLATE/CPU;
 * - USER_TEMPLATE FL_TRAINING_ACTIVE (YES/NO), FL_CLIENT_STATUS (1 IDLE,
 *   2 TRAINING, 3 DISCONNECTED) and FL_ROUND_NUMBER, published through OneGate
 *   every onegate interval while the VM reaches OneGate, as strings (OneGate's
 *   PUT /vm merges attributes into USER_TEMPLATE as strings); stale otherwise.
 */
import { Chain, Occurrence } from '../../sim/chain.js';
import { type Engine, type EventOrder, Priority, precedes } from '../../sim/engine.js';
import type { Streams } from '../../sim/random.js';
import type { MetricsConfig } from '../config.js';
import type { VmAttributes } from '../oneflow/expression.js';
import type { Connectivity } from './connectivity.js';
import type { SuperNodeVm } from './supernode-vm.js';

type ClientState = 'idle' | 'training' | 'disconnected';

/** Training while it computes (reachable or not); disconnected while it cannot reach the SuperLink or holds no node. */
function clientState(node: SuperNodeVm, connectivity: Connectivity): ClientState {
  if (node.state === 'working') return 'training';
  return node.connected && connectivity.reachable(node.vmIndex) ? 'idle' : 'disconnected';
}

const CLIENT_STATUS: Record<ClientState, string> = { idle: '1', training: '2', disconnected: '3' };

/** The attributes a OneGate publish writes, and those a monitoring probe writes. */
const PUBLISHED = ['FL_TRAINING_ACTIVE', 'FL_CLIENT_STATUS', 'FL_ROUND_NUMBER'];
const PROBED = ['CPU', 'MEMORY'];

/** Which attributes anything reads: those named (a role's expressions), every one (a replay's record), or none. */
export type AttributeReads = ReadonlySet<string> | 'all' | null;

/**
 * A VM's attributes, merged in look-up order and updated in place. The layers do not
 * share names but CPU (MONITORING over TEMPLATE), so each write goes to its one key.
 */
type VmRecord = VmAttributes;

/** A tracked VM: its record, its OneGate publisher (a chain that never runs) and when the record was last brought up to date. */
class Tracked {
  /** Where `flushed` is kept when it is not an event's own order (a flush at an earlier order: flush's `at`). */
  flushedAt: Occurrence | null = null;

  constructor(
    readonly rec: VmRecord,
    /** The VM's publishes (null when nothing reads what they write). */
    readonly publishes: Chain | null,
    public flushed: EventOrder | null,
  ) {}
}

/**
 * The monitoring probe (every monitoring_interval) and each VM's OneGate publisher (every onegate
 * interval) only copy the VM's state into its record, so neither runs as events: they are chains
 * (sim/chain.ts), and a VM's record is brought up to date (`flush`) just before anything it copies
 * changes, and before it is read. The state is the same since the last flush, so the record ends as
 * the last probe and the last publish since then would have left it.
 */
export class VmMetrics {
  /** By VM index (an array: every change of a VM's state looks its record up, and a Map's look-up is cache misses at scale). */
  private readonly tracked: (Tracked | undefined)[] = [];
  private readonly probes: Chain;

  constructor(
    private readonly engine: Engine,
    private readonly streams: Streams,
    private readonly config: MetricsConfig,
    private readonly connectivity: Connectivity,
    /** Whether the front-end can monitor the VM now (not UNKNOWN). */
    private readonly monitored: (node: SuperNodeVm) => boolean,
    /**
     * What reads the attributes: with nothing, no record is kept, and a publish or a probe whose attributes nobody
     * reads is not copied (nothing would see the difference; a role's expressions read one or two names).
     */
    reads: AttributeReads = 'all',
  ) {
    this.probes = Chain.fromNow(engine, Priority.URGENT, config.monitoring_interval, null, Math.round(config.monitoring_interval));
    this.observed = reads !== null;
    this.copiesPublishes = reads === 'all' || (reads !== null && PUBLISHED.some((n) => reads.has(n)));
    this.copiesProbes = reads === 'all' || (reads !== null && PROBED.some((n) => reads.has(n)));
  }

  private readonly observed: boolean;
  private readonly copiesPublishes: boolean;
  private readonly copiesProbes: boolean;

  /** Start tracking a VM that just reached RUNNING; its guest publishes once it has booted. */
  track(node: SuperNodeVm): void {
    if (!this.observed) return;
    // TEMPLATE/CPU until the first monitoring record replaces it.
    const rec: VmRecord = { ID: node.vmIndex, CPU: this.config.template_cpu };
    const interval = this.config.onegate.interval;
    // The publisher's phase is the VM's own stream's: not drawing it changes no other draw.
    const publishes = this.copiesPublishes
      ? Chain.fromNow(this.engine, Priority.URGENT, this.streams.fresh(`supernode-${node.vmIndex}`, 'onegate')() * interval, null, Math.round(interval))
      : null;
    this.tracked[node.vmIndex] = new Tracked(rec, publishes, this.engine.current);
  }

  /**
   * Bring the VM's record up to date, before what it copies changes: the probe and the publish since the last
   * flush saw the state as it is now. A publish needs the guest booted and OneGate (on the front-end) reachable
   * over its link, and through its site unless the site's outage spares the front-end.
   */
  flush(node: SuperNodeVm, at?: EventOrder): void {
    const t = this.tracked[node.vmIndex];
    const running = this.engine.current;
    if (t === undefined || running === null) return;
    // Flushed by this event already: every change since flushed first and found the probes and publishes seen, and a
    // poll applied by settle then is due after now (a tick reads the VMs twice: its evaluation, then the timeline).
    if (at === undefined && t.flushed === running && node.vmState === 'RUNNING') return;
    // A change at `at`, before now (a poll applied when looked at, supernode-process.ts settle): the probe and the
    // publish since the last flush saw the state before it, as far as `at`; those after `at` saw the state after it,
    // and the next flush, from `at` on, writes them over with it (the record is read only through a flush).
    if (at === undefined) node.settle();
    if (node.vmState === 'RUNNING') {
      const published = t.publishes?.last() ?? null;
      if (published !== null && this.since(t.flushed, published) && node.state !== 'booting' && this.connectivity.frontEndReachable(node.vmIndex)) {
        const s = clientState(node, this.connectivity);
        t.rec.FL_TRAINING_ACTIVE = s === 'training' ? 'YES' : 'NO';
        t.rec.FL_CLIENT_STATUS = CLIENT_STATUS[s];
        t.rec.FL_ROUND_NUMBER = String(node.lastRound);
      }
      const probed = this.copiesProbes ? this.probes.last() : null;
      if (probed !== null && this.since(t.flushed, probed) && this.monitored(node)) {
        const s = clientState(node, this.connectivity);
        t.rec.CPU = this.config.cpu[s];
        t.rec.MEMORY = this.config.memory[s];
      }
    } else this.tracked[node.vmIndex] = undefined;
    if (at === undefined) t.flushed = running;
    else {
      // `at` is the process's own, reused: a copy.
      t.flushedAt ??= new Occurrence(0, 0, 0, 0, 0);
      t.flushed = t.flushedAt.set(at.time, at.priority, at.at, at.parentPriority, at.parentAt);
    }
  }

  /** The VM's attributes merged in look-up order: USER_TEMPLATE over MONITORING over TEMPLATE over the VM. Live: read, do not keep. */
  attributes(node: SuperNodeVm): VmAttributes {
    this.flush(node);
    return this.tracked[node.vmIndex]?.rec ?? { ID: node.vmIndex, CPU: this.config.template_cpu };
  }

  /** Whether occurrence `o` came after the flush at `flushed`. */
  private since(flushed: EventOrder | null, o: EventOrder): boolean {
    if (flushed === null || precedes(flushed, o)) return true;
    if (!precedes(o, flushed)) this.engine.noteUnorderedTie();
    return false;
  }
}
