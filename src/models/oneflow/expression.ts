/**
 * OneFlow's elasticity expressions, as the live grammar parses and evaluates them
 * (src/oca/ruby/opennebula/flow/grammar.rb; the .treetop files beside it are stale):
 *
 *   expression  := space (boolean_exp / logic_cond) space
 *   boolean_exp := logic_cond space ('&&' / '&') space expression
 *                / logic_cond space ('||' / '|') space expression
 *   logic_cond  := operand space comp_op space operand
 *                / '!' space expression
 *                / '(' space expression space ')'
 *   comp_op     := '==' / '=' / '!=' / '<>' / '>=' / '>' / '<=' / '<'
 *   operand     := number / variable
 *   number      := '-'? [0-9]+ '.' [0-9]+  /  '-'? [0-9]+
 *   variable    := '"' NAME '"' / "'" NAME "'" / NAME      NAME := [a-zA-Z][0-9a-zA-Z_]*
 *   space       := ' '*
 *
 * No precedence (right-associative), `!` negates the whole rest, a missing value
 * makes its comparison false. A pure parser and evaluator: no eval, no Function.
 */
import { type RubyNumber, rubyCompare, rubyFloatToS, rubyMeanRound, rubyToF } from './ruby.js';

/**
 * A literal is a Ruby Integer (`text_value.to_i`, a bigint here: exact at any size) or a
 * Float (`text_value.to_f`); grammar.rb Number1/Number3.
 */
export type Operand = { kind: 'num'; value: RubyNumber } | { kind: 'var'; name: string };

export type CompOp = '==' | '=' | '!=' | '<>' | '>=' | '>' | '<=' | '<';
export type BoolOp = '&&' | '&' | '||' | '|';

export type Expr =
  | { kind: 'cmp'; left: Operand; op: CompOp; right: Operand }
  | { kind: 'not'; expr: Expr }
  | { kind: 'paren'; expr: Expr }
  | { kind: 'bool'; left: Expr; op: BoolOp; right: Expr };

/** An expression that does not parse: `column` is 1-based. */
export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`column ${column}: ${reason}`);
    this.name = 'ExpressionError';
  }
}

/**
 * Limits on an expression, checked as it is parsed (so parsing, evaluating and linting never run out of stack):
 * its length, and how deep it nests (each parenthesis, each `!`, and each `&&`/`||` of a chain, which the grammar
 * nests to the right, is a level).
 */
export const MAX_EXPRESSION_LENGTH = 10_000;
export const MAX_EXPRESSION_DEPTH = 200;

const COMP_OPS: readonly CompOp[] = ['==', '=', '!=', '<>', '>=', '>', '<=', '<'];
const AND_OPS: readonly BoolOp[] = ['&&', '&'];
const OR_OPS: readonly BoolOp[] = ['||', '|'];

const FLOAT = /-?[0-9]+\.[0-9]+/y;
const INTEGER = /-?[0-9]+/y;
const DOUBLE_QUOTED = /"[a-zA-Z][0-9a-zA-Z_]*"/y;
const SINGLE_QUOTED = /'[a-zA-Z][0-9a-zA-Z_]*'/y;
const NAME = /[a-zA-Z][0-9a-zA-Z_]*/y;

class Parser {
  pos = 0;
  private furthest = 0;
  private expected = new Set<string>();
  private depth = 0;

  constructor(private readonly s: string) {}

  parse(): Expr {
    if (this.s.length > MAX_EXPRESSION_LENGTH)
      throw new ExpressionError(
        this.s,
        MAX_EXPRESSION_LENGTH + 1,
        `longer than ${MAX_EXPRESSION_LENGTH} characters (${this.s.length}); split it into several policies`,
      );
    const e = this.expression();
    if (e !== null && this.pos === this.s.length) return e;
    if (e !== null) this.fail(this.pos, 'the end of the expression');
    const at = this.furthest;
    const found = at >= this.s.length ? 'the end' : `"${this.s.slice(at, at + 10)}"`;
    throw new ExpressionError(this.s, at + 1, `expected ${[...this.expected].join(' or ')}, found ${found}`);
  }

