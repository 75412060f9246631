/**
 * The SuperLink's role, when a scenario gives it policies (docs/anti-patterns.md,
 * anti-pattern 3). OneFlow scales it like any role: a scale-up boots SuperLink VMs
 * that no SuperNode uses (OneGate already gave them the first one's address);
 * a scale-in removes the oldest VM first (flow/lib/models/vmrole.rb shutdown_nodes), which is the SuperLink
 * the federation runs on: the ServerApp dies with it.
 */

import { mean } from '../../sim/distributions.js';
import type { Engine } from '../../sim/engine.js';
import type { Scenario } from '../config.js';
import type { VmAttributes } from '../oneflow/expression.js';
import type { RoleDriver } from '../oneflow/service.js';

/** A graceful terminate takes the guest's shutdown (as for SuperNodes). */
const GRACEFUL_SHUTDOWN = 10_000;

export class SuperLinkRole implements RoleDriver {
  private vms = 1;

  constructor(
    private readonly engine: Engine,
    private readonly scenario: Scenario,
    private readonly killFirst: () => void,
  ) {}

  runningVms(): VmAttributes[] {
    // The SuperLink only aggregates between rounds: its CPU stays low.
    return Array.from({ length: this.vms }, (_, i) => ({ ID: i, CPU: this.scenario.metrics.superlink_cpu }));
  }

  scale(from: number, to: number, done: () => void): void {
    if (to > from) {
      this.engine.schedule(mean(this.scenario.superlink.boot_time), () => {
        this.vms += to - from;
        done();
      });
      return;
    }
    this.engine.schedule(GRACEFUL_SHUTDOWN, () => {
      this.vms = Math.max(0, this.vms - (from - to));
      this.killFirst();
      done();
    });
  }
}
