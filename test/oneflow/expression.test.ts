import { describe, expect, it } from 'vitest';
import { evaluateExpression, ExpressionError, parseExpression } from '../../src/models/oneflow/expression.js';
import { rubyFloatToS, rubyRound2, rubyToF } from '../../src/models/oneflow/ruby.js';

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

  it('takes the mean over the VMs that have the name, rounded to 2 decimals half away from zero', () => {
    expect(ev('A > 1', { A: 1 }, { A: 2 }, { A: 2 }, { B: 100 }).rendered).toBe('A[1.67] > 1');
    expect(ev('A == 1.67', { A: 1 }, { A: 2 }, { A: 2 }).value).toBe(true);
    expect(ev('A == 2.68', { A: 2.675 }).value).toBe(true);
    expect(ev('A == -2.68', { A: -2.675 }).value).toBe(true);
  });

  it('reads strings as Ruby\'s to_f does', () => {
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
  it('parses deep nesting in linear time (packrat)', () => {
    expect(() => parseExpression('('.repeat(200) + 'A > 1' + ')'.repeat(200))).not.toThrow();
  });
});

describe('Ruby number helpers', () => {
  it('rubyToF reads the longest leading number', () => {
    expect(['12abc', '', '1_000', ' 5', '-3.5x', '1e3', '.5', 'abc', '1__0'].map(rubyToF)).toEqual([12, 0, 1000, 5, -3.5, 1000, 0.5, 0, 1]);
  });
  it('rubyRound2 rounds half away from zero on the decimal value', () => {
    expect([2.675, 1.005, -1.005, 0.125, 1.666].map(rubyRound2)).toEqual([2.68, 1.01, -1.01, 0.13, 1.67]);
  });
  it('rubyFloatToS prints as Float#to_s', () => {
    expect([65, 63.2, 5e16, 1e16, 1234567890123456, 0.0001, 0.00001, -5, 0].map(rubyFloatToS)).toEqual([
      '65.0', '63.2', '5.0e+16', '1.0e+16', '1234567890123456.0', '0.0001', '1.0e-05', '-5.0', '0.0',
    ]);
  });
});