  private fail(at: number, what: string): null {
    if (at > this.furthest) {
      this.furthest = at;
      this.expected = new Set();
    }
    if (at === this.furthest) this.expected.add(what);
    return null;
  }

  private space(): void {
    while (this.s[this.pos] === ' ') this.pos++;
  }

  private literal<T extends string>(options: readonly T[], what: string): T | null {
    for (const o of options)
      if (this.s.startsWith(o, this.pos)) {
        this.pos += o.length;
        return o;
      }
    return this.fail(this.pos, what);
  }

  private expression(): Expr | null {
    if (++this.depth > MAX_EXPRESSION_DEPTH)
      throw new ExpressionError(
        this.s,
        this.pos + 1,
        `nested deeper than ${MAX_EXPRESSION_DEPTH} levels (parentheses, "!" and each "&&"/"||" of a chain); write it flatter`,
      );
    try {
      const start = this.pos;
      this.space();
      const e = this.booleanExp() ?? this.logicCond();
      if (e === null) {
        this.pos = start;
        return null;
      }
      this.space();
      return e;
    } finally {
      this.depth--;
    }
  }

  private booleanExp(): Expr | null {
    for (const ops of [AND_OPS, OR_OPS]) {
      const start = this.pos;
      const left = this.logicCond();
      if (left !== null) {
        this.space();
        const op = this.literal(ops, ops.map((o) => `"${o}"`).join(' or '));
        if (op !== null) {
          this.space();
          const right = this.expression();
          if (right !== null) return { kind: 'bool', left, op, right };
        }
      }
      this.pos = start;
    }
    return null;
  }

  // Packrat memo: logic_cond is tried by both boolean_exp alternatives and by expression.
  private readonly memo = new Map<number, { e: Expr | null; end: number }>();

  private logicCond(): Expr | null {
    const start = this.pos;
    const hit = this.memo.get(start);
    if (hit) {
      this.pos = hit.end;
      return hit.e;
    }
    const e = this.logicCondUncached();
    this.memo.set(start, { e, end: this.pos });
    return e;
  }

  private logicCondUncached(): Expr | null {
    const start = this.pos;
    const left = this.operand();
    if (left !== null) {
      this.space();
      const op = this.literal(COMP_OPS, 'a comparison (==, =, !=, <>, >=, >, <=, <)');
      if (op !== null) {
        this.space();
        const right = this.operand();
        if (right !== null) return { kind: 'cmp', left, op, right };
      }
    }
    this.pos = start;
    if (this.literal(['!'], '"!"') !== null) {
      this.space();
      const e = this.expression();
      if (e !== null) return { kind: 'not', expr: e };
    }
    this.pos = start;
    if (this.literal(['('], '"("') !== null) {
      this.space();
      const e = this.expression();
      if (e !== null) {
        this.space();
        if (this.literal([')'], '")"') !== null) return { kind: 'paren', expr: e };
      }
    }
    this.pos = start;
    return null;
  }

  /** The match of sticky `re` at the current position (linear: no copy of the rest of the text). */
  private at(re: RegExp): string | null {
    re.lastIndex = this.pos;
    return re.exec(this.s)?.[0] ?? null;
  }

  private operand(): Operand | null {
    const num = this.at(FLOAT) ?? this.at(INTEGER);
    if (num !== null) {
      this.pos += num.length;
      return { kind: 'num', value: num.includes('.') ? rubyToF(num) : BigInt(num) };
    }
    const v = this.at(DOUBLE_QUOTED) ?? this.at(SINGLE_QUOTED) ?? this.at(NAME);
    if (v !== null) {
      this.pos += v.length;
      // Names are upper-cased; a quoted name keeps its quotes, so it is never found.
      return { kind: 'var', name: v.toUpperCase() };
    }
    return this.fail(this.pos, 'a number or an attribute name');
  }
}

/** Parse an expression; throws ExpressionError with the column where it stops making sense. */
export function parseExpression(expression: string): Expr {
  return new Parser(expression).parse();
}

