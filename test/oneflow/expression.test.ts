import { describe, expect, it } from 'vitest';
import { ExpressionError, evaluateExpression, parseExpression } from '../../src/models/oneflow/expression.js';
import { rubyCompare, rubyFloatToS, rubyMeanRound, rubyToF } from '../../src/models/oneflow/ruby.js';

const ev = (e: string, ...vms: Array<Record<string, number | string>>) => evaluateExpression(e, vms);

describe('evaluateExpression(expression, vms): grammar.rb semantics', () => {
  it('renders expression_evaluated as OneFlow does', () => {
    expect(ev('CPU > 80', { CPU: 63.2 })).toEqual({ value: false, rendered: 'CPU[63.2] > 80' });
    expect(ev('ATT > 5', { ATT: 65 }).rendered).toBe('ATT[65.0] > 5');
    expect(ev('A > 1', { A: 5e16 }).rendered).toBe('A[5.0e+16] > 1');
    expect(ev('X > 1', { A: 1 }).rendered).toBe('X[--] > 1');
    expect(ev('A>=80.5&&B<>-5', { A: 1, B: 2 }).rendered).toBe('A[1.0] >= 80.5 && B[2.0] <> -5');
    expect(ev('!  ( A = 1 )', { A: 1 }).rendered).toBe('!(A[1.0] = 1)');
  });

  it('has no operator precedence: A && B || C means A && (B || C)', () => {
    // With precedence this would be (false) || true = true.
    expect(ev('A > 5 && B > 5 || C > 5', { A: 1, B: 1, C: 9 }).value).toBe(false);
    expect(ev('C > 5 || A > 5 && B > 5', { A: 1, B: 1, C: 9 }).value).toBe(true);
    expect(ev('A > 5 || B > 5 && C > 5', { A: 9, B: 1, C: 1 }).value).toBe(true);
  });

  it('! negates the whole rest: !(A > 5) || A > 1 means !((A > 5) || A > 1)', () => {
    expect(ev('!(A > 5) || A > 1', { A: 3 }).value).toBe(false);
    expect(ev('(!(A > 5)) || A > 1', { A: 3 }).value).toBe(true);
  });

  it('a missing value makes its comparison false, whichever operator', () => {
    for (const op of ['==', '=', '!=', '<>', '>', '>=', '<', '<=']) expect(ev(`X ${op} 1`, { A: 1 }).value).toBe(false);
    expect(ev('!X > 1', { A: 1 }).value).toBe(true);
  });

  it('takes the mean over the VMs that have the name, as ((total / n) * 100).round / 100.0', () => {
    expect(ev('M == 1.00', { M: 1.005 })).toEqual({ value: true, rendered: 'M[1.0] == 1.0' });
    expect(ev('A > 1', { A: 146.73 }, { A: 2 }).rendered).toBe('A[74.36] > 1');
    expect(ev('A > 1', { A: -0.004 }).rendered).toBe('A[0.0] > 1');
    expect(ev('A > 1', { A: 1 }, { A: 2 }, { A: 2 }, { B: 100 }).rendered).toBe('A[1.67] > 1');
    expect(ev('A == 1.67', { A: 1 }, { A: 2 }, { A: 2 }).value).toBe(true);
    expect(ev('A == 2.68', { A: 2.675 }).value).toBe(true);
    expect(ev('A == -2.68', { A: -2.675 }).value).toBe(true);
  });

  it("reads strings as Ruby's to_f does", () => {
    expect(ev('A == 12', { A: '12abc' }).value).toBe(true);
    expect(ev('A == 0', { A: '' }).value).toBe(true);
    expect(ev('A == 1000', { A: '1_000' }).value).toBe(true);
    expect(ev('A == 0', { A: 'YES' }).value).toBe(true);
  });

  it('upper-cases names; a quoted name keeps its quotes and is never found (no string comparison)', () => {
    expect(ev('cpu > 1', { CPU: 5 }).value).toBe(true);
    expect(ev('"cpu" > 1', { CPU: 5 })).toEqual({ value: false, rendered: '"CPU"[--] > 1' });
    expect(ev("FL_CLIENT_STATUS == 'TRAINING'", { FL_CLIENT_STATUS: 'TRAINING' }).value).toBe(false);
  });

  it('reads integer literals as Ruby Integers: exact at any size, printed digit for digit', () => {
    expect(ev('9007199254740993 > 9007199254740992').value).toBe(true);
    expect(ev('X < 9007199254740993', { X: 9007199254740992 }).value).toBe(true);
    expect(ev('X > 99999999999999999999', { X: 1 }).rendered).toBe('X[1.0] > 99999999999999999999');
    // to_i then to_s: 007 -> 7, -0 -> 0; a decimal literal is a Float: 80.50 -> 80.5, -0.0 -> -0.0.
    expect(ev('X > 007 && X > -0 && X > 80.50 && X > -0.0', { X: 100 }).rendered).toBe('X[100.0] > 7 && X[100.0] > 0 && X[100.0] > 80.5 && X[100.0] > -0.0');
  });

  it('accepts every comparison and boolean spelling', () => {
    const vm = { A: 5 };
    expect(['A == 5', 'A = 5', 'A != 4', 'A <> 4', 'A >= 5', 'A > 4', 'A <= 5', 'A < 6'].map((e) => ev(e, vm).value)).toEqual(Array(8).fill(true));
    expect(['A > 4 && A < 6', 'A > 4 & A < 6', 'A > 9 || A < 6', 'A > 9 | A < 6'].map((e) => ev(e, vm).value)).toEqual(Array(4).fill(true));
    expect(ev('4 < A', vm).value).toBe(true);
  });
});

