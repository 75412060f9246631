/**
 * The width of each column of a text table: its widest cell. A loop, not Math.max(...column): a spread of
 * some 130,000 values (a long replay, a large grid) overflows the call stack.
 */
export function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths = (rows[0] ?? []).map(() => 0);
  for (const row of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, row[i]!.length);
  return widths;
}
