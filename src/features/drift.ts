/**
 * Drift between a reference window and a current window: population stability index, the
 * two-sample Kolmogorov–Smirnov test, and `detectDrift` over every feature of two matrices.
 *
 * @module
 */
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { MatrixInput } from '../matrix/feature-matrix.js';
import { quantileSorted } from '../internal/quantile.js';
import { exp, log } from '../internal/math.js';
import { defineOptions, described, int, real, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { requireNumbers } from '../internal/guards.js';
import { MAX_BINS } from '../limits.js';

/** Options of {@link populationStabilityIndex}. @category Features */
export interface PsiOptions {
  /** Quantile bins taken from the reference (default 10; equal quantiles merge, so a constant column has 1 bin). */
  bins?: number;
  /** Floor for a bin's share, so empty bins stay finite (default 1e-4). */
  epsilon?: number;
}

/** Result of {@link ksTest}. @category Features */
export interface KsResult {
  /** The KS statistic D = sup |F_a(x) − F_b(x)|, 0..1. */
  readonly statistic: number;
  /** Asymptotic two-sided p-value, `Q_KS(√(nm/(n+m)) · D)`. */
  readonly pValue: number;
  /** Non-missing values in `a`. */
  readonly n: number;
  /** Non-missing values in `b`. */
  readonly m: number;
}

/** Options of {@link detectDrift}. @category Features */
export interface DriftOptions extends PsiOptions {
  /** PSI at or above this is `'warn'` (default 0.1). */
  psiWarn?: number;
  /** PSI at or above this is `'alert'` (default 0.25). */
  psiAlert?: number;
  /** A KS p-value below this (with `ks ≥ ksMinStatistic`) is `'warn'` (default 0.01; 0 disables KS flags). */
  ksAlpha?: number;
  /** Smallest KS statistic that may flag (default 0.1): with big samples every tiny shift is significant. */
  ksMinStatistic?: number;
  /** Columns to compare (default every reference column). */
  columns?: readonly string[];
}

/** Drift figures of one feature. @category Features */
export interface FeatureDrift {
  readonly feature: string;
  /** Population stability index. */
  readonly psi: number;
  /** KS statistic (NaN when a side has no values). */
  readonly ks: number;
  /** KS asymptotic p-value (NaN when a side has no values). */
  readonly pValue: number;
  readonly level: 'stable' | 'warn' | 'alert';
}

/** What {@link detectDrift} returns. @category Features */
export interface DriftReport {
  /** One entry per compared column, in column order. */
  readonly features: readonly FeatureDrift[];
  /** Names of the features at `'warn'` or `'alert'`, in column order. */
  readonly flagged: readonly string[];
}

const psiShape = {
  bins: int(1, MAX_BINS).default(10),
  epsilon: real({ gt: 0, lt: 1 }).default(1e-4),
};
const parsePsiOptions = defineOptions('populationStabilityIndex', psiShape);
const parseDriftOptions = defineOptions(
  'detectDrift',
  {
    ...psiShape,
    psiWarn: real({ min: 0 }).default(0.1),
    psiAlert: real({ min: 0 }).default(0.25),
    ksAlpha: real({ min: 0, max: 1 }).default(0.01),
    ksMinStatistic: real({ min: 0, max: 1 }).default(0.1),
    columns: described(o.array(str(true)).readonly(), 'an array of column names').optional(),
  },
);

/** Sorted finite values and the count of NaN; ±Infinity is a DataError. */
function prepare(x: ArrayLike<number>, fn: string, what: string): { sorted: Float64Array; missing: number } {
  const out = new Float64Array(x.length);
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (typeof v !== 'number') throw new DataError(`${fn}: ${what}[${i}] is not a number`);
    if (Number.isNaN(v)) continue;
    if (v === Infinity || v === -Infinity) throw new DataError(`${fn}: ${what}[${i}] is ${v}; expected finite numbers (NaN = missing)`);
    out[k++] = v;
  }
  const sorted = out.slice(0, k).sort();
  return { sorted, missing: x.length - k };
}

