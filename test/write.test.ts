import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError, StagedOutput, writeOutputs } from '../src/report/write.js';
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
