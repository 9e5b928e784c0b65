/**
 * `valueTargeting`: the contact list that maximises expected incremental net gain within a budget.
 *
 * @module
 */
import { defineOptions, described, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { DataError, DimensionError, OptionsError } from '../errors.js';

/** `value`, `cost`, `risk` and `propensity` are per-row inputs, checked row by row by `perRow`/`scores`. */
const parseValueTargetingOptions = defineOptions('valueTargeting', {
  value: o.custom<number | ArrayLike<number>>(),
  cost: o.custom<number | ArrayLike<number>>().optional(),
  budget: described(real({ gt: 0 }), 'a number > 0 (or omitted for no budget)').optional(),
  risk: o.custom<ArrayLike<number>>().optional(),
  propensity: o.custom<ArrayLike<number>>().optional(),
});

/** Options of {@link valueTargeting}. @category Campaign */
export interface ValueTargetingOptions {
  /** What one conversion is worth (currency units, ≥ 0): one number for everyone or one per subscriber. Required. */
  readonly value: number | ArrayLike<number>;
  /** Cost of contacting (≥ 0): one number or one per subscriber. Default 0. */
  readonly cost?: number | ArrayLike<number>;
  /** Most the campaign may spend on contacts (> 0). Default Infinity: stop only where the expected gain turns negative. */
  readonly budget?: number;
  /** Churn risk per subscriber: also report the list of the same size ranked by risk, valued with the same uplift. */
  readonly risk?: ArrayLike<number>;
  /** Response propensity per subscriber (P(convert | contacted)): also report the list of the same size ranked by it. */
  readonly propensity?: ArrayLike<number>;
}

/** Expected figures of a contact list. @category Campaign */
export interface TargetListSummary {
  /** Indices of the subscribers contacted, in rank order. */
  readonly selected: number[];
  /** Σ uplift: conversions the contacts are expected to add. */
  readonly incrementalConversions: number;
  /** Σ uplift × value. */
  readonly incrementalRevenue: number;
  /** Σ cost. */
  readonly cost: number;
  /** incrementalRevenue − cost. */
  readonly netGain: number;
  /** netGain / cost (null when cost is 0). */
  readonly roi: number | null;
}

/** What {@link valueTargeting} returns. @category Campaign */
export interface ValueTargetingResult extends TargetListSummary {
  /** The same number of contacts ranked by churn risk, when `risk` was given. */
  readonly byRisk: TargetListSummary | null;
  /** The same number of contacts ranked by propensity, when `propensity` was given. */
  readonly byPropensity: TargetListSummary | null;
  /** Subscribers with a negative expected net gain (never contacted), including the sleeping dogs. */
  readonly negativeGain: number;
}

function perRow(fn: string, name: string, v: number | ArrayLike<number> | undefined, n: number, dflt?: number): (i: number) => number {
  if (v === undefined) {
    if (dflt === undefined) throw new OptionsError(`${fn}: option ${name} is required`, name);
    return () => dflt;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw new OptionsError(`${fn}: ${name} must be a finite number ≥ 0, got ${v}`, name);
    return () => v;
  }
  if (v.length !== n) throw new DimensionError(`${fn}: ${v.length} ${name} values for ${n} uplifts`);
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new DataError(`${fn}: ${name} at index ${i} is ${String(x)}; expected a finite number ≥ 0`);
  }
  return (i) => v[i]!;
}

function scores(fn: string, name: string, v: ArrayLike<number>, n: number): ArrayLike<number> {
  if (v.length !== n) throw new DimensionError(`${fn}: ${v.length} ${name} values for ${n} uplifts`);
  for (let i = 0; i < n; i++) if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) throw new DataError(`${fn}: ${name} at index ${i} is ${String(v[i])}; expected a finite number`);
  return v;
}

/**
 * Value-aware targeting: ranks subscribers by expected incremental net gain
 * `gᵢ = τᵢ · valueᵢ − costᵢ` (τ the predicted uplift), contacts them in that order while gᵢ > 0 and
 * the spend stays within `budget` (a subscriber who does not fit is skipped, cheaper ones after
 * may still fit), and reports the list's expected incremental conversions (Σ τ), revenue
 * (Σ τ·value), cost, net gain and ROI. With `risk` or `propensity`, the same number of contacts
 * taken from the top of that ranking (the usual "top-k by churn risk" or "by response score"
 * list, within the same budget) is valued with the same uplift, so the gain of ranking by value is
 * measured, not assumed. Sleeping dogs (τ < 0) always have g < 0 and are never contacted.
 *
 * @param uplift - n predicted (or true) uplifts, differences of probabilities
 * @param options - `value`, `cost`, `budget`, `risk`, `propensity`
 * @returns the chosen list with its expected figures, and the comparison lists
 * @throws OptionsError for a missing value, a budget ≤ 0 or not a number, a negative scalar value or cost
 * @throws DataError for a non-finite uplift or score, a negative per-subscriber value or cost; DimensionError for misaligned arrays
 * @example
 * const r = valueTargeting([0.1, 0.02, -0.05, 0.3], { value: [100, 1000, 500, 10], cost: 1, budget: 2 });
 * r.selected // => [1, 0]
 * r.netGain // => 28
 * @category Campaign
 */
export function valueTargeting(uplift: ArrayLike<number>, options: ValueTargetingOptions): ValueTargetingResult {
  const fn = 'valueTargeting';
  options = parseValueTargetingOptions(options);
  const n = uplift.length;
  const tau = scores(fn, 'uplift', uplift, n);
  const value = perRow(fn, 'value', options.value, n);
  const cost = perRow(fn, 'cost', options.cost, n, 0);
  const budget = options.budget ?? Infinity;
  const gain = Float64Array.from({ length: n }, (_, i) => tau[i]! * value(i) - cost(i));
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => gain[b]! - gain[a]! || a - b);
  const selected: number[] = [];
  let spent = 0;
  let negativeGain = 0;
  for (const i of order) {
    if (!(gain[i]! > 0)) {
      negativeGain += gain[i]! < 0 ? 1 : 0;
      continue;
    }
    if (spent + cost(i) > budget) continue;
    spent += cost(i);
    selected.push(i);
  }
  const summary = (rows: number[]): TargetListSummary => {
    let conv = 0;
    let rev = 0;
    let c = 0;
    for (const i of rows) {
      conv += tau[i]!;
      rev += tau[i]! * value(i);
      c += cost(i);
    }
    return { selected: rows, incrementalConversions: conv, incrementalRevenue: rev, cost: c, netGain: rev - c, roi: c > 0 ? (rev - c) / c : null };
  };
  const topBy = (s: ArrayLike<number>): number[] => {
    const ord = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b]! - s[a]! || a - b);
    const rows: number[] = [];
    let sp = 0;
    for (const i of ord) {
      if (rows.length >= selected.length) break;
      if (sp + cost(i) > budget) continue;
      sp += cost(i);
      rows.push(i);
    }
    return rows;
  };
  const byRisk = options.risk !== undefined ? summary(topBy(scores(fn, 'risk', options.risk, n))) : null;
  const byPropensity = options.propensity !== undefined ? summary(topBy(scores(fn, 'propensity', options.propensity, n))) : null;
  return { ...summary(selected), byRisk, byPropensity, negativeGain };
}
