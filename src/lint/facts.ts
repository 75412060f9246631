/**
 * Facts about a policy set that several rules need: whether its SuperNodes
 * churn, which policies scale down, how long a round can last, how soon churn
 * can take the role below min_fit_clients.
 */

import type { ElasticityPolicy, LinkModel, Scenario, ScheduledPolicy } from '../models/config.js';
import { transferMs } from '../models/opennebula/transfer.js';
import { mean } from '../sim/distributions.js';

/** Edge SuperNodes or links that drop. */
export function churns(s: Scenario): boolean {
  return s.supernode.variant === 'edge' || s.connectivity.link.model !== 'always' || s.connectivity.site_outages.model !== 'always';
}

export type AnyPolicy = { kind: 'elasticity'; index: number; policy: ElasticityPolicy } | { kind: 'scheduled'; index: number; policy: ScheduledPolicy };

export function policies(s: Scenario): AnyPolicy[] {
  return [
    ...s.oneflow.role.elasticity_policies.map((policy, index) => ({ kind: 'elasticity' as const, index, policy })),
    ...s.oneflow.role.scheduled_policies.map((policy, index) => ({ kind: 'scheduled' as const, index, policy })),
  ];
}

export function policyPath(p: AnyPolicy): Array<string | number> {
  return ['oneflow', 'role', `${p.kind}_policies`, p.index];
}

/** A policy that can lower the cardinality (one without adjust never changes it: vmrole.rb scale_time?). */
export function scalesDown(s: Scenario, p: AnyPolicy): boolean {
  const a = p.policy.adjust;
  if (a === null) return false;
  if (p.policy.type === 'CARDINALITY') return a < (s.oneflow.role.max_vms ?? s.oneflow.role.cardinality);
  return a < 0;
}

export function scalesUp(s: Scenario, p: AnyPolicy): boolean {
  const a = p.policy.adjust;
  if (a === null) return false;
  if (p.policy.type === 'CARDINALITY') return a > (s.oneflow.role.min_vms ?? 0);
  return a > 0;
}

/** The cooldown a policy's first firing brings (before any sticky overwrite): its own, the role's, the default. */
export function firstCooldown(s: Scenario, p: AnyPolicy): number {
  return p.policy.cooldown ?? s.oneflow.role.cooldown ?? s.oneflow.default_cooldown;
}

/**
 * How long a round can last: with round_timeout, that per phase (legacy: per client, all sent
 * at once); without, the expected round (model down and up, training, and evaluation when on).
 */
export function roundBound(s: Scenario): { ms: number; basis: string } {
  const evaluates = s.superlink.strategy.fraction_evaluate > 0;
  const phases = evaluates ? 2 : 1;
  if (s.superlink.round_timeout !== null)
    return {
      ms: s.superlink.round_timeout * phases,
      basis: `round_timeout ${s.superlink.round_timeout / 1000} s${evaluates ? ' per phase, fit and evaluate' : ''}`,
    };
  const t = transferMs(s.supernode.model_size, s.supernode.bandwidth);
  const ms = 2 * t + mean(s.supernode.train_time) + (evaluates ? t + mean(s.supernode.eval_time) : 0);
  return { ms, basis: 'the expected round time (no round_timeout)' };
}

/** Mean time a line stays up, or Infinity when it never drops. */
function meanUp(m: LinkModel, traceSpan: number): number {
  if (m.model === 'markov') return m.mean_up;
  if (m.model === 'trace') {
    let outages = 0;
    for (const list of m.outages.values()) outages += list.length;
    return outages === 0 ? Infinity : traceSpan / outages;
  }
  return Infinity;
}

/**
 * Roughly how soon churn can take `n` SuperNodes below `minFit` connected: the expected time for
 * n - minFit + 1 of them to drop when none comes back (exponential up-times), or one site outage
 * when a site holds that many.
 */
export function timeBelowMinFit(s: Scenario, n: number, minFit: number): number {
  const k = n - minFit + 1;
  if (k <= 0) return 0;
  let links = Infinity;
  const up = meanUp(s.connectivity.link, s.horizon);
  if (Number.isFinite(up)) {
    links = 0;
    for (let i = 0; i < k; i++) links += up / (n - i);
  }
  const sites = s.connectivity.sites.length;
  const perSite = Math.ceil(n / sites);
  const siteUp = meanUp(s.connectivity.site_outages, s.horizon);
  const site = perSite >= k && Number.isFinite(siteUp) ? siteUp / sites : Infinity;
  return Math.min(links, site);
}

export function seconds(ms: number): string {
  return ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : ms >= 600_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}
