/**
 * The replications runner: runs one model function for replications 0..n-1
 * and collects what each returns. Replication r of every policy set gets the
 * same seed, so policy sets are compared on common random numbers.
 */
export interface ReplicationContext {
  seed: number;
  replication: number;
}

export function runReplications<T>(
  seed: number,
  replications: number,
  run: (ctx: ReplicationContext) => T,
  onDone?: (replication: number) => void,
): T[] {
  const out: T[] = [];
  for (let r = 0; r < replications; r++) {
    out.push(run({ seed, replication: r }));
    onDone?.(r);
  }
  return out;
}