describe('parseExpression(expression): what the grammar refuses', () => {
  const refuse = (e: string) => expect(() => parseExpression(e), e).toThrow(ExpressionError);
  it('refuses tabs, true/false, and/or, +5, 1e3, 5., .5, a bare name', () => {
    for (const e of ['CPU >\t80', 'true', 'CPU > 80 and A < 2', 'CPU > 80 or A < 2', 'CPU > +5', 'CPU > 1e3', 'CPU > 5.', 'CPU > .5', 'CPU']) refuse(e);
  });
  it('says where (1-based column) and why', () => {
    try {
      parseExpression('CPU > 80 and MEM < 2');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionError);
      expect((e as ExpressionError).column).toBe(10);
      expect((e as ExpressionError).message).toMatch(/column 10: expected .*"&&".*found "and MEM/);
    }
  });
  it('parses 199 levels of parentheses to the comparison inside, and refuses 200 with ExpressionError (MAX_EXPRESSION_DEPTH)', () => {
    let e = parseExpression(`${'('.repeat(199)}A > 1${')'.repeat(199)}`);
    for (let depth = 0; depth < 199; depth++) {
      if (e.kind !== 'paren') throw new Error(`expected a parenthesis at depth ${depth}, got ${e.kind}`);
      e = e.expr;
    }
    expect(e).toEqual(parseExpression('A > 1'));
    expect(() => parseExpression(`${'('.repeat(200)}A > 1${')'.repeat(200)}`)).toThrow(/nested deeper than 200 levels/);
  });

  it('refuses 5,000 "!" or "(" and 5,300 chained comparisons with ExpressionError, never a stack overflow', () => {
    for (const text of [`${'!'.repeat(5000)}A > 1`, '('.repeat(5000), Array.from({ length: 5300 }, () => 'A > 1').join(' && ')]) {
      expect(() => parseExpression(text)).toThrow(ExpressionError);
    }
    expect(() => parseExpression('A'.repeat(10_001))).toThrow(/longer than 10000 characters/);
  });
});

describe('Ruby number helpers', () => {
  it('rubyToF reads the longest leading number', () => {
    expect(['12abc', '', '1_000', ' 5', '-3.5x', '1e3', '.5', 'abc', '1__0'].map(rubyToF)).toEqual([12, 0, 1000, 5, -3.5, 1000, 0.5, 0, 1]);
  });
  // ((x*100).round)/100.0: Float#round with no digits on the binary value, to an Integer (numeric.c flo_round).
  it('rubyMeanRound(x) is ((x * 100).round) / 100.0: 1.005 -> 1.0, 0.285 -> 0.28, 5.015 -> 5.01, 74.365 -> 74.36, -0.004 -> 0.0', () => {
    expect([1.005, 0.285, 5.015, (146.73 + 2) / 2, 2.675, -2.675, 0.125, 1.666].map(rubyMeanRound)).toEqual([1.0, 0.28, 5.01, 74.36, 2.68, -2.68, 0.13, 1.67]);
    expect(Object.is(rubyMeanRound(-0.004), 0)).toBe(true);
    expect(rubyMeanRound(-0.005)).toBe(-0.01);
  });
  // numeric.c flo_to_s: fixed when 0 < decpt and (decpt < digits or decpt <= DBL_DIG = 15), or -4 < decpt <= 0.
  it('rubyFloatToS(x) prints as Float#to_s: 1e15 -> 1.0e+15, 1e14 -> 100000000000000.0, 1234567890123456.8 fixed', () => {
    expect([1e15, 9.999999999999998e15, 4.503599627370496e15, -1e-5, 5e16].map(rubyFloatToS)).toEqual([
      '1.0e+15',
      '9.999999999999998e+15',
      '4.503599627370496e+15',
      '-1.0e-05',
      '5.0e+16',
    ]);
    expect([1234567890123456.8, 1e14, 999999999999999.9, 65, 63.2, 0.0001, -5, 0, -0].map(rubyFloatToS)).toEqual([
      '1234567890123456.8',
      '100000000000000.0',
      '999999999999999.9',
      '65.0',
      '63.2',
      '0.0001',
      '-5.0',
      '0.0',
      '-0.0',
    ]);
  });
  // numeric.c rb_integer_float_cmp: an Integer is compared with a Float exactly.
  it('rubyCompare(a, b) compares Integers (bigint) and Floats exactly', () => {
    expect(rubyCompare(9007199254740993n, 9007199254740992n)).toBe(1);
    expect(rubyCompare(9007199254740992, 9007199254740993n)).toBe(-1);
    expect(rubyCompare(9007199254740993n, 9007199254740992)).toBe(1);
    expect(rubyCompare(2.5, 2n)).toBe(1);
    expect(rubyCompare(-2.5, -2n)).toBe(-1);
    expect(rubyCompare(3, 3n)).toBe(0);
    expect(rubyCompare(Infinity, 10n ** 400n)).toBe(1);
    expect(rubyCompare(NaN, 1n)).toBeNull();
  });
});
