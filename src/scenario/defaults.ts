/**
 * Defaults that are not Flower's strategy defaults (those are in
 * models/strategy.ts): the appliance variants of the deployment spec, the
 * OneFlow server's settings, and the simulator's own.
 */

/**
 * The two SuperNode appliance variants (docs/fidelity.md, "The deployment the simulator models"):
 * standard = full Ubuntu 24.04 with the framework pre-baked, OneGate discovery 30 x 10 s;
 * edge = Ubuntu Minimal with the base flwr/supernode image, QCOW2 under 2 GB, discovery
 * with FL_EDGE_BACKOFF=exponential and FL_EDGE_MAX_BACKOFF=300 on metered links.
 */
export const VARIANTS = {
  standard: {
    boot_time: '60s',
    image_size: '6GB',
    discovery: { retries: 30, interval: '10s', backoff: 'fixed', max_backoff: '300s' },
    bandwidth: '1Gbps',
  },
  edge: {
    boot_time: '45s',
    image_size: '1.5GB',
    discovery: { retries: 30, interval: '10s', backoff: 'exponential', max_backoff: '300s' },
    bandwidth: '20Mbps',
  },
} as const;

export const DEFAULTS = {
  seed: 1,
  horizon: '1d',
  replications: 10,
  start: '2026-03-02T00:00:00Z',
  superlink: {
    api: 'legacy',
    num_rounds: 20,
    // server/server.py: round_timeout None (the 12 h instruction TTL applies); the message
    // API's Strategy.start has timeout=3600 (serverapp/strategy/strategy.py).
    legacy_round_timeout: null,
    message_round_timeout: '3600s',
    // server/client_manager.py wait_for(timeout=86400)
    wait_timeout: '24h',
    boot_time: '60s',
    // common/constant.py: HEARTBEAT_DEFAULT_INTERVAL 30 s, HEARTBEAT_PATIENCE 2
    heartbeat: { interval: '30s', patience: 2 },
    strategy: 'FedAvg',
  },
  supernode: {
    variant: 'standard',
    // flower-supernode --max-retries / --max-wait-time default None = unlimited (supernode/start_client_internal.py; common/retry_invoker.py)
    reconnect: { max_retries: null, max_wait_time: null },
    // Docker's default restart policy
    restart: { policy: 'no', delay: '10s' },
    train_time: '5m',
    eval_time: '30s',
    model_size: '25MB',
  },
  connectivity: { sites: 1 },
  // flow/etc/oneflow-server.conf
  oneflow: { autoscaler_interval: '90s', default_cooldown: '300s', wait_timeout: '30s', shutdown_action: 'terminate' },
  metrics: {
    // OpenNebula's CPU unit: 100 = one full core; an edge SuperNode has 2 vCPU.
    cpu: { idle: 5, training: 180, disconnected: 5 },
    // MONITORING/MEMORY in KB, for a 4 GB edge VM.
    memory: { idle: 900_000, training: 2_600_000, disconnected: 700_000 },
    // TEMPLATE/CPU: the allocated share (2 for 2 vCPU), read as CPU before the first monitoring record.
    template_cpu: 2,
    // The SuperLink aggregates between rounds: mostly idle.
    superlink_cpu: 15,
    monitoring_interval: '60s',
    onegate: { interval: '30s' },
  },
} as const;
