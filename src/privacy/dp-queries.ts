/**
 * Differentially private aggregates: `dpCount`, `dpSum`, `dpMean`, `dpHistogram`. Neighbouring
 * tables differ by one row added or removed. Counts use exact discrete noise.
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import { defineOptions, described, func, oneOf, real, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { chargeBudget } from './privacy-budget.js';
import type { PrivacyBudget, PrivacyCharge } from './privacy-budget.js';
import { Bits, toRational } from './random.js';
import type { NoiseOptions } from './random.js';
import { discreteGaussianRational, discreteLaplaceST, laplaceNoise } from './samplers.js';

/** Options shared by the DP queries. @category Privacy */
export interface DpOptions extends NoiseOptions {
  /** Privacy loss ε of this query: finite, > 0. */
  readonly epsilon: number;
  /** Charge this budget first (the query is refused, nothing released, when it does not fit). */
  readonly budget?: PrivacyBudget;
  /** What the ledger calls this query (default: the function name). */
  readonly label?: string;
}

/** Options of {@link dpCount}. @category Privacy */
export interface DpCountOptions extends DpOptions {
  /**
   * `'laplace'` (default): exact discrete Laplace noise of scale 1/ε, ε-DP. `'gaussian'`: exact
   * discrete Gaussian noise with σ² = 1/(2ρ), ρ the largest value with ρ + 2√(ρ ln(1/δ)) ≤ ε, so
   * the query is (ε, δ)-DP on its own; the budget is charged ρ (zCDP composes better over many
   * queries). Needs `delta`.
   */
  readonly mechanism?: 'laplace' | 'gaussian';
  /** δ in (0, 1) for the Gaussian mechanism. */
  readonly delta?: number;
}

export function checkEpsilon(fn: string, eps: unknown): number {
  if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) throw new OptionsError(`${fn}: epsilon must be a finite number > 0, got ${String(eps)}`, 'epsilon');
  if (eps < 2 ** -40) throw new OptionsError(`${fn}: epsilon must be at least 2^-40, got ${eps}`, 'epsilon');
  return eps;
}

/** The options every DP query declares: `epsilon`, `budget`, `label`, `unsafeRandomBytes` (internal). */
export const DP_OPTIONS = {
  epsilon: described(o.number({ min: 2 ** -40 }), 'a finite number ≥ 2^-40 (> 0)'),
  budget: described(
    o.custom<PrivacyBudget>((v) => typeof v === 'object' && v !== null && typeof (v as PrivacyBudget).spend === 'function'),
    'a privacy budget (from createPrivacyBudget)',
  ).optional(),
  label: str(true).optional(),
  unsafeRandomBytes: func<NonNullable<NoiseOptions['unsafeRandomBytes']>>().optional(),
};

/** The noise options of the DP counts (internal). */
export const DP_COUNT_NOISE = {
  mechanism: oneOf(['laplace', 'gaussian']).default('laplace'),
  delta: real({ gt: 0, lt: 1 }).optional(),
};
const parseDpCountOptions = defineOptions('dpCount', { ...DP_OPTIONS, ...DP_COUNT_NOISE });

/** A clamping bound, `lower` or `upper` (internal). */
export const BOUNDS = described(o.number(), 'a finite number fixed in advance (clamping bounds must not come from the data)');
const parseDpBoundedOptions = defineOptions('dpSum', { ...DP_OPTIONS, lower: BOUNDS, upper: BOUNDS });

const parseDpHistogramOptions = defineOptions('dpHistogram', {
  ...DP_OPTIONS,
  categories: described(o.array(o.string(), { min: 1, max: 1_000_000 }), 'an array of 1 to 1,000,000 strings, fixed in advance'),
});

/** The largest ρ with ρ + 2√(ρ ln(1/δ)) ≤ ε: √ρ = √(L + ε) − √L, L = ln(1/δ). */
export function rhoFor(epsilon: number, delta: number): number {
  const L = Math.log(1 / delta);
  const r = Math.sqrt(L + epsilon) - Math.sqrt(L);
  return r * r;
}