/** Number of edges strictly below v (bin of v when bins are `(e_{b−1}, e_b]`). */
function binOf(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** PSI with checked options (`bins`, `epsilon` resolved by the caller's options parser). */
function psiCore(reference: ArrayLike<number>, current: ArrayLike<number>, options: { bins: number; epsilon: number }, fn: string): number {
  const bins = options.bins;
  const eps = options.epsilon;
  if (reference.length === 0 || current.length === 0) throw new DataError(`${fn}: reference and current must not be empty (got ${reference.length} and ${current.length} values)`);
  const ref = prepare(reference, fn, 'reference');
  const cur = prepare(current, fn, 'current');
  const cuts: number[] = [];
  if (ref.sorted.length > 0) {
    for (let k = 1; k < bins; k++) {
      const q = quantileSorted(ref.sorted, k / bins);
      if (cuts.length === 0 || q > cuts[cuts.length - 1]!) cuts.push(q);
    }
  }
  const edges = Float64Array.from(cuts);
  const nb = edges.length + 1;
  const e = new Float64Array(nb + 1);
  const a = new Float64Array(nb + 1);
  for (const v of ref.sorted) e[binOf(edges, v)]!++;
  for (const v of cur.sorted) a[binOf(edges, v)]!++;
  e[nb] = ref.missing;
  a[nb] = cur.missing;
  const withMissing = ref.missing > 0 || cur.missing > 0;
  let psi = 0;
  for (let b = 0; b < nb + (withMissing ? 1 : 0); b++) {
    const eb = Math.max(e[b]! / reference.length, eps);
    const ab = Math.max(a[b]! / current.length, eps);
    psi += (ab - eb) * log(ab / eb);
  }
  return psi;
}

/**
 * Population stability index of `current` against `reference`:
 * `PSI = Σ_b (a_b − e_b) · ln(a_b / e_b)`, with `e_b`, `a_b` the shares of reference and current
 * values in bin `b` (floored at `epsilon`). Bins are `(q_{b−1}, q_b]` between the reference's
 * quantiles at `1/bins, 2/bins, …` (linear interpolation, R type 7; equal quantiles merge), with
 * open ends; NaN (missing) values get their own bin when either side has any.
 * Common reading: under 0.1 stable, 0.1–0.25 some shift, over 0.25 a major shift.
 *
 * @param reference - values of the reference window (NaN = missing)
 * @param current - values of the current window (NaN = missing)
 * @param options - binning
 * @param options.bins - quantile bins (default 10)
 * @param options.epsilon - share floor (default 1e-4)
 * @returns the PSI, ≥ 0
 * @throws DataError on empty input or ±Infinity
 * @throws OptionsError for an unknown or out-of-range option
 * @example
 * populationStabilityIndex([1, 2, 3, 4], [1, 2, 3, 4], { bins: 2 }) // => 0
 * @category Features
 */
export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>, options: PsiOptions = {}): number {
  const fn = 'populationStabilityIndex';
  const opts = parsePsiOptions(options);
  requireNumbers(fn, 'reference', reference);
  requireNumbers(fn, 'current', current);
  return psiCore(reference, current, opts, fn);
}

/**
 * Kolmogorov's limiting distribution, upper tail: `Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}`
 * (for λ < 1.18 through the equivalent `1 − √(2π)/λ Σ e^{−(2k−1)²π²/(8λ²)}`, which converges fast there).
 */
function kolmogorovSf(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    const c = (-Math.PI * Math.PI) / (8 * lambda * lambda);
    let s = 0;
    for (let k = 1; k <= 20; k++) {
      const t = exp(c * (2 * k - 1) * (2 * k - 1));
      s += t;
      if (t < 1e-17) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * s));
  }
  let s = 0;
  for (let k = 1; k <= 100; k++) {
    const t = exp(-2 * k * k * lambda * lambda);
    s += k % 2 === 1 ? t : -t;
    if (t < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

function ksCore(a: ArrayLike<number>, b: ArrayLike<number>, fn: string): KsResult {
  const x = prepare(a, fn, 'a').sorted;
  const y = prepare(b, fn, 'b').sorted;
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) return { statistic: NaN, pValue: NaN, n, m };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < n && x[i] === v) i++;
    while (j < m && y[j] === v) j++;
    const diff = Math.abs(i / n - j / m);
    if (diff > d) d = diff;
  }
  const en = (n * m) / (n + m);
  return { statistic: d, pValue: kolmogorovSf(Math.sqrt(en) * d), n, m };
}

