/**
 * One policy set's raw data (already schema-valid) -> a resolved Scenario:
 * defaults filled, units converted, and the rules a schema cannot state
 * checked (strategy-only keys, OneFlow's service validation, trace files).
 */

import type {
  ConnectivityConfig,
  ElasticityPolicy,
  LinkModel,
  RoleConfig,
  Scenario,
  ScheduledPolicy,
  StrategyConfig,
  StrategyName,
  SuperLinkConfig,
} from '../models/config.js';
import { strategyDefaults } from '../models/flower/strategy.js';
import { POLICY_TYPES, policyType } from '../models/oneflow/cardinality.js';
import { cronProblem } from '../models/oneflow/cron.js';
import { ExpressionError, parseExpression } from '../models/oneflow/expression.js';
import { parseStartTime } from '../models/oneflow/start-time.js';
import { type Distribution, type DistributionOf, mapDistribution } from '../sim/distributions.js';
import { DEFAULTS, VARIANTS } from './defaults.js';
import type { Path } from './errors.js';
import { LIMITS } from './limits.js';
import { readTrace } from './trace.js';
import { parseDuration, parseRate, parseSize } from './units.js';

// The merged YAML, already checked against the schema: its keys' types are the schema's, not TypeScript's.
// biome-ignore lint/suspicious/noExplicitAny: schema-validated data, read key by key.
type Raw = Record<string, any>;

/** A value as a message shows it: a long one by its start and its length. */
const shown = (v: unknown) => {
  const t = String(v);
  return t.length > 60 ? `${t.slice(0, 40)}... (${t.length} characters)` : t;
};

export interface ResolveContext {
  /** Report a problem at a path of the merged policy set. */
  error(path: Path, message: string): void;
  /** Report a problem inside another file (a trace), at its own line. */
  fileError(file: string, line: number, path: Path, message: string): void;
  /** Folder that relative file names in the scenario are read from. */
  baseDir: string;
}

const ms = (v: unknown): number => parseDuration(v) ?? 0;

function dist(v: unknown): Distribution {
  // The schema admits a duration (a fixed distribution) or one of the distribution objects.
  if (v !== null && typeof v === 'object') return mapDistribution(v as DistributionOf<unknown>, ms);
  return { dist: 'fixed', value: ms(v) };
}

function checkDist(d: Distribution, path: Path, ctx: ResolveContext): void {
  if (d.dist === 'uniform' && d.min > d.max) ctx.error(path, `uniform min (${d.min / 1000}s) must not exceed max (${d.max / 1000}s)`);
  if (d.dist === 'lognormal' && d.p95 < d.median) ctx.error(path, `lognormal p95 (${d.p95 / 1000}s) must be at least the median (${d.median / 1000}s)`);
  if (d.dist === 'lognormal' && d.median <= 0) ctx.error(path, 'lognormal median must be greater than 0');
  if (d.dist === 'exponential' && d.mean <= 0) ctx.error(path, 'exponential mean must be greater than 0');
}

/**
 * Each API's own names for the strategy's numbers, so a user can paste Flower's arguments:
 * flwr.server.strategy (legacy) and flwr.serverapp.strategy.FedAvg (message,
 * serverapp/strategy/fedavg.py) call the same things differently.
 */
const MESSAGE_NAMES: Record<string, keyof StrategyConfig> = {
  fraction_train: 'fraction_fit',
  fraction_evaluate: 'fraction_evaluate',
  min_train_nodes: 'min_fit_clients',
  min_evaluate_nodes: 'min_evaluate_clients',
  min_available_nodes: 'min_available_clients',
};
const LEGACY_ONLY: Record<string, string | null> = {
  fraction_fit: 'fraction_train',
  min_fit_clients: 'min_train_nodes',
  min_evaluate_clients: 'min_evaluate_nodes',
  min_available_clients: 'min_available_nodes',
  accept_failures: null,
  min_completion_rate_fit: null,
  min_completion_rate_evaluate: null,
};

