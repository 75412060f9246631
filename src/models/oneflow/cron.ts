/**
 * Cron recurrences of scheduled policies (flow/models/vmrole.rb scale_time? uses
 * the parse-cron gem): 5 fields at minute resolution in the server's local time,
 * names, ranges, steps, lists, day-of-month OR day-of-week when both are
 * restricted, 7 = Sunday, and @hourly ... @yearly. The next occurrence comes
 * from cron-parser, computed on wall-clock time at the scenario's UTC offset.
 */
import { CronExpressionParser } from 'cron-parser';

const ALIASES = new Set(['@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually']);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS = ['minute', 'hour', 'day of month', 'month', 'day of week'];

/** Why a recurrence is not one OneFlow accepts, or null when it is. */
export function cronProblem(expr: string): string | null {
  const text = expr.trim();
  if (ALIASES.has(text.toLowerCase())) return null;
  const fields = text.split(/\s+/);
  if (fields.length !== 5)
    return `a recurrence has 5 fields (minute hour day-of-month month day-of-week) or is @hourly/@daily/@weekly/@monthly/@yearly; got ${fields.length} fields`;
  for (let i = 0; i < 5; i++) {
    for (const token of fields[i]!.split(/[,/-]/)) {
      if (token === '*' || /^\d+$/.test(token)) continue;
      const names = i === 3 ? MONTHS : i === 4 ? DAYS : [];
      if (!names.includes(token.toLowerCase()))
        return `the ${FIELDS[i]} field "${fields[i]}" has "${token}", which is not a number${names.length ? ' or a name' : ''}`;
    }
  }
  try {
    CronExpressionParser.parse(text, { tz: 'UTC' });
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

/** The UTC offset (ms) of an ISO date-time: `Z` is 0, `+01:00` is 3,600,000; none is UTC. */
export function utcOffsetMs(isoDateTime: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(isoDateTime);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

// The next occurrence after t is the same for every t in [after, due): ticks ask again and again.
const lastAnswer = new Map<string, { after: number; due: number }>();

/** The first occurrence strictly after `afterEpochMs` (whole minutes), as epoch ms. */
export function nextOccurrence(expr: string, afterEpochMs: number, offsetMs: number): number {
  const key = `${offsetMs} ${expr}`;
  const known = lastAnswer.get(key);
  if (known && afterEpochMs >= known.after && afterEpochMs < known.due) return known.due;
  const it = CronExpressionParser.parse(expr.trim(), { currentDate: new Date(afterEpochMs + offsetMs), tz: 'UTC' });
  const due = it.next().getTime() - offsetMs;
  if (lastAnswer.size > 1000) lastAnswer.clear();
  lastAnswer.set(key, { after: afterEpochMs, due });
  return due;
}
