/**
 * Summary statistics over replications: the mean and a 95 % confidence
 * interval from Student's t distribution (jStat's quantile).
 */
import jstat from 'jstat';

const { jStat } = jstat;

export interface Estimate {
  mean: number;
  /** Lower bound of the 95 % interval (the mean itself with fewer than 2 values). */
  low: number;
  high: number;
  n: number;
}

/** Mean of `values`; NaN for none. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n - 1); 0 for fewer than 2 values. */
export function stdev(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1));
}

/** The mean with its 95 % t interval. With one value the interval is that value. */
export function estimate(values: readonly number[]): Estimate {
  const n = values.length;
  const m = mean(values);
  if (n < 2) return { mean: m, low: m, high: m, n };
  const half = jStat.studentt.inv(0.975, n - 1) * (stdev(values) / Math.sqrt(n));
  return { mean: m, low: m - half, high: m + half, n };
}
