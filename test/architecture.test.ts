import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layers, lowest first: a file may import its own layer and those below it, never one above.
const LAYERS = ['sim', 'models', 'scenario', 'lint', 'experiment', 'report', 'cli', 'index'] as const;
type Layer = (typeof LAYERS)[number];

const src = join(import.meta.dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Every relative import and re-export of the sources, with whether it is `import type` / `export type`. */
function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of files(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'/gms)) {
      const target = resolve(dirname(file), m[3]!).replace(/\.js$/, '.ts');
      out.push({ from: relative(src, file), to: relative(src, target), typeOnly: m[2] !== undefined });
    }
  }
  return out;
}

function layerOf(path: string): Layer {
  const top = path.split('/')[0]!.replace(/\.ts$/, '');
  if (top === 'version') return 'sim'; // a constant, importable from anywhere
  if (!(LAYERS as readonly string[]).includes(top)) throw new Error(`src/${path} is in no layer; add it to LAYERS`);
  return top as Layer;
}

const all = edges();

describe('the import graph of src/', () => {
  it('reads a few hundred imports (the test sees the code)', () => {
    expect(all.length).toBeGreaterThan(100);
  });

  it('points down the layers only: sim, models, scenario, lint, experiment, report, cli, index', () => {
    const up = all.filter((e) => LAYERS.indexOf(layerOf(e.to)) > LAYERS.indexOf(layerOf(e.from)));
    expect(up.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('report needs nothing from experiment but its result types (the experiment computes, the report formats)', () => {
    const values = all.filter((e) => layerOf(e.from) === 'report' && layerOf(e.to) === 'experiment' && !e.typeOnly);
    expect(values.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('keeps sim free of everything else, and nothing but bin/ imports cli', () => {
    expect(all.filter((e) => layerOf(e.from) === 'sim' && layerOf(e.to) !== 'sim').map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
    expect(all.filter((e) => e.to === 'cli.ts').map((e) => e.from)).toEqual([]);
  });

  it('keeps OneFlow apart from Flower: models/oneflow imports no models/flower file', () => {
    expect(all.filter((e) => e.from.startsWith('models/oneflow/') && e.to.startsWith('models/flower/')).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('has no cycle', () => {
    const next = new Map<string, string[]>();
    for (const e of all) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...stack.slice(stack.indexOf(f)), f].join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const t of next.get(f) ?? []) visit(t, [...stack, f]);
      state.set(f, 'done');
    };
    for (const f of next.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('names in docs/fidelity.md only source files that exist (the table says where each rule is modelled)', () => {
    const doc = readFileSync(join(import.meta.dirname, '../docs/fidelity.md'), 'utf8');
    const cited = [...doc.matchAll(/`((?:sim|models|scenario|lint|experiment|report)\/[\w/-]+\.ts)`/g)].map((m) => m[1]!);
    expect(cited.length).toBeGreaterThan(20);
    const known = new Set(files(src).map((f) => relative(src, f)));
    expect(cited.filter((f) => !known.has(f))).toEqual([]);
  });
});
