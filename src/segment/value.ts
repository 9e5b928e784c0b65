/**
 * Value scores and value tiers: ARPU × expected remaining tenure, cut into high/mid/low tiers.
 *
 * @module
 */
import { DataError, DimensionError } from '../errors.js';
import { quantileSorted } from '../internal/quantile.js';
import { optionsObject, requireArray, requireObject } from '../internal/guards.js';

/** Inputs of {@link valueScore}: one value per subscriber, same order. @category Segment */
export interface ValueScoreInput {
  /** Average revenue per user per month (currency units). */
  arpu: ArrayLike<number>;
  /** Expected remaining tenure in months (takes precedence over `churnProbability`). */
  expectedTenureMonths?: ArrayLike<number>;
  /** Monthly churn probability in [0, 1] (e.g. from a churn model): the hazard of leaving each month. */
  churnProbability?: ArrayLike<number>;
}

/** Options of {@link valueScore}. @category Segment */
export interface ValueScoreOptions {
  /** Months counted at most (default 60). */
  horizonMonths?: number;
  /** Monthly discount rate (default 0). */
  discountRate?: number;
}

/**
 * Value score per subscriber: ARPU × expected remaining (discounted) months within a horizon.
 * With a tenure estimate: ARPU × min(tenure, H) (undiscounted). With a monthly churn hazard p
 * (constant, geometric lifetime) and discount rate r: ARPU × Σ_{t=0}^{H−1} ((1 − p)/(1 + r))ᵗ,
 * i.e. ARPU × (1 − qᴴ)/(1 − q) with q = (1 − p)/(1 + r) (H months when q = 1).
 *
 * @param input - `arpu` and either `expectedTenureMonths` or `churnProbability`, one per subscriber
 * @param options - horizon and discount rate
 * @param options.horizonMonths - horizon H in months (default 60)
 * @param options.discountRate - monthly discount rate r (default 0)
 * @returns Float64Array of scores in currency units
 * @throws DataError when neither tenure nor churn probability is given, or a value is NaN / out of range
 * @throws DimensionError when the arrays differ in length
 * @example
 * Array.from(valueScore({ arpu: [50, 50], churnProbability: [0, 0.5] }, { horizonMonths: 2 })) // => [100, 75]
 * @category Segment
 */
