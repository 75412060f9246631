/**
 * Replay OneFlow's decisions on recorded VM metrics: the very OneFlowService that
 * `sim run` uses (models/oneflow/service.ts), driven by the attributes recorded at
 * each tick instead of simulated ones, with scaling that lasts a recorded time.
 * All times in the input and output are seconds since `start`.
 */

import { utcOffsetMs } from '../models/oneflow/cron.js';
import type { VmAttributes } from '../models/oneflow/expression.js';
import { OneFlowService, type RoleDriver, type ServiceState } from '../models/oneflow/service.js';
import { isPrefix, type Path, UserError } from '../scenario/errors.js';
import { LIMITS } from '../scenario/limits.js';
import { resolveRole } from '../scenario/resolve.js';
import { roleSchema } from '../scenario/schema.js';
import { jsonPath } from '../scenario/service-template.js';
import { schemaChecker } from '../scenario/validate.js';
import { Engine, Priority } from '../sim/engine.js';

export interface ReplayInput {
  role: Record<string, unknown>;
  default_cooldown?: number;
  autoscaler_interval?: number;
  scaling_duration: number;
  start?: string;
  ticks: Array<{ t: number; vms: Array<Record<string, number | string>> }>;
}

export interface ReplayTick {
  t: number;
  /** The role's state at the tick, before evaluation. */
  state: Exclude<ServiceState, 'DEPLOYING'>;
  evaluated: boolean;
  diff: number | null;
  cooldown: number | null;
  target: number | null;
  rejected: boolean;
  reject_reason?: string;
  cardinality_after: number;
  /** The cooldown the role holds after the tick (VMRole#initialize gives a role without one default_cooldown). */
  role_cooldown: number | null;
  policies: Array<{ true_evals: number | null; last_eval: number | null; expression_evaluated: string | null }>;
  scheduled: Array<{ last_eval: number | null }>;
}

export interface ReplayProblem {
  /** JSON path, e.g. ticks[3].vms[0].CPU */
  path: string;
  message: string;
}

/** How a replay input's problems are reported. */
export const REPLAY_INPUT = { input: 'the replay input', notDone: 'nothing was replayed' };

export interface ReplayOptions {
  /** Told of what OneFlow would refuse when creating a service but evaluates in a stored body. */
  onWarning?: (warning: ReplayProblem) => void;
}

const seconds = { type: 'number', minimum: 0 };
/** A role body as a running service can hold it: the policies' expression and adjust may be missing. */
const storedRoleSchema = (() => {
  const role = structuredClone(roleSchema) as { properties: Record<string, { items: { required: string[] } }> };
  role.properties.elasticity_policies!.items.required = ['type'];
  role.properties.scheduled_policies!.items.required = ['type'];
  return role;
})();
const inputSchema = {
  type: 'object',
  required: ['role', 'scaling_duration', 'ticks'],
  additionalProperties: false,
  properties: {
    role: storedRoleSchema,
    default_cooldown: seconds,
    autoscaler_interval: { type: 'number', exclusiveMinimum: 0 },
    scaling_duration: seconds,
    start: { type: 'string' },
    ticks: {
      type: 'array',
      maxItems: LIMITS.rows,
      items: {
        type: 'object',
        required: ['t', 'vms'],
        additionalProperties: false,
        properties: {
          // Up to a century of seconds: later times are no date a cron can name.
          t: { type: 'number', minimum: 0, maximum: 3_155_760_000 },
          vms: { type: 'array', items: { type: 'object', additionalProperties: { type: ['number', 'string'] } } },
        },
      },
    },
  },
};
const check = schemaChecker('replay-input', inputSchema);

/**
 * Drop what the schema refused, so the rules below check the rest in the same pass: a bad policy
 * becomes null (its list keeps its indexes), a bad tick takes the ticks with it, anything else goes.
 */
function without(data: Record<string, unknown>, paths: ReadonlyArray<Path>): Record<string, unknown> {
  const out = structuredClone(data);
  for (const path of paths) {
    const target = path[0] === 'ticks' ? path.slice(0, 1) : path[0] === 'role' && typeof path[2] === 'number' ? path.slice(0, 3) : path;
    let cur: unknown = out;
    for (const seg of target.slice(0, -1)) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[String(seg)] : undefined;
    const last = target[target.length - 1];
    if (Array.isArray(cur) && typeof last === 'number') cur[last] = null;
    else if (cur !== null && typeof cur === 'object' && last !== undefined) delete (cur as Record<string, unknown>)[String(last)];
  }
  return out;
}

