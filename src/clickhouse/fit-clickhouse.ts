/**
 * Fits over every row of a ClickHouse table that move only parameters: `lloydStepClickHouse` and
 * `fitKMeansClickHouse` (centroids out, per-segment sums and counts back), `quantilesClickHouse`
 * (exact type-7 quantiles from two order statistics each) and `columnStatsClickHouse` (the
 * population statistics of standardisation).
 *
 * @module
 */
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { MAX_CLUSTERS, MAX_ITER } from '../limits.js';
import { numberLiteral } from '../sql/dialect.js';
import { SEGMENT_MODEL_VERSIONS } from '../segment/model-kinds.js';
import type { KMeansModel } from '../segment/kmeans.js';
import { checkClient, checkName, ident, requireTable, rows, tableSql } from './connect-clickhouse.js';
import type { ClickHouseClientLike, TableName } from './connect-clickhouse.js';

/** Most numeric columns one fit reads. */
const MAX_COLUMNS = 10_000;

function checkObject(o: unknown, keys: readonly string[], fn: string): void {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new OptionsError(`${fn}: options must be an object`, 'options');
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new OptionsError(`${fn}: unknown option '${k}'`, k);
}

function checkColumns(c: unknown, fn: string): string[] {
  if (!Array.isArray(c) || c.length === 0) throw new OptionsError(`${fn}: columns must be a non-empty array of column names`, 'columns');
  if (c.length > MAX_COLUMNS) throw new OptionsError(`${fn}: columns lists more than ${MAX_COLUMNS} columns`, 'columns');
  const out = c.map((x) => checkName(x, fn, 'columns'));
  if (new Set(out).size !== out.length) throw new OptionsError(`${fn}: columns lists a column twice`, 'columns');
  return out;
}

function checkSignal(s: unknown, fn: string): AbortSignal | undefined {
  if (s !== undefined && !(s instanceof AbortSignal)) throw new OptionsError(`${fn}: signal must be an AbortSignal`, 'signal');
  return s;
}

/** `CAST(col AS Float64)` of each column, aliased `x0 …` (internal). */
const xs = (cols: readonly string[]): string => cols.map((c, j) => `CAST(${ident(c)} AS Float64) AS x${j}`).join(', ');

/** Squared distance of the row `x0 …` to centroid c, summed left to right as the in-process kernel does. */
function distSql(C: Float64Array, c: number, p: number, fn: string): string {
  const terms: string[] = [];
  for (let j = 0; j < p; j++) {
    const v = numberLiteral(C[c * p + j]!, fn, `centroid ${c} column ${j}`);
    terms.push(`(x${j} - ${v}) * (x${j} - ${v})`);
  }
  return terms.reduce((a, b) => `(${a} + ${b})`);
}

/** The zero-based index of the nearest centroid, ties to the lowest index. */
function nearestSql(C: Float64Array, k: number, p: number, fn: string, alias: string): string {
  const d = Array.from({ length: k }, (_, c) => distSql(C, c, p, fn));
  // arrayReduce('min', …) rather than arrayMin: the same value, and ClickHouse 18.16 has it too
  return `(indexOf([${d.join(', ')}] AS ${alias}, arrayReduce('min', ${alias})) - 1)`;
}

/** What one Lloyd step returns: per-segment sums and counts under the given centroids. @category ClickHouse */
export interface LloydStepResult {
  /** k × p sums of the rows nearest each centroid (row-major). */
  readonly sums: Float64Array;
  /** Rows nearest each centroid. */
  readonly counts: number[];
  /** Σ of each row's squared distance to its nearest centroid. */
  readonly inertia: number;
  /** Rows whose nearest centroid under `previous` differs (0 when `previous` is not given). */
  readonly moved: number;
}

/** Options of {@link lloydStepClickHouse}. @category ClickHouse */
export interface LloydStepClickHouseOptions {
  /** The table (required). */
  input: TableName;
  /** Its numeric columns, in the centroids' order (required). */
  columns: readonly string[];
  /** Centroids of the step before, to count the rows that change segment. */
  previous?: readonly (readonly number[])[] | Float64Array;
  signal?: AbortSignal;
}

