import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCluster } from '../src/models/cluster.js';
import { loadScenario } from '../src/scenario/load.js';

// The README's Performance table: events are exact (times are measured by npm run bench, never by a test).
const scale = loadScenario(join(import.meta.dirname, '../bench/scale.yaml'));
const runAt = (nodes: number) => runCluster(scale.reload!({ set: [{ path: 'oneflow.role.cardinality', value: nodes }] }).policySets[0]!, 0);

const COUNTS: Array<[number, number]> = [
  [10, 4_804],
  [100, 32_052],
  [400, 117_284],
  [1_000, 283_787],
  [2_000, 556_353],
];

describe("one replication-day of bench/scale.yaml (the README's Performance table)", () => {
  it('is what the README table says, events and events per node-day', () => {
    const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
    for (const [nodes, events] of COUNTS) {
      const n = (x: number) => x.toLocaleString('en-US');
      expect(readme).toMatch(new RegExp(`^\\| ${n(nodes)} \\| [^|]+ \\| ${n(events)} \\| ${n(Math.round(events / nodes))} \\|$`, 'm'));
    }
  });

  it.each(COUNTS)('at %i SuperNodes runs %i events, none of whose order the chains had to guess', (nodes, events) => {
    const run = runAt(nodes);
    expect(run.events).toBe(events);
    // An occurrence and an event with equal order keys: the chain could not tell which the engine runs first.
    expect(run.unorderedTies).toBe(0);
  });

  it("edge-churn's 180 replication-days run the events the README says (the syncs, restarts and polls that change nothing as events do not run)", () => {
    const edge = loadScenario(join(import.meta.dirname, '../scenarios/edge-churn.yaml'));
    let events = 0;
    let ties = 0;
    for (const s of edge.policySets)
      for (let r = 0; r < s.replications; r++) {
        const run = runCluster(s, r);
        events += run.events;
        ties += run.unorderedTies;
      }
    expect(events).toBe(791_097);
    expect(ties).toBe(0);
    const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
    expect(readme).toContain("Edge-churn's 180 replication-days now run 791,097 events");
  });
});
