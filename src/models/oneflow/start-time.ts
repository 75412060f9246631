/**
 * A scheduled policy's `start_time` as flow/models/vmrole.rb `scale_time?` reads it:
 *   if start_time.match(/^\d+$/) -> start_time.to_i (epoch seconds: what Sunstone writes)
 *   else Time.parse(start_time).to_i, and an ArgumentError makes the policy return 0
 * Ruby's Time.parse (lib/time.rb over Date._parse) reads far more than this module does; this
 * module reads the forms people write in templates, exactly as Time.parse reads them:
 *   YYYY-MM-DD[(T| )hh:mm[:ss[.fff]]][ ][zone]   and   hh:mm[:ss[.fff]][ ][zone]
 * with zone Z, UTC, GMT, +hh:mm, +hhmm or +hh. Fields Time.parse does not find are taken from
 * the current local time, leading ones only (a time of day is that time today: a daily
 * recurrence, in effect). Then Time.local / Time.utc check the ranges (Ruby time.c time_arg:
 * month 1-12, day 1-31, hour 0-24 with 24 only at 24:00:00, minute 0-59, second 0-60) and
 * raise ArgumentError outside them; a day past the month's end rolls over (02-30 is 03-02).
 */

/** What a start_time text is, before any clock is read. */
export type StartTime =
  | { kind: 'epoch'; seconds: number }
  | { kind: 'time'; date: { year: number; month: number; day: number } | null; hour: number; minute: number; second: number; offsetMs: number | null }
  /** Time.parse raises ArgumentError: scale_time? returns 0, every tick. */
  | { kind: 'invalid'; reason: string }
  /** A form this module does not read (Time.parse may): refused, so no run rests on a guess. */
  | { kind: 'unsupported' };

/** Ruby's String#to_i: leading blanks, a sign, digits with single underscores between them; 0 when none. */
function rubyToI(text: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?)(\d+(?:_\d+)*)/.exec(text);
  return m ? Number(`${m[1]}${m[2]!.replace(/_/g, '')}`) : 0;
}

const ZONE = /^\s*(Z|UTC|GMT|([+-])(\d{2})(?::?(\d{2}))?)\s*$/i;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/;

export function parseStartTime(text: string): StartTime {
  // /^\d+$/ matches any line of digits alone (Ruby's ^ and $ are line anchors).
  if (text.split('\n').some((line) => /^\d+$/.test(line))) return { kind: 'epoch', seconds: rubyToI(text) };
  let rest = text.trim();
  let date: { year: number; month: number; day: number } | null = null;
  const d = /^(\d{4})-(\d{2})-(\d{2})/.exec(rest);
  if (d) {
    date = { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]) };
    rest = rest.slice(d[0].length).replace(/^(T|\s+)/, '');
  }
  let hour = 0;
  let minute = 0;
  let second = 0;
  const t = TIME.exec(rest);
  if (t) {
    [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
    rest = rest.slice(t[0].length);
  } else if (!date) return { kind: 'unsupported' };
  let offsetMs: number | null = null;
  if (rest.trim() !== '') {
    const z = ZONE.exec(rest);
    if (!z) return { kind: 'unsupported' };
    offsetMs = z[2] === undefined ? 0 : (z[2] === '-' ? -1 : 1) * (Number(z[3]) * 60 + Number(z[4] ?? 0)) * 60_000;
  }
  const bad = (what: string) => ({ kind: 'invalid' as const, reason: `${what} out of range (Ruby's Time.parse raises ArgumentError)` });
  if (date && (date.month < 1 || date.month > 12)) return bad('month');
  if (date && (date.day < 1 || date.day > 31)) return bad('day');
  if (hour > 24 || (hour === 24 && (minute > 0 || second > 0))) return bad('hour');
  if (minute > 59) return bad('minute');
  if (second > 60) return bad('second');
  return { kind: 'time', date, hour, minute, second, offsetMs };
}

/**
 * The start time in whole epoch seconds (Time#to_i), read at `nowEpochMs` on a server whose
 * local time is `localOffsetMs` ahead of UTC; null when Time.parse raises (the policy returns 0).
 */
export function startTimeEpochSeconds(s: StartTime, nowEpochMs: number, localOffsetMs: number): number | null {
  if (s.kind === 'epoch') return s.seconds;
  if (s.kind !== 'time') return null;
  const offset = s.offsetMs ?? localOffsetMs;
  // Time.parse fills the date from now, seen in the zone the text names (or local time).
  const now = new Date(nowEpochMs + offset);
  const date = s.date ?? { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
  // Date.UTC would read years below 100 as 19xx; setUTCFullYear does not. Both roll a day past the month's end over.
  const wall = new Date(0);
  wall.setUTCFullYear(date.year, date.month - 1, date.day);
  wall.setUTCHours(s.hour, s.minute, s.second, 0);
  return Math.floor((wall.getTime() - offset) / 1000);
}
