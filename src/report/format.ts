/** Number formatting shared by every report, fixed so outputs are byte-identical. */
export function fixed(x: number | null, digits: number): string {
  if (x === null || Number.isNaN(x)) return '';
  const s = x.toFixed(digits);
  return s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s;
}
