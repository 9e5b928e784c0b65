/**
 * `dpQuantile`: a differentially private quantile by the exponential mechanism.
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import { defineOptions, real } from '../internal/options.js';
import type { DpBoundedOptions } from './dp-queries.js';
import { BOUNDS, DP_OPTIONS } from './dp-queries.js';
import { chargeBudget } from './privacy-budget.js';
import { Bits } from './random.js';

const parseDpQuantileOptions = defineOptions('dpQuantile', { ...DP_OPTIONS, q: real({ min: 0, max: 1 }), lower: BOUNDS, upper: BOUNDS });

/** Options of {@link dpQuantile}. @category Privacy */
export interface DpQuantileOptions extends DpBoundedOptions {
  /** Which quantile, in [0, 1] (0.5: the median). */
  readonly q: number;
}

/**
 * A differentially private quantile (Smith 2011; the exponential mechanism of McSherry & Talwar
 * 2007): values are clamped to [lower, upper] and sorted, z₀ = lower ≤ z₁ ≤ … ≤ zₙ ≤ zₙ₊₁ = upper;
 * the gap i (between zᵢ and zᵢ₊₁) is chosen with probability ∝ (zᵢ₊₁ − zᵢ)·exp(−ε|i − qn|/2), and a
 * point uniform in it is returned. ε-DP for add/remove-one-row neighbours (the rank utility has
 * sensitivity 1). Gaps are drawn with the Gumbel-max trick on 53-bit uniforms.
 *
 * @param values - the values (finite numbers; NaN is an error)
 * @param options - `q` in [0, 1], `lower` < `upper` (required, data-independent), `epsilon`, `budget`, `label`
 * @returns the noisy quantile, within [lower, upper]
 * @throws OptionsError for q outside [0, 1], missing or empty bounds, or a bad ε
 * @throws DataError for a NaN or non-number value
 * @throws PrivacyBudgetError when the budget cannot pay
 * @example
 * const m = dpQuantile([1, 2, 3, 4, 5], { q: 0.5, lower: 0, upper: 10, epsilon: 1 });
 * m >= 0 && m <= 10 // => true
 * @category Privacy
 */
export function dpQuantile(values: readonly number[], options: DpQuantileOptions): number {
  const fn = 'dpQuantile';
  options = parseDpQuantileOptions(options);
  const eps = options.epsilon;
  const { q, lower, upper } = options;
  if (!(lower < upper)) throw new OptionsError(`${fn}: lower (${lower}) must be below upper (${upper})`, 'lower');
  if (!Array.isArray(values)) throw new DataError(`${fn}: values must be an array of numbers`);
  const z = new Float64Array(values.length + 2);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new DataError(`${fn}: value at ${i} is ${typeof v === 'number' ? 'NaN' : `a ${typeof v}`}`);
    z[i + 1] = Math.min(upper, Math.max(lower, v));
  });
  const n = values.length;
  z[0] = lower;
  z[n + 1] = upper;
  z.subarray(1, n + 1).sort();
  const bits = new Bits(options.unsafeRandomBytes);
  chargeBudget(fn, options.budget, { epsilon: eps }, options.label ?? fn);
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i <= n; i++) {
    const width = z[i + 1]! - z[i]!;
    if (width <= 0) continue;
    const gumbel = -Math.log(-Math.log(bits.open01()));
    const score = Math.log(width) - (eps * Math.abs(i - q * n)) / 2 + gumbel;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return z[best]! + bits.open01() * (z[best + 1]! - z[best]!);
}
