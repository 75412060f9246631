/**
 * Vega and Vega-Lite's compile, loaded when first needed: from dist/vendor/vega.mjs, the one file `npm run build`
 * bundles them into (scripts/bundle-vendor.mjs; as packages, loading them took about 0.3 s of every report), or from
 * the packages where there is no bundle (the sources under test). Either way the code is theirs.
 * Not at start: vega's canvas probe uses top-level await, which would stop CommonJS code (a tslab notebook) from
 * require()-ing the library.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Vega {
  vega: typeof import('vega');
  compile: typeof import('vega-lite').compile;
}

/** Where the bundle is, next to this module once built (exported for the test that compares it to the packages). */
export const VEGA_BUNDLE = new URL('../vendor/vega.mjs', import.meta.url);

let loading: Promise<Vega> | null = null;

export function loadVega(): Promise<Vega> {
  loading ??= existsSync(fileURLToPath(VEGA_BUNDLE))
    ? (import(VEGA_BUNDLE.href) as Promise<Vega>)
    : Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => ({ vega, compile: vl.compile }));
  return loading;
}
