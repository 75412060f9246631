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
import { type Engine, Priority } from '../../sim/engine.js';
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

/**
 * A VM's attributes, merged in look-up order and updated in place. The layers do not
 * share names but CPU (MONITORING over TEMPLATE), so each write goes to its one key.
 */
type VmRecord = VmAttributes;

export class VmMetrics {
  private readonly records = new Map<SuperNodeVm, VmRecord>();

  constructor(
    private readonly engine: Engine,
    private readonly streams: Streams,
    private readonly config: MetricsConfig,
    private readonly connectivity: Connectivity,
    /** Whether the front-end can monitor the VM now (not UNKNOWN). */
    private readonly monitored: (node: SuperNodeVm) => boolean,
  ) {
    const probe = () => {
      for (const [node, rec] of this.records) {
        if (node.vmState !== 'RUNNING' || !this.monitored(node)) continue;
        const s = clientState(node, this.connectivity);
        rec.CPU = config.cpu[s];
        rec.MEMORY = config.memory[s];
      }
      engine.schedule(config.monitoring_interval, probe, Priority.URGENT);
    };
    engine.schedule(config.monitoring_interval, probe, Priority.URGENT);
  }

  /** Start tracking a VM that just reached RUNNING; its guest publishes once it has booted. */
  track(node: SuperNodeVm): void {
    // TEMPLATE/CPU until the first monitoring record replaces it.
    const rec: VmRecord = { ID: node.vmIndex, CPU: this.config.template_cpu };
    this.records.set(node, rec);
    const interval = this.config.onegate.interval;
    const publish = () => {
      if (node.vmState !== 'RUNNING') {
        this.records.delete(node);
        return;
      }
      // The guest's publisher runs once it has booted, and reaches OneGate (on the front-end) only over its
      // link, and through its site unless the site's outage spares the front-end.
      if (node.state !== 'booting' && this.connectivity.frontEndReachable(node.vmIndex)) {
        const s = clientState(node, this.connectivity);
        rec.FL_TRAINING_ACTIVE = s === 'training' ? 'YES' : 'NO';
        rec.FL_CLIENT_STATUS = CLIENT_STATUS[s];
        rec.FL_ROUND_NUMBER = String(node.lastRound);
      }
      this.engine.schedule(interval, publish, Priority.URGENT);
    };
    const phase = this.streams.get(`supernode-${node.vmIndex}`, 'onegate')() * interval;
    this.engine.schedule(phase, publish, Priority.URGENT);
  }

  /** The VM's attributes merged in look-up order: USER_TEMPLATE over MONITORING over TEMPLATE over the VM. Live: read, do not keep. */
  attributes(node: SuperNodeVm): VmAttributes {
    return this.records.get(node) ?? { ID: node.vmIndex, CPU: this.config.template_cpu };
  }
}