function resolveStrategy(raw: Raw, api: string, ctx: ResolveContext): StrategyConfig {
  const name: StrategyName = raw.name ?? DEFAULTS.superlink.strategy;
  const base = strategyDefaults(name);
  const at = (k: string): Path => ['superlink', 'strategy', k];
  if (api === 'message' && name === 'FaultTolerantFedAvg')
    ctx.error(at('name'), 'FaultTolerantFedAvg exists only in the legacy API (flwr.server.strategy); use FedAvg with api: message, or api: legacy');
  const values: Partial<StrategyConfig> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'name') continue;
    if (api === 'message') {
      if (k in LEGACY_ONLY) {
        const instead = LEGACY_ONLY[k];
        ctx.error(
          at(k),
          instead
            ? `${k} is the legacy API's name; with api: message, Flower's FedAvg calls it ${instead}`
            : `the message API's FedAvg has no ${k} (it aggregates whenever one reply is valid); remove it, or use api: legacy`,
        );
        continue;
      }
      (values as Record<string, unknown>)[MESSAGE_NAMES[k] ?? k] = v;
    } else {
      if (k in MESSAGE_NAMES && !(k in base)) {
        const instead = Object.keys(LEGACY_ONLY).find((l) => LEGACY_ONLY[l] === k);
        ctx.error(at(k), `${k} is the message API's name; with api: legacy, the strategy calls it ${instead}`);
        continue;
      }
      (values as Record<string, unknown>)[k] = v;
    }
  }
  // accept_failures is FedAvg's; FaultTolerantFedAvg forces it to True (fault_tolerant_fedavg.py).
  if (name === 'FaultTolerantFedAvg' && raw.accept_failures !== undefined)
    ctx.error(at('accept_failures'), 'FaultTolerantFedAvg forces accept_failures to True; remove the key or use FedAvg');
  for (const k of ['min_completion_rate_fit', 'min_completion_rate_evaluate'])
    if (api !== 'message' && name === 'FedAvg' && raw[k] !== undefined)
      ctx.error(at(k), `${k} is a FaultTolerantFedAvg parameter; FedAvg has none (use accept_failures)`);
  return { ...base, ...values, name } as StrategyConfig;
}

function resolveLink(raw: Raw | undefined, path: Path, kind: 'node' | 'site', ctx: ResolveContext, names: readonly string[] = []): LinkModel {
  if (!raw || raw.model === 'always') return { model: 'always' };
  if (raw.model === 'markov') {
    const m: LinkModel = { model: 'markov', mean_up: ms(raw.mean_up), mean_down: ms(raw.mean_down) };
    // A link that flips faster than a heartbeat call lasts is outside the model, and would only burn events.
    for (const k of ['mean_up', 'mean_down'] as const)
      if (m[k] < LIMITS.minIntervalMs)
        ctx.error([...path, k], `${k} must be at least ${LIMITS.minIntervalMs / 1000}s (docs/scenario.md, Limits), got ${m[k] / 1000}s`);
    return m;
  }
  const outages = readTrace(
    String(raw.file),
    kind,
    ctx.baseDir,
    (line, msg) => ctx.fileError(String(raw.file), line, [...path, 'file'], msg),
    (msg) => ctx.error([...path, 'file'], msg),
    names,
  );
  return { model: 'trace', file: String(raw.file), outages };
}

