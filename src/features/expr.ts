/**
 * The small typed expression form used by the pipeline's `derive` step: a JSON AST over fields,
 * numbers and strings, a builder (`expr`), a tiny text parser (`parseExpr`) and a printer
 * (`formatExpr`). Expressions are data, never code: nothing here calls `eval` or `Function`, so a
 * fitted pipeline can be stored as JSON and later emitted as SQL.
 *
 * @module
 */
import * as z from 'zod';
import { ValidationError } from '../errors.js';

/**
 * The operators of {@link Expr}. Semantics, column-wise with NaN meaning missing:
 * arithmetic and functions propagate missing; `div` by 0 and any non-finite result give missing;
 * `ratio(a, b, zero)` gives `zero` (default 0) when `b` is 0; comparisons and logic give 1/0
 * (missing in → missing out, except `and`/`or`, which follow three-valued logic: `and(0, missing)`
 * is 0, `or(1, missing)` is 1); `if(c, a, b)` is missing when `c` is; `isMissing(x)` is 1/0;
 * `coalesce(a, b, …)` is the first present value.
 * @category Features
 */
export const EXPR_OPS = [
  'add',
  'sub',
  'mul',
  'div',
  'ratio',
  'neg',
  'log',
  'log1p',
  'exp',
  'sqrt',
  'abs',
  'min',
  'max',
  'clip',
  'lt',
  'le',
  'gt',
  'ge',
  'eq',
  'ne',
  'and',
  'or',
  'not',
  'if',
  'isMissing',
  'coalesce',
] as const;

/** One operator name of {@link Expr}. @category Features */
export type ExprOp = (typeof EXPR_OPS)[number];

/**
 * A derived-column expression as plain JSON: a field reference, a number, a string (only as an
 * operand of `eq`/`ne` against a categorical field), or an operator applied to arguments.
 * @category Features
 */
export type Expr =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'op'; readonly op: ExprOp; readonly args: readonly Expr[] };

/** Allowed argument counts per operator: [min, max]. */
const ARITY: Record<ExprOp, readonly [number, number]> = {
  add: [2, 2],
  sub: [2, 2],
  mul: [2, 2],
  div: [2, 2],
  ratio: [2, 3],
  neg: [1, 1],
  log: [1, 1],
  log1p: [1, 1],
  exp: [1, 1],
  sqrt: [1, 1],
  abs: [1, 1],
  min: [2, Infinity],
  max: [2, Infinity],
  clip: [3, 3],
  lt: [2, 2],
  le: [2, 2],
  gt: [2, 2],
  ge: [2, 2],
  eq: [2, 2],
  ne: [2, 2],
  and: [2, Infinity],
  or: [2, Infinity],
  not: [1, 1],
  if: [3, 3],
  isMissing: [1, 1],
  coalesce: [1, Infinity],
};

/**
 * The deepest expression tree that {@link ExprSchema}, {@link formatExpr}, {@link exprFields} and
 * {@link parseExpr} accept, counted in tree levels (a chain `a + b + c` is two levels deep, unlike
 * the text nesting that {@link EXPR_DEPTH_CEILING} counts). Trees are checked without recursion,
 * so a hand-built object nested 100,000 levels deep is a named error, never a stack overflow.
 * @example
 * EXPR_TREE_DEPTH_CEILING // => 2048
 * @category Features
 */
export const EXPR_TREE_DEPTH_CEILING = 2048;

/** Most nodes an expression tree may have, a sub-expression shared by several parents counted once per use (so a DAG cannot blow up). */
const EXPR_NODE_CEILING = 100_000;

const OP_SET: ReadonlySet<string> = new Set(EXPR_OPS);

