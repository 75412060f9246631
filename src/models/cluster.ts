/**
 * One replication of one policy set: the SuperLink, the SuperNode role at its
 * fixed cardinality, their links, and the round loop, run to the horizon.
 */
import { sampler } from '../sim/distributions.js';
import { Engine } from '../sim/engine.js';
import { Streams } from '../sim/random.js';
import type { Scenario } from './config.js';
import { Connectivity } from './connectivity.js';
import type { RoundRecord } from './round.js';
import { LegacyServer } from './server-legacy.js';
import { MessageServer } from './server-message.js';
import { SuperLink } from './superlink.js';
import { SuperNode } from './supernode.js';

export interface ClusterRun {
  rounds: RoundRecord[];
  /** Events the engine ran. */
  events: number;
  /** SuperNode VMs by final state. */
  supernodes: Array<{ vm: number; state: SuperNode['state']; nodeIds: number[] }>;
}

export interface ClusterOptions {
  eventBudget?: number;
}

export function runCluster(scenario: Scenario, replication: number, options: ClusterOptions = {}): ClusterRun {
  const engine = new Engine({ eventBudget: options.eventBudget });
  const streams = new Streams(scenario.seed, replication);
  const superlink = new SuperLink(engine, { heartbeatInterval: scenario.superlink.heartbeat.interval, patience: scenario.superlink.heartbeat.patience });
  const connectivity = new Connectivity(engine, streams, scenario.connectivity);
  let ready = false;
  const world = { engine, streams, scenario, connectivity, superlink, superlinkReady: () => ready };

  const rng = streams.get('superlink', 'sample');
  const server = scenario.superlink.api === 'legacy'
    ? new LegacyServer(engine, superlink, scenario.superlink, rng)
    : new MessageServer(engine, superlink, scenario.superlink, rng);
  const boot = sampler(scenario.superlink.boot_time, streams.get('superlink', 'boot'))();
  engine.schedule(boot, () => {
    ready = true;
    server.start();
  });

  const nodes: SuperNode[] = [];
  for (let i = 0; i < scenario.oneflow.role.cardinality; i++) nodes.push(new SuperNode(world, i));

  engine.run(scenario.horizon);
  return {
    rounds: server.rounds,
    events: engine.processed,
    supernodes: nodes.map((n) => ({ vm: n.vmIndex, state: n.state, nodeIds: n.nodeIds })),
  };
}