function resolveConnectivity(raw: Raw, defaultBandwidth: number, ctx: ResolveContext): ConnectivityConfig {
  let sitesRaw = raw.sites ?? DEFAULTS.connectivity.sites;
  const count = typeof sitesRaw === 'number' ? sitesRaw : (sitesRaw as unknown[]).length;
  if (count > LIMITS.sites) {
    ctx.error(['connectivity', 'sites'], `at most ${LIMITS.sites} sites (docs/scenario.md, Limits), got ${count}`);
    sitesRaw = 1;
  }
  const sites =
    typeof sitesRaw === 'number'
      ? Array.from({ length: sitesRaw }, (_, i) => ({ name: `site-${i}`, bandwidth: defaultBandwidth }))
      : (sitesRaw as Raw[]).map((s) => ({ name: String(s.name), bandwidth: s.bandwidth !== undefined ? parseRate(s.bandwidth)! : defaultBandwidth }));
  const names = new Set<string>();
  sites.forEach((s, i) => {
    if (names.has(s.name)) ctx.error(['connectivity', 'sites', i, 'name'], `site name "${s.name}" is used twice`);
    names.add(s.name);
  });
  const siteOutages = resolveLink(
    raw.site_outages,
    ['connectivity', 'site_outages'],
    'site',
    ctx,
    sites.map((x) => x.name),
  );
  if (siteOutages.model === 'trace')
    for (const idx of siteOutages.outages.keys())
      if (idx >= sites.length)
        ctx.error(
          ['connectivity', 'site_outages', 'file'],
          `trace names site ${idx}, but there are only ${sites.length} sites (indexes 0-${sites.length - 1})`,
        );
  return {
    sites,
    link: resolveLink(raw.link, ['connectivity', 'link'], 'node', ctx),
    site_outages: siteOutages,
    front_end: raw.site_outages?.front_end ?? false,
  };
}

/** Where role problems go: errors always; problems OneFlow refuses at creation are errors in a scenario and warnings in a stored body. */
export interface RoleContext {
  error(path: Path, message: string): void;
  /** Set for a stored body (a replay): creation-time problems come here, and scale? evaluates the body as it is. */
  warn?(path: Path, message: string): void;
}

/**
 * A OneFlow role body -> RoleConfig. As a scenario (a service about to be created) it is validated
 * as OneFlow validates a service template at creation (flow/models/service_template.rb
 * validate_values); as a stored body (`ctx.warn` set: what a running service holds, e.g. after an
 * update) those problems are warnings, and the body is taken the way vmrole.rb `scale?` reads it.
 */
