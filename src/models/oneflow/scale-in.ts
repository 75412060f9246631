/**
 * How OneFlow removes VMs on a scale-in, as pure functions (flow/lib/models/vmrole.rb
 * shutdown_nodes and the role's shutdown_action).
 */
import type { ShutdownAction } from '../config.js';

/**
 * Whether the guest gets a shutdown (ACPI, so the container gets SIGTERM) before the VM is gone:
 * terminate and shutdown are graceful; terminate-hard and shutdown-hard are not (vmrole.rb shutdown_nodes).
 */
export function shutdownIsGraceful(action: ShutdownAction): boolean {
  return action !== 'terminate-hard' && action !== 'shutdown-hard';
}

/**
 * The VMs a scale-in from `from` to `to` removes: the first from - to of the role's node list,
 * oldest first, whatever they are doing (vmrole.rb shutdown_nodes: nodes[0..n-1]).
 */
export function scaleInVictims<T>(live: readonly T[], from: number, to: number): T[] {
  return live.slice(0, Math.max(0, from - to));
}
