/**
 * `twoProportionZTest`, `fisherExactTest`, `welchInterval`, `holmAdjust`: the frequentist tests
 * behind {@link evaluateCampaign}.
 *
 * @module
 */
import { DataError, DimensionError } from '../errors.js';
import { logHypergeometric, studentQuantile, studentSf, twoSidedNormalP } from '../internal/stats.js';
import { checkArm, parseIntervalOptions } from './check.js';
import type { ArmCounts, Interval, IntervalOptions } from './proportion-intervals.js';
import { requireArray } from '../internal/guards.js';



/** A test statistic with its two-sided p-value. @category Campaign */
export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
}

/** z-test without validation (internal). */
export function zTest(t: ArmCounts, c: ArmCounts): TestResult {
  const pt = t.conversions / t.exposures;
  const pc = c.conversions / c.exposures;
  const p = (t.conversions + c.conversions) / (t.exposures + c.exposures);
  const se = Math.sqrt(p * (1 - p) * (1 / t.exposures + 1 / c.exposures));
  if (se === 0) return { statistic: 0, pValue: 1 }; // both arms all 0 or all 1: no evidence of a difference
  const z = (pt - pc) / se;
  return { statistic: z, pValue: twoSidedNormalP(z) };
}

/**
 * Two-proportion z-test with the pooled variance: `z = (p_t − p_c) / √(p̄(1 − p̄)(1/n_t + 1/n_c))`,
 * p̄ = (x_t + x_c)/(n_t + n_c); two-sided p = 2(1 − Φ(|z|)) (statsmodels `proportions_ztest`).
 * Use it when each arm has at least about 10 conversions and 10 non-conversions; otherwise use
 * {@link fisherExactTest}. When both arms convert all or none, z is 0 and p is 1 (documented, not NaN).
 *
 * @param treatment - treated arm counts
 * @param control - control arm counts
 * @returns z (positive when the treatment converts more) and the two-sided p-value
 * @throws DataError for invalid counts
 * @example
 * const r = twoProportionZTest({ conversions: 60, exposures: 1000 }, { conversions: 40, exposures: 1000 });
 * Math.round(r.statistic * 1000) / 1000 // => 2.052
 * @category Campaign
 */
export function twoProportionZTest(treatment: ArmCounts, control: ArmCounts): TestResult {
  const fn = 'twoProportionZTest';
  checkArm(fn, 'treatment', treatment);
  checkArm(fn, 'control', control);
  return zTest(treatment, control);
}

/** Fisher without validation (internal). */
export function fisher(t: ArmCounts, c: ArmCounts): TestResult {
  const a = t.conversions;
  const N = t.exposures + c.exposures;
  const K = t.conversions + c.conversions;
  const n = t.exposures;
  const lo = Math.max(0, n - (N - K));
  const hi = Math.min(n, K);
  const logObs = logHypergeometric(a, N, K, n);
  // scipy's rule: sum the tables no more likely than the observed one, with a relative tolerance
  const cut = logObs + Math.log1p(1e-7);
  let p = 0;
  for (let k = lo; k <= hi; k++) {
    const lp = logHypergeometric(k, N, K, n);
    if (lp <= cut) p += Math.exp(lp);
  }
  const bc = c.exposures - c.conversions;
  const bt = t.exposures - t.conversions;
  const oddsRatio = c.conversions === 0 || bt === 0 ? (a === 0 || bc === 0 ? NaN : Infinity) : (a * bc) / (bt * c.conversions);
  return { statistic: oddsRatio, pValue: Math.min(1, p) };
}

/**
 * Fisher's exact test of the 2 × 2 table (converted / not, treatment / control), two-sided: the
 * sum of the hypergeometric probabilities of every table with the same margins that is no more
 * likely than the observed one (scipy `fisher_exact`, with its relative tolerance 1e-7). Exact
 * for small counts; cost grows with min(n_t, conversions), so it is meant for small arms.
 *
 * @param treatment - treated arm counts
 * @param control - control arm counts
 * @returns `statistic`: the sample odds ratio `x_t(n_c − x_c) / ((n_t − x_t)x_c)` (Infinity or
 *   NaN when a cell is 0, as scipy), and the two-sided p-value
 * @throws DataError for invalid counts
 * @example
 * const r = fisherExactTest({ conversions: 8, exposures: 10 }, { conversions: 2, exposures: 10 });
 * Math.round(r.pValue * 1e4) / 1e4 // => 0.023
 * @category Campaign
 */
export function fisherExactTest(treatment: ArmCounts, control: ArmCounts): TestResult {
  const fn = 'fisherExactTest';
  checkArm(fn, 'treatment', treatment);
  checkArm(fn, 'control', control);
  return fisher(treatment, control);
}

