import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Files that run whole scenarios, the built command or a browser: the rest is the fast loop (`npm run test:unit`). */
const slow = [
  'test/cli.test.ts',
  'test/workers.test.ts',
  'test/performance.test.ts',
  'test/golden.test.ts',
  'test/report-html.test.ts',
  'test/scaling-out.test.ts',
  'test/decision/docs.test.ts',
  'test/decision/tune.test.ts',
  'test/anti-patterns/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
    // One test file per core: the suite is CPU-bound (vitest's default leaves one core idle).
    maxWorkers: availableParallelism(),
    projects: [
      // Unit files share one module graph per worker: importing the library once is most of their time.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: slow, isolate: false } },
      { extends: true, test: { name: 'slow', include: slow } },
    ],
  },
});
