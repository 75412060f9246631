// npm run build, after tsc: the packages loaded on every run, each made of hundreds of small modules, bundled with
// esbuild into one file each under dist/vendor/, which the library loads when it is there (else the packages):
// - stdlib.cjs: @stdlib's Student t quantile and gamma (src/sim/stdlib.ts); 414 modules took 0.12-0.17 s to load;
// - vega.mjs: Vega and Vega-Lite's compile (src/report/vega.ts); loading them took about 0.3 s of every report.
// The code is theirs, unchanged (not minified, so names and messages stay theirs too).
import { mkdirSync, rmSync } from 'node:fs';
import { buildSync } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const dir = new URL('../dist/vendor/', import.meta.url).pathname;
// An earlier build's bundles must not stand in for the packages installed now.
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const bundles = [
  {
    file: 'stdlib.cjs',
    format: 'cjs',
    contents:
      "module.exports = { tQuantile: require('@stdlib/stats-base-dists-t-quantile'), gamma: require('@stdlib/math-base-special-gamma') };",
  },
  { file: 'vega.mjs', format: 'esm', contents: "export * as vega from 'vega';\nexport { compile } from 'vega-lite';\n" },
];
for (const b of bundles) {
  buildSync({
    stdin: { contents: b.contents, resolveDir: root, sourcefile: `entry-${b.file}` },
    bundle: true,
    platform: 'node',
    format: b.format,
    target: 'node20',
    legalComments: 'eof',
    outfile: dir + b.file,
    logLevel: 'warning',
  });
}
console.log(`bundled ${bundles.map((b) => b.file).join(' and ')} into ${dir}`);
