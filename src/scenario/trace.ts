/**
 * Outage traces: CSV files `node,offline_from,offline_to` (or `site,...`),
 * times as durations or seconds from t = 0. A node is the SuperNode's index
 * in creation order from 0; a site is its index in connectivity.sites or its name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Trace } from '../models/config.js';
import { LIMITS } from './limits.js';
import { parseDuration } from './units.js';

export function readTrace(
  file: string,
  kind: 'node' | 'site',
  baseDir: string,
  lineError: (line: number, message: string) => void,
  fileError: (message: string) => void,
  /** Site names, in connectivity.sites order: a site trace may name a site instead of giving its index. */
  names: readonly string[] = [],
): Trace {
  const trace: Trace = new Map();
  const full = resolve(baseDir, file);
  if (!existsSync(full)) {
    fileError(`trace file "${file}" not found (looked for ${full}); give a path relative to the scenario file`);
    return trace;
  }
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(readFileSync(full, 'utf8'), { info: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as unknown as typeof rows;
  } catch (e) {
    lineError((e as { lines?: number }).lines ?? 1, `not a CSV file: ${(e as Error).message}`);
    return trace;
  }
  const header = [kind, 'offline_from', 'offline_to'];
  if (rows.length === 0 || rows[0]!.record.join(',') !== header.join(',')) {
    lineError(1, `expected the header "${header.join(',')}"`);
    return trace;
  }
  if (rows.length - 1 > LIMITS.rows) {
    lineError(LIMITS.rows + 2, `more than ${LIMITS.rows.toLocaleString('en-US')} outages (docs/scenario.md, Limits); merge or drop some`);
    return trace;
  }
  for (const { record, info } of rows.slice(1)) {
    const line = info.lines;
    if (record.length !== 3) {
      lineError(line, `expected 3 columns (${header.join(',')}), got ${record.length}`);
      continue;
    }
    const [idxText, fromText, toText] = record as [string, string, string];
    const idx = /^\d+$/.test(idxText) ? Number(idxText) : kind === 'site' && names.includes(idxText) ? names.indexOf(idxText) : NaN;
    const asTime = (t: string) => parseDuration(/^\d+(\.\d+)?$/.test(t) ? Number(t) : t);
    const from = asTime(fromText);
    const to = asTime(toText);
    if (Number.isNaN(idx))
      lineError(
        line,
        kind === 'site'
          ? `site must be an index (0, 1, ...) or a site's name (${names.join(', ')}), got "${idxText}"`
          : `node must be an index (0, 1, ...), got "${idxText}"`,
      );
    else if (from === null) lineError(line, `offline_from must be a time (seconds or a duration like 5m), got "${fromText}"`);
    else if (to === null) lineError(line, `offline_to must be a time (seconds or a duration like 5m), got "${toText}"`);
    else if (to <= from) lineError(line, `offline_to (${toText}) must be after offline_from (${fromText})`);
    else {
      const list = trace.get(idx) ?? [];
      list.push([from, to]);
      trace.set(idx, list);
    }
  }
  for (const list of trace.values()) list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return trace;
}
