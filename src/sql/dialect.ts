/**
 * The per-dialect function table of the SQL emitters: quoting, literals, and the handful of
 * functions whose name or semantics differ between DuckDB, ClickHouse, Spark SQL and Trino.
 * Every emitter writes SQL only through this table, so a new dialect is one more entry.
 *
 * Conventions of the emitted SQL, in every dialect: a missing value is SQL NULL (input NaN is
 * turned into NULL where a numeric column is first read); numbers are written as
 * double-precision literals with an exponent (`1.5e0`), which every dialect reads as DOUBLE and
 * not as DECIMAL, with the shortest digits that round-trip; identifiers are always quoted; text
 * values are always escaped literals.
 *
 * @module
 */
import { ModelError, OptionsError } from '../errors.js';

/** The SQL dialects {@link toSql} writes. @category SQL */
export type SqlDialectName = 'duckdb' | 'clickhouse' | 'spark' | 'trino';

/** The dialects, in the order the docs list them. @category SQL */
export const SQL_DIALECTS: readonly SqlDialectName[] = ['duckdb', 'clickhouse', 'spark', 'trino'];

/** How a dialect keeps the first n rows per group. */
export type TopNStyle = 'qualify' | 'limitBy' | 'subquery';

/** One dialect's entry of the function table (internal). */
export interface Dialect {
  readonly name: SqlDialectName;
  /** A quoted identifier. */
  ident(name: string): string;
  /** An escaped text literal. */
  text(value: string): string;
  /** The DOUBLE type's name, for casts. */
  readonly double: string;
  /** The text type's name, for casts. */
  readonly varchar: string;
  /** Natural logarithm. */
  ln(x: string): string;
  /** ln(1 + x); `ln(1 + x)` where the dialect lacks log1p (DuckDB, Trino). */
  log1p(x: string): string;
  exp(x: string): string;
  sqrt(x: string): string;
  /** True when x is NaN (x a DOUBLE). */
  isNan(x: string): string;
  /** True when x is neither NaN nor ±Infinity. */
  isFinite(x: string): string;
  /** A boolean expression as DOUBLE 1/0, NULL staying NULL. */
  boolToDouble(b: string): string;
  /** Zero-based position of the first smallest element of a non-empty array expression. */
  argMin(items: readonly string[]): string;
  /** Integer division truncating toward zero, of two integer expressions. */
  intDiv(a: string, b: string): string;
  /** True when array `a` holds every element of array `b`. */
  hasAll(a: string, b: string): string;
  /** An array literal of already-rendered items. */
  array(items: readonly string[]): string;
  /** An expression that stops the query with `message` (for `handleUnknown: 'error'`). */
  fail(message: string): string;
  /**
   * A searched-CASE arm (`WHEN … THEN … `, with its trailing space) that stops the query with
   * `message` on a row where `cond` is true and is never taken otherwise. Emitters guard with it
   * rather than with `WHEN cond THEN fail(…)`, which ClickHouse may evaluate on rows where `cond`
   * is false (a CASE inlined into another CASE's lazily evaluated branch).
   */
  failArm(cond: string, message: string): string;
  /** The population standard deviation aggregate of x (ClickHouse: the numerically stable `stddevPopStable`; its `stddevPop` sums squares). */
  stddevPop(x: string): string;
  /** How to keep the first n rows per group. */
  readonly topN: TopNStyle;
}

/** Rejects text SQL cannot carry safely: NUL and lone UTF-16 surrogates (not encodable as UTF-8). */
export function checkSqlText(value: string, what: string, fn: string, option: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) throw new OptionsError(`${fn}: ${what} ${JSON.stringify(value)} contains a NUL character, which SQL text cannot hold`, option);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      throw new OptionsError(`${fn}: ${what} ${JSON.stringify(value)} contains a lone UTF-16 surrogate, which is not valid Unicode`, option);
    }
  }
}

/** `"a""b"`: the SQL-standard quoting (DuckDB, Trino). */
const doubleQuoted = (s: string): string => `"${s.replaceAll('"', '""')}"`;
/** `'it''s'`: the SQL-standard literal (DuckDB, Trino: backslash is an ordinary character). */
const standardText = (s: string): string => `'${s.replaceAll("'", "''")}'`;
/** Backslash escapes (ClickHouse and Spark read `\` as an escape inside quotes). */
const backslashed = (s: string, quote: string): string => quote + s.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`) + quote;

const DUCKDB: Dialect = {
  name: 'duckdb',
  stddevPop: (x) => `STDDEV_POP(${x})`,
  ident: doubleQuoted,
  text: standardText,
  double: 'DOUBLE',
  varchar: 'VARCHAR',
  ln: (x) => `ln(${x})`,
  log1p: (x) => `ln(1e0 + ${x})`,
  exp: (x) => `exp(${x})`,
  sqrt: (x) => `sqrt(${x})`,
  isNan: (x) => `isnan(${x})`,
  isFinite: (x) => `isfinite(${x})`,
  boolToDouble: (b) => `CAST(${b} AS DOUBLE)`,
  argMin: (items) => `(list_position([${items.join(', ')}], list_min([${items.join(', ')}])) - 1)`,
  intDiv: (a, b) => `(${a} // ${b})`,
  hasAll: (a, b) => `list_has_all(${a}, ${b})`,
  array: (items) => `[${items.join(', ')}]`,
  fail: (m) => `error(${standardText(m)})`,
  failArm: (c, m) => `WHEN ${c} THEN error(${standardText(m)}) `,
  topN: 'qualify',
};

