/**
 * The deployment spec's seven anti-patterns (docs/anti-patterns.md), checked on
 * one resolved policy set, with what the real code makes of each.
 */
import { expressionReads, hasPolicies, parsePolicyExpression } from '../models/oneflow/policy.js';
import { churns, firstCooldown, policies, policyPath, roundBound, scalesDown, scalesUp, seconds, timeBelowMinFit } from './facts.js';
import type { Rule, RuleFinding } from './finding.js';

/** AP-01: min_available_clients >= the role's min_vms (or fixed cardinality) where nodes churn. */
export const ap01: Rule = ({ scenario: s }) => {
  const floor = s.oneflow.role.min_vms ?? s.oneflow.role.cardinality;
  const min = s.superlink.strategy.min_available_clients;
  if (!churns(s) || min < floor) return [];
  return [
    {
      id: 'AP-01',
      severity: 'error',
      where: ['superlink', 'strategy', 'min_available_clients'],
      message: `min_available_clients ${min} >= ${s.oneflow.role.min_vms !== null ? `min_vms ${floor}` : `the cardinality ${floor}`} on SuperNodes that drop: every phase waits (up to wait_timeout, ${seconds(s.superlink.wait_timeout)}) until all of them are connected at once (client_manager.py wait_for)`,
      fix: `set min_available_clients below ${floor}, e.g. ${Math.max(1, Math.min(s.superlink.strategy.min_fit_clients, floor - 1))}, so one disconnected SuperNode does not hold training`,
    },
  ];
};

/** AP-02: a scale-down policy whose cooldown is shorter than a round can last. */
export const ap02: Rule = ({ scenario: s }) => {
  const bound = roundBound(s);
  return policies(s)
    .filter((p) => scalesDown(s, p) && firstCooldown(s, p) < bound.ms)
    .map(
      (p): RuleFinding => ({
        id: 'AP-02',
        severity: 'warning',
        where: p.policy.cooldown !== null ? [...policyPath(p), 'cooldown'] : policyPath(p),
        message: `this scale-down policy's cooldown (${seconds(firstCooldown(s, p))}) is shorter than a round can last (${seconds(bound.ms)}, ${bound.basis}): one round can lose clients to several scale-ins`,
        fix: `give it a cooldown of at least ${Math.ceil(bound.ms / 1000)} s (plus the SuperLink's offline window, ${seconds(s.superlink.heartbeat.patience * s.superlink.heartbeat.interval)}, with terminate-hard)`,
      }),
    );
};

/** AP-03: elasticity or scheduled policies on the SuperLink's role. */
export const ap03: Rule = ({ scenario: s }) => {
  const r = s.oneflow.superlink_role;
  if (r === null || !hasPolicies(r)) return [];
  return [
    {
      id: 'AP-03',
      severity: 'error',
      where: ['oneflow', 'superlink_role', r.elasticity_policies.length > 0 ? 'elasticity_policies' : 'scheduled_policies'],
      message:
        'the SuperLink role has scaling policies: a second SuperLink is a second, empty federation, and removing one kills the run (the SuperLink is a singleton)',
      fix: 'remove elasticity_policies and scheduled_policies from the SuperLink role; scale the SuperNode role instead',
    },
  ];
};

/** AP-04: min_vms below min_fit_clients. */
export const ap04: Rule = ({ scenario: s }) => {
  const minVms = s.oneflow.role.min_vms;
  const minFit = s.superlink.strategy.min_fit_clients;
  if (minVms === null || minVms >= minFit || !policies(s).some((p) => scalesDown(s, p))) return [];
  return [
    {
      id: 'AP-04',
      severity: 'error',
      where: ['oneflow', 'role', 'min_vms'],
      message: `min_vms ${minVms} < min_fit_clients ${minFit}: scale-in can leave fewer SuperNodes than a round samples; every round is then cancelled, nothing trains, and CPU-driven scale-up never fires (training deadlock)`,
      fix: `set min_vms to at least ${minFit}`,
    },
  ];
};

