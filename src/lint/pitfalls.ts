/**
 * Pitfalls found by reading Flower's and OneFlow's code, where the deployment
 * spec's advice does not do what it says (docs/deployment-spec-claims.md).
 */

import type { Scenario } from '../models/config.js';
import { type Expr, ExpressionError } from '../models/oneflow/expression.js';
import { parsePolicyExpression } from '../models/oneflow/policy.js';
import { type AnyPolicy, firstCooldown, policies, policyPath, scalesDown, scalesUp, seconds } from './facts.js';
import type { Rule, RuleFinding } from './finding.js';

/** Attributes a simulated SuperNode VM has; any other name in an expression is never found. */
const KNOWN = new Set(['CPU', 'MEMORY', 'ID', 'FL_TRAINING_ACTIVE', 'FL_CLIENT_STATUS', 'FL_ROUND_NUMBER']);

/** PF-01: --max-retries 0 / --max-wait-time 0 read as "unlimited". */
export const pf01: Rule = ({ scenario: s }) => {
  const r = s.supernode.reconnect;
  const out: RuleFinding[] = [];
  const restart = s.supernode.restart.policy === 'no' ? 'the node is gone for good (restart policy "no")' : 'the container restarts it as a new node id';
  if (r.max_retries === 0)
    out.push({
      id: 'PF-01',
      severity: 'warning',
      where: ['supernode', 'reconnect', 'max_retries'],
      message: `--max-retries 0 is one attempt, not unlimited as the deployment spec reads it (max_tries = max_retries + 1; docs/deployment-spec-claims.md): the first outage ends the SuperNode process and ${restart}`,
      fix: 'omit max_retries (null) for unlimited retries, or give the number of retries you mean',
    });
  if (r.max_wait_time === 0)
    out.push({
      id: 'PF-01',
      severity: 'warning',
      where: ['supernode', 'reconnect', 'max_wait_time'],
      message: `--max-wait-time 0 gives up at the first failure, it is not unlimited: ${restart}`,
      fix: 'omit max_wait_time (null) for no limit, or give the time you mean',
    });
  return out;
};

function walk(e: Expr, visit: (e: Expr, parent: Expr | null) => void, parent: Expr | null = null): void {
  visit(e, parent);
  if (e.kind === 'bool') {
    walk(e.left, visit, e);
    walk(e.right, visit, e);
  } else if (e.kind !== 'cmp') walk(e.expr, visit, e);
}

function parsedPolicies(s: Parameters<Rule>[0]['scenario']) {
  return s.oneflow.role.elasticity_policies.flatMap((p, i) => {
    const e = parsePolicyExpression(p.expression);
    return e === null || e instanceof ExpressionError ? [] : [{ p, i, e }];
  });
}

/** PF-02: an expression that compares to a string is always false. */
export const pf02: Rule = ({ scenario: s }) =>
  parsedPolicies(s).flatMap(({ p, i, e }) => {
    const out: RuleFinding[] = [];
    walk(e, (x) => {
      if (x.kind !== 'cmp') return;
      for (const o of [x.left, x.right]) {
        if (o.kind !== 'var') continue;
        const quoted = o.name.startsWith('"') || o.name.startsWith("'");
        if (quoted || !KNOWN.has(o.name))
          out.push({
            id: 'PF-02',
            severity: 'error',
            where: ['oneflow', 'role', 'elasticity_policies', i, 'expression'],
            message: `"${p.expression}" compares to ${o.name}, which OneFlow reads as an attribute name${quoted ? ' (quotes included)' : ''} that no VM has: the comparison is always false (grammar.rb has no strings)`,
            fix: 'compare to a number; publish states as numbers (FL_CLIENT_STATUS: 1 IDLE, 2 TRAINING, 3 DISCONNECTED)',
          });
        if (o.name === 'FL_TRAINING_ACTIVE')
          out.push({
            id: 'PF-02',
            severity: 'error',
            where: ['oneflow', 'role', 'elasticity_policies', i, 'expression'],
            message: `FL_TRAINING_ACTIVE is published as YES or NO, which Ruby's to_f reads as 0: "${p.expression}" sees 0 on every VM`,
            fix: 'use FL_CLIENT_STATUS (2 = TRAINING), or publish FL_TRAINING_ACTIVE as 1/0',
          });
      }
    });
    return out;
  });

