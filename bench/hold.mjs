// The "hold" benchmark: each event reschedules itself at now + Exp(1) ms, with
// N events pending. Prints events per second; it measures, it asserts nothing.
import { Engine, stream } from '../dist/index.js';

function hold(pending, events) {
  const engine = new Engine({ eventBudget: Infinity });
  const rng = stream(1, 0, 'bench', 'hold');
  // Exp(1) in ms; the engine rounds to whole ms, so scale by 1000 to keep ties rare.
  const next = () => -Math.log(1 - rng()) * 1000;
  let left = events;
  const fire = () => {
    if (--left > 0) engine.schedule(next(), fire);
  };
  for (let i = 0; i < pending; i++) engine.schedule(next(), fire);
  const t0 = process.hrtime.bigint();
  const ran = engine.run();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { ran, seconds };
}

const events = Number(process.env.BENCH_EVENTS ?? 2_000_000);
hold(1000, 200_000); // warm-up
console.log('hold benchmark (each event reschedules itself at now + Exp(1 s))');
for (const pending of [1_000, 100_000]) {
  const { ran, seconds } = hold(pending, events);
  console.log(`  ${String(pending).padStart(7)} pending: ${(ran / seconds / 1e6).toFixed(2)} M events/s (${ran} events in ${seconds.toFixed(2)} s)`);
}

// The simulator as users run it: replication-days of the shipped edge scenario per second, on this thread.
const { loadScenario, runScenario } = await import('../dist/index.js');
const scenario = loadScenario(new URL('../scenarios/edge-churn.yaml', import.meta.url).pathname, { replications: 4 });
const t0 = process.hrtime.bigint();
const result = await runScenario(scenario);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const reps = result.figures.length;
const simEvents = result.events;
console.log(
  `edge-churn.yaml: ${reps} replication-days in ${seconds.toFixed(2)} s (${(reps / seconds).toFixed(1)} per second, ${(simEvents / seconds / 1e6).toFixed(2)} M events/s) on one thread`,
);