const CLICKHOUSE: Dialect = {
  name: 'clickhouse',
  stddevPop: (x) => `stddevPopStable(${x})`,
  ident: (s) => backslashed(s, '`'),
  text: (s) => backslashed(s, "'"),
  // Nullable: ClickHouse refuses to CAST NULL to a plain Float64
  double: 'Nullable(Float64)',
  varchar: 'String',
  ln: (x) => `log(${x})`,
  log1p: (x) => `log1p(${x})`,
  exp: (x) => `exp(${x})`,
  sqrt: (x) => `sqrt(${x})`,
  isNan: (x) => `isNaN(${x})`,
  isFinite: (x) => `isFinite(${x})`,
  boolToDouble: (b) => `toFloat64(${b})`,
  argMin: (items) => `(indexOf([${items.join(', ')}], arrayMin([${items.join(', ')}])) - 1)`,
  intDiv: (a, b) => `intDiv(${a}, ${b})`,
  hasAll: (a, b) => `hasAll(${a}, ${b})`,
  array: (items) => `[${items.join(', ')}]`,
  // materialize: a constant throwIf(1, …) is folded when the query is analysed and throws even when
  // its CASE branch is never taken; as a column it is evaluated (short-circuit) only where taken
  fail: (m) => `throwIf(materialize(1), ${backslashed(m, "'")})`,
  // the condition itself goes to throwIf, which returns 0 or stops the query: correct on whatever
  // rows ClickHouse evaluates it
  failArm: (c, m) => `WHEN throwIf(ifNull(${c}, 0), ${backslashed(m, "'")}) != 0 THEN NULL `,
  topN: 'limitBy',
};

const SPARK: Dialect = {
  name: 'spark',
  stddevPop: (x) => `STDDEV_POP(${x})`,
  ident: (s) => `\`${s.replaceAll('`', '``')}\``,
  text: (s) => backslashed(s, "'"),
  double: 'DOUBLE',
  varchar: 'STRING',
  ln: (x) => `ln(${x})`,
  log1p: (x) => `log1p(${x})`,
  exp: (x) => `exp(${x})`,
  sqrt: (x) => `sqrt(${x})`,
  isNan: (x) => `isnan(${x})`,
  isFinite: (x) => `(NOT isnan(${x}) AND abs(${x}) <> double('Infinity'))`,
  boolToDouble: (b) => `CAST(${b} AS DOUBLE)`,
  argMin: (items) => `(array_position(array(${items.join(', ')}), array_min(array(${items.join(', ')}))) - 1)`,
  intDiv: (a, b) => `(${a} div ${b})`,
  hasAll: (a, b) => `(size(array_except(${b}, ${a})) = 0)`,
  array: (items) => `array(${items.join(', ')})`,
  fail: (m) => `raise_error(${backslashed(m, "'")})`,
  failArm: (c, m) => `WHEN ${c} THEN raise_error(${backslashed(m, "'")}) `,
  topN: 'subquery',
};

const TRINO: Dialect = {
  name: 'trino',
  stddevPop: (x) => `STDDEV_POP(${x})`,
  ident: doubleQuoted,
  text: standardText,
  double: 'DOUBLE',
  varchar: 'VARCHAR',
  ln: (x) => `ln(${x})`,
  log1p: (x) => `ln(1e0 + ${x})`,
  exp: (x) => `exp(${x})`,
  sqrt: (x) => `sqrt(${x})`,
  isNan: (x) => `is_nan(${x})`,
  isFinite: (x) => `is_finite(${x})`,
  boolToDouble: (b) => `CAST(${b} AS DOUBLE)`,
  argMin: (items) => `(array_position(ARRAY[${items.join(', ')}], array_min(ARRAY[${items.join(', ')}])) - 1)`,
  intDiv: (a, b) => `(CAST(${a} AS BIGINT) / CAST(${b} AS BIGINT))`,
  hasAll: (a, b) => `(cardinality(array_except(${b}, ${a})) = 0)`,
  array: (items) => `ARRAY[${items.join(', ')}]`,
  fail: (m) => `fail(${standardText(m)})`,
  failArm: (c, m) => `WHEN ${c} THEN fail(${standardText(m)}) `,
  topN: 'subquery',
};

const TABLE: Readonly<Record<SqlDialectName, Dialect>> = { duckdb: DUCKDB, clickhouse: CLICKHOUSE, spark: SPARK, trino: TRINO };

/** The dialect table entry for `name`. @throws OptionsError for an unknown dialect */
export function dialectOf(name: unknown, fn: string): Dialect {
  if (typeof name === 'string' && Object.hasOwn(TABLE, name)) return TABLE[name as SqlDialectName];
  throw new OptionsError(`${fn}: dialect must be one of ${SQL_DIALECTS.map((d) => `'${d}'`).join(', ')}, got ${JSON.stringify(name) ?? String(name)}`, 'dialect');
}

/**
 * A finite double as a DOUBLE literal: the shortest round-trip digits with an exponent (`1e-1`,
 * `-2.5e3` in parentheses), so that no dialect reads it as DECIMAL and the parsed value is the
 * same double, bit for bit.
 * @throws ModelError for NaN or ±Infinity
 */
export function numberLiteral(x: number, fn: string, what: string): string {
  if (!Number.isFinite(x)) throw new ModelError(`${fn}: ${what} is ${x}; only finite numbers can be written as SQL literals`);
  if (Object.is(x, -0)) return '0e0';
  const s = x.toExponential().replace('e+', 'e');
  return x < 0 ? `(${s})` : s;
}

/** An integer as a plain literal (for indexes and counts). */
export function intLiteral(n: number): string {
  return n < 0 ? `(${n})` : String(n);
}
