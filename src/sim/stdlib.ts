/**
 * The @stdlib functions the library uses, loaded on first use: from dist/vendor/stdlib.cjs, the one file
 * `npm run build` bundles them into (scripts/bundle-vendor.mjs; as packages they are 414 small modules, whose
 * loading took 0.12-0.17 s of every run that summarizes), or from the packages where there is no bundle (the
 * sources under test). Either way the code is @stdlib's own.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type gammaFn from '@stdlib/math-base-special-gamma';
import type tQuantileFn from '@stdlib/stats-base-dists-t-quantile';

export interface Stdlib {
  /** @stdlib/stats-base-dists-t-quantile */
  tQuantile: typeof tQuantileFn;
  /** @stdlib/math-base-special-gamma */
  gamma: typeof gammaFn;
}

let loaded: Stdlib | null = null;

/** Where the bundle is, next to this module once built (exported for the test that compares it to the packages). */
export const STDLIB_BUNDLE = fileURLToPath(new URL('../vendor/stdlib.cjs', import.meta.url));

export function stdlib(): Stdlib {
  if (loaded !== null) return loaded;
  const require = createRequire(import.meta.url);
  loaded = existsSync(STDLIB_BUNDLE)
    ? (require(STDLIB_BUNDLE) as Stdlib)
    : { tQuantile: require('@stdlib/stats-base-dists-t-quantile') as typeof tQuantileFn, gamma: require('@stdlib/math-base-special-gamma') as typeof gammaFn };
  return loaded;
}
