import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplicationResult } from '../src/experiment/replication.js';
import type { Scenario } from '../src/models/config.js';
import { renderSvg } from '../src/report/charts.js';
import { rowCharts, rowChartsAhead } from '../src/report/html.js';

const root = join(import.meta.dirname, '..');
// The built thread (`npm test` builds first).
const { ChartThread } = await import(join(root, 'dist/report/chart-renderer.js'));

const spec = (n: number) => ({ data: { values: [{ x: 1, y: n }] }, mark: 'point' as const, encoding: { x: { field: 'x' }, y: { field: 'y' } } });

describe('ChartThread', () => {
  it('renders on its thread the SVG renderSvg renders here', async () => {
    const charts = new ChartThread();
    try {
      expect(await charts.render(spec(1), 'a')).toBe(await renderSvg(spec(1), 'a'));
    } finally {
      await charts.close();
    }
  });

  it('hands over a prefetched chart for the same spec, and renders anew for another spec under the same id', async () => {
    const charts = new ChartThread();
    try {
      // The charts sent to the thread so far.
      const sent = () => (charts as unknown as { sent: number }).sent;
      charts.prefetch(spec(1), 'a');
      charts.prefetch(spec(2), 'b');
      expect(await charts.render(spec(1), 'a')).toBe(await renderSvg(spec(1), 'a'));
      expect(sent()).toBe(2);
      expect(await charts.render(spec(3), 'b')).toBe(await renderSvg(spec(3), 'b'));
      expect(sent()).toBe(3);
    } finally {
      await charts.close();
    }
  });
});

describe('ChartThread, once its thread failed', () => {
  it('renders here the charts it was waiting for and those asked for after, the SVG renderSvg renders', async () => {
    const charts = new ChartThread();
    try {
      charts.prefetch(spec(1), 'a');
      // What a thread that dies (out of memory, say) reports.
      (charts as unknown as { worker: { emit: (event: string, e: Error) => void } }).worker.emit('error', new Error('thread died'));
      expect(await charts.render(spec(1), 'a')).toBe(await renderSvg(spec(1), 'a'));
      expect(await charts.render(spec(2), 'b')).toBe(await renderSvg(spec(2), 'b'));
      expect((charts as unknown as { sent: number }).sent).toBe(1);
    } finally {
      await charts.close();
    }
  });
});

describe('rowChartsAhead', () => {
  const sets = [
    { policy_set: 'a', horizon: 3_600_000 },
    { policy_set: 'b', horizon: 3_600_000 },
  ] as unknown as Scenario[];
  const result = (policy_set: string, replication: number) =>
    ({
      policy_set,
      replication,
      rounds: [],
      scaling: [],
      timeline: [{ policy_set, replication, time: 90, service_state: 'RUNNING', cardinality: 2, running_vms: 2, connected: 1, training: 0, attributes: {} }],
    }) as unknown as ReplicationResult;

  it("prefetches the row charts of every set's replication 0 once the last set's is in", () => {
    const asked: Array<[unknown, string]> = [];
    const ahead = rowChartsAhead({ prefetch: (s, id) => void asked.push([s, id]) }, sets);
    ahead(result('a', 0));
    ahead(result('a', 1));
    expect(asked).toEqual([]);
    ahead(result('b', 0));
    const rows = [result('a', 0), result('b', 0)];
    const expected = rowCharts({ policySets: sets, rounds: [], scaling: [], timeline: rows.flatMap((r) => r.timeline) });
    expect(asked).toEqual(expected.map(([id, , s]) => [s, id]));
  });

  it("gathers the rows in the policy sets' order whatever order the results come in, once each", () => {
    const inOrder: Array<[unknown, string]> = [];
    const reversed: Array<[unknown, string]> = [];
    const a = rowChartsAhead({ prefetch: (s, id) => void inOrder.push([s, id]) }, sets);
    a(result('a', 0));
    a(result('b', 0));
    const b = rowChartsAhead({ prefetch: (s, id) => void reversed.push([s, id]) }, sets);
    b(result('b', 0));
    b(result('b', 0));
    b(result('a', 0));
    b(result('a', 0));
    expect(reversed).toEqual(inOrder);
  });
});