/** An integer count plus exact discrete noise; the budget charged before the draw. */
export function noisyCount(fn: string, count: number, options: DpCountOptions, sensitivity = 1): number {
  const eps = checkEpsilon(fn, options?.epsilon);
  const mech = options.mechanism ?? 'laplace';
  const bits = new Bits(options.unsafeRandomBytes);
  const label = options.label ?? fn;
  if (mech === 'laplace') {
    const [en, ed] = toRational(eps);
    chargeBudget(fn, options.budget, { epsilon: eps }, label);
    // scale Δ/ε = (Δ·ed)/en: s = en, t = Δ·ed
    return count + Number(discreteLaplaceST(en, BigInt(sensitivity) * ed, bits));
  }
  if (mech === 'gaussian') {
    const delta = options.delta;
    if (typeof delta !== 'number' || !(delta > 0 && delta < 1)) throw new OptionsError(`${fn}: the Gaussian mechanism needs delta in (0, 1), got ${String(delta)}`, 'delta');
    // σ² = Δ²/(2ρ) as an exact rational; the ρ charged is recomputed from it (never below the true ρ)
    const rho = rhoFor(eps, delta);
    const [sn, sd] = toRational((sensitivity * sensitivity) / (2 * rho));
    const charge: PrivacyCharge = { rho: (sensitivity * sensitivity) / (2 * (Number(sn) / Number(sd))) };
    chargeBudget(fn, options.budget, charge, label);
    return count + Number(discreteGaussianRational(sn, sd, bits));
  }
  throw new OptionsError(`${fn}: mechanism must be 'laplace' or 'gaussian', got ${String(mech)}`, 'mechanism');
}

/**
 * A differentially private count: the number of rows (or a count you computed) plus exact discrete
 * Laplace noise of scale 1/ε (ε-DP for add/remove-one-row neighbours; Ghosh et al. 2009's geometric
 * mechanism), sampled from random bits with BigInt arithmetic (Canonne, Kamath & Steinke 2020), or
 * discrete Gaussian noise with `mechanism: 'gaussian'`. The noisy count may be negative or exceed
 * the table; clamp it afterwards if you must (post-processing costs no privacy). Its standard
 * deviation is about √2/ε for the Laplace mechanism.
 *
 * @param data - the rows (their number is counted), or a non-negative integer count
 * @param options - `epsilon`, `budget`, `label`, `mechanism`, `delta`; see {@link DpCountOptions}
 * @returns the noisy count (an integer)
 * @throws OptionsError for ε ≤ 0, NaN or infinite, a missing δ for the Gaussian mechanism
 * @throws DataError when `data` is neither an array nor a non-negative integer
 * @throws PrivacyBudgetError when the budget cannot pay for the query (nothing is released)
 * @example
 * Number.isInteger(dpCount([1, 2, 3], { epsilon: 1 })) // => true
 * @category Privacy
 */
export function dpCount(data: ArrayLike<unknown> | number, options: DpCountOptions): number {
  const fn = 'dpCount';
  let n: number;
  if (typeof data === 'number') {
    if (!Number.isSafeInteger(data) || data < 0) throw new DataError(`${fn}: a count must be a non-negative integer, got ${data}`);
    n = data;
  } else if (data !== null && typeof data === 'object' && typeof data.length === 'number') n = data.length;
  else throw new DataError(`${fn}: expected rows (an array) or a count`);
  return noisyCount(fn, n, parseDpCountOptions(options));
}

/** Options of {@link dpSum} and {@link dpMean}. @category Privacy */
export interface DpBoundedOptions extends DpOptions {
  /** Clamping bounds: every value is clipped to [lower, upper] before summing (required). */
  readonly lower: number;
  readonly upper: number;
}

function bounded(fn: string, values: readonly number[], options: DpBoundedOptions): { clamped: Float64Array; sens: number } {
  const { lower, upper } = options;
  if (!(lower <= upper)) throw new OptionsError(`${fn}: lower (${lower}) must not exceed upper (${upper})`, 'lower');
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) throw new DataError(`${fn}: values must be an array of numbers`);
  const clamped = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || Number.isNaN(v)) throw new DataError(`${fn}: value at ${i} is ${typeof v === 'number' ? 'NaN' : `a ${typeof v}`}; impute or drop missing values explicitly first`);
    clamped[i] = Math.min(upper, Math.max(lower, v));
  }
  return { clamped, sens: Math.max(Math.abs(lower), Math.abs(upper)) };
}

/**
 * A differentially private sum: values clamped to [lower, upper], summed, plus Laplace noise of
 * scale max(|lower|, |upper|)/ε (ε-DP for add/remove-one-row neighbours). Floating-point noise.
 *
 * @param values - the values (finite numbers; NaN is an error, never skipped)
 * @param options - `lower`, `upper` (required), `epsilon`, `budget`, `label`
 * @returns the noisy sum
 * @throws OptionsError for missing or inverted bounds, or a bad ε
 * @throws DataError for a NaN or non-number value
 * @throws PrivacyBudgetError when the budget cannot pay
 * @example
 * Number.isFinite(dpSum([10, 20, 500], { lower: 0, upper: 100, epsilon: 1 })) // => true
 * @category Privacy
 */
