// npm run bench: the simulator's speed, every figure next to a plain JavaScript binary heap's hold rate
// measured in the same run (bench/plain-heap.mjs), since this machine's speed varies from run to run.
// It measures; it asserts nothing (tests check behaviour, never time).
import { plainHold } from './plain-heap.mjs';

const { Engine, loadScenario, runScenario, stream } = await import('../dist/index.js');
const { replicate, defaultWorkers } = await import('../dist/experiment/workers.js');
const { median } = await import('../dist/sim/statistics.js');

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const fmt = (x, d = 2) => x.toFixed(d);

// 1. The reference: a plain heap holding 1,000 events, each popped and pushed again at now + Exp(1 s).
const rng = stream(1, 0, 'bench', 'reference');
plainHold(1000, 300_000, rng); // warm-up
const heapRate = plainHold(1000, 3_000_000, rng);
console.log(`reference: plain binary heap, 1,000 pending: ${fmt(heapRate / 1e6)} M events/s`);

// 2. The engine's hold benchmark.
function hold(pending, events) {
  const engine = new Engine({ eventBudget: Infinity });
  const r = stream(1, 0, 'bench', 'hold');
  const next = () => -Math.log(1 - r()) * 1000;
  let left = events;
  const fire = () => {
    if (--left > 0) engine.schedule(next(), fire);
  };
  for (let i = 0; i < pending; i++) engine.schedule(next(), fire);
  const t0 = process.hrtime.bigint();
  const ran = engine.run();
  return ran / seconds(t0);
}
hold(1000, 200_000);
for (const pending of [1_000, 100_000]) {
  const rate = hold(pending, 2_000_000);
  console.log(`engine hold, ${String(pending).padStart(7)} pending: ${fmt(rate / 1e6)} M events/s = ${fmt(rate / heapRate)} x the reference`);
}

// 3. One replication-day of bench/scale.yaml (edge-churn's spec-recommended set) at 10, 1,000 and 10,000 SuperNodes, one
// worker, as `sim run --workers 1` runs it: here, or from 5,000 SuperNodes on a worker thread with a larger young
// generation (scenario/limits.ts workerLimits), whose start is counted.
// The reference is measured again just before and just after each (the machine's speed drifts within a run) and
// the two averaged.
const scale = loadScenario(new URL('./scale.yaml', import.meta.url).pathname);
const perNode = {};
const nearRate = () => plainHold(1000, 1_000_000, rng);
for (const nodes of [10, 1_000, 10_000]) {
  const scenario = scale.reload({ set: [{ path: 'oneflow.role.cardinality', value: nodes }] }).policySets[0];
  const before = nearRate();
  const t0 = process.hrtime.bigint();
  const [run] = await replicate([{ scenario, replication: 0 }], { workers: 1, eventBudget: Infinity });
  const s = seconds(t0);
  const near = (before + nearRate()) / 2;
  perNode[nodes] = s;
  const heapEvents = (s * near) / nodes;
  console.log(
    `${String(nodes).padStart(6)} SuperNodes, one day: ${fmt(s)} s, ${fmt(nodes / s, 0)} node-days/s, ${run.events} events ` +
      `(${fmt(run.events / nodes, 0)} per node-day); ${fmt(heapEvents, 0)} reference-heap events per node-day (reference ${fmt(near / 1e6)} M/s)`,
  );
}
console.log(`time from 1,000 to 10,000 SuperNodes: x ${fmt(perNode[10_000] / perNode[1_000], 1)}`);

// 4. edge-churn's replications on one worker, with two asked for (the threads that pay: experiment/threads.ts), and on
// two worker threads whatever they cost (a heap cap puts every job on a worker thread): speed-ups, and whether the
// results are identical.
const edge = loadScenario(new URL('../scenarios/edge-churn.yaml', import.meta.url).pathname);
// The process's CPU time over the wall time: how many cores a run keeps busy (V8's collector and compiler threads
// run beside the one that simulates), which bounds what a second thread can add on this machine's cores.
const timed = async (options) => {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = await runScenario(edge, options);
  const s = seconds(t0);
  const c = process.cpuUsage(c0);
  return { s, result, cores: (c.user + c.system) / 1e6 / s };
};
// A first run warms this thread's code, so that the one-worker and the two-asked runs compare alike (a worker
// thread, as in every real run, starts cold). Then four of each, in turns (one, two, two, one, ...): of two runs
// in a row the second was slower in 10 of 12 pairs whatever it ran, which had made the second of a fixed pair look
// 7 to 8 % slower. Each result is reduced to its key at once, so that none is kept.
const key = (r) => JSON.stringify([r.figures, r.rounds]);
const keys = new Set();
const once = async (options) => {
  const t = await timed(options);
  keys.add(key(t.result));
  return { s: t.s, cores: t.cores, replications: t.result.figures.length };
};
const cold = await once({ workers: 1 });
const runs = { one: [], two: [] };
for (const turn of [
  ['one', 'two'],
  ['two', 'one'],
  ['one', 'two'],
  ['two', 'one'],
])
  for (const k of turn) runs[k].push(await once({ workers: k === 'one' ? 1 : 2 }));
const forced = await once({ workers: 2, heapCapMb: 4096 });
const oneS = median(runs.one.map((r) => r.s));
const twoS = median(runs.two.map((r) => r.s));
const oneCores = median(runs.one.map((r) => r.cores));
console.log(
  `edge-churn.yaml, ${cold.replications} replication-days (medians of 4 in turns): ${fmt(oneS)} s on 1 worker, ${fmt(twoS)} s with 2 asked for: x ${fmt(oneS / twoS)},` +
    ` ${fmt(forced.s)} s on 2 worker threads: x ${fmt(oneS / forced.s)} (${keys.size === 1 ? 'identical results' : 'RESULTS DIFFER'});` +
    ` ${fmt((oneS * heapRate) / cold.replications / 1e6)} M reference-heap events per replication-day`,
);
const cores = defaultWorkers();
console.log(
  `one worker keeps ${fmt(oneCores)} cores busy (${fmt(cold.cores)} in this process's first edge-churn run):` +
    ` on ${cores} cores, threads can gain at most x ${fmt(cores / oneCores)}`,
);
