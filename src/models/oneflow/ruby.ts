/**
 * The few Ruby number behaviours OneFlow's expressions depend on
 * (src/oca/ruby/opennebula/flow/grammar.rb runs under Ruby): String#to_f,
 * Float#round(2) and Float#to_s.
 */

const TO_F = /^[\t\n\v\f\r ]*([+-]?)(\d+(?:_\d+)*)?(?:\.(\d+(?:_\d+)*))?(?:[eE]([+-]?\d+(?:_\d+)*))?/;

/** String#to_f: the longest leading number, underscores between digits allowed; otherwise 0. */
export function rubyToF(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = TO_F.exec(value);
  if (!m || (m[2] === undefined && m[3] === undefined)) return 0;
  const strip = (s: string | undefined) => (s ?? '').replace(/_/g, '');
  const text = `${m[1]}${strip(m[2]) || '0'}.${strip(m[3]) || '0'}${m[4] !== undefined ? `e${strip(m[4])}` : ''}`;
  const x = Number(text);
  return Number.isFinite(x) ? x : m[1] === '-' ? -Infinity : Infinity;
}

/**
 * Float#round(2): Ruby's round_half_up (numeric.c) rounds x * 100 half away from
 * zero, then corrects when the decimal value is exactly half way (2.675 -> 2.68).
 */
export function rubyRound2(x: number): number {
  if (!Number.isFinite(x)) return x;
  const s = 100;
  const xs = x * s;
  let f = Math.sign(xs) * Math.floor(Math.abs(xs) + 0.5);
  if (x > 0 && (f + 0.5) / s <= x) f += 1;
  else if (x < 0 && (f - 0.5) / s >= x) f -= 1;
  return f / s;
}

/** Float#to_s: shortest digits, "65.0" style, exponent form ("5.0e+16") outside 1e-4 <= |x| < 1e16. */
export function rubyFloatToS(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // Shortest round-trip digits and the decimal exponent, from JS's own shortest repr.
  const [mant, expText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const decpt = Number(expText) + 1; // position of the decimal point after the first digit
  if (decpt > 0 && decpt <= 16) {
    const int = digits.slice(0, decpt).padEnd(decpt, '0');
    const frac = digits.slice(decpt) || '0';
    return `${sign}${int}.${frac}`;
  }
  if (decpt <= 0 && decpt > -4) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  const e = decpt - 1;
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}
