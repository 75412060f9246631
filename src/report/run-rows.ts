/**
 * rounds.csv, scaling.csv and timeline.csv written as a run produces its replications, so that the rows of a run
 * are never all in memory. Each replication's lines are made in the thread that ran it (rowChunks, a digest of
 * experiment/workers.ts), so that with worker threads the formatting runs in parallel too. timeline.csv's columns
 * are every attribute name its rows have, in the order they first appear: the lines are made for the names the
 * policy sets' expressions read (timelineNames), which is that order whenever every policy set with names has
 * a row; when one has none, finish() lays the file out again on the names the rows had, byte for byte as
 * timelineCsv would.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { ReplicationResult } from '../experiment/replication.js';
import type { Digest } from '../experiment/workers.js';
import { policyAttributeNames } from '../models/cluster.js';
import type { Scenario } from '../models/config.js';
import { roundsCsvRows, scalingCsvRows, TIMELINE_FIXED, timelineAttributes, timelineCsvHeader, timelineCsvRows, timelineRecordsCsv } from './csv.js';
import type { StagedOutput } from './write.js';

/** One replication's lines of the three row files (no headers), and the attribute names its timeline rows have. */
export interface RowChunks {
  rounds: string;
  scaling: string;
  timeline: string;
  names: string[];
}

/** A replication's lines, timeline.csv's laid out on `names` (a digest: it runs in the thread that ran the replication). */
export function rowChunks(r: ReplicationResult, names: readonly string[]): RowChunks {
  return {
    rounds: roundsCsvRows(r.rounds, false),
    scaling: scalingCsvRows(r.scaling, false),
    timeline: timelineCsvRows(r.timeline, names),
    names: timelineAttributes(r.timeline),
  };
}

/** The attribute names the policy sets' expressions read, in order: timeline.csv's columns when every set has rows. */
export function timelineNames(policySets: readonly Scenario[]): string[] {
  const names: string[] = [];
  for (const s of policySets) for (const n of policyAttributeNames(s)) if (!names.includes(n)) names.push(n);
  return names;
}

export class RowFiles {
  private started = false;
  /** The attribute names of the rows so far, in the order they first appeared. */
  private readonly names: string[] = [];
  private readonly planned: string[];

  constructor(
    private readonly out: StagedOutput,
    policySets: readonly Scenario[],
  ) {
    this.planned = timelineNames(policySets);
  }

  /** Make each replication's lines where it ran (ReplicateOptions.digest). */
  get digest(): Digest {
    return { module: import.meta.url, name: 'rowChunks', context: this.planned, fn: (r, names) => rowChunks(r, names as readonly string[]) };
  }

  add(r: ReplicationResult): void {
    const chunks = (r.digest as RowChunks | undefined) ?? rowChunks(r, this.planned);
    if (!this.started) {
      this.headers(this.planned);
      this.started = true;
    }
    this.out.append('rounds.csv', chunks.rounds);
    this.out.append('scaling.csv', chunks.scaling);
    this.out.append('timeline.csv', chunks.timeline);
    for (const n of chunks.names) if (!this.names.includes(n)) this.names.push(n);
  }

  /** Start the three files: their headers, timeline.csv's with attribute columns `names`. */
  private headers(names: readonly string[]): void {
    this.out.write('rounds.csv', roundsCsvRows([], true));
    this.out.write('scaling.csv', scalingCsvRows([], true));
    this.out.write('timeline.csv', timelineCsvHeader(names));
  }

  /** Finish the three files (headers only if no replication was added). */
  finish(): void {
    if (!this.started) {
      this.headers([]);
      return;
    }
    if (this.names.length === this.planned.length && this.names.every((n, i) => n === this.planned[i])) return;
    // A policy set with names had no timeline row: its columns go, and the others take the order of the rows.
    const fixed = TIMELINE_FIXED.length;
    const from = this.names.map((n) => fixed + this.planned.indexOf(n));
    const records = parse(readFileSync(this.out.path('timeline.csv'), 'utf8')) as string[][];
    this.out.write('timeline.csv', timelineCsvHeader(this.names));
    const lines = records.slice(1).map((rec) => [...rec.slice(0, fixed), ...from.map((i) => rec[i]!)]);
    if (lines.length > 0) this.out.append('timeline.csv', timelineRecordsCsv(lines));
  }
}
