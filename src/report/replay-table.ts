/** `sim oneflow replay`'s table: one line per tick, aligned. */
import type { ReplayTick } from '../experiment/replay.js';
import { columnWidths } from './columns.js';

export function replayTable(ticks: readonly ReplayTick[]): string {
  const n = ticks[0]?.policies.length ?? 0;
  const header = [
    't',
    'state',
    'eval',
    'diff',
    'cooldown',
    'target',
    'cardinality',
    'role cooldown',
    ...Array.from({ length: n }, (_, i) => `policy ${i}: true_evals  last_eval  expression_evaluated`),
    'rejected',
  ];
  const v = (x: unknown) => (x === null || x === undefined ? '-' : String(x));
  const rows = ticks.map((t) => [
    v(t.t),
    t.state,
    t.evaluated ? 'yes' : 'no',
    v(t.diff),
    v(t.cooldown),
    v(t.target),
    v(t.cardinality_after),
    v(t.role_cooldown),
    ...t.policies.map((p) => `${v(p.true_evals)}  ${v(p.last_eval)}  ${v(p.expression_evaluated)}`),
    t.rejected ? t.reject_reason! : '',
  ]);
  const all = [header, ...rows];
  const widths = columnWidths(all);
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
