import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TickDecision } from '../src/models/oneflow/autoscaler.js';
import { type ScenarioIssue, UserError } from '../src/scenario/errors.js';
import { parseScenario, scenarioFromObject } from '../src/scenario/load.js';
import { deepMerge } from '../src/scenario/merge.js';
import { tempDir } from './temp.js';

export const dir = tempDir('flsim-model-');

/**
 * A small deterministic cluster: SuperLink up at 0 s, two SuperNodes registered at
 * 100 s, fixed 60 s training and 10 s evaluation, no transfers, links always up
 * unless a trace says otherwise, federated evaluation off unless asked for.
 */
export function scenario(overrides: Record<string, unknown> = {}) {
  const base = {
    name: 'model-test',
    horizon: '6h',
    seed: 7,
    superlink: {
      boot_time: '0s',
      num_rounds: 3,
      strategy: { name: 'FedAvg', min_fit_clients: 2, min_available_clients: 2, fraction_evaluate: 0 },
    },
    supernode: { boot_time: '100s', image_size: 0, model_size: 0, train_time: '60s', eval_time: '10s' },
    oneflow: { role: { cardinality: 2 } },
  };
  const merged = deepMerge(base, overrides) as { superlink: { api?: string; strategy: Record<string, unknown> } };
  // The message API's FedAvg has its own names (serverapp/strategy/fedavg.py).
  if (merged.superlink.api === 'message') {
    const names: Record<string, string> = {
      fraction_fit: 'fraction_train',
      min_fit_clients: 'min_train_nodes',
      min_evaluate_clients: 'min_evaluate_nodes',
      min_available_clients: 'min_available_nodes',
    };
    merged.superlink.strategy = Object.fromEntries(Object.entries(merged.superlink.strategy).map(([k, v]) => [names[k] ?? k, v]));
  }
  return scenarioFromObject(merged, 'model-test', dir).policySets[0]!;
}

/** A role of 4 VMs (2 to 7) with these elasticity policies, on links that drop every half hour or so, for 6 h. */
export function elasticScenario(elasticity_policies: Array<Record<string, unknown>>) {
  return scenario({
    horizon: '6h',
    superlink: { num_rounds: 500 },
    supernode: { boot_time: '20s', train_time: { dist: 'uniform', min: '1m', max: '5m' } },
    connectivity: { link: { model: 'markov', mean_up: '30m', mean_down: '4m' } },
    oneflow: { role: { cardinality: 4, min_vms: 2, max_vms: 7, cooldown: 200, shutdown_action: 'terminate-hard', elasticity_policies } },
  });
}

/** Write an outage trace next to the scenarios and return its name. */
export function trace(name: string, rows: string[], kind = 'node'): string {
  writeFileSync(join(dir, name), `${[`${kind},offline_from,offline_to`, ...rows].join('\n')}\n`);
  return name;
}

/** The problems a scenario text is refused for; fails the test when it is accepted. */
export function refused(text: string, file: string): ScenarioIssue[] {
  try {
    parseScenario(text, file);
  } catch (e) {
    if (e instanceof UserError) return e.problems as ScenarioIssue[];
    throw e;
  }
  throw new Error('expected the scenario to be refused');
}

/** A tick's decision as the scale request it made; fails the test when the tick asked for no change. */
export function request(d: TickDecision | null | undefined): Extract<TickDecision, { outcome: 'accepted' | 'rejected' }> {
  if (!d || d.outcome === 'none') throw new Error(`expected a scale request, got ${d ? 'no change' : 'no evaluation'}`);
  return d;
}