/** PF-03: && and || mixed without parentheses (no precedence), or a `!` before a chain. */
export const pf03: Rule = ({ scenario: s }) =>
  parsedPolicies(s).flatMap(({ p, i, e }) => {
    let mixed = false;
    let bang = false;
    const family = (op: string) => (op.startsWith('&') ? '&' : '|');
    walk(e, (x, parent) => {
      if (x.kind === 'bool' && parent?.kind === 'bool' && family(parent.op) !== family(x.op)) mixed = true;
      if (x.kind === 'not' && x.expr.kind === 'bool') bang = true;
    });
    const out: RuleFinding[] = [];
    const where = ['oneflow', 'role', 'elasticity_policies', i, 'expression'];
    if (mixed)
      out.push({
        id: 'PF-03',
        severity: 'warning',
        where,
        message: `"${p.expression}" mixes && and || without parentheses: OneFlow has no precedence and groups from the right (A && B || C is A && (B || C))`,
        fix: 'add parentheses around each group you mean',
      });
    if (bang)
      out.push({
        id: 'PF-03',
        severity: 'warning',
        where,
        message: `in "${p.expression}", ! negates the whole rest of the expression, not just the next comparison`,
        fix: 'wrap what ! should negate in parentheses: (!(A > 5)) || B > 1',
      });
    return out;
  });

/** PF-04: period shorter than autoscaler_interval. */
export const pf04: Rule = ({ scenario: s }) => {
  const interval = s.oneflow.autoscaler_interval;
  return s.oneflow.role.elasticity_policies.flatMap((p, i): RuleFinding[] => {
    if (p.period <= 0 || p.period >= interval) return [];
    const ticks = Math.ceil(p.period / interval);
    return [
      {
        id: 'PF-04',
        severity: 'warning',
        where: ['oneflow', 'role', 'elasticity_policies', i, 'period'],
        message: `period ${p.period / 1000} s is shorter than autoscaler_interval ${interval / 1000} s: evaluations happen only on ticks, every ${(ticks * interval) / 1000} s, so ${p.period_number} true evaluations take ${seconds(Math.max(1, p.period_number) * ticks * interval)}, not ${seconds(Math.max(1, p.period_number) * p.period)}`,
        fix: `set period to a multiple of autoscaler_interval (${interval / 1000} s) and size period_number for it`,
      },
    ];
  });
};

/** PF-05: a scale-up policy that can never act (no room above the cardinality). */
export const pf05: Rule = ({ scenario: s }) => {
  const r = s.oneflow.role;
  if (r.max_vms === null || r.max_vms > r.cardinality || policies(s).some((p) => scalesDown(s, p)) || !policies(s).some((p) => scalesUp(s, p))) return [];
  return [
    {
      id: 'PF-05',
      severity: 'warning',
      where: ['oneflow', 'role', 'max_vms'],
      message: `max_vms ${r.max_vms} leaves no room above the cardinality ${r.cardinality}: vmrole.rb caps scale-up at max(cardinality, max_vms), so every scale-up policy's change is always 0`,
      fix: 'raise max_vms to the largest role you accept (without max_vms OneFlow never scales up)',
    },
  ];
};

/** PF-06: a CARDINALITY target outside [min_vms, max_vms]. */
export const pf06: Rule = ({ scenario: s }) => {
  const r = s.oneflow.role;
  return policies(s).flatMap((p): RuleFinding[] => {
    const a = p.policy.adjust;
    if (p.policy.type !== 'CARDINALITY' || a === null) return [];
    if (r.min_vms !== null && a < r.min_vms)
      return [
        {
          id: 'PF-06',
          severity: 'error',
          where: [...policyPath(p), 'adjust'],
          message: `CARDINALITY ${a} is below min_vms ${r.min_vms}: OneFlow rejects the request every time ("Minimum cardinality is ${r.min_vms}") and the role never changes`,
          fix: `use a target within [${r.min_vms}, ${r.max_vms ?? '…'}]`,
        },
      ];
    if (r.max_vms !== null && a > r.max_vms)
      return [
        {
          id: 'PF-06',
          severity: 'warning',
          where: [...policyPath(p), 'adjust'],
          message: `CARDINALITY ${a} is above max_vms ${r.max_vms}: OneFlow caps it at ${r.max_vms}`,
          fix: `use a target within [${r.min_vms ?? 0}, ${r.max_vms}]`,
        },
      ];
    return [];
  });
};

