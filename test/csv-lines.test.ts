import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoundRow, ScalingRow, TimelineRow } from '../src/experiment/replication.js';
import { csvLines, ROUND_COLUMNS, roundsCsvRows, SCALING_COLUMNS, scalingCsvRows, TIMELINE_FIXED, timelineCsvRows } from '../src/report/csv.js';
import { fixed } from '../src/report/format.js';

// Characters csv-stringify quotes for, or escapes, beside plain ones.
const text = fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', ' ', 'a', 'Z', '0', '7', '.', '-', '+', ';', '#', "'", 'é', '\t', '='), maxLength: 6 });
const cellValue = fc.oneof(text, fc.integer(), fc.double(), fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, ''));

describe('csvLines(records)', () => {
  it("writes csv-stringify's stringify(records), byte for byte", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cellValue, { maxLength: 8 }), { maxLength: 12 }), (records) => csvLines(records) === stringify(records)),
      { seed: 20261202, numRuns: 3000 },
    );
  });

  it('writes numbers as text as csv-stringify does', () => {
    const records = [['-1.500', '12.000', '+3', '', '-', '.', '1e5', '0.1,2', '-"1"']];
    expect(csvLines(records)).toBe(stringify(records));
  });

  it('writes the same once its store of encoded cells has been emptied', () => {
    const records = Array.from({ length: 5000 }, (_, i) => [`name ${i}`, `"q${i % 7}"`, i, `a,${i % 3}`]);
    expect(csvLines(records)).toBe(stringify(records));
    expect(csvLines(records.slice(0, 50))).toBe(stringify(records.slice(0, 50)));
  });
});

/** A row file's cell as the files write it: nothing for null, an integer as it is, another number with 3 decimals. */
const fileCell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? (Number.isInteger(v) ? v : fixed(v, 3)) : v);
const name = fc.oneof(text, fc.constantFrom('spec-recommended', 'fl-aware', 'RUNNING', 'scale_up'));
const count = fc.integer({ min: 0, max: 100_000 });
const seconds = fc.oneof(count, fc.double({ min: 0, max: 1e7, noNaN: true }));
const orNull = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

describe("the row files' lines (roundsCsvRows, scalingCsvRows, timelineCsvRows)", () => {
  it("are csv-stringify's lines of the rows' cells in their columns' order", () => {
    const round = fc.record(
      Object.fromEntries(
        ROUND_COLUMNS.map((c) => [
          c,
          c === 'end' || c === 'cause' || c === 'eval_cause'
            ? orNull(name)
            : c.endsWith('wait') || c === 'start'
              ? seconds
              : c === 'policy_set' || c.endsWith('outcome')
                ? name
                : count,
        ]),
      ),
    );
    const scaling = fc.record(
      Object.fromEntries(
        SCALING_COLUMNS.map((c) => [
          c,
          ['policy', 'reject_reason'].includes(c)
            ? orNull(name)
            : c === 'cooldown'
              ? orNull(seconds)
              : ['policy_set', 'service_state', 'outcome', 'expression_evaluated', 'true_evals'].includes(c)
                ? name
                : c === 'time'
                  ? seconds
                  : count,
        ]),
      ),
    );
    const timeline = fc.record({
      ...Object.fromEntries(TIMELINE_FIXED.map((c) => [c, c === 'policy_set' || c === 'service_state' ? name : c === 'time' ? seconds : count])),
      attributes: fc.record({ CPU: orNull(seconds), FL_CLIENT_STATUS: orNull(seconds) }, { requiredKeys: [] }),
    });
    const names = ['CPU', 'FL_CLIENT_STATUS'];
    fc.assert(
      fc.property(
        fc.array(round, { maxLength: 6 }),
        fc.array(scaling, { maxLength: 6 }),
        fc.array(timeline, { maxLength: 6 }),
        (rounds, scalings, timelines) => {
          const rows = (rs: Array<Record<string, unknown>>, columns: readonly string[]) =>
            rs.map((r) => columns.map((c) => fileCell(r[c] as string | number | null)));
          expect(roundsCsvRows(rounds as unknown as RoundRow[], false)).toBe(stringify(rows(rounds, ROUND_COLUMNS)));
          expect(scalingCsvRows(scalings as unknown as ScalingRow[], false)).toBe(stringify(rows(scalings, SCALING_COLUMNS)));
          const withAttributes = timelines.map((t) => ({
            ...t,
            ...Object.fromEntries(names.map((n) => [n, (t.attributes as Record<string, number | null>)[n] ?? null])),
          }));
          expect(timelineCsvRows(timelines as unknown as TimelineRow[], names)).toBe(stringify(rows(withAttributes, [...TIMELINE_FIXED, ...names])));
        },
      ),
      { seed: 20261204, numRuns: 300 },
    );
  });
});