/** Mean, sample variance and count of a numeric sample. @category Campaign */
export interface SampleMoments {
  readonly mean: number;
  readonly variance: number;
  readonly n: number;
}

/** Welch interval from moments (internal). */
export function welch(t: SampleMoments, c: SampleMoments, alpha: number): Interval & { df: number; pValue: number } {
  const vt = t.variance / t.n;
  const vc = c.variance / c.n;
  const se = Math.sqrt(vt + vc);
  const d = t.mean - c.mean;
  if (se === 0) return { estimate: d, lower: d, upper: d, df: t.n + c.n - 2, pValue: d === 0 ? 1 : 0 };
  const df = (vt + vc) ** 2 / (vt * vt / (t.n - 1) + vc * vc / (c.n - 1));
  const q = studentQuantile(1 - alpha / 2, df);
  return { estimate: d, lower: d - q * se, upper: d + q * se, df, pValue: Math.min(1, 2 * studentSf(Math.abs(d / se), df)) };
}

/** Moments of a finite sample (internal; the caller checked finiteness). */
export function moments(x: ArrayLike<number>): SampleMoments {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
  return { mean, variance: n > 1 ? ss / (n - 1) : 0, n };
}

function finiteSample(fn: string, what: string, x: ArrayLike<number>): void {
  requireArray(fn, what, x, 'of numbers');
  if (x.length < 2) throw new DataError(`${fn}: ${what} has ${x.length} values; Welch's interval needs at least 2 per arm`);
  for (let i = 0; i < x.length; i++) {
    if (typeof x[i] !== 'number' || !Number.isFinite(x[i])) throw new DataError(`${fn}: ${what} value at index ${i} is ${String(x[i])}; values must be finite numbers`);
  }
}

/**
 * Welch's interval for the difference of two means (revenue per subscriber, treatment − control):
 * `d ± t_{1−α/2, ν} √(s_t²/n_t + s_c²/n_c)` with the Welch–Satterthwaite degrees of freedom
 * `ν = (s_t²/n_t + s_c²/n_c)² / ((s_t²/n_t)²/(n_t − 1) + (s_c²/n_c)²/(n_c − 1))`
 * (scipy `ttest_ind(equal_var=False).confidence_interval()`).
 *
 * @param treatment - per-subscriber values of the treated arm (currency units; zeros included)
 * @param control - per-subscriber values of the control arm
 * @param options - `alpha` (default 0.05)
 * @returns the difference of means with its interval, `df` and the two-sided Welch p-value
 * @throws DataError for fewer than 2 values in an arm or a value that is not finite (NaN revenue)
 * @example
 * const r = welchInterval([1, 2, 3, 4], [1, 1, 2, 2]);
 * r.estimate // => 1
 * @category Campaign
 */
export function welchInterval(
  treatment: ArrayLike<number>,
  control: ArrayLike<number>,
  options: IntervalOptions = {},
): Interval & { readonly df: number; readonly pValue: number } {
  const fn = 'welchInterval';
  const { alpha } = parseIntervalOptions(options, fn);
  finiteSample(fn, 'treatment', treatment);
  finiteSample(fn, 'control', control);
  return welch(moments(treatment), moments(control), alpha);
}

/**
 * Holm's step-down adjustment of p-values for several comparisons (Holm 1979): sort ascending,
 * `p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j))`; reject where p̃ < α. Controls the family-wise
 * error rate with no assumption on dependence (statsmodels `multipletests(method='holm')`).
 *
 * @param pValues - m p-values in [0, 1]
 * @returns the m adjusted p-values, in input order
 * @throws DataError for a p-value outside [0, 1] or NaN
 * @example
 * holmAdjust([0.01, 0.04, 0.03]) // => [0.03, 0.06, 0.06]
 * @category Campaign
 */
export function holmAdjust(pValues: ArrayLike<number>): number[] {
  const fn = 'holmAdjust';
  requireArray(fn, 'pValues', pValues, 'of p-values');
  const m = pValues.length;
  for (let i = 0; i < m; i++) {
    const p = pValues[i]!;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new DataError(`${fn}: p-value at index ${i} is ${String(p)}; expected a number in [0, 1]`);
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((idx, j) => {
    running = Math.max(running, Math.min(1, (m - j) * pValues[idx]!));
    out[idx] = running;
  });
  return out;
}

/** Internal: checks aligned arrays. */
export function sameLength(fn: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): void {
  if (a.length !== b.length) throw new DimensionError(`${fn}: ${what} have lengths ${a.length} and ${b.length}`);
}
