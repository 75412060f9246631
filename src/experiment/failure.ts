/**
 * A replication that failed, named so that it can be run again: the scenario file,
 * the policy set, the replication and seed, the simulated time and events run, the
 * values set on the file (a sweep or tune point), and the one command that reproduces it.
 */

/** Where a job came from: the scenario file and the values set on it (a sweep or tune point). */
export interface JobOrigin {
  file: string;
  set: ReadonlyArray<{ path: string; value: unknown }>;
}

export interface ReplicationFailure {
  file: string | null;
  set: ReadonlyArray<{ path: string; value: unknown }>;
  policy_set: string;
  replication: number;
  seed: number;
  /** Simulated seconds when it failed. */
  time: number;
  events: number;
  /** What went wrong, as the model said it. */
  reason: string;
  /** What to change, when the model knows (e.g. raise the event budget). */
  hint: string | null;
  /** The event budget the run had, when it was not the default. */
  event_budget: number | null;
  /** The stack of an error the model did not expect (a bug), for the report. */
  stack: string | null;
}

const shellWord = (w: string) => (/^[\w./:=,@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The command that runs the failed replication again (and the ones before it, which the seed makes the same). */
export function reproduceCommand(f: ReplicationFailure): string {
  const file = f.file ?? 'SCENARIO.yaml';
  const words =
    f.set.length === 0
      ? ['sim', 'run', file, '--policy-set', f.policy_set, '--replications', String(f.replication + 1), '--seed', String(f.seed)]
      : [
          'sim',
          'sweep',
          file,
          ...f.set.flatMap((s) => ['--set', `${s.path}=${show(s.value)}`]),
          '--policy-set',
          f.policy_set,
          '--replications',
          String(f.replication + 1),
        ];
  if (f.event_budget !== null) words.push('--event-budget', String(f.event_budget));
  return [...words, '--workers', '1'].map(shellWord).join(' ');
}

export function describeFailure(f: ReplicationFailure): string {
  const point = f.set.length === 0 ? '' : ` at ${f.set.map((s) => `${s.path}=${show(s.value)}`).join(', ')}`;
  return [
    `${f.file ?? 'the scenario'}: policy set ${f.policy_set}${point}, replication ${f.replication} (seed ${f.seed}) failed at t=${f.time} s after ${f.events} events: ${f.reason}`,
    ...(f.hint === null ? [] : [f.hint]),
    `reproduce: ${reproduceCommand(f)}`,
  ].join('\n');
}

/** A replication failed; the message says which and how to run it again. */
export class ReplicationFailed extends Error {
  constructor(
    readonly failure: ReplicationFailure,
    options?: { cause?: unknown },
  ) {
    super(describeFailure(failure), options);
    this.name = 'ReplicationFailed';
  }
}
