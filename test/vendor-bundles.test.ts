import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../src/report/charts.js';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
// The built library (`npm test` builds first): scripts/bundle-vendor.mjs made its bundles. The sources, which
// these tests also run, have none: they load the packages.
const dist = await import(join(root, 'dist/sim/stdlib.js'));
const distVega = await import(join(root, 'dist/report/vega.js'));
const distCharts = await import(join(root, 'dist/report/charts.js'));
const tQuantile = require('@stdlib/stats-base-dists-t-quantile');
const gamma = require('@stdlib/math-base-special-gamma');

const PROBABILITIES = [0.5, 0.6, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9975, 0.999, 0.9995, 1 - 1e-6, 0.025, 0.0001];
const DEGREES = [0.5, 1, 1.5, 2, 3, 4, 5, 7, 9, 10, 19, 29, 30, 49, 99, 100, 999, 1e6];

describe('the @stdlib bundle made at build', () => {
  it('is what the built library loads', () => {
    expect(existsSync(dist.STDLIB_BUNDLE)).toBe(true);
    expect(dist.stdlib().tQuantile).toBe(require(dist.STDLIB_BUNDLE).tQuantile);
  });

  it("gives the packages' t quantiles, bit for bit", () => {
    const { tQuantile: bundled } = dist.stdlib();
    for (const p of PROBABILITIES) for (const df of DEGREES) expect(Object.is(bundled(p, df), tQuantile(p, df))).toBe(true);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 1e4, noNaN: true }), (p, df) =>
        Object.is(bundled(p, df), tQuantile(p, df)),
      ),
      { seed: 20261202, numRuns: 2000 },
    );
  });

  it("gives the packages' gamma, bit for bit", () => {
    const { gamma: bundled } = dist.stdlib();
    fc.assert(
      fc.property(fc.double({ min: -30, max: 171, noNaN: true }), (x) => Object.is(bundled(x), gamma(x))),
      { seed: 20261202, numRuns: 2000 },
    );
    for (const x of [0.5, 1, 1.5, 2, 1 + 1 / 1.5, 1 + 1 / 0.7, 10, -0.5]) expect(Object.is(bundled(x), gamma(x))).toBe(true);
  });
});

const values = [
  { policy_set: 'a', round: 1, minutes: 3.5, outcome: 'succeeded' },
  { policy_set: 'a', round: 2, minutes: 7.25, outcome: 'failed' },
  { policy_set: 'b', round: 1, minutes: 2, outcome: 'succeeded' },
  { policy_set: 'b', round: 2, minutes: 11, outcome: 'stalled' },
];
const SPECS = [
  {
    data: { values },
    mark: 'bar',
    encoding: { x: { field: 'policy_set', type: 'nominal' }, y: { aggregate: 'sum', field: 'minutes', title: 'minutes' }, color: { field: 'outcome' } },
  },
  {
    data: { values },
    mark: { type: 'line', point: true },
    encoding: { x: { field: 'round', type: 'quantitative' }, y: { field: 'minutes', type: 'quantitative' }, color: { field: 'policy_set' } },
  },
  {
    data: { values },
    layer: [
      { mark: 'rule', encoding: { y: { datum: 5 } } },
      {
        mark: { type: 'text', dx: 4 },
        encoding: { x: { field: 'round', type: 'ordinal' }, y: { field: 'minutes', type: 'quantitative' }, text: { field: 'outcome' } },
      },
    ],
  },
];

describe('the Vega bundle made at build', () => {
  it('is what the built library loads', async () => {
    expect(existsSync(new URL(distVega.VEGA_BUNDLE).pathname)).toBe(true);
    expect((await distVega.loadVega()).compile).toBe((await import(distVega.VEGA_BUNDLE.href)).compile);
  });

  it("renders the packages' SVG, byte for byte", async () => {
    for (const [i, spec] of SPECS.entries()) {
      const svg = await distCharts.renderSvg(spec, `c${i}`);
      expect(svg).toContain('<svg');
      expect(svg).toBe(await renderSvg(spec as never, `c${i}`));
    }
  });
});
