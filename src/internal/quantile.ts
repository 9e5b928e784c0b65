/**
 * Type-7 quantiles: linear interpolation between order statistics (Hyndman & Fan 1996, definition
 * 7; R's default, NumPy's `linear`, simple-statistics' `quantileSorted`). For sorted x₀ ≤ … ≤ xₙ₋₁
 * and q ∈ [0, 1]: h = (n − 1)·q, Q(q) = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋), and Q(q) = x_h when h is
 * an integer. The one implementation in src/: drift bins, value tiers, RFM, tag quantile rules and
 * the pipeline's robust, winsorize, quantileBin and median-impute steps all use it.
 * Internal: callers check their inputs (non-empty, q in [0, 1]).
 */

/** The q-quantile (type 7) of ascending `sorted` (n ≥ 1, q in [0, 1]). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const f = h - lo;
  return f === 0 ? sorted[lo]! : sorted[lo]! + f * (sorted[lo + 1]! - sorted[lo]!);
}

/** The q-quantile (type 7) of the non-NaN values of `values`, in any order; NaN when all are NaN. */
export function quantileOfPresent(values: ArrayLike<number>, q: number): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) m++;
  if (m === 0) return NaN;
  const s = new Float64Array(m);
  for (let i = 0, k = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) s[k++] = values[i]!;
  s.sort();
  return quantileSorted(s, q);
}
