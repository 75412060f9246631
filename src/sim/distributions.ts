/**
 * Distributions of durations and other positive quantities. A distribution is
 * data (what a scenario states); `sampler` turns it into a function of a
 * random stream. Sampling uses d3-random with the stream injected as source.
 */
import { randomExponential, randomLogNormal, randomUniform, randomWeibull } from 'd3-random';
import gamma from '@stdlib/math-base-special-gamma';
import type { Rng } from './random.js';

export type Distribution =
  | { dist: 'fixed'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'lognormal'; median: number; p95: number }
  | { dist: 'weibull'; shape: number; scale: number }
  | { dist: 'empirical'; values: number[] };

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
      return d.scale * gamma(1 + 1 / d.shape);
    case 'empirical':
      return d.values.reduce((a, b) => a + b, 0) / d.values.length;
  }
}

