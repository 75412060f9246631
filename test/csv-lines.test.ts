import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLines } from '../src/report/csv.js';

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
