/**
 * A OneFlow service with one elastic role, as the life-cycle manager runs it
 * (flow/LifeCycleManager.rb, flow/EventManager.rb): RUNNING -> SCALING ->
 * COOLDOWN -> RUNNING, WARNING while a VM is UNKNOWN, and the autoscaler's
 * evaluation on RUNNING ticks only. How VMs come and go is the driver's part:
 * the simulated cluster boots and terminates SuperNodes; the replay waits a
 * recorded scaling duration. Both run this same class.
 */
import { type Engine, Priority } from '../../sim/engine.js';
import type { RoleConfig } from '../config.js';
import { autoscalerTick, cooldownDuration, type TickDecision } from './autoscaler.js';
import type { VmAttributes } from './expression.js';
import { initialRoleState, type ParsedExpression, parsePolicyExpression, type RoleScalingState, type ServerClock } from './policy.js';

/** The VMs a tick reads when no expression reads them. */
const NO_VMS: readonly VmAttributes[] = [];

export type ServiceState = 'DEPLOYING' | 'RUNNING' | 'SCALING' | 'COOLDOWN' | 'WARNING';

export interface RoleDriver {
  /** Attributes of the role's RUNNING VMs, merged in look-up order. */
  runningVms(): VmAttributes[];
  /** Change the role from `from` to `to` VMs; call `done` once every new VM is RUNNING or every removed one DONE. */
  scale(from: number, to: number, done: () => void): void;
}

export interface TickRecord {
  /** Sim ms. */
  t: number;
  /** The service's state at the tick, before evaluation. */
  state: ServiceState;
  evaluated: boolean;
  decision: TickDecision | null;
  cardinality_after: number;
  role: RoleScalingState;
  /** The RUNNING VMs' attributes the tick read (kept only when asked for). */
  vms?: VmAttributes[];
}

export interface ServiceOptions {
  defaultCooldown: number;
  clock: ServerClock;
  /** Keep the attributes each evaluation read in its TickRecord (for replays). */
  recordInputs?: boolean | undefined;
}

interface Role {
  config: RoleConfig;
  driver: RoleDriver;
  parsed: ParsedExpression[];
  state: RoleScalingState;
}

function parseAll(config: RoleConfig): ParsedExpression[] {
  return config.elasticity_policies.map((p) => parsePolicyExpression(p.expression));
}

export class OneFlowService {
  state: ServiceState = 'DEPLOYING';
  /** The roles in the service template's order; `primary` is the one ticks are recorded for. */
  private readonly roles: Role[] = [];
  private readonly primary: Role;
  private unknownVms = 0;

  constructor(
    private readonly engine: Engine,
    config: RoleConfig,
    private readonly options: ServiceOptions,
    driver: RoleDriver,
  ) {
    this.primary = { config, driver, parsed: parseAll(config), state: initialRoleState(config, options.defaultCooldown) };
    this.roles.push(this.primary);
  }

  /** The primary role's state. */
  get role(): RoleScalingState {
    return this.primary.state;
  }

  /** Another role of the same service, evaluated before the primary one (e.g. the SuperLink's, listed first). */
  addRoleBefore(config: RoleConfig, driver: RoleDriver): void {
    this.roles.unshift({ config, driver, parsed: parseAll(config), state: initialRoleState(config, this.options.defaultCooldown) });
  }

  /** The initial deploy is done: RUNNING with no cooldown (flow/lib/LifeCycleManager.rb). */
  deployed(): void {
    this.state = 'RUNNING';
    this.watchdog();
  }

  /**
   * The autoscaler's pass over this service (ServiceAutoScaler.rb): only a RUNNING service is
   * evaluated; every role's `scale?` runs in order and its policies' state is saved; the first
   * role to scale puts the service in SCALING, and a later role's request in the same tick is
   * rejected, since the service is no longer RUNNING.
   */
  tick(): TickRecord {
    const t = this.engine.now;
    const state = this.state;
    if (state !== 'RUNNING') {
      const record: TickRecord = { t, state, evaluated: false, decision: null, cardinality_after: this.role.cardinality, role: this.role };
      return record;
    }
    let scaling: { role: Role; from: number; decision: Extract<TickDecision, { outcome: 'accepted' }> } | null = null;
    let record: TickRecord | null = null;
    for (const role of this.roles) {
      const from = role.state.cardinality;
      // Only elasticity expressions read the VMs' attributes.
      const vms = role.config.elasticity_policies.length > 0 || this.options.recordInputs ? role.driver.runningVms() : NO_VMS;
      const decision = autoscalerTick({
        role: role.config,
        parsed: role.parsed,
        state: role.state,
        now: t,
        clock: this.options.clock,
        defaultCooldown: this.options.defaultCooldown,
        vms,
        blocked: scaling === null ? null : 'The service is not RUNNING (another role is scaling)',
      });
      role.state = decision.state;
      if (decision.outcome === 'accepted') scaling = { role, from, decision };
      if (role === this.primary) {
        record = { t, state, evaluated: true, decision, cardinality_after: role.state.cardinality, role: role.state };
        // The driver's records are live; keep a copy of what this tick read.
        if (this.options.recordInputs) record.vms = vms.map((v) => ({ ...v }));
      }
    }
    if (scaling) {
      const { role, from, decision } = scaling;
      this.state = 'SCALING';
      const cooldown = cooldownDuration(decision.cooldown, role.state.cooldown, this.options.defaultCooldown);
      role.driver.scale(from, decision.target, () => this.startCooldown(cooldown));
    }
    return record!;
  }

  /** A VM went UNKNOWN (+1) or came back (-1): the watchdog's view. */
  vmUnknown(delta: 1 | -1): void {
    this.unknownVms += delta;
    this.watchdog();
  }

  private startCooldown(duration: number): void {
    this.state = 'COOLDOWN';
    // A state change due at a tick's time happens before that tick.
    this.engine.schedule(
      duration,
      () => {
        this.state = 'RUNNING';
        this.watchdog();
      },
      Priority.URGENT,
    );
  }

  // A VM in UNKNOWN puts a RUNNING service in WARNING: no autoscaling and no implicit min rule
  // until it recovers (flow/lib/ServiceWatchDog.rb).
  private watchdog(): void {
    if (this.state === 'RUNNING' && this.unknownVms > 0) this.state = 'WARNING';
    else if (this.state === 'WARNING' && this.unknownVms === 0) this.state = 'RUNNING';
  }
}
