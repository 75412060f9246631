/** The comparison table printed by `sim run`: one row per policy set, columns aligned. */
import type { PolicySetSummary } from '../experiment/figures.js';
import { ROUND_CAUSES } from '../models/flower/round.js';
import { CLIENT_FAILURE_CAUSES } from '../models/flower/superlink.js';
import { comparisonCells, costCells, roundCells } from './cells.js';
import { columnWidths } from './columns.js';
import { fixed } from './format.js';

export function comparisonTable(summaries: readonly PolicySetSummary[], color = false): string {
  const header = [
    'policy set',
    'rounds',
    'ok',
    'failed',
    'unfinished',
    'failure rate [95% CI]',
    'causes c/n/r/x',
    'round min',
    'wait h',
    'eval fail',
    'VM h',
    'up/down',
    'client failures d/t/g/s',
  ];
  const pct = (x: number) => `${fixed(100 * x, 1)}%`;
  const rows = summaries.map((s) => {
    const c = comparisonCells(s, pct, '-');
    const causes = ROUND_CAUSES.map((c) => fixed(s.metrics[`failed_${c}`].mean, 1)).join('/');
    const clients = CLIENT_FAILURE_CAUSES.map((c) => fixed(s.metrics[`client_failures_${c}`].mean, 1)).join('/');
    return [...roundCells(c), causes, ...costCells(c), c.up_down, clients];
  });
  const all = [header, ...rows];
  const widths = columnWidths(all);
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  // Colour only where the caller says the terminal takes it: a bold header.
  const head = color ? `\u001b[1m${line(header)}\u001b[0m` : line(header);
  return `${[head, widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}\n`;
}
