/**
 * Summary statistics over replications: means, sample deviations (d3-array),
 * and Student t intervals (t quantiles from @stdlib). Intervals are never
 * clipped: a rate's interval may reach below 0, which says it is wide, not
 * that the rate can be negative. With fewer than 2 values there is no
 * interval (low and high are NaN).
 */
import { mean as d3mean, median as d3median, deviation } from 'd3-array';
import { stdlib } from './stdlib.js';

export interface Estimate {
  mean: number;
  /** Lower bound of the interval; NaN with fewer than 2 values. */
  low: number;
  /** Upper bound of the interval; NaN with fewer than 2 values. */
  high: number;
  n: number;
}

/** Mean of `values`; NaN for none. */
export function mean(values: readonly number[]): number {
  return d3mean(values) ?? NaN;
}

/** Median of `values`; NaN for none. */
export function median(values: readonly number[]): number {
  return d3median(values) ?? NaN;
}

/** Sample standard deviation (n - 1); 0 for fewer than 2 values. */
export function stdev(values: readonly number[]): number {
  return deviation(values) ?? 0;
}

/**
 * The two-sided Student t critical value for `confidence` with `df` degrees of
 * freedom: the (1 + confidence) / 2 quantile.
 */
export function tCritical(confidence: number, df: number): number {
  // Kept by (confidence, df): a summary asks for the same one for every metric of every policy set.
  let byDf = critical.get(confidence);
  if (byDf === undefined) {
    byDf = new Map();
    critical.set(confidence, byDf);
  }
  let t = byDf.get(df);
  if (t === undefined) {
    t = stdlib().tQuantile(1 - (1 - confidence) / 2, df);
    byDf.set(df, t);
  }
  return t;
}

const critical = new Map<number, Map<number, number>>();

/** The mean with its t interval at `confidence` (default 95 %). NaN values are left out. */
export function estimate(values: readonly number[], confidence = 0.95): Estimate {
  const xs = values.filter((v) => !Number.isNaN(v));
  const n = xs.length;
  const m = mean(xs);
  if (n < 2) return { mean: m, low: NaN, high: NaN, n };
  const sd = stdev(xs);
  // With no spread the interval is the mean itself (an exact copy differs by 0, [0, 0]).
  const half = sd === 0 ? 0 : tCritical(confidence, n - 1) * (sd / Math.sqrt(n));
  return { mean: m, low: m - half, high: m + half, n };
}

/**
 * A paired t interval on a - b, pair by pair (common random numbers: pair i is
 * replication i of both). Pairs where either value is NaN are left out.
 */
export function pairedDifference(a: readonly number[], b: readonly number[], confidence = 0.95): Estimate {
  if (a.length !== b.length) throw new RangeError(`paired values need the same length, got ${a.length} and ${b.length}`);
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!) && !Number.isNaN(b[i]!)) d.push(a[i]! - b[i]!);
  return estimate(d, confidence);
}

/**
 * The confidence of each of k intervals that hold together at `confidence`
 * (Bonferroni): 1 - (1 - confidence) / k.
 */
export function bonferroni(confidence: number, k: number): number {
  return k <= 1 ? confidence : 1 - (1 - confidence) / k;
}