/** AP-05: an edge SuperNode image over 2 GB. */
export const ap05: Rule = ({ scenario: s }) => {
  if (s.supernode.variant !== 'edge' || s.supernode.image_size <= 2e9) return [];
  const slowest = Math.min(...s.connectivity.sites.map((x) => x.bandwidth));
  return [
    {
      id: 'AP-05',
      severity: 'warning',
      where: ['supernode', 'image_size'],
      message: `an edge image of ${(s.supernode.image_size / 1e9).toFixed(1)} GB (target under 2 GB): every new SuperNode copies it over the site link, ${seconds((s.supernode.image_size * 8 * 1000) / slowest)} on the slowest site, and OneFlow stays SCALING (no autoscaling) until it is RUNNING`,
      fix: "use the edge variant's base flwr/supernode image (about 1.5 GB) and provision the framework separately",
    },
  ];
};

/** AP-06: a CPU average as the only trigger. */
export const ap06: Rule = ({ scenario: s }) => {
  const el = s.oneflow.role.elasticity_policies;
  if (el.length === 0) return [];
  const reads = el.map((p) => expressionReads(parsePolicyExpression(p.expression)));
  if (!reads.every((names) => names.length > 0 && names.every((n) => n === 'CPU'))) return [];
  return [
    {
      id: 'AP-06',
      severity: 'warning',
      where: ['oneflow', 'role', 'elasticity_policies'],
      message:
        'every elasticity policy reads only CPU, the mean over the RUNNING VMs: one VM in trouble is averaged away, disconnected clients look like idle ones, and training looks like overload',
      fix: 'trigger on what the SuperNodes publish through OneGate (FL_CLIENT_STATUS, FL_ROUND_NUMBER) or combine them with CPU',
    },
  ];
};

/** AP-07: a scale-down cooldown long enough to hold back a needed scale-up. */
export const ap07: Rule = ({ scenario: s }) => {
  if (!churns(s) || !policies(s).some((p) => scalesUp(s, p))) return [];
  const n = s.oneflow.role.min_vms ?? s.oneflow.role.cardinality;
  const minFit = s.superlink.strategy.min_fit_clients;
  if (n < minFit)
    // The estimate below asks how soon churn takes the role's floor under min_fit_clients; scale-in alone already does.
    return policies(s)
      .filter((p) => scalesDown(s, p))
      .slice(0, 1)
      .map(
        (p): RuleFinding => ({
          id: 'AP-07',
          severity: 'warning',
          where: p.policy.cooldown !== null ? [...policyPath(p), 'cooldown'] : policyPath(p),
          message: `the role's floor (${s.oneflow.role.min_vms !== null ? `min_vms ${n}` : `cardinality ${n}`}) is already below min_fit_clients ${minFit}, so scale-in alone can stop training (AP-04); how long a cooldown churn allows is outside this rule's estimate until that is fixed`,
          fix: `raise min_vms to at least min_fit_clients (${minFit}) first (AP-04), then lint again for the cooldown`,
        }),
      );
  const window = timeBelowMinFit(s, n, minFit);
  if (!Number.isFinite(window)) return [];
  return policies(s)
    .filter((p) => scalesDown(s, p) && firstCooldown(s, p) > window)
    .map(
      (p): RuleFinding => ({
        id: 'AP-07',
        severity: 'warning',
        where: p.policy.cooldown !== null ? [...policyPath(p), 'cooldown'] : policyPath(p),
        message: `after this scale-down, nothing is evaluated for ${seconds(firstCooldown(s, p))} (COOLDOWN), scale-up included; churn can take ${n} SuperNodes below min_fit_clients ${minFit} in about ${seconds(window)}`,
        fix: `keep the scale-down cooldown under ${seconds(window)}, or raise min_vms so churn cannot reach min_fit_clients`,
      }),
    );
};

export const ANTI_PATTERNS: Rule[] = [ap01, ap02, ap03, ap04, ap05, ap06, ap07];