/** PF-07: the sticky cooldown. */
export const pf07: Rule = ({ scenario: s }) => {
  const all = policies(s);
  const own = all.filter((p) => p.policy.cooldown !== null);
  const differ = own.some((p) => p.policy.cooldown !== (s.oneflow.role.cooldown ?? s.oneflow.default_cooldown));
  const minRule = s.oneflow.role.min_vms !== null;
  return all
    .filter((p) => p.kind === 'elasticity' && p.policy.cooldown === null && (differ || minRule))
    .map(
      (p): RuleFinding => ({
        id: 'PF-07',
        severity: 'warning',
        where: policyPath(p),
        message: `this policy has no cooldown of its own: it gets the role's, which the last firing policy overwrote for good (${own.map((o) => `${o.kind}_policies[${o.index}] sets ${o.policy.cooldown! / 1000} s`).join(', ') || 'none here'}${minRule ? '; the implicit min_vms rule sets 0' : ''}), so its cooldown depends on history`,
        fix: `give it its own cooldown (e.g. ${firstCooldown(s, p) / 1000} s)`,
      }),
    );
};

/**
 * PF-08: scale-in removes the oldest VMs (vmrole.rb shutdown_nodes takes nodes[0..n-1], the role's node
 * list in creation order), whatever they are doing. It matters where one scale-in removes several: a
 * round then loses that many clients at once, the longest-standing ones, which no cooldown prevents.
 */
export const pf08: Rule = ({ scenario: s }) =>
  policies(s).flatMap((p): RuleFinding[] => {
    const n = maxRemoved(s, p);
    if (n < 2) return [];
    return [
      {
        id: 'PF-08',
        severity: 'warning',
        where: [...policyPath(p), 'adjust'],
        message: `one scale-in can remove ${n} SuperNodes at once, and OneFlow takes the oldest first (the deployment spec says newest; docs/deployment-spec-claims.md): the ones that joined first, with their data partitions, whatever they are doing, so a round can lose ${n} clients in one step`,
        fix: "scale in one SuperNode at a time (CHANGE -1) with a cooldown of at least a round, or schedule large scale-ins between runs; pin partitions with FL_NODE_CONFIG so a removed node's data is not silently lost",
      },
    ];
  });

/** How many VMs one firing of a policy can remove at most (vmrole.rb calculate_new_cardinality, from max_vms down to min_vms). */
function maxRemoved(s: Scenario, p: AnyPolicy): number {
  const r = s.oneflow.role;
  const a = p.policy.adjust;
  if (a === null || !scalesDown(s, p)) return 0;
  const top = r.max_vms ?? r.cardinality;
  const floor = r.min_vms ?? 0;
  let n: number;
  if (p.policy.type === 'CARDINALITY') n = top - a;
  else if (p.policy.type === 'PERCENTAGE_CHANGE') n = Math.max(Math.max(1, Math.trunc((top * Math.abs(a)) / 100)), p.policy.min_adjust_step);
  else n = -a;
  return Math.max(0, Math.min(n, top - floor));
}

/** PF-09: min_fit_clients > min_available_clients. */
export const pf09: Rule = ({ scenario: s }) => {
  const st = s.superlink.strategy;
  if (st.min_fit_clients <= st.min_available_clients) return [];
  return [
    {
      id: 'PF-09',
      severity: 'warning',
      where: ['superlink', 'strategy', 'min_fit_clients'],
      message: `min_fit_clients ${st.min_fit_clients} > min_available_clients ${st.min_available_clients}: Flower only logs a warning; a round configured with ${st.min_available_clients}..${st.min_fit_clients - 1} clients connected waits for ${st.min_available_clients}, then cannot sample ${st.min_fit_clients} and is cancelled`,
      fix: `set min_available_clients to at least min_fit_clients (${st.min_fit_clients})`,
    },
  ];
};

export const PITFALLS: Rule[] = [pf01, pf02, pf03, pf04, pf05, pf06, pf07, pf08, pf09];