/**
 * OneFlow's decisions, tick by tick, on recorded VM attributes. The role is a body as a running
 * service holds it: what OneFlow would refuse at creation is passed to `onWarning` and evaluated as
 * vmrole.rb evaluates it. Throws UserError listing every problem of a malformed input at once.
 */
export function replayAutoscaler(input: unknown, options: ReplayOptions = {}): ReplayTick[] {
  const problems: ReplayProblem[] = [];
  const warnings: ReplayProblem[] = [];
  const schema = check(input);
  for (const p of schema) problems.push({ path: jsonPath(p.path), message: p.message });
  const data = (
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? without(
          input as Record<string, unknown>,
          schema.map((p) => p.path),
        )
      : {}
  ) as Partial<ReplayInput>;
  // A rule about a value the schema refused (or its parent) would only repeat that problem.
  const repeats = (path: Path) => schema.some((p) => isPrefix(path, p.path) || isPrefix(p.path, path));
  const role =
    data.role !== undefined && data.role !== null && typeof data.role === 'object'
      ? resolveRole(
          data.role,
          {
            error: (path, message) => void (repeats(path) || problems.push({ path: jsonPath(path), message })),
            warn: (path, message) => void warnings.push({ path: jsonPath(path), message }),
          },
          ['role'],
        )
      : null;
  const start = data.start ?? '1970-01-01T00:00:00Z';
  if (Number.isNaN(Date.parse(start))) problems.push({ path: 'start', message: `expected an ISO 8601 date-time such as 2026-03-02T08:00:00Z, got "${start}"` });
  const ticks = Array.isArray(data.ticks) ? data.ticks : [];
  ticks.forEach((tick, i) => {
    if (i > 0 && tick.t < ticks[i - 1]!.t)
      problems.push({ path: `ticks[${i}].t`, message: `ticks must be in time order: ${tick.t} comes after ${ticks[i - 1]!.t}` });
  });
  if (problems.length > 0 || role === null || data.scaling_duration === undefined) throw new UserError(problems, REPLAY_INPUT);
  for (const w of warnings) options.onWarning?.(w);

  const engine = new Engine();
  const scaling = Math.round(data.scaling_duration * 1000);
  let vms: VmAttributes[] = [];
  // SCALING lasts the recorded time from the tick that scales; a state change due at a tick's time comes first.
  const driver: RoleDriver = { runningVms: () => vms, scale: (_from, _to, done) => void engine.schedule(scaling, done, Priority.URGENT) };
  const service = new OneFlowService(
    engine,
    role,
    { defaultCooldown: (data.default_cooldown ?? 300) * 1000, clock: { startEpochMs: Date.parse(start), offsetMs: utcOffsetMs(start) } },
    driver,
  );
  service.deployed();
  const out: ReplayTick[] = [];
  const s = (ms: number | null) => (ms === null ? null : ms / 1000);
  for (const tick of ticks)
    engine.at(
      tick.t * 1000,
      () => {
        vms = tick.vms;
        const rec = service.tick();
        const d = rec.decision;
        const request = d === null || d.outcome === 'none' ? null : d;
        out.push({
          t: tick.t,
          state: rec.state as ReplayTick['state'],
          evaluated: rec.evaluated,
          diff: d === null ? null : d.diff,
          cooldown: request === null ? null : s(request.cooldown),
          target: request === null ? null : request.target,
          rejected: request?.outcome === 'rejected',
          ...(request?.outcome === 'rejected' ? { reject_reason: request.reject_reason } : {}),
          cardinality_after: rec.cardinality_after,
          role_cooldown: s(rec.role.cooldown),
          policies: rec.role.elasticity.map((e) => ({ true_evals: e.true_evals, last_eval: s(e.last_eval), expression_evaluated: e.expression_evaluated })),
          scheduled: rec.role.scheduled.map((x) => ({ last_eval: s(x.last_eval) })),
        });
      },
      Priority.LATE,
    );
  engine.run();
  return out;
}
