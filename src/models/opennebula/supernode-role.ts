/**
 * The SuperNode role as OneFlow drives it: VMs in creation order, scale-up by
 * booting new SuperNodes, scale-in by terminating the oldest first (flow/lib/models/vmrole.rb shutdown_nodes),
 * and what the front-end sees of them (RUNNING, UNKNOWN, DONE).
 */

import { Countdown } from '../../sim/countdown.js';
import type { Scenario } from '../config.js';
import type { VmAttributes } from '../oneflow/expression.js';
import { scaleInVictims, shutdownIsGraceful } from '../oneflow/scale-in.js';
import type { RoleDriver } from '../oneflow/service.js';
import { SuperNodeVm, type SuperNodeWorld, type VmHooks } from './supernode-vm.js';
import { type AttributeReads, VmMetrics } from './vm-metrics.js';

export class SuperNodeRole implements RoleDriver {
  /** Every VM the role ever had, in creation order (the role's node list). */
  readonly nodes: SuperNodeVm[] = [];
  private readonly unknown = new Set<SuperNodeVm>();
  /** RUNNING VMs, and those of them UNKNOWN: runningCount without a scan. */
  private running = 0;
  private unknownRunning = 0;
  /** VMs whose process works (settled), and VMs that may hold a poll to apply (settle) before they are counted. */
  private working = 0;
  private readonly pending: SuperNodeVm[] = [];
  private readonly metrics: VmMetrics;
  private readonly waitingDone = new Map<SuperNodeVm, () => void>();
  /** Told when a VM goes UNKNOWN (+1) or comes back (-1). */
  onUnknown: (delta: 1 | -1) => void = () => {};

  constructor(
    private readonly world: SuperNodeWorld,
    private readonly scenario: Scenario,
    /** Which of the VMs' attributes anything reads (elasticity expressions, a replay's record): only those are kept. */
    reads: AttributeReads = 'all',
  ) {
    this.metrics = new VmMetrics(world.engine, world.streams, scenario.metrics, world.connectivity, (n) => !this.unknown.has(n), reads);
    if (scenario.connectivity.front_end) {
      // A site cut off from the front-end shows its VMs as UNKNOWN (flow/lib/ServiceWatchDog.rb watches them).
      world.connectivity.onSiteChange = (site, up) => {
        for (const node of this.nodes) {
          if (node.vmState !== 'RUNNING' || world.connectivity.siteIndexFor(node.vmIndex) !== site) continue;
          this.setUnknown(node, !up);
        }
      };
    }
  }

  /** Create `n` VMs; `allRunning` is called once every one of them is RUNNING. */
  create(n: number, allRunning: () => void): void {
    if (n === 0) {
      allRunning();
      return;
    }
    const running = new Countdown(n, allRunning);
    // One hooks object for the VMs of this creation (each hook is told which VM).
    const hooks: VmHooks = {
      onRunning: (vm) => {
        this.running++;
        this.metrics.track(vm);
        if (this.scenario.connectivity.front_end && !this.world.connectivity.siteUp(this.world.connectivity.siteIndexFor(vm.vmIndex)))
          this.setUnknown(vm, true);
        running.arrive();
      },
      beforeChange: (vm, at) => this.metrics.flush(vm, at),
      onStopping: (vm) => {
        this.running--;
        if (this.unknown.has(vm)) this.unknownRunning--;
      },
      onWorking: (delta) => {
        this.working += delta;
      },
      onTakesPending: (vm) => {
        if (vm.listedToSettle) return;
        vm.listedToSettle = true;
        this.pending.push(vm);
      },
      onDone: (vm) => {
        this.setUnknown(vm, false);
        this.waitingDone.get(vm)?.();
        this.waitingDone.delete(vm);
      },
    };
    for (let i = 0; i < n; i++) this.nodes.push(new SuperNodeVm(this.world, this.nodes.length, hooks));
  }

  /** VMs that count in the role's cardinality (not shutting down or DONE). */
  live(): SuperNodeVm[] {
    return this.nodes.filter((n) => n.vmState === 'PROLOG' || n.vmState === 'RUNNING');
  }

  /** RUNNING VMs the front-end sees (not UNKNOWN): runningVms().length, without reading their attributes. */
  runningCount(): number {
    return this.running - this.unknownRunning;
  }

  /**
   * Live VMs whose process is training: the count kept as processes start and stop working, once the listed
   * VMs' polls due by now are applied (a process exists only in a RUNNING VM, and goes when the VM does).
   */
  trainingCount(): number {
    const pending = this.pending;
    let kept = 0;
    for (const vm of pending) {
      vm.settle();
      if (vm.pending) pending[kept++] = vm;
      else vm.listedToSettle = false;
    }
    pending.length = kept;
    return this.working;
  }

  runningVms(): VmAttributes[] {
    const out: VmAttributes[] = [];
    for (const n of this.nodes) if (n.vmState === 'RUNNING' && !this.unknown.has(n)) out.push(this.metrics.attributes(n));
    return out;
  }

  scale(from: number, to: number, done: () => void): void {
    if (to > from) {
      this.create(to - from, done);
      return;
    }
    const victims = scaleInVictims(this.live(), from, to);
    if (victims.length === 0) {
      done();
      return;
    }
    const gone = new Countdown(victims.length, done);
    const graceful = shutdownIsGraceful(this.scenario.oneflow.role.shutdown_action);
    // The action is named by its time, so a round can tell how many scale-ins it lost clients to.
    const action = this.world.engine.now;
    for (const vm of victims) {
      this.waitingDone.set(vm, () => gone.arrive());
      vm.terminate(graceful, action);
    }
  }

  /** VM-hours from creation to DONE or `until`. */
  vmHours(until: number): number {
    let ms = 0;
    for (const n of this.nodes) ms += (n.doneAt ?? until) - n.createdAt;
    return ms / 3_600_000;
  }

  private setUnknown(node: SuperNodeVm, unknown: boolean): void {
    if (unknown === this.unknown.has(node)) return;
    this.metrics.flush(node);
    if (unknown) this.unknown.add(node);
    else this.unknown.delete(node);
    if (node.vmState === 'RUNNING') this.unknownRunning += unknown ? 1 : -1;
    this.onUnknown(unknown ? 1 : -1);
  }
}
