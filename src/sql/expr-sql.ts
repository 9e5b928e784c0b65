/**
 * Internal: a pipeline `derive` expression ({@link Expr}) as SQL with the in-process semantics:
 * NULL is missing and propagates; `div` by 0, `log` of x ≤ 0 and `sqrt` of x < 0 are missing;
 * comparisons give 1/0; `and`/`or` are three-valued (SQL's own AND/OR over `x <> 0`); `min`/`max`
 * are missing when any argument is; the step's result is missing unless finite.
 */
import { DataError, ModelError } from '../errors.js';
import type { Expr } from '../features/expr.js';
import type { Dialect } from './dialect.js';
import { numberLiteral } from './dialect.js';
import type { SqlColumnType } from './chain.js';

/** Deepest expression tree written (each level is one recursive call). */
export const MAX_EXPR_DEPTH = 256;
/** Longest SQL text of one expression (operands used twice, as in `div`, double it per level). */
export const MAX_EXPR_CHARS = 1_000_000;


interface ExprCtx {
  readonly d: Dialect;
  readonly fn: string;
  /** `step 2 (derive) output 'x'`, for messages. */
  readonly who: string;
  typeOf(name: string): SqlColumnType | undefined;
  ref(name: string): string;
}

const CMP: Record<string, string> = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '=', ne: '<>' };

/** The expression as a SQL DOUBLE expression (NULL when missing), wrapped so non-finite is NULL. */
export function exprToSql(e: Expr, ctx: ExprCtx): string {
  const v = num(e, ctx, 0);
  return `(CASE WHEN ${ctx.d.isFinite(v)} THEN ${v} END)`;
}

function fail(ctx: ExprCtx, msg: string): never {
  throw new DataError(`${ctx.fn}: ${ctx.who}: ${msg}`);
}

/** A text operand (string literal or categorical column), or null. */
function text(e: Expr, ctx: ExprCtx): string | null {
  if (e.kind === 'str') return ctx.d.text(e.value);
  if (e.kind === 'field' && ctx.typeOf(e.name) === 'categorical') return ctx.ref(e.name);
  return null;
}

function num(e: Expr, ctx: ExprCtx, depth: number): string {
  const out = numInner(e, ctx, depth);
  if (out.length > MAX_EXPR_CHARS) {
    throw new ModelError(`${ctx.fn}: ${ctx.who}: the expression's SQL exceeds ${MAX_EXPR_CHARS} characters; split it into several derive outputs`);
  }
  return out;
}

function numInner(e: Expr, ctx: ExprCtx, depth: number): string {
  if (depth > MAX_EXPR_DEPTH) throw new ModelError(`${ctx.fn}: ${ctx.who}: expression nested deeper than ${MAX_EXPR_DEPTH} levels`);
  const d = ctx.d;
  switch (e.kind) {
    case 'num':
      return numberLiteral(e.value, ctx.fn, `${ctx.who}: number`);
    case 'str':
      return fail(ctx, `string ${JSON.stringify(e.value)} can only be compared with a categorical column (eq / ne)`);
    case 'field': {
      const t = ctx.typeOf(e.name);
      if (t === undefined) return fail(ctx, `expression refers to column '${e.name}', which does not exist`);
      if (t === 'categorical') return fail(ctx, `column '${e.name}' is categorical; compare it with a string (eq / ne) or encode it first`);
      return ctx.ref(e.name);
    }
    case 'op':
      break;
  }
  const o = e.op;
  const next = (a: Expr): string => num(a, ctx, depth + 1);
  if (o === 'eq' || o === 'ne') {
    const a = text(e.args[0]!, ctx);
    const b = text(e.args[1]!, ctx);
    if (a !== null || b !== null) {
      if (a === null || b === null) fail(ctx, `${o}: compare a categorical column with a string, not with a number`);
      return ctx.d.boolToDouble(`(${a} ${CMP[o]} ${b})`);
    }
  }
  const args = e.args.map(next);
  const [a, b, c] = args as [string, string, string | undefined];
  switch (o) {
    case 'add':
      return `(${a} + ${b})`;
    case 'sub':
      return `(${a} - ${b})`;
    case 'mul':
      return `(${a} * ${b})`;
    case 'div':
      return `(CASE WHEN ${b} = 0e0 THEN NULL ELSE ${a} / ${b} END)`;
    case 'ratio':
      return `(CASE WHEN ${b} = 0e0 THEN (CASE WHEN ${a} IS NULL THEN NULL ELSE ${c ?? '0e0'} END) ELSE ${a} / ${b} END)`;
    case 'neg':
      return `(- ${a})`;
    case 'log':
      return `(CASE WHEN ${a} > 0e0 THEN ${d.ln(a)} END)`;
    case 'log1p':
      return `(CASE WHEN ${a} > (-1e0) THEN ${d.log1p(a)} END)`;
    case 'exp':
      return d.exp(a);
    case 'sqrt':
      return `(CASE WHEN ${a} >= 0e0 THEN ${d.sqrt(a)} END)`;
    case 'abs':
      return `abs(${a})`;
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
    case 'eq':
    case 'ne':
      return ctx.d.boolToDouble(`(${a} ${CMP[o]} ${b})`);
    case 'and':
      return ctx.d.boolToDouble(`(${args.map((x) => `(${x} <> 0e0)`).join(' AND ')})`);
    case 'or':
      return ctx.d.boolToDouble(`(${args.map((x) => `(${x} <> 0e0)`).join(' OR ')})`);
    case 'not':
      return ctx.d.boolToDouble(`(NOT (${a} <> 0e0))`);
    case 'isMissing':
      return `(CASE WHEN ${a} IS NULL THEN 1e0 ELSE 0e0 END)`;
    case 'coalesce':
      return args.length === 1 ? a : `COALESCE(${args.join(', ')})`;
    case 'if':
      return `(CASE WHEN ${a} IS NULL THEN NULL WHEN ${a} <> 0e0 THEN ${b} ELSE ${c} END)`;
    case 'clip':
      return `(CASE WHEN ${a} IS NULL OR ${b} IS NULL OR ${c} IS NULL THEN NULL WHEN ${a} < ${b} THEN ${b} WHEN ${a} > ${c} THEN ${c} ELSE ${a} END)`;
    case 'min':
    case 'max': {
      // missing as soon as one argument is (as in process); LEAST/GREATEST differ on NULL between dialects
      const f = o === 'min' ? 'least' : 'greatest';
      let acc = a;
      for (let k = 1; k < args.length; k++) acc = `${f}(${acc}, ${args[k]!})`;
      return `(CASE WHEN ${args.map((x) => `${x} IS NULL`).join(' OR ')} THEN NULL ELSE ${acc} END)`;
    }
    default:
      return fail(ctx, `unknown operator '${o as string}'`);
  }
}
