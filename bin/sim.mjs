#!/usr/bin/env node
// The `sim` command runs the built library (npm ci builds it through the prepare script).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('fl-cluster-sim is not built: run `npm ci` (or `npm run build`) in its folder first.\n');
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv);
