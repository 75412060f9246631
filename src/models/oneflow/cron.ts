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

/** An answer of nextOccurrence: the first occurrence after every t in [after, due) is due. */
interface Known {
  after: number;
  due: number;
}

/**
 * The answers so far, by UTC offset and expression (the string a policy holds, whose hash V8 keeps: a key made for
 * each call cost more than the answer), in the order of `after`: ticks ask again and again within one
 * [after, due), and each replication starts over at the scenario's start, so the answers of the first serve the
 * others. Of the answers with after <= t, the last is the only one that can hold t: one before it that held t
 * would hold its `after` too, and so give it the same due.
 */
const answers = new Map<number, Map<string, Known[]>>();
let answerCount = 0;

/** The first occurrence strictly after `afterEpochMs` (whole minutes), as epoch ms. */
export function nextOccurrence(expr: string, afterEpochMs: number, offsetMs: number): number {
  let byExpr = answers.get(offsetMs);
  let known = byExpr?.get(expr);
  // The first answer with after > t.
  let lo = 0;
  if (known !== undefined) {
    let hi = known.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (known[mid]!.after <= afterEpochMs) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && afterEpochMs < known[lo - 1]!.due) return known[lo - 1]!.due;
  }
  const it = CronExpressionParser.parse(expr.trim(), { currentDate: new Date(afterEpochMs + offsetMs), tz: 'UTC' });
  const due = it.next().getTime() - offsetMs;
  if (answerCount >= 100_000) {
    answers.clear();
    answerCount = 0;
    byExpr = undefined;
    known = undefined;
    lo = 0;
  }
  if (byExpr === undefined) {
    byExpr = new Map();
    answers.set(offsetMs, byExpr);
  }
  if (known === undefined) {
    known = [];
    byExpr.set(expr, known);
  }
  known.splice(lo, 0, { after: afterEpochMs, due });
  answerCount++;
  return due;
}
