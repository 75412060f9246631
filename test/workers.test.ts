import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
// The built library: worker threads run dist/experiment/worker.js (`npm test` builds first).
const { loadScenario } = await import(join(root, 'dist/index.js'));
const { jobsOf, replicate, startWorker } = await import(join(root, 'dist/experiment/workers.js'));
const { heapCapMb, workerLimits, CAPPED_FROM_NODES, LARGE_FROM_NODES, LARGE_YOUNG_GENERATION_MB } = await import(join(root, 'dist/scenario/limits.js'));

const scenario = () => loadScenario(join(root, 'scenarios/anti-patterns/AP-02-short-scale-down-cooldown.yaml')).reload({ replications: 3 });
const same = (r: { figures: unknown; rounds: unknown }[]) => JSON.stringify(r.map((x) => [x.figures, x.rounds]));

describe('replicate on worker threads', () => {
  it('with a 2 MB worker heap, too small for any replication, gives the results of one thread', async () => {
    const jobs = jobsOf(scenario().policySets);
    const one = await replicate(jobs, { workers: 1 });
    const capped = await replicate(jobs, { workers: 2, heapCapMb: 2 });
    expect(same(capped)).toBe(same(one));
  });

  it('with a 512 MB worker heap gives the results of one thread', async () => {
    const jobs = jobsOf(scenario().policySets);
    const one = await replicate(jobs, { workers: 1 });
    const capped = await replicate(jobs, { workers: 2, heapCapMb: 512 });
    expect(same(capped)).toBe(same(one));
  });
});

describe('replicate with early jobs', () => {
  it('on one thread runs them first and tells of them first (onComputed); on one thread or on worker threads hands every result over in job order, as without them', async () => {
    const jobs = jobsOf(scenario().policySets);
    const plain = await replicate(jobs, { workers: 1 });
    for (const options of [{ workers: 1 }, { workers: 2, heapCapMb: 512 }]) {
      const computed: number[] = [];
      const handed: number[] = [];
      const results = await replicate(jobs, {
        ...options,
        early: (j: { replication: number }) => j.replication === 0,
        onComputed: (i: number) => computed.push(i),
        onResult: (i: number, r: unknown) => {
          handed.push(i);
          expect(same([r as never])).toBe(same([plain[i]]));
        },
      });
      expect(results).toEqual([]);
      expect(handed).toEqual(jobs.map((_: unknown, i: number) => i));
      const firsts = jobs.flatMap((j: { replication: number }, i: number) => (j.replication === 0 ? [i] : []));
      if (options.workers === 1) expect(computed.slice(0, firsts.length)).toEqual(firsts);
      expect(computed.length).toBe(jobs.length);
    }
  });
});

describe('replicate with a digest', () => {
  it('gives each result the digest of its thread, the same on worker threads, and drops the rows rowsOnlyFor leaves out', async () => {
    const { rowChunks } = await import(join(root, 'dist/report/run-rows.js'));
    const digest = { module: pathToFileURL(join(root, 'dist/report/run-rows.js')).href, name: 'rowChunks', context: ['CPU'], fn: rowChunks };
    const jobs = jobsOf(scenario().policySets);
    const plain = await replicate(jobs, { workers: 1 });
    const one = await replicate(jobs, { workers: 1, digest, rowsOnlyFor: [0] });
    // With a heap cap, every job runs on a worker thread.
    const two = await replicate(jobs, { workers: 2, heapCapMb: 512, digest, rowsOnlyFor: [0] });
    expect(one.map((r: { digest: unknown }) => r.digest)).toEqual(plain.map((r: unknown) => rowChunks(r, ['CPU'])));
    expect(two.map((r: { digest: unknown }) => r.digest)).toEqual(one.map((r: { digest: unknown }) => r.digest));
    for (const [i, r] of two.entries()) {
      expect(r.scaling.length > 0).toBe(r.replication === 0);
      expect(r.timeline.length > 0).toBe(r.replication === 0);
      expect(r.rounds).toEqual(plain[i].rounds);
    }
  });
});

describe('heapCapMb', () => {
  // It reads the role's size only.
  const withNodes = (n: number, maxVms: number | null = null) => ({ oneflow: { role: { cardinality: n, max_vms: maxVms } } });

  it('caps no replication below CAPPED_FROM_NODES SuperNodes', () => {
    expect(heapCapMb(withNodes(CAPPED_FROM_NODES - 1))).toBeNull();
  });

  it('counts max_vms when it is above the cardinality', () => {
    expect(heapCapMb(withNodes(10, CAPPED_FROM_NODES))).not.toBeNull();
  });

  it('gives 10 KB per SuperNode and 256 MB more, in MB rounded up', () => {
    expect(heapCapMb(withNodes(100_000))).toBe(Math.ceil((100_000 * 10_000 + 256 * 2 ** 20) / 2 ** 20));
  });
});

describe('startWorker', () => {
  // A worker that posts the size of its young generation's semi-space (V8's new_space), in MB, as it starts.
  const semiSpaceUrl = new URL(
    `data:text/javascript,${encodeURIComponent(
      "import v8 from 'node:v8'; import { parentPort } from 'node:worker_threads';" +
        "parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 2 ** 20);",
    )}`,
  );
  const semiSpaceOf = (limits: object | null) =>
    new Promise<number>((resolve, reject) => {
      const w = startWorker(semiSpaceUrl, limits);
      w.once('message', (mb: number) => {
        void w.terminate();
        resolve(mb);
      });
      w.once('error', reject);
    });

  it('starts a worker with a larger young generation at a third of it (its semi-space), and a plain or capped worker after it below the 16 MB a flag left set gives', async () => {
    expect(await semiSpaceOf({ maxYoungGenerationSizeMb: LARGE_YOUNG_GENERATION_MB })).toBe(LARGE_YOUNG_GENERATION_MB / 3);
    // V8's own: 1 MB, grown to 2 or 4 while the worker loads. Left set, the flag would start it at its maximum, 16 MB.
    expect(await semiSpaceOf(null)).toBeLessThan(16);
    expect(await semiSpaceOf({ maxOldGenerationSizeMb: 512 })).toBeLessThan(16);
  });
});

describe('workerLimits', () => {
  const withNodes = (n: number) => ({ oneflow: { role: { cardinality: n, max_vms: null } } });

  it('gives no limits below LARGE_FROM_NODES SuperNodes', () => {
    expect(workerLimits(withNodes(LARGE_FROM_NODES - 1))).toBeNull();
  });

  it('gives a LARGE_YOUNG_GENERATION_MB young generation from LARGE_FROM_NODES to below CAPPED_FROM_NODES', () => {
    expect(workerLimits(withNodes(LARGE_FROM_NODES))).toEqual({ maxYoungGenerationSizeMb: LARGE_YOUNG_GENERATION_MB });
    expect(workerLimits(withNodes(CAPPED_FROM_NODES - 1))).toEqual({ maxYoungGenerationSizeMb: LARGE_YOUNG_GENERATION_MB });
  });

  it('gives only the old-generation cap from CAPPED_FROM_NODES', () => {
    expect(workerLimits(withNodes(CAPPED_FROM_NODES))).toEqual({ maxOldGenerationSizeMb: heapCapMb(withNodes(CAPPED_FROM_NODES)) });
  });
});
