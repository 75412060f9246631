import { describe, expect, it } from 'vitest';
import { columnWidths } from '../src/report/columns.js';

describe('columnWidths', () => {
  it('gives each column its widest cell', () => {
    expect(
      columnWidths([
        ['a', 'bbb'],
        ['cccc', 'd'],
      ]),
    ).toEqual([4, 3]);
  });

  it('takes 200,000 rows (more than a call takes arguments)', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [String(i)]);
    expect(columnWidths(rows)).toEqual([6]);
  });
});
