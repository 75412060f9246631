import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError, StagedOutput, writeOutputs } from '../src/report/write.js';
import { sim } from './sim.js';
import { tempDir } from './temp.js';

describe('StagedOutput', () => {
  it('turns a write that fails midway into one OutputError, leaves the earlier output as it was and no temporary folder', () => {
    const parent = tempDir('flsim-write-');
    const dir = join(parent, 'out');
    writeOutputs(dir, { 'run.json': 'old\n', 'summary.csv': 'old\n' });
    const out = new StagedOutput(dir);
    out.write('run.json', 'new\n');
    // The temporary folder vanishing (a disk pulled, another process) makes the next write fail.
    rmSync(dirname(out.path('run.json')), { recursive: true, force: true });
    expect(() => out.append('rounds.csv', 'x\n')).toThrow(OutputError);
    expect(() => out.append('rounds.csv', 'x\n')).toThrow(/^cannot write .*out: .*; nothing of this run was written$/);
    expect(readFileSync(join(dir, 'run.json'), 'utf8')).toBe('old\n');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('replaces an earlier output whole on commit, leaving nothing beside it', () => {
    const parent = tempDir('flsim-write-');
    const dir = join(parent, 'out');
    writeOutputs(dir, { 'run.json': 'old\n', 'timeline.csv': 'old\n' });
    writeOutputs(dir, { 'run.json': 'new\n' });
    expect(readdirSync(dir)).toEqual(['run.json']);
    expect(readFileSync(join(dir, 'run.json'), 'utf8')).toBe('new\n');
    expect(readdirSync(parent)).toEqual(['out']);
    expect(existsSync(join(dir, 'timeline.csv'))).toBe(false);
  });
});

// A real full disk and a real read-only folder: small tmpfs mounts, where this process may mount them (root).
const mounts: string[] = [];
const mounted = (options: string): string | null => {
  const at = tempDir('flsim-mount-');
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at]).status !== 0) return null;
  mounts.push(at);
  return at;
};
const full = mounted('size=64k');
const readOnly = mounted('ro,size=64k');
afterAll(() => {
  for (const at of mounts) spawnSync('umount', [at]);
});
const scenario = 'scenarios/anti-patterns/AP-02-short-scale-down-cooldown.yaml';

describe('sim run on a real device', () => {
  it.skipIf(full === null)('on a full disk: exit 1, one message naming it, nothing left on the device', async () => {
    const r = await sim('run', scenario, '--replications', '2', '--out', join(full!, 'out'), '--quiet');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no space left on the device; nothing of this run was written \(free some space, or choose another --out\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(full!)).toEqual([]);
  });

  it.skipIf(readOnly === null)('into a read-only folder: exit 2 before anything runs, naming the folder', async () => {
    const r = await sim('run', scenario, '--replications', '2', '--out', join(readOnly!, 'out'), '--quiet');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--out ${join(readOnly!, 'out')}: this process may not write into ${readOnly}; choose another folder`);
    expect(r.stderr).toContain('nothing was run or written');
  });
});