/** One RUNNING VM's attributes, already merged in look-up order (USER_TEMPLATE, MONITORING, TEMPLATE, VM). */
export type VmAttributes = Record<string, number | string | null | undefined>;

/**
 * The value of a name (grammar.rb Variable3#result): the mean over the VMs that have it, each
 * read with Ruby's to_f and summed in order, as `((total / n_nodes)*100).round/100.0`; null
 * when no VM has it.
 */
export function attributeValue(name: string, vms: readonly VmAttributes[]): number | null {
  let sum = 0;
  let n = 0;
  for (const vm of vms) {
    const v = vm[name];
    if (v === undefined || v === null) continue;
    sum += rubyToF(v);
    n++;
  }
  return n === 0 ? null : rubyMeanRound(sum / n);
}

export interface Evaluation {
  value: boolean;
  /** As OneFlow shows it in expression_evaluated, e.g. `CPU[63.2] > 80`. */
  rendered: string;
}

/** grammar.rb CompOp#apply: Ruby's ==, !=, >=, >, <=, < (= is ==, <> is !=). */
export function compare(op: CompOp, a: RubyNumber, b: RubyNumber): boolean {
  const c = rubyCompare(a, b);
  switch (op) {
    case '==':
    case '=':
      return c === 0;
    case '!=':
    case '<>':
      return c !== 0;
    case '>=':
      return c === 1 || c === 0;
    case '>':
      return c === 1;
    case '<=':
      return c === -1 || c === 0;
    case '<':
      return c === -1;
  }
}

/** A literal as grammar.rb renders it: `val.to_s` of the Integer or Float it became (007 -> 7, 80.50 -> 80.5). */
function renderNumber(value: RubyNumber): string {
  return typeof value === 'bigint' ? value.toString() : rubyFloatToS(value);
}

/** Evaluate a parsed expression over the role's RUNNING VMs. */
export function evaluate(e: Expr, vms: readonly VmAttributes[]): Evaluation {
  switch (e.kind) {
    case 'cmp': {
      const side = (o: Operand): [RubyNumber | null, string] => {
        if (o.kind === 'num') return [o.value, renderNumber(o.value)];
        const v = attributeValue(o.name, vms);
        return [v, `${o.name}[${v === null ? '--' : rubyFloatToS(v)}]`];
      };
      const [a, ra] = side(e.left);
      const [b, rb] = side(e.right);
      return { value: a !== null && b !== null && compare(e.op, a, b), rendered: `${ra} ${e.op} ${rb}` };
    }
    case 'not': {
      const inner = evaluate(e.expr, vms);
      return { value: !inner.value, rendered: `!${inner.rendered}` };
    }
    case 'paren': {
      const inner = evaluate(e.expr, vms);
      return { value: inner.value, rendered: `(${inner.rendered})` };
    }
    case 'bool': {
      const l = evaluate(e.left, vms);
      const r = evaluate(e.right, vms);
      const and = e.op === '&&' || e.op === '&';
      return { value: and ? l.value && r.value : l.value || r.value, rendered: `${l.rendered} ${e.op} ${r.rendered}` };
    }
  }
}

/** The attribute names an expression reads, in order of first use. */
export function attributeNames(e: Expr): string[] {
  const out: string[] = [];
  const visit = (x: Expr) => {
    if (x.kind === 'cmp') {
      for (const o of [x.left, x.right]) if (o.kind === 'var' && !out.includes(o.name)) out.push(o.name);
    } else if (x.kind === 'bool') {
      visit(x.left);
      visit(x.right);
    } else visit(x.expr);
  };
  visit(e);
  return out;
}

/**
 * The library entry point: evaluate `expression` over the RUNNING VMs' attributes.
 * Throws ExpressionError when it does not parse.
 */
export function evaluateExpression(expression: string, vms: ReadonlyArray<Record<string, number | string>>): Evaluation {
  return evaluate(parseExpression(expression), vms);
}

/** What OneFlow records for an expression that does not parse (it then counts as false). */
export function parseErrorRendering(expression: string, error: ExpressionError): string {
  return `Parse error. '${expression}': ${error.reason}`;
}
