/**
 * Distributions of durations and other positive quantities. A distribution is
 * data (what a scenario states); `sampler` turns it into a function of a
 * random stream. Sampling uses d3-random with the stream injected as source,
 * but for the lognormal: LogNormal gives d3's values from fields of its own.
 */

import { randomExponential, randomUniform, randomWeibull } from 'd3-random';
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
      const ln = LogNormal.of(d, rng);
      return () => ln.draw();
    }
    case 'weibull':
      return randomWeibull.source(rng)(d.shape, 0, d.scale);
    case 'empirical': {
      const values = d.values;
      return () => values[Math.floor(rng() * values.length)]!;
    }
  }
}

/** What draws values one after another. */
export interface Draws {
  draw(): number;
}

/**
 * A sampler that can show its next value before it is taken: the value is drawn once, and whoever takes
 * it next gets it, so drawing early changes nothing of what any later draw returns.
 */
export class Lookahead {
  private ahead = 0;
  private has = false;

  /** Draws from `source`; a subclass that draws itself (LogNormal) gives none. */
  constructor(private readonly source: Draws | null = null) {}

  /** The value after the last one drawn. */
  protected drawNext(): number {
    return this.source!.draw();
  }

  /** The next value, without taking it. */
  peek(): number {
    if (!this.has) {
      this.ahead = this.drawNext();
      this.has = true;
    }
    return this.ahead;
  }

  take(): number {
    const v = this.peek();
    this.has = false;
    return v;
  }
}

/**
 * d3-random's randomLogNormal(mu, sigma) with `rng` as its source, to the bit (test/random.test.ts compares
 * them): the exponential of Marsaglia's polar method as d3's randomNormal writes it, which keeps the pair's
 * first uniform, and the r it came with, for the next draw. Fields, not d3's three nested closures: with
 * thousands of SuperNodes every VM's sampler is cold when it draws, and a closure's variable that is now a
 * number, now null, is a new heap number at each draw (2.7 to 9.4 times the time, 10,000 samplers in turn).
 */
export class LogNormal extends Lookahead implements Draws {
  private x = 0;
  private r = 0;
  private hasX = false;

  constructor(
    private readonly mu: number,
    private readonly sigma: number,
    private readonly rng: Rng,
  ) {
    super();
  }

  /** median = e^mu; p95 = e^(mu + z95 sigma). */
  static of(d: { median: number; p95: number }, rng: Rng): LogNormal {
    const mu = Math.log(d.median);
    return new LogNormal(mu, (Math.log(d.p95) - mu) / Z95, rng);
  }

  protected override drawNext(): number {
    return this.draw();
  }

  draw(): number {
    let y: number;
    if (this.hasX) {
      y = this.x;
      this.hasX = false;
    } else {
      const rng = this.rng;
      let x: number;
      let r: number;
      do {
        x = rng() * 2 - 1;
        y = rng() * 2 - 1;
        r = x * x + y * y;
      } while (!r || r > 1);
      this.x = x;
      this.r = r;
      this.hasX = true;
    }
    return Math.exp(this.mu + this.sigma * y * Math.sqrt((-2 * Math.log(this.r)) / this.r));
  }
}

/** A function as Draws. */
class DrawsFrom implements Draws {
  constructor(readonly draw: () => number) {}
}

/** Draws from `d` with `rng`: the same values as sampler(d, rng). */
export function draws(d: Distribution, rng: Rng): Draws {
  return d.dist === 'lognormal' ? LogNormal.of(d, rng) : new DrawsFrom(sampler(d, rng));
}

/**
 * A Lookahead over draws(d, rng). A log-normal one is its own LogNormal: a SuperNode's training time is peeked
 * when a work is planned, and one object fewer is one cache miss fewer when thousands of samplers are drawn in turn.
 */
export function lookahead(d: Distribution, rng: Rng): Lookahead {
  return d.dist === 'lognormal' ? LogNormal.of(d, rng) : new Lookahead(new DrawsFrom(sampler(d, rng)));
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
