import { describe, expect, it } from 'vitest';
import { reproduceCommand } from '../src/experiment/failure.js';
import { runScenario } from '../src/experiment/run.js';
import { loadScenario } from '../src/scenario/load.js';
import { sim } from './sim.js';

const file = 'scenarios/anti-patterns/AP-02-short-scale-down-cooldown.yaml';

describe('a replication that fails', () => {
  it('names the file, policy set, replication, seed, simulated time and events, and the command that reproduces it', async () => {
    const scenario = loadScenario(file, { replications: 2 });
    const error = await runScenario(scenario, { eventBudget: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ReplicationFailed' });
    const { failure, message } = error as { failure: Parameters<typeof reproduceCommand>[0]; message: string };
    expect(failure).toMatchObject({ file, policy_set: scenario.policySets[0]!.policy_set, replication: 0, seed: scenario.policySets[0]!.seed, events: 300 });
    expect(failure.time).toBeGreaterThan(0);
    expect(message).toContain(`${file}: policy set ${failure.policy_set}, replication 0 (seed ${failure.seed}) failed at t=${failure.time} s after 300 events`);
    expect(message).toContain('raise the event budget above 300');
    expect(message.split('\n').at(-1)).toBe(`reproduce: ${reproduceCommand(failure)}`);
  });

  it('fails the same way when its command is run: exit 1, the same line, no stack trace', async () => {
    const first = await sim('run', file, '--replications', '2', '--event-budget', '300', '--quiet');
    expect(first.status).toBe(1);
    const command = /reproduce: sim (.*)$/m.exec(first.stderr)![1]!.split(' ');
    const again = await sim(...command);
    expect(again.status).toBe(1);
    expect(again.stderr.split('\n')[0]).toBe(first.stderr.split('\n')[0]);
    expect(again.stderr).not.toMatch(/\n\s+at /);
  });

  it('a point of a sweep is reproduced by a one-point sweep of the same --set values', () => {
    const command = reproduceCommand({
      file: 'edge.yaml',
      set: [
        { path: 'oneflow.role.cooldown', value: 600 },
        { path: 'name', value: "it's" },
      ],
      policy_set: 'fl-aware',
      replication: 3,
      seed: 7,
      time: 1,
      events: 1,
      reason: '',
      hint: null,
      event_budget: null,
      stack: null,
    });
    expect(command).toBe(`sim sweep edge.yaml --set oneflow.role.cooldown=600 --set 'name=it'\\''s' --policy-set fl-aware --replications 4 --workers 1`);
  });
});