/** The first problem of a would-be {@link Expr}: where (a path of `args` indices) and why; undefined when it is well formed. */
function exprProblem(root: unknown): { path: (string | number)[]; reason: string; value: unknown } | undefined {
  // explicit stack, no recursion whatever the input's depth; each entry links to its parent so a
  // path is only built for the node that fails
  const parent: number[] = [-1];
  const argIndex: number[] = [-1];
  const stack: [unknown, number, number][] = [[root, 1, 0]];
  const pathOf = (id: number, ...tail: (string | number)[]): (string | number)[] => {
    const steps: (string | number)[] = [];
    for (let k = id; parent[k]! >= 0; k = parent[k]!) steps.push(argIndex[k]!, 'args');
    return [...steps.reverse(), ...tail];
  };
  let visited = 0;
  while (stack.length > 0) {
    const [x, depth, id] = stack.pop()!;
    if (++visited > EXPR_NODE_CEILING) return { path: pathOf(id), reason: `more than ${EXPR_NODE_CEILING} nodes (a shared sub-expression counts once per use)`, value: x };
    if (depth > EXPR_TREE_DEPTH_CEILING) return { path: pathOf(id), reason: `nested deeper than ${EXPR_TREE_DEPTH_CEILING} levels`, value: x };
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return { path: pathOf(id), reason: 'expected an expression object { kind, … }', value: x };
    const o = x as Record<string, unknown>;
    const keys = Object.keys(o);
    const only = (allowed: readonly string[]) => keys.find((k) => !allowed.includes(k));
    switch (o.kind) {
      case 'field': {
        const extra = only(['kind', 'name']);
        if (extra !== undefined) return { path: pathOf(id, extra), reason: `unknown key '${extra}'`, value: o[extra] };
        if (typeof o.name !== 'string' || o.name === '') return { path: pathOf(id, 'name'), reason: 'a field name must be a non-empty string', value: o.name };
        break;
      }
      case 'num':
      case 'str': {
        const extra = only(['kind', 'value']);
        if (extra !== undefined) return { path: pathOf(id, extra), reason: `unknown key '${extra}'`, value: o[extra] };
        const want = o.kind === 'num' ? 'number' : 'string';
        if (typeof o.value !== want) return { path: pathOf(id, 'value'), reason: `a '${String(o.kind)}' literal needs a ${want} value`, value: o.value };
        break;
      }
      case 'op': {
        const extra = only(['kind', 'op', 'args']);
        if (extra !== undefined) return { path: pathOf(id, extra), reason: `unknown key '${extra}'`, value: o[extra] };
        if (typeof o.op !== 'string' || !OP_SET.has(o.op)) return { path: pathOf(id, 'op'), reason: 'unknown operator', value: o.op };
        if (!Array.isArray(o.args)) return { path: pathOf(id, 'args'), reason: 'args must be an array', value: o.args };
        const [lo, hi] = ARITY[o.op as ExprOp];
        if (o.args.length < lo || o.args.length > hi) return { path: pathOf(id, 'args'), reason: 'wrong number of arguments for the operator', value: o.args.length };
        for (let i = o.args.length - 1; i >= 0; i--) {
          parent.push(id);
          argIndex.push(i);
          stack.push([o.args[i], depth + 1, parent.length - 1]);
        }
        break;
      }
      default:
        return { path: pathOf(id, 'kind'), reason: "kind must be 'field', 'num', 'str' or 'op'", value: o.kind };
    }
  }
  return undefined;
}

/** Throws a ValidationError naming the path unless `e` is a well-formed {@link Expr} within the ceilings. */
function checkExpr(e: unknown, fn: string): asserts e is Expr {
  const problem = exprProblem(e);
  if (problem) {
    const p = problem.path;
    const where = p.length === 0 ? '' : p.length <= 12 ? ` at ${p.join('.')}` : ` at ${p.slice(0, 4).join('.')}.….${p.slice(-4).join('.')} (${p.length} keys deep)`;
    throw new ValidationError(`${fn}: not an expression${where}: ${problem.reason}`, [{ row: 0, ...problem }]);
  }
}

/**
 * Zod schema of {@link Expr} (operator arity included). Checked by one iterative walk, so deep or
 * shared (DAG) hand-built objects are refused with an issue naming the path, within
 * {@link EXPR_TREE_DEPTH_CEILING} levels and 100,000 nodes.
 * @category Features
 */
export const ExprSchema: z.ZodType<Expr, Expr> = /* @__PURE__ */ (() => z.custom<Expr>().superRefine((e, ctx) => {
  const problem = exprProblem(e);
  if (problem) ctx.addIssue({ code: 'custom', message: problem.reason, path: problem.path });
}))();

