/**
 * The few Ruby number behaviours OneFlow's expressions depend on
 * (src/oca/ruby/opennebula/flow/grammar.rb runs under Ruby): String#to_f, the mean's
 * rounding, Float#to_s, and exact Integer/Float comparison.
 */

const TO_F = /^[\t\n\v\f\r ]*([+-]?)(\d+(?:_\d+)*)?(?:\.(\d+(?:_\d+)*))?(?:[eE]([+-]?\d+(?:_\d+)*))?/;

/**
 * `fn` with its answers kept, at most CACHE_SIZE of them (emptied when full): attribute values and means repeat
 * from tick to tick, and every tick reads each VM's.
 */
function kept<K, V>(fn: (k: K) => V): (k: K) => V {
  const answers = new Map<K, V>();
  return (k) => {
    let v = answers.get(k);
    if (v === undefined) {
      v = fn(k);
      if (answers.size >= CACHE_SIZE) answers.clear();
      answers.set(k, v);
    }
    return v;
  };
}

const CACHE_SIZE = 4096;
const toF = kept(parseToF);
const toS = kept(floatToS);

/** String#to_f: the longest leading number, underscores between digits allowed; otherwise 0. */
export function rubyToF(value: string | number): number {
  return typeof value === 'number' ? value : toF(value);
}

function parseToF(value: string): number {
  const m = TO_F.exec(value);
  if (!m || (m[2] === undefined && m[3] === undefined)) return 0;
  const strip = (s: string | undefined) => (s ?? '').replace(/_/g, '');
  const text = `${m[1]}${strip(m[2]) || '0'}.${strip(m[3]) || '0'}${m[4] !== undefined ? `e${strip(m[4])}` : ''}`;
  const x = Number(text);
  return Number.isFinite(x) ? x : m[1] === '-' ? -Infinity : Infinity;
}

/**
 * grammar.rb Variable3#result: `((total / n_nodes)*100).round/100.0`. Float#round with no
 * digits is C's round() (half away from zero, exact on the binary value: 1.005 * 100 is
 * 100.49999999999999, so 1.005 gives 1.0) returned as an Integer, so a -0.4 becomes 0 and
 * the result is 0.0, never -0.0 (Ruby numeric.c flo_round, dbl2ival); then Integer / 100.0.
 */
export function rubyMeanRound(mean: number): number {
  const xs = mean * 100;
  if (!Number.isFinite(xs)) return xs;
  // JS Math.round is exact but breaks ties towards +Infinity; mirror it for negatives.
  const r = xs < 0 ? -Math.round(-xs) : Math.round(xs);
  return (r === 0 ? 0 : r) / 100;
}

/**
 * Float#to_s (Ruby numeric.c flo_to_s): the shortest digits that round-trip; with decpt the
 * decimal point's position after the first digit, fixed form when decpt > 0 and (decpt < digits
 * or decpt <= 15, DBL_DIG), or when -4 < decpt <= 0; otherwise d.ddde+XX. So 1e15 is "1.0e+15"
 * but 1234567890123456.8 stays fixed, and 1e14 is "100000000000000.0".
 */
export function rubyFloatToS(x: number): string {
  // A Map does not tell -0 from 0.
  return x === 0 ? (Object.is(x, -0) ? '-0.0' : '0.0') : toS(x);
}

function floatToS(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // Shortest round-trip digits and the decimal exponent, from JS's own shortest repr (the same digits as dtoa mode 0).
  const [mant, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const decpt = Number(expText) + 1;
  const digs = digits.length;
  if (decpt > 0) {
    if (decpt < digs) return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
    if (decpt <= 15) return `${sign}${digits.padEnd(decpt, '0')}.0`;
  } else if (decpt > -4) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  const e = decpt - 1;
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** A Ruby number as grammar.rb makes it: an Integer literal (`to_i`, exact at any size) or a Float. */
export type RubyNumber = number | bigint;

/**
 * Ruby's comparison of two numbers, exact across Integer and Float (numeric.c
 * rb_integer_float_cmp / rb_integer_float_eq): an Integer is never rounded to a Float, so
 * 9007199254740993 > 9007199254740992.0. NaN compares false (and != true).
 */
export function rubyCompare(a: RubyNumber, b: RubyNumber): -1 | 0 | 1 | null {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return null;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const flip = typeof a === 'bigint';
  const f = (flip ? b : a) as number;
  const i = (flip ? a : b) as bigint;
  let c: -1 | 0 | 1 | null;
  if (Number.isNaN(f)) c = null;
  else if (f === Infinity) c = 1;
  else if (f === -Infinity) c = -1;
  else {
    // A non-integral float lies strictly between two integers: compare its floor, and break the tie upwards.
    const fl = Math.floor(f);
    const fi = BigInt(fl);
    c = fi < i ? -1 : fi > i ? 1 : fl === f ? 0 : 1;
  }
  if (c === null || !flip) return c;
  return (-c || 0) as -1 | 0 | 1;
}
