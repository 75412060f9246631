/**
 * rounds.csv, scaling.csv and timeline.csv written as a run produces its replications, so that the rows of a run
 * are never all in memory. timeline.csv's columns depend on every row, so its rows wait in a line-per-row file
 * beside it (replication by replication) and are written out at the end, byte for byte as timelineCsv would.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { ReplicationResult, TimelineRow } from '../experiment/replication.js';
import { roundsCsvRows, scalingCsvRows, timelineAttributes, timelineCsvHeader, timelineCsvRows } from './csv.js';
import type { StagedOutput } from './write.js';

const PENDING = '.timeline.ndjson';

export class RowFiles {
  private started = false;
  private readonly names: string[] = [];

  constructor(private readonly out: StagedOutput) {}

  add(r: ReplicationResult): void {
    this.out.append('rounds.csv', roundsCsvRows(r.rounds, !this.started));
    this.out.append('scaling.csv', scalingCsvRows(r.scaling, !this.started));
    this.started = true;
    if (r.timeline.length === 0) return;
    timelineAttributes(r.timeline, this.names);
    this.out.append(PENDING, `${JSON.stringify(r.timeline)}\n`);
  }

  /** Write timeline.csv (and the headers of files no replication added to). */
  finish(): void {
    if (!this.started) {
      this.out.write('rounds.csv', roundsCsvRows([], true));
      this.out.write('scaling.csv', scalingCsvRows([], true));
    }
    this.out.write('timeline.csv', timelineCsvHeader(this.names));
    if (!this.started) return;
    for (const line of lines(this.out.path(PENDING))) this.out.append('timeline.csv', timelineCsvRows(JSON.parse(line) as TimelineRow[], this.names));
    this.out.remove(PENDING);
  }
}

/** The lines of a file, read a chunk at a time. */
function* lines(path: string): Generator<string> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    const buf = Buffer.alloc(1 << 20);
    // A character may straddle two chunks: the decoder keeps its first bytes for the next.
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const parts = (rest + decoder.write(buf.subarray(0, n))).split('\n');
      rest = parts.pop()!;
      yield* parts;
    }
    if (rest !== '') yield rest;
  } finally {
    closeSync(fd);
  }
}
