/**
 * Charts rendered on a thread of their own: started before a run, it loads Vega while the replications run, and
 * renders the report's charts while this thread writes the other files. The SVG is the same as renderSvg's here
 * (the same code on the same specs). Where the thread is not built (tests on the sources), or once it failed,
 * charts render here.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartReply, ChartRequest } from './chart-thread.js';
import { renderSvg } from './charts.js';

/** Render one chart to SVG, its element ids prefixed with `id` (charts.ts renderSvg). */
export type RenderChart = (spec: TopLevelSpec, id: string) => Promise<string>;

export class ChartThread {
  private readonly worker: Worker | null;
  private readonly waiting = new Map<number, { spec: TopLevelSpec; id: string; resolve: (svg: string) => void; reject: (e: Error) => void }>();
  private sent = 0;
  /** Set once the thread failed: from then on charts render here (the same SVG). */
  private failed = false;

  constructor() {
    const file = new URL('./chart-thread.js', import.meta.url);
    this.worker = existsSync(fileURLToPath(file)) ? new Worker(file) : null;
    if (this.worker === null) return;
    // It never keeps the process alive: a run that fails before its report leaves it behind.
    this.worker.unref();
    this.worker.on('message', (m: ChartReply) => {
      const w = this.waiting.get(m.n);
      this.waiting.delete(m.n);
      if (w === undefined) return;
      if ('svg' in m) w.resolve(m.svg);
      else {
        const e = new Error(m.error.message);
        if (m.error.stack !== undefined) e.stack = m.error.stack;
        w.reject(e);
      }
    });
    this.worker.on('error', () => {
      this.failed = true;
      for (const w of this.waiting.values()) renderSvg(w.spec, w.id).then(w.resolve, w.reject);
      this.waiting.clear();
    });
  }

  /** Charts asked for ahead, by id, with their spec as JSON: render hands one over only for the same spec. */
  private readonly ahead = new Map<string, { json: string; svg: Promise<string> }>();

  /** Start rendering a chart before the report asks for it (render then gives this one if its spec is the same). */
  prefetch(spec: TopLevelSpec, id: string): void {
    if (this.worker === null || this.failed) return;
    const svg = this.post(spec, id);
    svg.catch(() => {});
    this.ahead.set(id, { json: JSON.stringify(spec), svg });
  }

  readonly render: RenderChart = (spec, id) => {
    const early = this.ahead.get(id);
    if (early !== undefined) {
      this.ahead.delete(id);
      if (early.json === JSON.stringify(spec)) return early.svg;
    }
    return this.post(spec, id);
  };

  private post(spec: TopLevelSpec, id: string): Promise<string> {
    const worker = this.worker;
    if (worker === null || this.failed) return renderSvg(spec, id);
    const n = this.sent++;
    return new Promise<string>((resolve, reject) => {
      this.waiting.set(n, { spec, id, resolve, reject });
      worker.postMessage({ n, spec, id } satisfies ChartRequest);
    });
  }

  close(): Promise<void> {
    return this.worker === null ? Promise.resolve() : this.worker.terminate().then(() => undefined);
  }
}