/** An argument of the {@link expr} builders: an expression, or a number (wrapped as a literal). @category Features */
export type ExprArg = Expr | number;
const wrap = (a: ExprArg): Expr => (typeof a === 'number' ? { kind: 'num', value: a } : a);
const op = (o: ExprOp, args: readonly ExprArg[]): Expr => ({ kind: 'op', op: o, args: args.map(wrap) });

/**
 * Builds {@link Expr} trees; numbers are wrapped as literals.
 *
 * @example
 * expr.ratio(expr.field('nightDataMB'), expr.field('dataMB'))
 * // => { kind: 'op', op: 'ratio', args: [{ kind: 'field', name: 'nightDataMB' }, { kind: 'field', name: 'dataMB' }] }
 * formatExpr(expr.gt(expr.field('dataMB'), 100)) // => 'dataMB > 100'
 * @category Features
 */
export const expr = {
  /** A field (column) reference. */
  field: (name: string): Expr => ({ kind: 'field', name }),
  /** A number literal. */
  num: (value: number): Expr => ({ kind: 'num', value }),
  /** A string literal (compare a categorical field with `eq`/`ne`). */
  str: (value: string): Expr => ({ kind: 'str', value }),
  add: (a: ExprArg, b: ExprArg): Expr => op('add', [a, b]),
  sub: (a: ExprArg, b: ExprArg): Expr => op('sub', [a, b]),
  mul: (a: ExprArg, b: ExprArg): Expr => op('mul', [a, b]),
  /** `a / b`; division by 0 gives missing. */
  div: (a: ExprArg, b: ExprArg): Expr => op('div', [a, b]),
  /** `a / b`, or `zero` (default 0) when `b` is 0. */
  ratio: (a: ExprArg, b: ExprArg, zero = 0): Expr => op('ratio', zero === 0 ? [a, b] : [a, b, zero]),
  neg: (a: ExprArg): Expr => op('neg', [a]),
  /** Natural log; `x ≤ 0` gives missing. */
  log: (a: ExprArg): Expr => op('log', [a]),
  log1p: (a: ExprArg): Expr => op('log1p', [a]),
  exp: (a: ExprArg): Expr => op('exp', [a]),
  sqrt: (a: ExprArg): Expr => op('sqrt', [a]),
  abs: (a: ExprArg): Expr => op('abs', [a]),
  min: (...args: ExprArg[]): Expr => op('min', args),
  max: (...args: ExprArg[]): Expr => op('max', args),
  /** `min(max(x, lo), hi)`. */
  clip: (x: ExprArg, lo: ExprArg, hi: ExprArg): Expr => op('clip', [x, lo, hi]),
  lt: (a: ExprArg, b: ExprArg): Expr => op('lt', [a, b]),
  le: (a: ExprArg, b: ExprArg): Expr => op('le', [a, b]),
  gt: (a: ExprArg, b: ExprArg): Expr => op('gt', [a, b]),
  ge: (a: ExprArg, b: ExprArg): Expr => op('ge', [a, b]),
  eq: (a: ExprArg, b: ExprArg): Expr => op('eq', [a, b]),
  ne: (a: ExprArg, b: ExprArg): Expr => op('ne', [a, b]),
  and: (...args: ExprArg[]): Expr => op('and', args),
  or: (...args: ExprArg[]): Expr => op('or', args),
  not: (a: ExprArg): Expr => op('not', [a]),
  /** `cond ? then : otherwise`; missing when `cond` is missing. */
  ifElse: (cond: ExprArg, then: ExprArg, otherwise: ExprArg): Expr => op('if', [cond, then, otherwise]),
  isMissing: (a: ExprArg): Expr => op('isMissing', [a]),
  coalesce: (...args: ExprArg[]): Expr => op('coalesce', args),
} as const;

// ---------------------------------------------------------------------------------------------
// Text form: a tiny recursive-descent parser and its printer.