export function resolveRole(raw: Raw, ctx: RoleContext, prefix: Path = ['oneflow', 'role']): RoleConfig {
  const at = (...p: Array<string | number>): Path => [...prefix, ...p];
  const creation = (path: Path, message: string) =>
    ctx.warn ? ctx.warn(path, `${message} (OneFlow refuses this when a service is created; scale? evaluates it as it is)`) : ctx.error(path, message);
  const cooldown = (v: unknown) => (v === undefined || v === null ? null : ms(v));
  const checkType = (t: string, path: Path) => {
    if (policyType(t) === null)
      creation(
        path,
        `expected one of ${POLICY_TYPES.join(', ')} (any case), got "${t}"${ctx.warn ? '; vmrole.rb logs an error and keeps the cardinality' : ''}`,
      );
  };
  // A policy the schema refused is null here: skipped, its list keeping its indexes.
  const elasticity: ElasticityPolicy[] = ((raw.elasticity_policies ?? []) as Array<Raw | null>).flatMap((p, i) => (p === null ? [] : [elasticityPolicy(p, i)]));
  function elasticityPolicy(p: Raw, i: number): ElasticityPolicy {
    checkType(p.type, at('elasticity_policies', i, 'type'));
    // service_template.rb: an expression must be given and parse when the service is created.
    if (p.expression === undefined || p.expression === '') creation(at('elasticity_policies', i), "an elasticity policy's expression cannot be empty");
    else {
      try {
        parseExpression(p.expression);
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        creation(at('elasticity_policies', i, 'expression'), `OneFlow cannot parse "${shown(p.expression)}" at column ${e.column}: ${e.reason}`);
      }
    }
    // vmrole.rb: adjust.to_i, so a missing one is 0.
    if (p.adjust === undefined) creation(at('elasticity_policies', i), 'an elasticity policy needs adjust');
    return {
      type: policyType(String(p.type)),
      adjust: p.adjust ?? 0,
      expression: p.expression ?? '',
      min_adjust_step: p.min_adjust_step ?? 0,
      period_number: p.period_number ?? 0,
      period: p.period === undefined ? 0 : ms(p.period),
      cooldown: cooldown(p.cooldown),
    };
  }
  const scheduled: ScheduledPolicy[] = ((raw.scheduled_policies ?? []) as Array<Raw | null>).flatMap((p, i) => (p === null ? [] : [scheduledPolicy(p, i)]));
  function scheduledPolicy(p: Raw, i: number): ScheduledPolicy {
    checkType(p.type, at('scheduled_policies', i, 'type'));
    const hasStart = p.start_time !== undefined && p.start_time !== null;
    const hasCron = p.recurrence !== undefined && p.recurrence !== null;
    if (hasStart && hasCron) creation(at('scheduled_policies', i), 'a scheduled policy has start_time or recurrence, not both (scale_time? reads start_time)');
    if (!hasStart && !hasCron) creation(at('scheduled_policies', i), 'a scheduled policy needs start_time or recurrence (cron)');
    if (p.adjust === undefined) creation(at('scheduled_policies', i), 'a scheduled policy needs adjust (without it scale_time? returns 0)');
    if (hasCron && !hasStart) {
      const cron = cronProblem(p.recurrence);
      if (cron !== null) creation(at('scheduled_policies', i, 'recurrence'), `not a valid cron recurrence: ${cron}`);
    }
    if (hasStart) {
      const st = parseStartTime(String(p.start_time));
      if (st.kind === 'unsupported')
        ctx.error(
          at('scheduled_policies', i, 'start_time'),
          `expected epoch seconds (1740997800), a date-time such as 2026-03-02 08:00:00 or 2026-03-02T08:00:00.000Z, or a time of day such as 08:00, got "${p.start_time}"`,
        );
      else if (st.kind === 'invalid')
        creation(at('scheduled_policies', i, 'start_time'), `"${p.start_time}" is not a valid Time: ${st.reason}, so the policy never fires`);
    }
    return {
      type: policyType(String(p.type)),
      adjust: p.adjust ?? null,
      min_adjust_step: p.min_adjust_step ?? 0,
      recurrence: p.recurrence ?? null,
      start_time: hasStart ? String(p.start_time) : null,
      cooldown: cooldown(p.cooldown),
    };
  }
  const role: RoleConfig = {
    cardinality: raw.cardinality,
    min_vms: raw.min_vms ?? null,
    max_vms: raw.max_vms ?? null,
    cooldown: cooldown(raw.cooldown),
    shutdown_action: raw.shutdown_action ?? DEFAULTS.oneflow.shutdown_action,
    elasticity_policies: elasticity,
    scheduled_policies: scheduled,
  };
  if (role.cardinality === undefined) ctx.error(at(), 'missing oneflow.role.cardinality, the number of SuperNode VMs (add oneflow: {role: {cardinality: N}})');
  const hasPolicies = elasticity.length + scheduled.length > 0;
  if (hasPolicies && role.min_vms === null) creation(at(), 'OneFlow requires min_vms on a role with elasticity or scheduled policies');
  if (hasPolicies && role.max_vms === null) creation(at(), 'OneFlow requires max_vms on a role with elasticity or scheduled policies');
  if (role.min_vms !== null && role.max_vms !== null && role.min_vms > role.max_vms)
    creation(at('min_vms'), `min_vms (${role.min_vms}) must not exceed max_vms (${role.max_vms})`);
  // At creation OneFlow wants min_vms <= cardinality <= max_vms; a running role can be outside them (VMs lost outside OneFlow).
  if (role.cardinality !== undefined) {
    if (role.min_vms !== null && role.cardinality < role.min_vms)
      creation(at('cardinality'), `cardinality (${role.cardinality}) must be at least min_vms (${role.min_vms})`);
    if (role.max_vms !== null && role.cardinality > role.max_vms)
      creation(at('cardinality'), `cardinality (${role.cardinality}) must not exceed max_vms (${role.max_vms})`);
  }
  return role;
}

