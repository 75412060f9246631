/**
 * A resolved policy set in the units of the fields it mirrors: Flower's and OneFlow's durations
 * are seconds (round_timeout, heartbeat interval, period, cooldown, autoscaler_interval, ...), so
 * run.json and the report write every duration in seconds, where the model keeps milliseconds.
 */
import type { LinkModel, RoleConfig, Scenario } from '../models/config.js';
import { type Distribution, mapDistribution } from '../sim/distributions.js';

const s = (ms: number) => ms / 1000;
const sOrNull = (ms: number | null) => (ms === null ? null : ms / 1000);

const dist = (d: Distribution): Distribution => mapDistribution(d, s);

function link(m: LinkModel): unknown {
  if (m.model === 'markov') return { model: 'markov', mean_up: s(m.mean_up), mean_down: s(m.mean_down) };
  if (m.model === 'trace')
    return { model: 'trace', file: m.file, outages: Object.fromEntries([...m.outages].map(([k, list]) => [k, list.map(([a, b]) => [s(a), s(b)])])) };
  return m;
}

function role(r: RoleConfig): unknown {
  return {
    ...r,
    cooldown: sOrNull(r.cooldown),
    elasticity_policies: r.elasticity_policies.map((p) => ({ ...p, period: s(p.period), cooldown: sOrNull(p.cooldown) })),
    scheduled_policies: r.scheduled_policies.map((p) => ({ ...p, cooldown: sOrNull(p.cooldown) })),
  };
}

export function scenarioInSeconds(x: Scenario): unknown {
  const { superlink: sl, supernode: sn, connectivity: c, oneflow: of, metrics: m } = x;
  return {
    ...x,
    horizon: s(x.horizon),
    superlink: {
      ...sl,
      round_timeout: sOrNull(sl.round_timeout),
      wait_timeout: s(sl.wait_timeout),
      boot_time: dist(sl.boot_time),
      heartbeat: { ...sl.heartbeat, interval: s(sl.heartbeat.interval) },
    },
    supernode: {
      ...sn,
      boot_time: dist(sn.boot_time),
      discovery: { ...sn.discovery, interval: s(sn.discovery.interval), max_backoff: s(sn.discovery.max_backoff) },
      reconnect: { ...sn.reconnect, max_wait_time: sOrNull(sn.reconnect.max_wait_time) },
      restart: { ...sn.restart, delay: s(sn.restart.delay) },
      train_time: dist(sn.train_time),
      eval_time: dist(sn.eval_time),
    },
    connectivity: { ...c, link: link(c.link), site_outages: link(c.site_outages) },
    oneflow: {
      ...of,
      autoscaler_interval: s(of.autoscaler_interval),
      default_cooldown: s(of.default_cooldown),
      wait_timeout: s(of.wait_timeout),
      role: role(of.role),
      superlink_role: of.superlink_role === null ? null : role(of.superlink_role),
    },
    metrics: { ...m, monitoring_interval: s(m.monitoring_interval), onegate: { interval: s(m.onegate.interval) } },
  };
}

export const TIME_UNITS = 'durations in seconds (as Flower and OneFlow write them), sizes in bytes, rates in bits per second';
