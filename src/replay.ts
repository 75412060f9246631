/**
 * Replay OneFlow's decisions on recorded VM metrics: the very OneFlowService that
 * `sim run` uses (models/oneflow/service.ts), driven by the attributes recorded at
 * each tick instead of simulated ones, with scaling that lasts a recorded time.
 * All times in the input and output are seconds since `start`.
 */
import { Engine, Priority } from './sim/engine.js';
import { utcOffsetMs } from './models/oneflow/cron.js';
import type { VmAttributes } from './models/oneflow/expression.js';
import { OneFlowService, type RoleDriver, type ServiceState } from './models/oneflow/service.js';
import type { Path } from './scenario/errors.js';
import { resolveRole } from './scenario/resolve.js';
import { roleSchema } from './scenario/schema.js';
import { schemaChecker } from './scenario/validate.js';

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
  role_cooldown: number | null;
  policies: Array<{ true_evals: number | null; last_eval: number | null; expression_evaluated: string | null }>;
  scheduled: Array<{ last_eval: number | null }>;
}

export interface ReplayProblem {
  /** JSON path, e.g. ticks[3].vms[0].CPU */
  path: string;
  message: string;
}

export class ReplayInputError extends Error {
  constructor(readonly problems: ReplayProblem[]) {
    super(problems.map((p) => `${p.path || '(input)'}: ${p.message}`).join('\n'));
    this.name = 'ReplayInputError';
  }
}

const seconds = { type: 'number', minimum: 0 };
const inputSchema = {
  type: 'object',
  required: ['role', 'scaling_duration', 'ticks'],
  additionalProperties: false,
  properties: {
    role: roleSchema,
    default_cooldown: seconds,
    autoscaler_interval: { type: 'number', exclusiveMinimum: 0 },
    scaling_duration: seconds,
    start: { type: 'string' },
    ticks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['t', 'vms'],
        additionalProperties: false,
        properties: {
          t: seconds,
          vms: { type: 'array', items: { type: 'object', additionalProperties: { type: ['number', 'string'] } } },
        },
      },
    },
  },
};
const check = schemaChecker(inputSchema);

/** A path as JSON people write it: ticks[3].vms[0].CPU */
function jsonPath(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** OneFlow's decisions, tick by tick, on recorded VM attributes. Throws ReplayInputError on a malformed input. */
export function replayAutoscaler(input: unknown): ReplayTick[] {
  const problems: ReplayProblem[] = check(input).map((p) => ({ path: jsonPath(p.path), message: p.message }));
  if (problems.length > 0) throw new ReplayInputError(problems);
  const data = input as ReplayInput;
  // The role as it stands when recorded: its cardinality may be outside [min_vms, max_vms] (VMs lost outside OneFlow).
  const role = resolveRole(data.role, { error: (path, message) => problems.push({ path: jsonPath(path), message }) }, ['role'], false);
  const start = data.start ?? '1970-01-01T00:00:00Z';
  if (Number.isNaN(Date.parse(start))) problems.push({ path: 'start', message: `expected an ISO 8601 date-time such as 2026-03-02T08:00:00Z, got "${start}"` });
  data.ticks.forEach((tick, i) => {
    if (i > 0 && tick.t < data.ticks[i - 1]!.t) problems.push({ path: `ticks[${i}].t`, message: `ticks must be in time order: ${tick.t} comes after ${data.ticks[i - 1]!.t}` });
  });
  if (problems.length > 0) throw new ReplayInputError(problems);

  const engine = new Engine();
  const scaling = Math.round(data.scaling_duration * 1000);
  let vms: VmAttributes[] = [];
  // SCALING lasts the recorded time from the tick that scales; a state change due at a tick's time comes first.
  const driver: RoleDriver = { runningVms: () => vms, scale: (_from, _to, done) => void engine.schedule(scaling, done, Priority.URGENT) };
  const service = new OneFlowService(engine, role, { defaultCooldown: (data.default_cooldown ?? 300) * 1000, clock: { startEpochMs: Date.parse(start), offsetMs: utcOffsetMs(start) } }, driver);
  service.deployed();
  const out: ReplayTick[] = [];
  const s = (ms: number | null) => (ms === null ? null : ms / 1000);
  for (const tick of data.ticks)
    engine.at(tick.t * 1000, () => {
      vms = tick.vms;
      const rec = service.tick();
      const d = rec.decision;
      const changed = d !== null && d.diff !== 0;
      out.push({
        t: tick.t,
        state: rec.state as ReplayTick['state'],
        evaluated: rec.evaluated,
        diff: d === null ? null : d.diff,
        cooldown: changed ? s(d.cooldown) : null,
        target: changed ? d.target : null,
        rejected: d?.rejected ?? false,
        ...(d?.rejected ? { reject_reason: d.reject_reason! } : {}),
        cardinality_after: rec.cardinality_after,
        role_cooldown: s(rec.role.cooldown),
        policies: rec.role.elasticity.map((e) => ({ true_evals: e.true_evals, last_eval: s(e.last_eval), expression_evaluated: e.expression_evaluated })),
        scheduled: rec.role.scheduled.map((x) => ({ last_eval: s(x.last_eval) })),
      });
    }, Priority.LATE);
  engine.run();
  return out;
}
