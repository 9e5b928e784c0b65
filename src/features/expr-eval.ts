/**
 * Internal: compiles an {@link Expr} once into a column-wise evaluator (a tree of small loops
 * over Float64Arrays; no `eval`, no `Function`). Not exported from the package.
 */
import type { Expr, ExprOp } from './expr.js';
import type { ColumnType } from './pipeline/schema.js';
import { exp, log, log1p } from '../internal/math.js';

/** A column as the evaluator sees it. */
export type EvalColumn =
  | { readonly type: 'numeric'; readonly values: Float64Array }
  | { readonly type: 'categorical'; readonly values: readonly (string | null)[] };

type Str = { readonly kind: 'const'; readonly value: string } | { readonly kind: 'field'; readonly name: string };
type NumFn = (get: (name: string) => EvalColumn, n: number) => Float64Array;

/**
 * Type-checks `e` against the column types and returns its evaluator. Numeric results that are
 * not finite (division by zero, log of 0, overflow) become NaN (missing).
 * @param typeOf - type of a column, or undefined when there is no such column
 * @param fail - throws a message (the caller adds the function name and step)
 */
export function compileExpr(e: Expr, typeOf: (name: string) => ColumnType | undefined, fail: (msg: string) => never): NumFn {
  const f = num(e, typeOf, fail);
  return (get, n) => {
    const out = f(get, n);
    for (let i = 0; i < n; i++) if (!Number.isFinite(out[i]!)) out[i] = NaN;
    return out;
  };
}

function field(name: string, typeOf: (name: string) => ColumnType | undefined, fail: (msg: string) => never): ColumnType {
  const t = typeOf(name);
  if (t === undefined) fail(`expression refers to column '${name}', which does not exist`);
  return t!;
}

function str(e: Expr, typeOf: (name: string) => ColumnType | undefined): Str | null {
  if (e.kind === 'str') return { kind: 'const', value: e.value };
  if (e.kind === 'field' && typeOf(e.name) === 'categorical') return { kind: 'field', name: e.name };
  return null;
}

const UNARY: Partial<Record<ExprOp, (x: number) => number>> = {
  neg: (x) => -x,
  log: (x) => (x > 0 ? log(x) : NaN),
  log1p: (x) => (x > -1 ? log1p(x) : NaN),
  exp,
  sqrt: (x) => (x >= 0 ? Math.sqrt(x) : NaN),
  abs: Math.abs,
  not: (x) => (Number.isNaN(x) ? NaN : x === 0 ? 1 : 0),
  isMissing: (x) => (Number.isNaN(x) ? 1 : 0),
};

const BINARY: Partial<Record<ExprOp, (a: number, b: number) => number>> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => (b === 0 ? NaN : a / b),
  lt: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a < b ? 1 : 0),
  le: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a <= b ? 1 : 0),
  gt: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a > b ? 1 : 0),
  ge: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a >= b ? 1 : 0),
  eq: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a === b ? 1 : 0),
  ne: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : a !== b ? 1 : 0),
};

/** min/max: missing if any argument is missing. */
const FOLD: Partial<Record<ExprOp, (a: number, b: number) => number>> = {
  min: (a, b) => (a < b ? a : Number.isNaN(a) ? a : b),
  max: (a, b) => (a > b ? a : Number.isNaN(a) ? a : b),
  // Kleene three-valued logic, NaN = unknown
  and: (a, b) => (a === 0 || b === 0 ? 0 : Number.isNaN(a) || Number.isNaN(b) ? NaN : 1),
  or: (a, b) => (Number.isNaN(a) ? (b !== 0 && !Number.isNaN(b) ? 1 : NaN) : a !== 0 ? 1 : Number.isNaN(b) ? NaN : b !== 0 ? 1 : 0),
  coalesce: (a, b) => (Number.isNaN(a) ? b : a),
};