export function valueScore(input: ValueScoreInput, options: ValueScoreOptions = {}): Float64Array {
  const FN = 'valueScore';
  options = optionsObject(FN, options);
  requireObject(FN, 'input', input, 'an object { arpu, expectedTenureMonths? | churnProbability? }');
  requireArray(FN, 'input.arpu', input.arpu, 'of numbers');
  if (input.expectedTenureMonths !== undefined) requireArray(FN, 'input.expectedTenureMonths', input.expectedTenureMonths, 'of numbers');
  if (input.churnProbability !== undefined) requireArray(FN, 'input.churnProbability', input.churnProbability, 'of numbers');
  const { arpu, expectedTenureMonths: ten, churnProbability: pr } = input;
  const H = options.horizonMonths ?? 60;
  const r = options.discountRate ?? 0;
  if (!(H > 0) || !Number.isFinite(H)) throw new DataError(`${FN}: horizonMonths must be > 0, got ${H}`);
  if (!(r >= 0) || !Number.isFinite(r)) throw new DataError(`${FN}: discountRate must be ≥ 0, got ${r}`);
  if (!ten && !pr) throw new DataError(`${FN}: give expectedTenureMonths or churnProbability`);
  const n = arpu.length;
  const other = ten ?? pr!;
  if (other.length !== n) throw new DimensionError(`${FN}: ${n} ARPU values but ${other.length} ${ten ? 'tenures' : 'churn probabilities'}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = arpu[i]!;
    if (!Number.isFinite(a)) throw new DataError(`${FN}: arpu[${i}] is ${a}; impute missing values first`);
    if (ten) {
      const t = ten[i]!;
      if (!(t >= 0) || !Number.isFinite(t)) throw new DataError(`${FN}: expectedTenureMonths[${i}] is ${t}; expected a finite value ≥ 0`);
      out[i] = a * Math.min(t, H);
    } else {
      const p = pr![i]!;
      if (!(p >= 0 && p <= 1)) throw new DataError(`${FN}: churnProbability[${i}] is ${p}; expected a value in [0, 1]`);
      const q = (1 - p) / (1 + r);
      out[i] = a * (q === 1 ? H : (1 - q ** H) / (1 - q));
    }
  }
  return out;
}

/** Options of {@link valueTiers}: quantiles or fixed cut-offs. @category Segment */
export interface ValueTierOptions {
  /** Quantile cut points in (0, 1), ascending (default [0.5, 0.8]: bottom half low, next 30 % mid, top 20 % high). */
  quantiles?: readonly number[];
  /** Fixed ascending cut-offs in value units (instead of quantiles). */
  cutoffs?: readonly number[];
  /** Tier names from lowest to highest, one more than the cut points (default low, mid, high for two). */
  names?: readonly string[];
}

/** What {@link valueTiers} returns. @category Segment */
export interface ValueTiers {
  /** Tier name per value. */
  readonly tiers: readonly string[];
  /** Tier index per value (0 = lowest). */
  readonly index: Int32Array;
  /** The cut-offs used (in value units). */
  readonly cutoffs: readonly number[];
  /** Values per tier. */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Cuts values into ordered tiers (high/mid/low value by default): a value goes to the tier above
 * every cut-off it reaches (value ≥ cut-off). Cut-offs are fixed or the given quantiles of the
 * values (linear interpolation, as numpy's default).
 *
 * @param values - one value per subscriber (e.g. from {@link valueScore}); no NaN
 * @param options - quantiles or cut-offs, and tier names
 * @param options.quantiles - quantile cut points (default [0.5, 0.8])
 * @param options.cutoffs - fixed cut-offs instead
 * @param options.names - tier names, lowest first
 * @returns tier names, indices, cut-offs and counts
 * @throws DataError on NaN, empty input, unsorted cut points or a wrong number of names
 * @example
 * valueTiers([10, 20, 30, 40, 50], { cutoffs: [25, 45] }).tiers // => ['low', 'low', 'mid', 'mid', 'high']
 * @category Segment
 */
export function valueTiers(values: ArrayLike<number>, options: ValueTierOptions = {}): ValueTiers {
  const FN = 'valueTiers';
  options = optionsObject(FN, options);
  requireArray(FN, 'values', values, 'of numbers');
  const n = values.length;
  if (n === 0) throw new DataError(`${FN}: no values`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) throw new DataError(`${FN}: value ${i} is ${values[i]}; impute or drop it first`);
  if (options.quantiles && options.cutoffs) throw new DataError(`${FN}: give quantiles or cutoffs, not both`);
  let cutoffs: number[];
  if (options.cutoffs) {
    cutoffs = [...options.cutoffs];
  } else {
    const qs = options.quantiles ?? [0.5, 0.8];
    for (const q of qs) if (!(q > 0 && q < 1)) throw new DataError(`${FN}: quantiles must lie in (0, 1), got ${q}`);
    const sorted = Float64Array.from(values).sort();
    cutoffs = qs.map((q) => quantileSorted(sorted, q));
  }
  for (let j = 1; j < cutoffs.length; j++) {
    if (!(cutoffs[j]! >= cutoffs[j - 1]!)) throw new DataError(`${FN}: cut points must be ascending, got ${cutoffs.join(', ')}`);
  }
  const names = options.names ?? (cutoffs.length === 2 ? ['low', 'mid', 'high'] : cutoffs.length === 1 ? ['low', 'high'] : Array.from({ length: cutoffs.length + 1 }, (_, t) => `tier${t + 1}`));
  if (names.length !== cutoffs.length + 1) throw new DataError(`${FN}: ${names.length} names for ${cutoffs.length + 1} tiers`);
  const index = new Int32Array(n);
  const tiers = new Array<string>(n);
  const counts: Record<string, number> = Object.fromEntries(names.map((nm) => [nm, 0]));
  for (let i = 0; i < n; i++) {
    let t = 0;
    while (t < cutoffs.length && values[i]! >= cutoffs[t]!) t++;
    index[i] = t;
    tiers[i] = names[t]!;
    counts[names[t]!]!++;
  }
  return { tiers, index, cutoffs, counts };
}