/**
 * The deepest nesting {@link parseExpr} reads (parentheses, calls, unary `-` and `not` each count
 * one level), so that no input can overflow the stack.
 * @example
 * EXPR_DEPTH_CEILING // => 256
 * @category Features
 */
export const EXPR_DEPTH_CEILING = 256;

const BINARY: Record<string, ExprOp> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' };
const COMPARE: Record<string, ExprOp> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '==': 'eq', '!=': 'ne' };
const FUNCTIONS = new Set<string>(['ratio', 'log', 'log1p', 'exp', 'sqrt', 'abs', 'min', 'max', 'clip', 'if', 'isMissing', 'coalesce']);

interface Token {
  readonly t: 'num' | 'str' | 'id' | 'qid' | 'sym' | 'end';
  readonly v: string;
  readonly at: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (msg: string, at: number): never => {
    throw new ValidationError(`parseExpr: ${msg} at position ${at} in ${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)}`, [
      { row: 0, path: [], reason: msg, value: text },
    ]);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (id) {
      out.push({ t: 'id', v: id[0], at: i });
      i += id[0].length;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail(`unterminated ${c}`, i);
      out.push({ t: c === '`' ? 'qid' : 'str', v: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '<=' || two === '>=' || two === '==' || two === '!=') {
      out.push({ t: 'sym', v: two, at: i });
      i += 2;
      continue;
    }
    if ('+-*/(),<>'.includes(c)) {
      out.push({ t: 'sym', v: c, at: i });
      i++;
      continue;
    }
    fail(`unexpected character ${JSON.stringify(c)}`, i);
  }
  out.push({ t: 'end', v: '', at: text.length });
  return out;
}

/**
 * Parses the text form of an expression into an {@link Expr}.
 *
 * Grammar: `or := and ('or' and)*`, `and := not ('and' not)*`, `not := 'not' not | cmp`,
 * `cmp := sum (('<'|'<='|'>'|'>='|'=='|'!=') sum)?`, `sum := term (('+'|'-') term)*`,
 * `term := unary (('*'|'/') unary)*`, `unary := '-' unary | atom`; atoms are numbers, strings in
 * `"…"` or `'…'`, field names (`dataMB`, or any name in backticks: `` `region=GD` ``), function
 * calls (`ratio`, `log`, `log1p`, `exp`, `sqrt`, `abs`, `min`, `max`, `clip`, `if`,
 * `isMissing`, `coalesce`) and parentheses.
 *
 * @param text - the expression, e.g. `'ratio(nightDataMB, dataMB)'`
 * @returns the expression tree
 * @throws ValidationError on a syntax error (the message gives the position), or nesting deeper
 *   than {@link EXPR_DEPTH_CEILING} levels, or a tree deeper than {@link EXPR_TREE_DEPTH_CEILING} levels
 *   (a chain of more than 2048 binary operators)
 * @example
 * // the same tree as expr.mul(expr.log1p(expr.field('dataMB')), 2)
 * parseExpr('log1p(dataMB) * 2')
 * // => { kind: 'op', op: 'mul', args: [{ kind: 'op', op: 'log1p', args: [{ kind: 'field', name: 'dataMB' }] }, { kind: 'num', value: 2 }] }
 * @category Features
 */
export function parseExpr(text: string): Expr {
  if (typeof text !== 'string') {
    throw new ValidationError(`parseExpr: expected the expression as a string, got ${text === null ? 'null' : typeof text}`, [
      { row: 0, path: [], reason: 'not a string', value: text },
    ]);
  }
  const st: ParseState = { toks: tokenize(text), p: 0, depth: 0, text };
  const e = parseOr(st);
  if (peek(st).t !== 'end') fail(st, `unexpected '${peek(st).v}'`, peek(st).at);
  checkExpr(e, 'parseExpr');
  return e;
}

/** The recursive-descent parser's state: the tokens, the cursor and the current nesting depth. */
interface ParseState {
  readonly toks: readonly Token[];
  p: number;
  depth: number;
  readonly text: string;
}

const peek = (st: ParseState): Token => st.toks[st.p]!;

function fail(st: ParseState, msg: string, at: number): never {
  const { text } = st;
  throw new ValidationError(`parseExpr: ${msg} at position ${at} in ${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)}`, [
    { row: 0, path: [], reason: msg, value: text },
  ]);
}

/** Enters one nesting level (parentheses, a call, a unary `-` or `not`); past the ceiling is a named error, not a stack overflow. */
function enter(st: ParseState, at: number): void {
  if (++st.depth > EXPR_DEPTH_CEILING) fail(st, `expression nested deeper than ${EXPR_DEPTH_CEILING} levels`, at);
}

function expectSym(st: ParseState, v: string): void {
  const t = peek(st);
  if (t.t !== 'sym' || t.v !== v) fail(st, `expected '${v}' but found '${t.v || 'end'}'`, t.at);
  st.p++;
}

const isWord = (st: ParseState, w: string): boolean => peek(st).t === 'id' && peek(st).v === w;

function parseOr(st: ParseState): Expr {
  const args = [parseAnd(st)];
  while (isWord(st, 'or')) {
    st.p++;
    args.push(parseAnd(st));
  }
  return args.length === 1 ? args[0]! : op('or', args);
}

function parseAnd(st: ParseState): Expr {
  const args = [parseNot(st)];
  while (isWord(st, 'and')) {
    st.p++;
    args.push(parseNot(st));
  }
  return args.length === 1 ? args[0]! : op('and', args);
}

function parseNot(st: ParseState): Expr {
  if (isWord(st, 'not')) {
    enter(st, peek(st).at);
    st.p++;
    const e = op('not', [parseNot(st)]);
    st.depth--;
    return e;
  }
  return parseCmp(st);
}

function parseCmp(st: ParseState): Expr {
  const left = parseSum(st);
  const t = peek(st);
  if (t.t === 'sym' && t.v in COMPARE) {
    st.p++;
    return op(COMPARE[t.v]!, [left, parseSum(st)]);
  }
  return left;
}

function parseSum(st: ParseState): Expr {
  let left = parseTerm(st);
  for (;;) {
    const t = peek(st);
    if (t.t === 'sym' && (t.v === '+' || t.v === '-')) {
      st.p++;
      left = op(BINARY[t.v]!, [left, parseTerm(st)]);
    } else return left;
  }
}

function parseTerm(st: ParseState): Expr {
  let left = parseUnary(st);
  for (;;) {
    const t = peek(st);
    if (t.t === 'sym' && (t.v === '*' || t.v === '/')) {
      st.p++;
      left = op(BINARY[t.v]!, [left, parseUnary(st)]);
    } else return left;
  }
}

function parseUnary(st: ParseState): Expr {
  const t = peek(st);
  if (t.t === 'sym' && t.v === '-') {
    st.p++;
    if (peek(st).t === 'num') {
      const lit = parseAtom(st) as { kind: 'num'; value: number };
      return { kind: 'num', value: -lit.value };
    }
    enter(st, t.at);
    const e = op('neg', [parseUnary(st)]);
    st.depth--;
    return e;
  }
  return parseAtom(st);
}

/** A call `name(arg, …)`; the cursor is on the `(` after the name token `t`. */
function parseCall(st: ParseState, t: Token): Expr {
  if (!FUNCTIONS.has(t.v)) fail(st, `unknown function '${t.v}' (known: ${[...FUNCTIONS].join(', ')})`, t.at);
  enter(st, t.at);
  st.p++;
  const args: Expr[] = [];
  if (!(peek(st).t === 'sym' && peek(st).v === ')')) {
    args.push(parseOr(st));
    while (peek(st).t === 'sym' && peek(st).v === ',') {
      st.p++;
      args.push(parseOr(st));
    }
  }
  expectSym(st, ')');
  st.depth--;
  const o = t.v as ExprOp;
  const [lo, hi] = ARITY[o];
  if (args.length < lo || args.length > hi) fail(st, `${t.v}() takes ${lo === hi ? lo : `${lo}..${hi}`} arguments, got ${args.length}`, t.at);
  return { kind: 'op', op: o, args };
}

function parseAtom(st: ParseState): Expr {
  const t = peek(st);
  st.p++;
  switch (t.t) {
    case 'num':
      return { kind: 'num', value: Number(t.v) };
    case 'str':
      return { kind: 'str', value: t.v };
    case 'qid':
      return { kind: 'field', name: t.v };
    case 'id':
      if (peek(st).t === 'sym' && peek(st).v === '(') return parseCall(st, t);
      if (t.v === 'and' || t.v === 'or' || t.v === 'not') fail(st, `unexpected '${t.v}'`, t.at);
      return { kind: 'field', name: t.v };
    case 'sym':
      if (t.v === '(') {
        enter(st, t.at);
        const e = parseOr(st);
        expectSym(st, ')');
        st.depth--;
        return e;
      }
      return fail(st, `unexpected '${t.v}'`, t.at);
    default:
      return fail(st, 'unexpected end of expression', t.at);
  }
}

const PREC: Partial<Record<ExprOp, number>> = { or: 1, and: 2, not: 3, lt: 4, le: 4, gt: 4, ge: 4, eq: 4, ne: 4, add: 5, sub: 5, mul: 6, div: 6, neg: 7 };
const SYMBOL: Partial<Record<ExprOp, string>> = { add: '+', sub: '-', mul: '*', div: '/', lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' };

/**
 * Prints an {@link Expr} in the text form {@link parseExpr} reads (`parseExpr(formatExpr(e))`
 * gives `e` back).
 * @param e - the expression
 * @returns its text form
 * @throws ValidationError naming the path when `e` is not a well-formed expression, or is deeper
 *   than {@link EXPR_TREE_DEPTH_CEILING} levels
 * @example
 * formatExpr(expr.ratio(expr.field('nightDataMB'), expr.field('dataMB'))) // => 'ratio(nightDataMB, dataMB)'
 * @category Features
 */
export function formatExpr(e: Expr): string {
  checkExpr(e, 'formatExpr');
  return fmt(e, 0);
}

function fmt(e: Expr, parentPrec: number): string {
  switch (e.kind) {
    case 'field':
      return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(e.name) && !['and', 'or', 'not'].includes(e.name) && !FUNCTIONS.has(e.name)
        ? e.name
        : `\`${e.name}\``;
    case 'num': {
      const s = Object.is(e.value, -0) ? '-0' : String(e.value);
      return e.value < 0 || Object.is(e.value, -0) ? `(${s})` : s;
    }
    case 'str':
      return e.value.includes('"') ? `'${e.value}'` : `"${e.value}"`;
    case 'op': {
      const prec = PREC[e.op];
      let s: string;
      if (prec === undefined) return `${e.op}(${e.args.map((a) => fmt(a, 0)).join(', ')})`;
      if (e.op === 'neg') s = e.args[0]!.kind === 'num' ? `-(${fmt(e.args[0]!, 0)})` : `-${fmt(e.args[0]!, prec + 1)}`;
      else if (e.op === 'not') s = `not ${fmt(e.args[0]!, prec)}`;
      else if (e.op === 'and' || e.op === 'or') s = e.args.map((a) => fmt(a, prec + 1)).join(` ${e.op} `);
      else {
        // left-associative: the right operand needs parentheses at equal precedence
        const cmp = prec === 4;
        s = `${fmt(e.args[0]!, cmp ? prec + 1 : prec)} ${SYMBOL[e.op]} ${fmt(e.args[1]!, prec + 1)}`;
      }
      return prec < parentPrec ? `(${s})` : s;
    }
  }
}

/**
 * Field names an expression reads, in first-use order.
 * @param e - the expression
 * @returns the distinct field names
 * @throws ValidationError naming the path when `e` is not a well-formed expression
 * @example
 * exprFields(parseExpr('ratio(nightDataMB, dataMB) + dataMB')) // => ['nightDataMB', 'dataMB']
 * @category Features
 */
export function exprFields(e: Expr): string[] {
  checkExpr(e, 'exprFields');
  const out: string[] = [];
  const walk = (x: Expr): void => {
    if (x.kind === 'field') {
      if (!out.includes(x.name)) out.push(x.name);
    } else if (x.kind === 'op') x.args.forEach(walk);
  };
  walk(e);
  return out;
}