function toCentroids(c: unknown, p: number, fn: string, option: string, k?: number): Float64Array {
  if (c instanceof Float64Array) {
    if (c.length === 0 || c.length % p !== 0) throw new DimensionError(`${fn}: ${option} has ${c.length} values, not a multiple of ${p} columns`);
    if (c.length / p > MAX_CLUSTERS) throw new OptionsError(`${fn}: ${option} has more than ${MAX_CLUSTERS} centroids`, option);
    if (k !== undefined && c.length / p !== k) throw new DimensionError(`${fn}: ${option} has ${c.length / p} centroids, expected ${k}`);
    for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i]!)) throw new OptionsError(`${fn}: ${option} has a non-finite value`, option);
    return c;
  }
  if (!Array.isArray(c) || c.length === 0) throw new OptionsError(`${fn}: ${option} must be a non-empty array of centroids (k rows of p numbers)`, option);
  if (c.length > MAX_CLUSTERS) throw new OptionsError(`${fn}: ${option} has more than ${MAX_CLUSTERS} centroids`, option);
  if (k !== undefined && c.length !== k) throw new DimensionError(`${fn}: ${option} has ${c.length} centroids, expected ${k}`);
  const out = new Float64Array(c.length * p);
  c.forEach((r: unknown, i) => {
    if (!Array.isArray(r) || r.length !== p) throw new DimensionError(`${fn}: ${option} centroid ${i} must have ${p} values (one per column)`);
    r.forEach((v: unknown, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new OptionsError(`${fn}: ${option} centroid ${i} has a non-finite value at column ${j}`, option);
      out[i * p + j] = v;
    });
  });
  return out;
}

async function step(
  client: ClickHouseClientLike,
  fn: string,
  input: string,
  cols: readonly string[],
  C: Float64Array,
  prev: Float64Array | undefined,
  signal: AbortSignal | undefined,
): Promise<LloydStepResult> {
  const p = cols.length;
  const k = C.length / p;
  const seg = nearestSql(C, k, p, fn, 'telcokit_d');
  const movedSql = prev ? `, ${nearestSql(prev, k, p, fn, 'telcokit_dprev')} AS prev` : '';
  const sums = cols.map((_, j) => `sum(x${j}) AS s${j}`).join(', ');
  const sql =
    `SELECT seg, count() AS n, sum(dist) AS inertia, ${prev ? 'countIf(prev != seg)' : '0'} AS moved, ${sums} FROM ` +
    `(SELECT ${seg} AS seg, telcokit_d[seg + 1] AS dist${movedSql}, * FROM (SELECT ${xs(cols)} FROM ${input})) GROUP BY seg ORDER BY seg`;
  const out = await rows<Record<string, unknown>>(client, fn, sql, signal);
  const res = { sums: new Float64Array(k * p), counts: new Array<number>(k).fill(0), inertia: 0, moved: 0 };
  for (const r of out) {
    const c = Number(r.seg);
    if (!(c >= 0 && c < k)) {
      throw new DataError(`${fn}: a row of ${input} has no nearest centroid (a NULL, NaN or infinite value in the columns); clean or impute them first`);
    }
    res.counts[c] = Number(r.n);
    res.inertia += Number(r.inertia);
    res.moved += Number(r.moved);
    for (let j = 0; j < p; j++) res.sums[c * p + j] = Number(r[`s${j}`]);
  }
  return res;
}

/**
 * One Lloyd step over every row of a table, moving only parameters: TypeScript sends the k × p
 * centroids as literals, ClickHouse gives each row its nearest centroid (squared distances summed
 * column by column as `assignSegments` does; ties to the lowest index) and returns per segment
 * the count and the column sums. The new centroids are `sums / counts`. Cost: one scan of the p
 * columns, k·p subtractions and multiplications per row, k groups out; on a cluster each shard
 * aggregates its rows and only k × (p + 2) partial sums cross the network.
 *
 * @param client - from `connectClickHouse` or `openChdb`
 * @param centroids - k rows of p numbers (or k·p row-major)
 * @param options - `input`, `columns` (required), `previous`, `signal`
 * @returns `{ sums, counts, inertia, moved }`
 * @throws DataError when the table does not exist, a column holds NULL/NaN/±Infinity, or ClickHouse fails
 * @throws DimensionError when a centroid does not have one value per column
 * @throws OptionsError for a bad option
 * @category ClickHouse
 */
export async function lloydStepClickHouse(
  client: ClickHouseClientLike,
  centroids: readonly (readonly number[])[] | Float64Array,
  options: LloydStepClickHouseOptions,
): Promise<LloydStepResult> {
  const fn = 'lloydStepClickHouse';
  checkClient(client, fn);
  checkObject(options, ['input', 'columns', 'previous', 'signal'], fn);
  const signal = checkSignal(options.signal, fn);
  const cols = checkColumns(options.columns, fn);
  const C = toCentroids(centroids, cols.length, fn, 'centroids');
  const prev = options.previous === undefined ? undefined : toCentroids(options.previous, cols.length, fn, 'previous', C.length / cols.length);
  const input = tableSql(options.input, fn, 'input');
  await requireTable(client, fn, input, 'input', signal);
  return step(client, fn, input, cols, C, prev, signal);
}

