/**
 * The model's input: one policy set of a scenario, resolved by src/scenario with
 * every default filled and units converted (durations in ms, sizes in bytes,
 * rates in bits/s). Models trust it as it is.
 */
import type { Distribution } from '../sim/distributions.js';
import type { PolicyType } from './oneflow/cardinality.js';
import type { DiscoveryConfig } from './opennebula/discovery.js';

export type StrategyName = 'FedAvg' | 'FaultTolerantFedAvg';

export interface StrategyConfig {
  name: StrategyName;
  fraction_fit: number;
  min_fit_clients: number;
  min_available_clients: number;
  accept_failures: boolean;
  min_completion_rate_fit: number;
  fraction_evaluate: number;
  min_evaluate_clients: number;
  min_completion_rate_evaluate: number;
}

interface SuperLinkCommon {
  num_rounds: number;
  wait_timeout: number;
  boot_time: Distribution;
  heartbeat: { interval: number; patience: number };
  strategy: StrategyConfig;
}

/** The SuperLink and its ServerApp, by API: the legacy strategies or the message API's. */
export type SuperLinkConfig =
  /** Per-client timeout; null = none (the 12 h instruction TTL applies). */
  | (SuperLinkCommon & { api: 'legacy'; round_timeout: number | null })
  /** Per-phase timeout, always present (Strategy.start timeout). */
  | (SuperLinkCommon & { api: 'message'; round_timeout: number });

export interface SuperNodeConfig {
  variant: 'standard' | 'edge';
  boot_time: Distribution;
  image_size: number;
  discovery: DiscoveryConfig;
  /** null = unlimited (Flower's default); 0 retries = one attempt. */
  reconnect: { max_retries: number | null; max_wait_time: number | null };
  restart: { policy: 'no' | 'always' | 'unless-stopped'; delay: number };
  train_time: Distribution;
  eval_time: Distribution;
  model_size: number;
  bandwidth: number;
}

/** Outage intervals [from, to) in ms, by index (node or site). */
export type Trace = Map<number, Array<[number, number]>>;

export type LinkModel = { model: 'always' } | { model: 'markov'; mean_up: number; mean_down: number } | { model: 'trace'; file: string; outages: Trace };

export interface Site {
  name: string;
  bandwidth: number;
}

export interface ConnectivityConfig {
  sites: Site[];
  link: LinkModel;
  site_outages: LinkModel;
  /** A site outage also cuts its hosts off from the OpenNebula front-end (VMs go UNKNOWN). */
  front_end: boolean;
}

export interface ElasticityPolicy {
  /** null: a type OneFlow does not know (a stored body in a replay); the cardinality stays. */
  type: PolicyType | null;
  adjust: number;
  expression: string;
  min_adjust_step: number;
  period_number: number;
  period: number;
  cooldown: number | null;
}

export interface ScheduledPolicy {
  type: PolicyType | null;
  /** null: a stored body without adjust (scale_time? then returns 0). */
  adjust: number | null;
  min_adjust_step: number;
  recurrence: string | null;
  start_time: string | null;
  cooldown: number | null;
}

export interface RoleConfig {
  cardinality: number;
  min_vms: number | null;
  max_vms: number | null;
  cooldown: number | null;
  shutdown_action: ShutdownAction;
  elasticity_policies: ElasticityPolicy[];
  scheduled_policies: ScheduledPolicy[];
}

export interface OneFlowConfig {
  autoscaler_interval: number;
  default_cooldown: number;
  wait_timeout: number;
  /** The SuperNode role. */
  role: RoleConfig;
  /** The SuperLink's role when the scenario describes it: a singleton, never scaled by the simulator. */
  superlink_role: RoleConfig | null;
}

export interface MetricsConfig {
  /** MONITORING/CPU per client state (100 = one core). */
  cpu: { idle: number; training: number; disconnected: number };
  /** MONITORING/MEMORY per client state (KB). */
  memory: { idle: number; training: number; disconnected: number };
  /** TEMPLATE/CPU: the VM's allocated CPU share, what CPU reads before the first monitoring record. */
  template_cpu: number;
  /** The SuperLink VM's CPU, for policies a scenario puts on its role. */
  superlink_cpu: number;
  monitoring_interval: number;
  onegate: { interval: number };
}

/** One policy set of a scenario, fully resolved. */
export interface Scenario {
  name: string;
  description: string;
  policy_set: string;
  policy_set_description: string;
  seed: number;
  horizon: number;
  replications: number;
  start: string;
  superlink: SuperLinkConfig;
  supernode: SuperNodeConfig;
  connectivity: ConnectivityConfig;
  oneflow: OneFlowConfig;
  metrics: MetricsConfig;
}

/** The role's shutdown_action (flow/lib/models/vmrole.rb). */
export type ShutdownAction = 'terminate' | 'terminate-hard' | 'shutdown' | 'shutdown-hard';