function num(e: Expr, typeOf: (name: string) => ColumnType | undefined, fail: (msg: string) => never): NumFn {
  switch (e.kind) {
    case 'num': {
      const v = e.value;
      return (_get, n) => new Float64Array(n).fill(v);
    }
    case 'str':
      return fail(`string ${JSON.stringify(e.value)} can only be compared with a categorical column (eq / ne)`);
    case 'field': {
      const t = field(e.name, typeOf, fail);
      if (t !== 'numeric') fail(`column '${e.name}' is categorical; compare it with a string (eq / ne) or encode it first`);
      const name = e.name;
      return (get) => Float64Array.from(get(name).values as Float64Array);
    }
    case 'op':
      break;
  }
  const o = e.op;
  if (o === 'eq' || o === 'ne') {
    const a = str(e.args[0]!, typeOf);
    const b = str(e.args[1]!, typeOf);
    if (a || b) {
      if (!a || !b) fail(`${o}: compare a categorical column with a string, not with a number`);
      return strCompare(a!, b!, o === 'ne');
    }
  }
  const args = e.args.map((a) => num(a, typeOf, fail));
  const u = UNARY[o];
  if (u) {
    const fa = args[0]!;
    return (get, n) => {
      const x = fa(get, n);
      for (let i = 0; i < n; i++) x[i] = u(x[i]!);
      return x;
    };
  }
  const b = BINARY[o];
  if (b) {
    const [fa, fb] = args as [NumFn, NumFn];
    return (get, n) => {
      const x = fa(get, n);
      const y = fb(get, n);
      for (let i = 0; i < n; i++) x[i] = b(x[i]!, y[i]!);
      return x;
    };
  }
  const fold = FOLD[o];
  if (fold) {
    return (get, n) => {
      const x = args[0]!(get, n);
      for (let k = 1; k < args.length; k++) {
        const y = args[k]!(get, n);
        for (let i = 0; i < n; i++) x[i] = fold(x[i]!, y[i]!);
      }
      return x;
    };
  }
  switch (o) {
    case 'ratio': {
      const [fa, fb, fz] = args;
      return (get, n) => {
        const x = fa!(get, n);
        const y = fb!(get, n);
        const z = fz ? fz(get, n) : null;
        for (let i = 0; i < n; i++) {
          const d = y[i]!;
          x[i] = d === 0 ? (Number.isNaN(x[i]!) ? NaN : z ? z[i]! : 0) : x[i]! / d;
        }
        return x;
      };
    }
    case 'clip': {
      const [fx, flo, fhi] = args as [NumFn, NumFn, NumFn];
      return (get, n) => {
        const x = fx(get, n);
        const lo = flo(get, n);
        const hi = fhi(get, n);
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          x[i] = Number.isNaN(v) || Number.isNaN(lo[i]!) || Number.isNaN(hi[i]!) ? NaN : v < lo[i]! ? lo[i]! : v > hi[i]! ? hi[i]! : v;
        }
        return x;
      };
    }
    case 'if': {
      const [fc, fa, fb] = args as [NumFn, NumFn, NumFn];
      return (get, n) => {
        const c = fc(get, n);
        const a = fa(get, n);
        const b = fb(get, n);
        for (let i = 0; i < n; i++) c[i] = Number.isNaN(c[i]!) ? NaN : c[i]! !== 0 ? a[i]! : b[i]!;
        return c;
      };
    }
    default:
      return fail(`unknown operator '${o as string}'`);
  }
}

function strCompare(a: Str, b: Str, negate: boolean): NumFn {
  return (get, n) => {
    const out = new Float64Array(n);
    const av = a.kind === 'field' ? (get(a.name).values as readonly (string | null)[]) : null;
    const bv = b.kind === 'field' ? (get(b.name).values as readonly (string | null)[]) : null;
    for (let i = 0; i < n; i++) {
      const x = av ? av[i] : (a as { value: string }).value;
      const y = bv ? bv[i] : (b as { value: string }).value;
      out[i] = x === null || y === null || x === undefined || y === undefined ? NaN : (x === y) !== negate ? 1 : 0;
    }
    return out;
  };
}