/** Options of {@link fitKMeansClickHouse}. @category ClickHouse */
export interface FitKMeansClickHouseOptions {
  /** The table (required). */
  input: TableName;
  /** Its numeric columns (required): the model's `featureNames`. */
  columns: readonly string[];
  /** Start centroids, k rows of p numbers (required: from `fitKMeans` on a sample, or any start). */
  init: readonly (readonly number[])[];
  /** Most iterations (default 300). */
  maxIter?: number;
  /** Relative tolerance on the summed squared centroid shift, scaled by the mean column variance as in `fitKMeans` (default 1e-4). */
  tol?: number;
  /** Called after each iteration. */
  onProgress?: (p: { stage: 'iteration'; done: number; total: number; metrics: { moved: number; shift: number } }) => void;
  signal?: AbortSignal;
}

/**
 * Fits k-means over every row of a ClickHouse table by Lloyd's algorithm, the loop in TypeScript
 * and each step in ClickHouse ({@link lloydStepClickHouse}): the data never leaves the server,
 * only k × p centroids go out and k × (p + 2) sums come back per iteration. From the same start
 * it follows `fitKMeans(…, { init, algorithm: 'lloyd' })`: the same update (`sum · (1 / count)`),
 * the same stopping rules (no centroid moves, the shift at most `tol` × mean column variance, or
 * no row changing segment), so the same assignments; the centroids agree to rounding (ClickHouse
 * sums in its own order). An empty segment keeps its centroid (in-process, it takes the farthest
 * row; empty segments are reported in `emptySegments`). One more scan computes the column
 * variances for `tol`.
 *
 * @param client - from `connectClickHouse` or `openChdb`
 * @param options - `input`, `columns`, `init` (required), `maxIter`, `tol`, `onProgress`, `signal`
 * @returns a `segment/kmeans` model (for `assignSegments`, `toSql`, `serializeModel`) and the segments left empty
 * @throws DataError when the table does not exist, is empty, a column holds NULL/NaN/±Infinity, or ClickHouse fails
 * @throws DimensionError when an init centroid does not have one value per column
 * @throws OptionsError for a bad option
 * @category ClickHouse
 */
export async function fitKMeansClickHouse(client: ClickHouseClientLike, options: FitKMeansClickHouseOptions): Promise<{ model: KMeansModel; emptySegments: number[] }> {
  const fn = 'fitKMeansClickHouse';
  checkClient(client, fn);
  checkObject(options, ['input', 'columns', 'init', 'maxIter', 'tol', 'onProgress', 'signal'], fn);
  const signal = checkSignal(options.signal, fn);
  const cols = checkColumns(options.columns, fn);
  const p = cols.length;
  const C0 = toCentroids(options.init, p, fn, 'init');
  const k = C0.length / p;
  const maxIter = options.maxIter ?? 300;
  if (!Number.isInteger(maxIter) || maxIter < 1 || maxIter > MAX_ITER) throw new OptionsError(`${fn}: maxIter must be an integer in 1…${MAX_ITER}, got ${String(maxIter)}`, 'maxIter');
  const tol = options.tol ?? 1e-4;
  if (typeof tol !== 'number' || !(tol >= 0) || !Number.isFinite(tol)) throw new OptionsError(`${fn}: tol must be a finite number ≥ 0, got ${String(tol)}`, 'tol');
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new OptionsError(`${fn}: onProgress must be a function`, 'onProgress');
  const input = tableSql(options.input, fn, 'input');
  await requireTable(client, fn, input, 'input', signal);
  let tolAbs = 0;
  if (tol > 0) {
    const stats = await statsOf(client, fn, input, cols, signal);
    let t = 0;
    for (const s of stats) t += s.variance;
    tolAbs = tol * (t / p);
  }
  let C = Float64Array.from(C0);
  let s = await step(client, fn, input, cols, C, undefined, signal);
  let n = 0;
  for (const c of s.counts) n += c;
  if (n === 0) throw new DataError(`${fn}: table ${input} has no rows`);
  let iterations = 0;
  let converged = false;
  for (let it = 1; it <= maxIter; it++) {
    iterations = it;
    const next = Float64Array.from(C);
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (s.counts[c] === 0) continue;
      const inv = 1 / s.counts[c]!;
      for (let j = 0; j < p; j++) {
        const v = s.sums[c * p + j]! * inv;
        const d = v - C[c * p + j]!;
        shift += d * d;
        next[c * p + j] = v;
      }
    }
    if (shift === 0) {
      converged = true;
      options.onProgress?.({ stage: 'iteration', done: it, total: maxIter, metrics: { moved: 0, shift } });
      break;
    }
    const prev = C;
    C = next;
    s = await step(client, fn, input, cols, C, prev, signal);
    options.onProgress?.({ stage: 'iteration', done: it, total: maxIter, metrics: { moved: s.moved, shift } });
    if (shift <= tolAbs) {
      converged = true;
      break;
    }
    if (s.moved === 0) {
      converged = true;
      if (it < maxIter) iterations = it + 1;
      break;
    }
  }
  const emptySegments = s.counts.flatMap((c, i) => (c === 0 ? [i] : []));
  const model: KMeansModel = {
    kind: 'segment/kmeans',
    version: SEGMENT_MODEL_VERSIONS['segment/kmeans'],
    options: { k, seed: 0, init: 'given', nInit: 1, maxIter, tol, algorithm: 'lloyd', batchSize: 1024 },
    featureNames: [...cols],
    centroids: C as Float64Array<ArrayBuffer>,
    sizes: [...s.counts],
    inertia: s.inertia,
    iterations,
    converged,
  };
  return { model, emptySegments };
}

