import { execSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runnable, sim } from './sim.js';
import { tempDir } from './temp.js';

const root = join(import.meta.dirname, '..');
const doc = readFileSync(join(root, 'docs/scaling-out.md'), 'utf8');
const block = (marker: string) => {
  const m = new RegExp(`<!-- ${marker} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!m) throw new Error(`no block marked ${marker} in docs/scaling-out.md`);
  return m[1]!;
};

describe('docs/scaling-out.md', () => {
  it('its local commands run three shards and merge them into the sweep.csv of the unsharded run', async () => {
    rmSync(join(root, 'reports/cpu-sweep'), { recursive: true, force: true });
    execSync(runnable(block('commands: local')), { cwd: root, shell: '/bin/bash', stdio: 'pipe' });
    const whole = tempDir('flsim-sweep-');
    const r = await sim(
      'sweep',
      'scenarios/edge-churn.yaml',
      '--policy-set',
      'cpu-policies',
      '--set',
      'oneflow.role.elasticity_policies.1.cooldown=300,900,1800',
      '--set',
      'superlink.strategy.min_completion_rate_fit=0.3,0.5',
      '--replications',
      '4',
      '--out',
      whole,
      '--quiet',
    );
    expect(r.status).toBe(0);
    const merged = readFileSync(join(root, 'reports/cpu-sweep/merged/sweep.csv'));
    expect(merged).toEqual(readFileSync(join(whole, 'sweep.csv')));
    const lines = merged.toString().trim().split('\n');
    expect(lines[0]).toMatch(/^point,oneflow\.role\.elasticity_policies\.1\.cooldown,superlink\.strategy\.min_completion_rate_fit,policy_set,/);
    expect(lines).toHaveLength(1 + 6);
  });

  it('the Kubernetes manifest is an Indexed Job whose pods run the same sweep, one shard each', () => {
    const job = parse(block('manifest: kubernetes'));
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed', completions: 3 } });
    const args: string = job.spec.template.spec.containers[0].args[0];
    expect(args).toContain('--shard $((JOB_COMPLETION_INDEX + 1))/3');
    // The same sweep as the local commands, shard and output folder aside.
    const local = block('commands: local')
      .replace(/\\\n\s*/g, '')
      .match(/npx sim sweep .*?--replications \d+/)![0];
    expect(args.replace(/\s+/g, ' ')).toContain(local.replace(/\s+/g, ' '));
  });

  it('the Slurm script is a 1-3 array whose task id is the shard', () => {
    const script = block('script: slurm');
    expect(script).toMatch(/#SBATCH --array=1-3/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell variable, as the script writes it.
    expect(script).toContain('--shard ${SLURM_ARRAY_TASK_ID}/3');
  });

  it('the Slurm commands wait for the array and merge its three shards (CI runs them on a real Slurm: .ci/batch-docs)', () => {
    const commands = block('commands: slurm');
    expect(commands).toContain('sbatch --wait cpu-sweep.sh');
    expect(commands).toContain('npx sim merge reports/cpu-sweep/shard-1 reports/cpu-sweep/shard-2 reports/cpu-sweep/shard-3');
  });

  it('the tune runs locally and as a Slurm driver loop with the same arguments, one array per stage', () => {
    const local = block('script: tune-local').replace(/\\\n\s*/g, ' ');
    const slurm = block('script: slurm-tune');
    const tuneArgs = /tune="([^"]+)"/.exec(slurm)![1]!.replace(/\s+/g, ' ');
    expect(local.replace(/\s+/g, ' ')).toContain(`npx sim tune ${tuneArgs} --out reports/tune-local`);
    expect(slurm).toMatch(/sbatch --wait --array=\$\(cat \$state\/pending\)/);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's variable, as the docs write it
    expect(slurm).toContain('npx sim tune-shard --state $state --shard \\${SLURM_ARRAY_TASK_ID}/3');
    expect(slurm).toContain('--out reports/tune-slurm');
  });

  it("the Kubernetes tune is one Indexed Job per stage whose pods run the stage's shards", () => {
    const job = parse(block('manifest: kubernetes-tune'));
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed', completions: 3 } });
    const args: string = job.spec.template.spec.containers[0].args[0];
    expect(args.replace(/\s+/g, ' ')).toContain('npx sim tune-shard --state /results/tune-state --shard $((JOB_COMPLETION_INDEX + 1))/3 --if-missing');
    const loop = block('commands: kubernetes-tune');
    expect(loop).toContain('npx sim tune-step $tune --state /results/tune-state --shards 3');
    expect(loop).toContain('kubectl apply -f tune-stage.yaml');
  });

  it('sim merge refuses a missing shard, naming it', async () => {
    const r = await sim('merge', 'reports/cpu-sweep/shard-1', 'reports/cpu-sweep/shard-3', '--out', tempDir('flsim-m-'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/points 1, 4 are in no shard given/);
  });
});
