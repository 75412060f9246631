/**
 * The thread that renders a report's charts (report/chart-renderer.ts): it loads Vega as soon as it starts, while
 * the replications run, and renders each spec it is sent. Built to dist/report/chart-thread.js.
 */
import { parentPort } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './charts.js';
import { loadVega } from './vega.js';

export type ChartRequest = { n: number; spec: TopLevelSpec; id: string };
export type ChartReply = { n: number; svg: string } | { n: number; error: { message: string; stack: string | undefined } };

void loadVega();

parentPort!.on('message', (req: ChartRequest) => {
  renderSvg(req.spec, req.id).then(
    (svg) => parentPort!.postMessage({ n: req.n, svg } satisfies ChartReply),
    (e: unknown) =>
      parentPort!.postMessage({
        n: req.n,
        error: { message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined },
      } satisfies ChartReply),
  );
});