/** Population statistics of one column (internal shape of {@link columnStatsClickHouse}). */
export interface ClickHouseColumnStats {
  readonly column: string;
  /** Rows with a value (not NULL, not NaN). */
  readonly count: number;
  /** Rows with NULL or NaN. */
  readonly missing: number;
  readonly mean: number;
  /** Population variance (divisor `count`, as scikit-learn's StandardScaler and the `standardize` step). */
  readonly variance: number;
  /** √variance. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

async function statsOf(client: ClickHouseClientLike, fn: string, input: string, cols: readonly string[], signal: AbortSignal | undefined): Promise<ClickHouseColumnStats[]> {
  const present = (j: number): string => `(x${j} IS NOT NULL AND NOT isNaN(x${j}))`;
  const first = cols.map((_, j) => `countIf(${present(j)}) AS c${j}, sumKahanIf(x${j}, ${present(j)}) AS s${j}, minIf(x${j}, ${present(j)}) AS lo${j}, maxIf(x${j}, ${present(j)}) AS hi${j}`);
  const a = (await rows<Record<string, unknown>>(client, fn, `SELECT count() AS n, ${first.join(', ')} FROM (SELECT ${xs(cols).replaceAll('AS Float64', 'AS Nullable(Float64)')} FROM ${input})`, signal))[0]!;
  const n = Number(a.n);
  const means = cols.map((_, j) => (Number(a[`c${j}`]) === 0 ? NaN : Number(a[`s${j}`]) / Number(a[`c${j}`])));
  for (let j = 0; j < cols.length; j++) {
    if (Number.isNaN(means[j]!)) throw new DataError(`${fn}: column ${cols[j]} of ${input} has no values`);
    if (!Number.isFinite(means[j]!)) throw new DataError(`${fn}: column ${cols[j]} of ${input} holds ±Infinity`);
  }
  // two passes: the squared deviations from the mean computed in the first (no cancellation)
  const second = cols.map((_, j) => `sumKahanIf((x${j} - ${numberLiteral(means[j]!, fn, 'mean')}) * (x${j} - ${numberLiteral(means[j]!, fn, 'mean')}), ${present(j)}) AS q${j}`);
  const b = (await rows<Record<string, unknown>>(client, fn, `SELECT ${second.join(', ')} FROM (SELECT ${xs(cols).replaceAll('AS Float64', 'AS Nullable(Float64)')} FROM ${input})`, signal))[0]!;
  return cols.map((column, j) => {
    const count = Number(a[`c${j}`]);
    const variance = Number(b[`q${j}`]) / count;
    return { column, count, missing: n - count, mean: means[j]!, variance, std: Math.sqrt(variance), min: Number(a[`lo${j}`]), max: Number(a[`hi${j}`]) };
  });
}

/** Options of {@link columnStatsClickHouse}. @category ClickHouse */
export interface ColumnStatsClickHouseOptions {
  /** The table (required). */
  input: TableName;
  /** Its numeric columns (required). */
  columns: readonly string[];
  signal?: AbortSignal;
}

/**
 * The population statistics of standardisation over every row of a table, in two scans: count,
 * missing (NULL or NaN), mean (Kahan-summed), population variance (Σ(x − mean)² / count, from the
 * first scan's mean), standard deviation, min and max. These are the numbers the pipeline's
 * `standardize` step fits (its `mean` and `scale`, a constant column getting scale 1), agreeing
 * with the in-process fit on the same rows to about 1e-12 relative. On a cluster each scan is one
 * aggregation per shard and p partial sums per shard over the network.
 *
 * @param client - from `connectClickHouse` or `openChdb`
 * @param options - `input`, `columns` (required), `signal`
 * @returns one entry per column
 * @throws DataError when the table does not exist, a column has no values or holds ±Infinity, or ClickHouse fails
 * @throws OptionsError for a bad option
 * @category ClickHouse
 */
export async function columnStatsClickHouse(client: ClickHouseClientLike, options: ColumnStatsClickHouseOptions): Promise<ClickHouseColumnStats[]> {
  const fn = 'columnStatsClickHouse';
  checkClient(client, fn);
  checkObject(options, ['input', 'columns', 'signal'], fn);
  const signal = checkSignal(options.signal, fn);
  const cols = checkColumns(options.columns, fn);
  const input = tableSql(options.input, fn, 'input');
  await requireTable(client, fn, input, 'input', signal);
  return statsOf(client, fn, input, cols, signal);
}

/** Options of {@link quantilesClickHouse}. @category ClickHouse */
export interface QuantilesClickHouseOptions {
  /** The table (required). */
  input: TableName;
  /** The numeric column (required). */
  column: string;
  /** Probabilities in [0, 1] (required, at most 1,000). */
  probabilities: readonly number[];
  signal?: AbortSignal;
}

/**
 * Exact type-7 quantiles of a column over every row (the definition of `quantileSorted`, used by
 * tag quantile rules, `quantileBin`, `robust` and `winsorize`): the present values (not NULL, not
 * NaN) are counted, and for each probability q the two order statistics around h = (m − 1)·q are
 * fetched with `ORDER BY x LIMIT 2 OFFSET ⌊h⌋` and interpolated in TypeScript exactly as
 * in-process, so the thresholds are bit for bit equal. Cost per probability: one top-(⌊h⌋ + 2)
 * partial sort (ClickHouse's `quantilesExact` keeps every value too; `quantilesTDigest` is the
 * bounded-memory approximation to use instead at 10⁹ rows when exact thresholds are not needed).
 *
 * @param client - from `connectClickHouse` or `openChdb`
 * @param options - `input`, `column`, `probabilities` (required), `signal`
 * @returns one quantile per probability
 * @throws DataError when the table does not exist, the column has no values, or ClickHouse fails
 * @throws OptionsError for a probability outside [0, 1] or a bad option
 * @category ClickHouse
 */
export async function quantilesClickHouse(client: ClickHouseClientLike, options: QuantilesClickHouseOptions): Promise<number[]> {
  const fn = 'quantilesClickHouse';
  checkClient(client, fn);
  checkObject(options, ['input', 'column', 'probabilities', 'signal'], fn);
  const signal = checkSignal(options.signal, fn);
  const col = ident(checkName(options.column, fn, 'column'));
  const qs = options.probabilities;
  if (!Array.isArray(qs) || qs.length === 0 || qs.length > 1000) throw new OptionsError(`${fn}: probabilities must be an array of 1…1000 numbers in [0, 1]`, 'probabilities');
  for (const q of qs as unknown[]) {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) throw new OptionsError(`${fn}: probabilities must be numbers in [0, 1], got ${String(q)}`, 'probabilities');
  }
  const input = tableSql(options.input, fn, 'input');
  await requireTable(client, fn, input, 'input', signal);
  const src = `(SELECT CAST(${col} AS Nullable(Float64)) AS x FROM ${input}) WHERE x IS NOT NULL AND NOT isNaN(x)`;
  const m = Number((await rows<{ c: unknown }>(client, fn, `SELECT count() AS c FROM ${src}`, signal))[0]!.c);
  if (m === 0) throw new DataError(`${fn}: column ${options.column} of ${input} has no values`);
  const out: number[] = [];
  for (const q of qs) {
    const h = (m - 1) * q;
    const lo = Math.floor(h);
    const f = h - lo;
    const pair = (await rows<{ x: unknown }>(client, fn, `SELECT x FROM ${src} ORDER BY x LIMIT ${f === 0 ? 1 : 2} OFFSET ${lo}`, signal)).map((r) => Number(r.x));
    if (pair.length === 0) throw new DataError(`${fn}: the table changed while reading ${options.column}`);
    const a = pair[0]!;
    if (!Number.isFinite(a) || (f !== 0 && !Number.isFinite(pair[1]!))) {
      // ±Infinity round-trips through JSON as null; keep the in-process arithmetic on it
      throw new DataError(`${fn}: column ${options.column} of ${input} holds ±Infinity`);
    }
    out.push(f === 0 ? a : a + f * (pair[1]! - a));
  }
  return out;
}
