/**
 * A OneFlow service with one elastic role, as the life-cycle manager runs it
 * (flow/LifeCycleManager.rb, flow/EventManager.rb): RUNNING -> SCALING ->
 * COOLDOWN -> RUNNING, WARNING while a VM is UNKNOWN, and the autoscaler's
 * evaluation on RUNNING ticks only. How VMs come and go is the driver's part:
 * the simulated cluster boots and terminates SuperNodes; the replay waits a
 * recorded scaling duration. Both run this same class.
 */
import { Priority, type Engine } from '../../sim/engine.js';
import type { RoleConfig } from '../config.js';
import { autoscalerTick, cooldownDuration, type TickDecision } from './autoscaler.js';
import { ExpressionError, parseExpression, type VmAttributes } from './expression.js';
import { initialRoleState, type ParsedExpression, type RoleScalingState, type ServerClock } from './policy.js';

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
  recordInputs?: boolean;
}

export class OneFlowService {
  state: ServiceState = 'DEPLOYING';
  readonly clock: ServerClock;
  role: RoleScalingState;
  private readonly parsed: ParsedExpression[];
  private unknownVms = 0;
  /** Listeners for every tick (records) and every state change. */
  onTick: (record: TickRecord) => void = () => {};
  onStateChange: (state: ServiceState) => void = () => {};

  constructor(
    private readonly engine: Engine,
    private readonly config: RoleConfig,
    private readonly options: ServiceOptions,
    private readonly driver: RoleDriver,
  ) {
    this.clock = options.clock;
    this.role = initialRoleState(config);
    this.parsed = config.elasticity_policies.map((p) => {
      try {
        return parseExpression(p.expression);
      } catch (e) {
        if (e instanceof ExpressionError) return e;
        throw e;
      }
    });
  }

  /** The initial deploy is done: RUNNING with no cooldown (oneflow.md §8). */
  deployed(): void {
    this.setState('RUNNING');
    this.watchdog();
  }

  /** The autoscaler's pass over this service. Only a RUNNING service is evaluated. */
  tick(): TickRecord {
    const t = this.engine.now;
    const state = this.state;
    if (state !== 'RUNNING') {
      const record: TickRecord = { t, state, evaluated: false, decision: null, cardinality_after: this.role.cardinality, role: this.role };
      this.onTick(record);
      return record;
    }
    const from = this.role.cardinality;
    const vms = this.driver.runningVms();
    const decision = autoscalerTick({
      role: this.config,
      parsed: this.parsed,
      state: this.role,
      now: t,
      clock: this.options.clock,
      defaultCooldown: this.options.defaultCooldown,
      vms,
    });
    this.role = decision.state;
    const record: TickRecord = { t, state, evaluated: true, decision, cardinality_after: this.role.cardinality, role: this.role };
    // The driver's records are live; keep a copy of what this tick read.
    if (this.options.recordInputs) record.vms = vms.map((v) => ({ ...v }));
    this.onTick(record);
    if (decision.accepted) {
      this.setState('SCALING');
      const cooldown = cooldownDuration(decision.cooldown, this.role.cooldown, this.options.defaultCooldown);
      this.driver.scale(from, decision.target!, () => this.startCooldown(cooldown));
    }
    return record;
  }

  /** A VM went UNKNOWN (+1) or came back (-1): the watchdog's view. */
  vmUnknown(delta: 1 | -1): void {
    this.unknownVms += delta;
    this.watchdog();
  }

  private startCooldown(duration: number): void {
    this.setState('COOLDOWN');
    // A state change due at a tick's time happens before that tick.
    this.engine.schedule(duration, () => {
      this.setState('RUNNING');
      this.watchdog();
    }, Priority.URGENT);
  }

  // A VM in UNKNOWN puts a RUNNING service in WARNING: no autoscaling and no implicit min rule
  // until it recovers (oneflow.md §8).
  private watchdog(): void {
    if (this.state === 'RUNNING' && this.unknownVms > 0) this.setState('WARNING');
    else if (this.state === 'WARNING' && this.unknownVms === 0) this.setState('RUNNING');
  }

  private setState(state: ServiceState): void {
    this.state = state;
    this.onStateChange(state);
  }
}
