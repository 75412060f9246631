/**
 * Units a scenario is written in. Durations become integer milliseconds,
 * sizes bytes, rates bits per second. A plain number is seconds, bytes or
 * bits per second. Each parser returns null for text it does not accept; the
 * schema's patterns (exported here) say the same to editors.
 */

// One \s* between the number and its unit, and none around an optional part: the patterns stay linear on
// long runs of spaces (two \s* around an optional unit had made a 200 KB value take 40 s to refuse).
const DURATION = /^\s*(\d+(?:\.\d+)?)(?:\s*(ms|s|m|h|d))?\s*$/;
const SIZE = /^\s*(\d+(?:\.\d+)?)(?:\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB))?\s*$/;
const RATE = /^\s*(\d+(?:\.\d+)?)(?:\s*(bps|Kbps|Mbps|Gbps))?\s*$/;

/** A value with a unit is a short text: longer ones are refused before any pattern runs. */
export const MAX_UNIT_TEXT = 100;

export const DURATION_PATTERN = DURATION.source;
export const SIZE_PATTERN = SIZE.source;
export const RATE_PATTERN = RATE.source;

const MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const BYTES: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};
const BPS: Record<string, number> = { bps: 1, Kbps: 1e3, Mbps: 1e6, Gbps: 1e9 };

function parse(value: unknown, re: RegExp, units: Record<string, number>, plain: number): number | null {
  let n: number;
  if (typeof value === 'number') n = value * plain;
  else {
    if (typeof value !== 'string' || value.length > MAX_UNIT_TEXT) return null;
    const m = re.exec(value);
    if (!m) return null;
    n = Number(m[1]) * (m[2] ? units[m[2]]! : plain);
  }
  // 400 nines is a number, but not a finite one.
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** `90s`, `5m`, `2h`, `1d`, `250ms` or plain seconds -> integer milliseconds. */
export function parseDuration(value: unknown): number | null {
  const ms = parse(value, DURATION, MS, 1000);
  return ms === null ? null : Math.round(ms);
}

/** `25MB`, `1.2GB`, `512MiB` or plain bytes -> bytes. */
export function parseSize(value: unknown): number | null {
  return parse(value, SIZE, BYTES, 1);
}

/** `10Mbps`, `1Gbps` or plain bits per second -> bits per second. */
export function parseRate(value: unknown): number | null {
  return parse(value, RATE, BPS, 1);
}
