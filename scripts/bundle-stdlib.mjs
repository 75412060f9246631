// npm run build, after tsc: the two @stdlib functions the library uses (Student t quantile, gamma) bundled into one
// file, dist/vendor/stdlib.cjs (src/sim/stdlib.ts), with esbuild: as packages they are 414 small modules, whose
// loading took 0.12-0.17 s of every run that summarizes replications. The code is theirs, unchanged but for layout.
import { rmSync } from 'node:fs';
import { buildSync } from 'esbuild';

const out = new URL('../dist/vendor/stdlib.cjs', import.meta.url).pathname;
rmSync(out, { force: true });
buildSync({
  stdin: {
    contents:
      "module.exports = { tQuantile: require('@stdlib/stats-base-dists-t-quantile'), gamma: require('@stdlib/math-base-special-gamma') };",
    resolveDir: new URL('..', import.meta.url).pathname,
    sourcefile: 'stdlib-entry.cjs',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'eof',
  outfile: out,
  logLevel: 'warning',
});
console.log(`bundled @stdlib's t quantile and gamma into ${out}`);
