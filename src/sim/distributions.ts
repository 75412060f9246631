/**
 * Distributions of durations and other positive quantities. A distribution is
 * data (what a scenario states); `sampler` turns it into a function of a
 * random stream. Sampling uses d3-random with the stream injected as source.
 */

import { randomExponential, randomLogNormal, randomUniform, randomWeibull } from 'd3-random';
import type { Rng } from './random.js';
import { stdlib } from './stdlib.js';

/** A distribution whose quantities (every parameter but a Weibull's shape) are of type T. */
export type DistributionOf<T> =
  | { dist: 'fixed'; value: T }
  | { dist: 'uniform'; min: T; max: T }
  | { dist: 'exponential'; mean: T }
  | { dist: 'lognormal'; median: T; p95: T }
  | { dist: 'weibull'; shape: number; scale: T }
  | { dist: 'empirical'; values: T[] };

export type Distribution = DistributionOf<number>;

/** The same distribution with each quantity passed through `f` (a change of unit, say). */
export function mapDistribution<T, U>(d: DistributionOf<T>, f: (quantity: T) => U): DistributionOf<U> {
  switch (d.dist) {
    case 'fixed':
      return { dist: 'fixed', value: f(d.value) };
    case 'uniform':
      return { dist: 'uniform', min: f(d.min), max: f(d.max) };
    case 'exponential':
      return { dist: 'exponential', mean: f(d.mean) };
    case 'lognormal':
      return { dist: 'lognormal', median: f(d.median), p95: f(d.p95) };
    case 'weibull':
      return { dist: 'weibull', shape: d.shape, scale: f(d.scale) };
    case 'empirical':
      return { dist: 'empirical', values: d.values.map(f) };
  }
}

/** The 95th percentile of the standard normal distribution. */
const Z95 = 1.6448536269514722;

/** A sampler drawing from `d` with `rng`. Values are never negative. */
export function sampler(d: Distribution, rng: Rng): () => number {
  switch (d.dist) {
    case 'fixed': {
      const v = d.value;
      return () => v;
    }
    case 'uniform':
      return randomUniform.source(rng)(d.min, d.max);
    case 'exponential':
      return randomExponential.source(rng)(1 / d.mean);
    case 'lognormal': {
      // median = e^mu; p95 = e^(mu + z95 sigma)
      const mu = Math.log(d.median);
      const sigma = (Math.log(d.p95) - mu) / Z95;
      return randomLogNormal.source(rng)(mu, sigma);
    }
    case 'weibull':
      return randomWeibull.source(rng)(d.shape, 0, d.scale);
    case 'empirical': {
      const values = d.values;
      return () => values[Math.floor(rng() * values.length)]!;
    }
  }
}

/**
 * A sampler that can show its next value before it is taken: the value is drawn once, and whoever takes
 * it next gets it, so drawing early changes nothing of what any later draw returns.
 */
export class Lookahead {
  private ahead: number | null = null;

  constructor(private readonly draw: () => number) {}

  /** The next value, without taking it. */
  peek(): number {
    if (this.ahead === null) this.ahead = this.draw();
    return this.ahead;
  }

  take(): number {
    const v = this.peek();
    this.ahead = null;
    return v;
  }
}

/**
 * One exponential draw of mean `mean` by inversion, -ln(1 - u) x mean. Link outages use it, so that their
 * times stay what they have been since the first release (d3's randomExponential computes -log1p(-u) / rate,
 * which can differ in the last bit).
 */
export function exponentialDraw(mean: number, rng: Rng): number {
  return -Math.log(1 - rng()) * mean;
}

/** The mean of a distribution (used by checks that need an expected value). */
export function mean(d: Distribution): number {
  switch (d.dist) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'exponential':
      return d.mean;
    case 'lognormal': {
      const sigma = (Math.log(d.p95) - Math.log(d.median)) / Z95;
      return d.median * Math.exp((sigma * sigma) / 2);
    }
    case 'weibull':
      return d.scale * stdlib().gamma(1 + 1 / d.shape);
    case 'empirical':
      return d.values.reduce((a, b) => a + b, 0) / d.values.length;
  }
}
