/** `sim tune`'s table: one line per candidate, its parameters, replications, objective and status. */
import type { TuneResult } from '../experiment/tune.js';
import { goalMetric } from '../scenario/decision.js';
import { formatMetric } from '../scenario/metrics.js';
import { columnWidths } from './columns.js';

export function tuneTable(r: TuneResult): string {
  const objective = goalMetric(r.decision.objective);
  const tie = goalMetric(r.decision.tie_break);
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const header = ['point', ...r.grid.map((a) => a.path), 'reps', objective, tie, 'status'];
  const rows = r.candidates.map((c) => {
    const o = c.summary.metrics[objective];
    const t = c.summary.metrics[tie];
    return [
      String(c.point),
      ...r.grid.map((a) => show(c.params[a.path])),
      String(c.replications),
      c.replications === 0
        ? '-'
        : `${formatMetric(objective, o.mean)}${Number.isNaN(o.low) ? '' : ` [${formatMetric(objective, o.low)}, ${formatMetric(objective, o.high)}]`}`,
      c.replications === 0 ? '-' : formatMetric(tie, t.mean),
      c.stage === null ? c.status : `${c.status} (stage ${c.stage})`,
    ];
  });
  const all = [header, ...rows];
  const widths = columnWidths(all);
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}\n`;
}