export function resolveScenario(raw: Raw, policySet: { name: string; description: string }, ctx: ResolveContext): Scenario {
  const sl: Raw = raw.superlink ?? {};
  const sn: Raw = raw.supernode ?? {};
  const api = sl.api ?? DEFAULTS.superlink.api;
  const variantName: 'standard' | 'edge' = sn.variant ?? DEFAULTS.supernode.variant;
  const variant = VARIANTS[variantName];
  const disc: Raw = { ...variant.discovery, ...(sn.discovery ?? {}) };
  const reconnect: Raw = { ...DEFAULTS.supernode.reconnect, ...(sn.reconnect ?? {}) };
  const restart: Raw = { ...DEFAULTS.supernode.restart, ...(sn.restart ?? {}) };
  const hb: Raw = { ...DEFAULTS.superlink.heartbeat, ...(sl.heartbeat ?? {}) };
  const of: Raw = raw.oneflow ?? {};
  const metrics: Raw = raw.metrics ?? {};
  const bandwidth = parseRate(sn.bandwidth ?? variant.bandwidth)!;

  const start = raw.start ?? DEFAULTS.start;
  if (Number.isNaN(Date.parse(start)) || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(start))
    ctx.error(['start'], `expected an ISO 8601 date-time such as 2026-03-02T08:00:00Z, got "${start}"`);

  const roundTimeoutRaw = sl.round_timeout !== undefined ? sl.round_timeout : api === 'message' ? DEFAULTS.superlink.message_round_timeout : null;
  if (api === 'message' && roundTimeoutRaw === null)
    ctx.error(['superlink', 'round_timeout'], 'the message API always has a round timeout (Strategy.start timeout); give a duration or omit it for 3600s');

  const scenario: Scenario = {
    name: raw.name,
    description: raw.description ?? '',
    policy_set: policySet.name,
    policy_set_description: policySet.description,
    seed: raw.seed ?? DEFAULTS.seed,
    horizon: ms(raw.horizon ?? DEFAULTS.horizon),
    replications: raw.replications ?? DEFAULTS.replications,
    start,
    // A message API without round_timeout was refused above, so the cast holds.
    superlink: {
      api,
      num_rounds: sl.num_rounds ?? DEFAULTS.superlink.num_rounds,
      round_timeout: roundTimeoutRaw === null ? null : ms(roundTimeoutRaw),
      wait_timeout: ms(sl.wait_timeout ?? DEFAULTS.superlink.wait_timeout),
      boot_time: dist(sl.boot_time ?? DEFAULTS.superlink.boot_time),
      heartbeat: { interval: ms(hb.interval), patience: hb.patience },
      strategy: resolveStrategy(sl.strategy ?? {}, api, ctx),
    } as SuperLinkConfig,
    supernode: {
      variant: variantName,
      boot_time: dist(sn.boot_time ?? variant.boot_time),
      image_size: parseSize(sn.image_size ?? variant.image_size)!,
      discovery: { retries: disc.retries, interval: ms(disc.interval), backoff: disc.backoff, max_backoff: ms(disc.max_backoff) },
      reconnect: {
        max_retries: reconnect.max_retries,
        max_wait_time: reconnect.max_wait_time === null ? null : ms(reconnect.max_wait_time),
      },
      restart: { policy: restart.policy, delay: ms(restart.delay) },
      train_time: dist(sn.train_time ?? DEFAULTS.supernode.train_time),
      eval_time: dist(sn.eval_time ?? DEFAULTS.supernode.eval_time),
      model_size: parseSize(sn.model_size ?? DEFAULTS.supernode.model_size)!,
      bandwidth,
    },
    connectivity: resolveConnectivity(raw.connectivity ?? {}, bandwidth, ctx),
    oneflow: {
      autoscaler_interval: ms(of.autoscaler_interval ?? DEFAULTS.oneflow.autoscaler_interval),
      default_cooldown: ms(of.default_cooldown ?? DEFAULTS.oneflow.default_cooldown),
      wait_timeout: ms(of.wait_timeout ?? DEFAULTS.oneflow.wait_timeout),
      role: resolveRole(of.role ?? {}, ctx),
      superlink_role: of.superlink_role === undefined ? null : resolveRole({ cardinality: 1, ...of.superlink_role }, ctx, ['oneflow', 'superlink_role']),
    },
    metrics: {
      cpu: { ...DEFAULTS.metrics.cpu, ...(metrics.cpu ?? {}) },
      memory: { ...DEFAULTS.metrics.memory, ...(metrics.memory ?? {}) },
      template_cpu: metrics.template_cpu ?? DEFAULTS.metrics.template_cpu,
      superlink_cpu: metrics.superlink_cpu ?? DEFAULTS.metrics.superlink_cpu,
      monitoring_interval: ms(metrics.monitoring_interval ?? DEFAULTS.metrics.monitoring_interval),
      onegate: { interval: ms(metrics.onegate?.interval ?? DEFAULTS.metrics.onegate.interval) },
    },
  };
  checkDist(scenario.superlink.boot_time, ['superlink', 'boot_time'], ctx);
  checkDist(scenario.supernode.boot_time, ['supernode', 'boot_time'], ctx);
  checkDist(scenario.supernode.train_time, ['supernode', 'train_time'], ctx);
  checkDist(scenario.supernode.eval_time, ['supernode', 'eval_time'], ctx);
  // common/constant.py: HEARTBEAT_MIN_INTERVAL 10 s, HEARTBEAT_MAX_INTERVAL 1800 s.
  const hbi = scenario.superlink.heartbeat.interval;
  if (hbi < 10_000 || hbi > 1_800_000)
    ctx.error(['superlink', 'heartbeat', 'interval'], `Flower accepts a heartbeat interval from 10s to 1800s, got ${hbi / 1000}s`);
  const interval = (path: Path, ms: number) => {
    if (ms < LIMITS.minIntervalMs) ctx.error(path, `must be at least ${LIMITS.minIntervalMs / 1000}s (docs/scenario.md, Limits), got ${ms / 1000}s`);
  };
  interval(['oneflow', 'autoscaler_interval'], scenario.oneflow.autoscaler_interval);
  interval(['metrics', 'monitoring_interval'], scenario.metrics.monitoring_interval);
  interval(['metrics', 'onegate', 'interval'], scenario.metrics.onegate.interval);
  if (scenario.horizon <= 0) ctx.error(['horizon'], 'must be greater than 0');
  else if (scenario.oneflow.autoscaler_interval >= LIMITS.minIntervalMs && scenario.horizon / scenario.oneflow.autoscaler_interval > LIMITS.ticks)
    ctx.error(
      ['horizon'],
      `${Math.round(scenario.horizon / scenario.oneflow.autoscaler_interval).toLocaleString('en-US')} autoscaler ticks in one replication; at most ${LIMITS.ticks.toLocaleString('en-US')} (docs/scenario.md, Limits): shorten the horizon or lengthen autoscaler_interval`,
    );
  const role = scenario.oneflow.role;
  for (const [k, v] of [
    ['cardinality', role.cardinality],
    ['max_vms', role.max_vms],
  ] as const)
    if (v !== null && v > LIMITS.supernodes)
      ctx.error(
        ['oneflow', 'role', k],
        `at most ${LIMITS.supernodes.toLocaleString('en-US')} SuperNodes (docs/scenario.md, Limits), got ${v.toLocaleString('en-US')}`,
      );
  if (scenario.replications > LIMITS.replications)
    ctx.error(
      ['replications'],
      `at most ${LIMITS.replications.toLocaleString('en-US')} replications per policy set (docs/scenario.md, Limits), got ${scenario.replications.toLocaleString('en-US')}`,
    );
  return scenario;
}
