/**
 * `cuped`: variance reduction with a pre-period covariate (Deng, Xu, Kohavi & Walker 2013).
 *
 * @module
 */
import { DataError, DimensionError } from '../errors.js';
import { requireArray } from '../internal/guards.js';

/** What {@link cuped} returns. @category Campaign */
export interface CupedResult {
  /** Adjusted metric `Yᵢ − θ (Xᵢ − X̄)`: same mean as Y, smaller variance; analyse it in place of Y. */
  readonly adjusted: Float64Array;
  /** θ = cov(Y, X) / var(X) (0 when X is constant). */
  readonly theta: number;
  /** Pearson correlation ρ of Y and X (0 when either is constant). */
  readonly correlation: number;
  /** Variance removed, `1 − var(adjusted)/var(Y)` = ρ², in [0, 1]. */
  readonly varianceReduction: number;
}

/**
 * CUPED (Controlled-experiment Using Pre-Experiment Data, Deng et al. 2013): replaces each
 * subscriber's metric Y by `Yᵢ − θ (Xᵢ − X̄)` with θ = cov(Y, X)/var(X), X a covariate measured
 * before the campaign (last quarter's revenue or data use). Because X is independent of the
 * randomised arm, the adjusted metric's difference of means is unbiased for the same effect with
 * variance reduced by ρ² (ρ = corr(Y, X)). Compute θ on all arms pooled — pass every subscriber's
 * values here, then split `adjusted` by arm and compare means (e.g. {@link welchInterval}).
 *
 * @param values - Y, the metric per subscriber (n finite numbers, n ≥ 2)
 * @param covariate - X, the pre-period covariate per subscriber (n finite numbers)
 * @returns the adjusted metric, θ, ρ and the variance reduction achieved
 * @throws DimensionError when the lengths differ; DataError for n < 2 or a value that is not finite
 * @example
 * const r = cuped([3, 5, 7, 9], [1, 2, 3, 4]);
 * [r.theta, r.varianceReduction] // => [2, 1]
 * @category Campaign
 */
export function cuped(values: ArrayLike<number>, covariate: ArrayLike<number>): CupedResult {
  const fn = 'cuped';
  requireArray(fn, 'values', values, 'of numbers');
  requireArray(fn, 'covariate', covariate, 'of numbers');
  const n = values.length;
  if (covariate.length !== n) throw new DimensionError(`${fn}: ${n} values for ${covariate.length} covariate values`);
  if (n < 2) throw new DataError(`${fn}: needs at least 2 subscribers, got ${n}`);
  let my = 0;
  let mx = 0;
  for (let i = 0; i < n; i++) {
    const y = values[i]!;
    const x = covariate[i]!;
    if (typeof y !== 'number' || !Number.isFinite(y)) throw new DataError(`${fn}: value at index ${i} is ${String(y)}; expected a finite number`);
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new DataError(`${fn}: covariate at index ${i} is ${String(x)}; expected a finite number`);
    my += y;
    mx += x;
  }
  my /= n;
  mx /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = covariate[i]! - mx;
    const dy = values[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const theta = sxx > 0 ? sxy / sxx : 0;
  const correlation = sxx > 0 && syy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) : 0;
  const adjusted = new Float64Array(n);
  let saa = 0;
  for (let i = 0; i < n; i++) {
    const a = values[i]! - theta * (covariate[i]! - mx);
    adjusted[i] = a;
    saa += (a - my) ** 2;
  }
  const varianceReduction = syy > 0 ? Math.max(0, Math.min(1, 1 - saa / syy)) : 0;
  return { adjusted, theta, correlation, varianceReduction };
}