/**
 * Two-sample Kolmogorov–Smirnov test: the statistic `D = sup_x |F_a(x) − F_b(x)|` over the
 * empirical distribution functions, and the asymptotic two-sided p-value
 * `Q_KS(√(nm/(n+m)) · D)` with Kolmogorov's limiting distribution (Smirnov 1948; scipy's
 * `kstwobign.sf`). The p-value is an approximation for small samples. NaN values are missing and
 * left out (`n`, `m` count the rest).
 *
 * @param a - first sample
 * @param b - second sample
 * @returns statistic, p-value and sample sizes
 * @throws DataError when a sample has no non-missing value, or holds ±Infinity
 * @example
 * ksTest([1, 2, 3], [4, 5, 6]).statistic // => 1
 * @category Features
 */
export function ksTest(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  requireNumbers('ksTest', 'a', a);
  requireNumbers('ksTest', 'b', b);
  const r = ksCore(a, b, 'ksTest');
  if (r.n === 0 || r.m === 0) throw new DataError(`ksTest: each sample needs a non-missing value (got ${r.n} and ${r.m})`);
  return r;
}

/**
 * Compares every feature of a current matrix with a reference matrix (columns matched by name)
 * and flags the ones that moved: level `'alert'` when PSI ≥ `psiAlert`; `'warn'` when PSI ≥
 * `psiWarn`, or when the KS p-value is under `ksAlpha` and the KS statistic is at least
 * `ksMinStatistic`; else `'stable'`. A feature flagged is a signal to refit what uses it.
 *
 * @param reference - the matrix a model was fitted on (n × p)
 * @param current - the recent matrix (m × p′, must hold the compared columns)
 * @param options - thresholds and binning
 * @param options.psiWarn - default 0.1
 * @param options.psiAlert - default 0.25
 * @param options.ksAlpha - default 0.01
 * @param options.ksMinStatistic - default 0.1
 * @param options.bins - PSI quantile bins (default 10)
 * @param options.epsilon - PSI share floor (default 1e-4)
 * @param options.columns - columns to compare (default all of the reference's)
 * @returns per-feature figures and the flagged feature names
 * @throws DimensionError when a compared column is missing from either matrix
 * @throws DataError on empty matrices or ±Infinity values
 * @throws OptionsError for an unknown or out-of-range option, or psiWarn > psiAlert
 * @example
 * const ref = [[1], [2], [3], [4]];
 * detectDrift(ref, [[1], [2], [3], [4]]).flagged // => []
 * @category Features
 */
export function detectDrift(reference: MatrixInput, current: MatrixInput, options: DriftOptions = {}): DriftReport {
  const fn = 'detectDrift';
  const opts = parseDriftOptions(options);
  const ref = toFeatureMatrix(reference, fn);
  const cur = toFeatureMatrix(current, fn);
  const { psiWarn, psiAlert, ksAlpha, ksMinStatistic: ksMin } = opts;
  if (psiAlert < psiWarn) throw new OptionsError(`${fn}: options psiWarn and psiAlert need psiWarn ≤ psiAlert, got ${psiWarn} and ${psiAlert}`, 'psiWarn');
  if (ref.nRows === 0 || cur.nRows === 0) throw new DataError(`${fn}: reference and current need rows (got ${ref.nRows} and ${cur.nRows})`);
  const cols = opts.columns ?? ref.columns;
  const features: FeatureDrift[] = [];
  const flagged: string[] = [];
  for (const name of cols) {
    const jr = ref.columns.indexOf(name);
    const jc = cur.columns.indexOf(name);
    if (jr < 0) throw new DimensionError(`${fn}: reference has no column ${JSON.stringify(name)}`);
    if (jc < 0) throw new DimensionError(`${fn}: current has no column ${JSON.stringify(name)}`);
    const a = new Float64Array(ref.nRows);
    for (let i = 0; i < ref.nRows; i++) a[i] = ref.values[i * ref.nCols + jr]!;
    const b = new Float64Array(cur.nRows);
    for (let i = 0; i < cur.nRows; i++) b[i] = cur.values[i * cur.nCols + jc]!;
    const psi = psiCore(a, b, opts, `${fn} (column ${name})`);
    const ks = ksCore(a, b, `${fn} (column ${name})`);
    let level: FeatureDrift['level'] = 'stable';
    if (psi >= psiAlert) level = 'alert';
    else if (psi >= psiWarn || (ks.pValue < ksAlpha && ks.statistic >= ksMin)) level = 'warn';
    features.push({ feature: name, psi, ks: ks.statistic, pValue: ks.pValue, level });
    if (level !== 'stable') flagged.push(name);
  }
  return { features, flagged };
}
