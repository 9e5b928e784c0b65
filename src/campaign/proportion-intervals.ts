/**
 * `wilsonInterval`, `newcombeInterval`, `relativeLiftInterval`: confidence intervals for a
 * conversion rate, for the difference of two rates and for their ratio.
 *
 * @module
 */
import { normalQuantile, wilsonBounds } from '../internal/stats.js';
import { checkArm, checkCounts, parseIntervalOptions } from './check.js';



/** An estimate with its two-sided 1 − `alpha` interval. @category Campaign */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** Options of the interval functions. @category Campaign */
export interface IntervalOptions {
  /** Significance level; the interval covers 1 − `alpha`. Default 0.05, in (0, 1). */
  readonly alpha?: number;
}

/** Wilson bounds without validation (internal; the math lives in internal/stats, shared with loyalty). */
export function wilson(x: number, n: number, z: number): Interval {
  return wilsonBounds(x, n, z);
}

/**
 * Wilson score interval for a proportion `x / n` (Wilson 1927):
 * `(p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`, z = Φ⁻¹(1 − α/2). Stays inside [0, 1] and
 * keeps its coverage at 0 or n conversions, unlike the Wald interval (statsmodels
 * `proportion_confint(method='wilson')` gives the same figures).
 *
 * @param conversions - x, an integer in [0, n]
 * @param exposures - n, a positive integer
 * @param options - `alpha` (default 0.05)
 * @returns the rate x/n with its interval
 * @throws DataError for counts that are not integers, n = 0 or x > n
 * @throws OptionsError for `alpha` outside (0, 1)
 * @example
 * const ci = wilsonInterval(0, 10);
 * [ci.estimate, ci.lower, Math.round(ci.upper * 1e4) / 1e4] // => [0, 0, 0.2775]
 * @category Campaign
 */
export function wilsonInterval(conversions: number, exposures: number, options: IntervalOptions = {}): Interval {
  const fn = 'wilsonInterval';
  const { alpha } = parseIntervalOptions(options, fn);
  checkCounts(fn, 'the arm', conversions, exposures);
  return wilson(conversions, exposures, normalQuantile(1 - alpha / 2));
}

/** One arm's counts. @category Campaign */
export interface ArmCounts {
  /** Conversions, an integer in [0, exposures]. */
  readonly conversions: number;
  /** Subscribers exposed (contacted, or held out for a control arm), a positive integer. */
  readonly exposures: number;
}

/** Newcombe bounds without validation (internal): interval for p_t − p_c. */
export function newcombe(t: ArmCounts, c: ArmCounts, z: number): Interval {
  const wt = wilson(t.conversions, t.exposures, z);
  const wc = wilson(c.conversions, c.exposures, z);
  const d = wt.estimate - wc.estimate;
  return {
    estimate: d,
    lower: d - Math.sqrt((wt.estimate - wt.lower) ** 2 + (wc.upper - wc.estimate) ** 2),
    upper: d + Math.sqrt((wt.upper - wt.estimate) ** 2 + (wc.estimate - wc.lower) ** 2),
  };
}

/**
 * Newcombe's hybrid score interval for the absolute lift `p_t − p_c` (Newcombe 1998, method 10),
 * built from the two Wilson intervals [l_t, u_t] and [l_c, u_c]:
 * `d − √((p_t − l_t)² + (u_c − p_c)²)` to `d + √((u_t − p_t)² + (p_c − l_c)²)`. It is what
 * statsmodels `confint_proportions_2indep(method='newcomb')` computes, and behaves at 0 conversions.
 *
 * @param treatment - treated arm counts
 * @param control - control arm counts
 * @param options - `alpha` (default 0.05)
 * @returns the absolute lift (a difference of rates, e.g. 0.02 = two points) with its interval
 * @throws DataError for invalid counts; OptionsError for a bad `alpha`
 * @example
 * const d = newcombeInterval({ conversions: 60, exposures: 1000 }, { conversions: 40, exposures: 1000 });
 * Math.round(d.estimate * 1000) / 1000 // => 0.02
 * d.lower > 0 // => true
 * @category Campaign
 */
export function newcombeInterval(treatment: ArmCounts, control: ArmCounts, options: IntervalOptions = {}): Interval {
  const fn = 'newcombeInterval';
  const { alpha } = parseIntervalOptions(options, fn);
  checkArm(fn, 'treatment', treatment);
  checkArm(fn, 'control', control);
  return newcombe(treatment, control, normalQuantile(1 - alpha / 2));
}

/** Relative lift interval without validation (internal); null when a count is 0. */
export function logRatio(t: ArmCounts, c: ArmCounts, z: number): Interval | null {
  if (t.conversions === 0 || c.conversions === 0) return null;
  const pt = t.conversions / t.exposures;
  const pc = c.conversions / c.exposures;
  const r = pt / pc;
  const se = Math.sqrt(1 / t.conversions - 1 / t.exposures + 1 / c.conversions - 1 / c.exposures);
  return { estimate: r - 1, lower: r * Math.exp(-z * se) - 1, upper: r * Math.exp(z * se) - 1 };
}

/**
 * Relative lift `p_t / p_c − 1` with its interval by the delta method on the log ratio (Katz et
 * al. 1978): `ln(p_t/p_c) ± z √(1/x_t − 1/n_t + 1/x_c − 1/n_c)`, transformed back, so the
 * interval is asymmetric and the lower bound never goes below −100 %. Add 1 to read it as
 * "× control" (statsmodels `confint_proportions_2indep(method='log', compare='ratio')`).
 *
 * @param treatment - treated arm counts
 * @param control - control arm counts
 * @param options - `alpha` (default 0.05)
 * @returns the relative lift (0.5 = +50 %) with its interval, or `null` when either arm has zero
 *   conversions (the ratio or its logarithm is then undefined: report the absolute lift instead)
 * @throws DataError for invalid counts; OptionsError for a bad `alpha`
 * @example
 * relativeLiftInterval({ conversions: 60, exposures: 1000 }, { conversions: 40, exposures: 1000 })!.estimate // => 0.5
 * relativeLiftInterval({ conversions: 5, exposures: 100 }, { conversions: 0, exposures: 100 }) // => null
 * @category Campaign
 */
export function relativeLiftInterval(treatment: ArmCounts, control: ArmCounts, options: IntervalOptions = {}): Interval | null {
  const fn = 'relativeLiftInterval';
  const { alpha } = parseIntervalOptions(options, fn);
  checkArm(fn, 'treatment', treatment);
  checkArm(fn, 'control', control);
  return logRatio(treatment, control, normalQuantile(1 - alpha / 2));
}