export function dpSum(values: readonly number[], options: DpBoundedOptions): number {
  const fn = 'dpSum';
  options = parseDpBoundedOptions(options, fn);
  const { clamped, sens } = bounded(fn, values, options);
  const bits = new Bits(options.unsafeRandomBytes);
  chargeBudget(fn, options.budget, { epsilon: options.epsilon }, options.label ?? fn);
  let s = 0;
  for (const v of clamped) s += v;
  return sens === 0 ? s : s + laplaceNoise(sens / options.epsilon, bits);
}

/**
 * A differentially private mean: half of ε on a noisy clamped sum (Laplace, scale 2·max(|lower|,
 * |upper|)/ε), half on a noisy count (discrete Laplace, scale 2/ε), their ratio clamped to
 * [lower, upper] (ε-DP by basic composition; post-processing is free).
 *
 * @param values - the values (finite numbers)
 * @param options - `lower`, `upper` (required), `epsilon`, `budget`, `label`
 * @returns the noisy mean, within [lower, upper]
 * @throws OptionsError for missing or inverted bounds, or a bad ε
 * @throws DataError for a NaN or non-number value
 * @throws PrivacyBudgetError when the budget cannot pay
 * @example
 * const m = dpMean([30, 40, 50], { lower: 0, upper: 100, epsilon: 1 });
 * m >= 0 && m <= 100 // => true
 * @category Privacy
 */
export function dpMean(values: readonly number[], options: DpBoundedOptions): number {
  const fn = 'dpMean';
  options = parseDpBoundedOptions(options, fn);
  const { clamped, sens } = bounded(fn, values, options);
  const eps = options.epsilon;
  const bits = new Bits(options.unsafeRandomBytes);
  chargeBudget(fn, options.budget, { epsilon: eps }, options.label ?? fn);
  let s = 0;
  for (const v of clamped) s += v;
  const noisySum = sens === 0 ? s : s + laplaceNoise((2 * sens) / eps, bits);
  const [en, ed] = toRational(eps);
  const noisyN = clamped.length + Number(discreteLaplaceST(en, 2n * ed, bits));
  return Math.min(options.upper, Math.max(options.lower, noisySum / Math.max(1, noisyN)));
}

/** Options of {@link dpHistogram}. @category Privacy */
export interface DpHistogramOptions extends DpOptions {
  /** The bins, fixed in advance (never taken from the data: a bin's presence would leak). At most 10⁶. */
  readonly categories: readonly string[];
}

/** The answer of {@link dpHistogram}. @category Privacy */
export interface DpHistogram {
  /** Noisy count per category, in `categories` order. */
  readonly counts: Record<string, number>;
  /** Noisy count of values outside the categories (reported, never dropped). */
  readonly other: number;
}

/**
 * A differentially private histogram over fixed categories (segment sizes, plan mix): each bin's
 * count plus independent exact discrete Laplace noise of scale 1/ε. One row changes one bin by one,
 * so the whole histogram is ε-DP (parallel composition).
 *
 * @param values - one category per row (strings)
 * @param options - `categories` (fixed bins), `epsilon`, `budget`, `label`
 * @returns noisy counts per category and for values outside them
 * @throws OptionsError for missing, duplicate or too many categories, or a bad ε
 * @throws DataError when a value is not a string
 * @throws PrivacyBudgetError when the budget cannot pay
 * @example
 * const h = dpHistogram(['a', 'b', 'a'], { categories: ['a', 'b'], epsilon: 1 });
 * Object.keys(h.counts) // => ['a', 'b']
 * @category Privacy
 */
export function dpHistogram(values: readonly string[], options: DpHistogramOptions): DpHistogram {
  const fn = 'dpHistogram';
  options = parseDpHistogramOptions(options);
  const eps = options.epsilon;
  const cats = options.categories;
  if (new Set(cats).size !== cats.length) throw new OptionsError(`${fn}: categories lists a value twice`, 'categories');
  if (!Array.isArray(values)) throw new DataError(`${fn}: values must be an array of strings`);
  const at = new Map(cats.map((c, i) => [c, i]));
  const counts = new Float64Array(cats.length);
  let other = 0;
  values.forEach((v, i) => {
    if (typeof v !== 'string') throw new DataError(`${fn}: value at ${i} is a ${v === null ? 'null' : typeof v}, expected a string`);
    const j = at.get(v);
    if (j === undefined) other++;
    else counts[j]!++;
  });
  const bits = new Bits(options.unsafeRandomBytes);
  chargeBudget(fn, options.budget, { epsilon: eps }, options.label ?? fn);
  const [en, ed] = toRational(eps);
  const noise = (): number => Number(discreteLaplaceST(en, ed, bits));
  const out: Record<string, number> = {};
  cats.forEach((c, j) => (out[c] = counts[j]! + noise()));
  return { counts: out, other: other + noise() };
}
