/**
 * Heartbeat liveness as pure functions: when a SuperNode sends its next heartbeat,
 * and how long the SuperLink keeps a node online after its last one.
 */

/** common/constant.py HEARTBEAT_CALL_TIMEOUT: the heartbeat call's own timeout (ms). */
export const HEARTBEAT_CALL_TIMEOUT = 5000;

/**
 * The wait before a SuperNode's next heartbeat, given a uniform draw `u` in [0, 1): common/constant.py
 * HEARTBEAT_BASE_MULTIPLIER 0.8 with HEARTBEAT_RANDOM_RANGE +-0.1 over (interval - HEARTBEAT_CALL_TIMEOUT)
 * (supernode/start_client_internal.py heartbeat loop), so U(17.5, 22.5) s for a 30 s interval.
 */
export function heartbeatDelayMs(intervalMs: number, u: number): number {
  return (intervalMs - HEARTBEAT_CALL_TIMEOUT) * (0.7 + 0.2 * u);
}

/**
 * How long the SuperLink keeps a node online after its last heartbeat: patience x interval
 * (common/constant.py HEARTBEAT_PATIENCE; server/superlink/linkstate/ acknowledge_node_heartbeat).
 */
export function onlineWindowMs(intervalMs: number, patience: number): number {
  return patience * intervalMs;
}
