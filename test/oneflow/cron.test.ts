import { CronExpressionParser } from 'cron-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronProblem, nextOccurrence, utcOffsetMs } from '../../src/models/oneflow/cron.js';

const next = (expr: string, after: string, offset = 0) => new Date(nextOccurrence(expr, Date.parse(after), offset)).toISOString();

describe('nextOccurrence(expr, after, offset): parse-cron semantics', () => {
  it('is strictly after, at minute resolution', () => {
    expect(next('30 8 * * *', '2026-03-02T08:30:00Z')).toBe('2026-03-03T08:30:00.000Z');
    expect(next('30 8 * * *', '2026-03-02T08:29:59Z')).toBe('2026-03-02T08:30:00.000Z');
  });
  it('ORs day-of-month and day-of-week when both are restricted', () => {
    // The 13th or a Friday: Friday 6 March comes first.
    expect(next('0 0 13 * 5', '2026-03-01T00:00:00Z')).toBe('2026-03-06T00:00:00.000Z');
  });
  it('reads 7 as Sunday, and month and day names', () => {
    expect(next('0 0 * * 7', '2026-03-02T00:00:00Z')).toBe('2026-03-08T00:00:00.000Z');
    expect(next('0 9 * jun mon', '2026-03-02T00:00:00Z')).toBe('2026-06-01T09:00:00.000Z');
  });
  it('ranges with steps and lists', () => {
    expect(next('*/20 9-17/4 * * 1,3', '2026-03-02T09:41:00Z')).toBe('2026-03-02T13:00:00.000Z');
  });
  it('@hourly ... @yearly', () => {
    expect(next('@hourly', '2026-03-02T00:30:00Z')).toBe('2026-03-02T01:00:00.000Z');
    expect(next('@daily', '2026-03-02T00:30:00Z')).toBe('2026-03-03T00:00:00.000Z');
    expect(next('@weekly', '2026-03-02T00:30:00Z')).toBe('2026-03-08T00:00:00.000Z');
    expect(next('@monthly', '2026-03-02T00:30:00Z')).toBe('2026-04-01T00:00:00.000Z');
    expect(next('@yearly', '2026-03-02T00:30:00Z')).toBe('2027-01-01T00:00:00.000Z');
  });
  it("uses the server's local time: 08:00 at +01:00 is 07:00 UTC", () => {
    expect(next('0 8 * * *', '2026-03-02T00:00:00Z', utcOffsetMs('2026-03-02T06:00:00+01:00'))).toBe('2026-03-02T07:00:00.000Z');
    expect(utcOffsetMs('2026-03-02T06:00:00Z')).toBe(0);
    expect(utcOffsetMs('2026-03-02T06:00:00-05:30')).toBe(-19_800_000);
  });
});

describe('nextOccurrence: answers kept between calls', () => {
  it('give what cron-parser gives, whatever the order of the questions', () => {
    const start = Date.parse('2026-03-02T06:00:00Z');
    const exprs = ['0 8 * * mon-fri', '0 19 * * mon-fri', '*/20 9-17/4 * * 1,3', '@hourly'];
    const offsets = [0, 3_600_000, -19_800_000];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...exprs), fc.integer({ min: 0, max: 14 * 86_400 }), fc.constantFrom(...offsets)), { minLength: 1, maxLength: 60 }),
        (questions) => {
          for (const [expr, s, offset] of questions) {
            const after = start + s * 1000;
            const fresh =
              CronExpressionParser.parse(expr, { currentDate: new Date(after + offset), tz: 'UTC' })
                .next()
                .getTime() - offset;
            expect(nextOccurrence(expr, after, offset)).toBe(fresh);
          }
        },
      ),
      { seed: 20261204, numRuns: 200 },
    );
  });
});

describe('cronProblem(expr): what OneFlow refuses', () => {
  it('accepts 5 fields and the aliases', () => {
    for (const e of ['0 8 * * mon-fri', '*/15 9-17 * jan-dec 1-5', '@hourly', '@daily']) expect(cronProblem(e), e).toBeNull();
  });
  it('refuses 6 fields, out-of-range values and non-cron syntax', () => {
    expect(cronProblem('0 0 8 * * *')).toMatch(/5 fields/);
    expect(cronProblem('61 * * * *')).toMatch(/61/);
    expect(cronProblem('0 8 L * *')).toMatch(/day of month/);
    expect(cronProblem('0 8 * * MON#2')).toMatch(/day of week/);
  });
});
