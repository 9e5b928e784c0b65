/**
 * Threshold choice by business value: the expected profit of a retention campaign as a function
 * of the score cut-off.
 *
 * @module
 */
import { DataError, DimensionError } from '../errors.js';
import { orderDescending, toScores } from './labels.js';
import { defineOptions, described, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { isArrayLike, requireArray } from '../internal/guards.js';

const parseProfitOptions = defineOptions('profitCurve', {
  offerCost: real({ min: 0 }),
  acceptRate: real({ min: 0, max: 1 }),
  savedValue: described(o.custom<number | ArrayLike<number>>((v) => typeof v === 'number' || isArrayLike(v)), 'a number or an array of numbers'),
});

/** Campaign economics for {@link profitCurve}. @category Metrics */
export interface ProfitOptions {
  /** Cost of making the offer to one subscriber (contact + incentive), in currency units. */
  readonly offerCost: number;
  /** Probability that a would-be churner who gets the offer accepts it and stays, in [0, 1]. */
  readonly acceptRate: number;
  /** Value kept when a churner is saved (e.g. 12 months of margin), in currency units. */
  readonly savedValue: number | ArrayLike<number>;
}

/** What {@link profitCurve} returns: one point per distinct cut-off, highest first. @category Metrics */
export interface ProfitCurve {
  /** Target rows with score ≥ thresholds[k] (thresholds[0] = +∞: target nobody). */
  readonly thresholds: Float64Array;
  /** Number of subscribers targeted at each cut-off. */
  readonly targeted: Float64Array;
  /** Expected profit at each cut-off. */
  readonly profit: Float64Array;
  /** The cut-off with the highest expected profit (the first one on ties: fewest offers). */
  readonly best: { readonly threshold: number; readonly targeted: number; readonly share: number; readonly profit: number };
}

/**
 * Expected profit of offering a retention deal to everyone whose score reaches a cut-off:
 *
 *   profit(t) = Σ_{i : sᵢ ≥ t} ( qᵢ · acceptRate · savedValueᵢ − offerCost )
 *
 * where qᵢ is subscriber i's churn outcome (an observed 0/1 label on a holdout) or churn
 * probability (a calibrated model probability), so each offer costs `offerCost` and returns
 * `savedValue` only when it reaches a churner who accepts. Non-churners who get the offer add its
 * cost and nothing else. The best cut-off maximises profit(t); targeting nobody (t = +∞) earns 0.
 *
 * @param outcomes - n churn outcomes in [0, 1]: 0/1 labels, booleans, or probabilities
 * @param scores - n finite ranking scores (higher = target first)
 * @param options - `offerCost`, `acceptRate`, `savedValue` (a number or one value per row)
 * @returns the curve and its best point
 * @throws DimensionError on length mismatches; DataError for outcomes outside [0, 1], non-finite scores or a non-finite saved value (`savedValue[i]` is named)
 * @throws OptionsError for a missing, unknown or out-of-range option (`offerCost` < 0, `acceptRate` outside [0, 1])
 * @example
 * profitCurve([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], { offerCost: 10, acceptRate: 0.5, savedValue: 100 }).best.targeted // => 3
 * @category Metrics
 */
export function profitCurve(
  outcomes: ArrayLike<number> | readonly boolean[],
  scores: ArrayLike<number>,
  options: ProfitOptions,
): ProfitCurve {
  const fn = 'profitCurve';
  const { offerCost, acceptRate, savedValue } = parseProfitOptions(options);
  requireArray(fn, 'outcomes', outcomes, 'of outcomes in [0, 1]');
  requireArray(fn, 'scores', scores, 'of numbers');
  const n = scores.length;
  if (outcomes.length !== n) throw new DimensionError(`${fn}: ${outcomes.length} outcomes for ${n} scores`);
  const s = toScores(scores, n, fn);
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = (outcomes as ArrayLike<unknown>)[i];
    const x = v === true ? 1 : v === false ? 0 : (v as number);
    if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw new DataError(`${fn}: outcome at index ${i} is ${String(v)}; expected a label or probability in [0, 1]`);
    q[i] = x;
  }
  let value: (i: number) => number;
  if (typeof savedValue === 'number') {
    if (!Number.isFinite(savedValue)) throw new DataError(`${fn}: savedValue must be finite, got ${savedValue}`);
    value = () => savedValue;
  } else {
    if (savedValue.length !== n) throw new DimensionError(`${fn}: ${savedValue.length} saved values for ${n} scores`);
    const sv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = savedValue[i]!;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataError(`${fn}: savedValue[${i}] is ${String(v)}; saved values must be finite numbers`);
      sv[i] = v;
    }
    value = (i) => sv[i]!;
  }
  const order = orderDescending(s);
  const thr: number[] = [Infinity];
  const targeted: number[] = [0];
  const profit: number[] = [0];
  let acc = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    acc += q[i]! * acceptRate * value(i) - offerCost;
    const next = order[k + 1];
    if (next === undefined || s[next] !== s[i]) {
      thr.push(s[i]!);
      targeted.push(k + 1);
      profit.push(acc);
    }
  }
  let b = 0;
  for (let k = 1; k < profit.length; k++) if (profit[k]! > profit[b]!) b = k;
  return {
    thresholds: Float64Array.from(thr),
    targeted: Float64Array.from(targeted),
    profit: Float64Array.from(profit),
    best: { threshold: thr[b]!, targeted: targeted[b]!, share: n ? targeted[b]! / n : 0, profit: profit[b]! },
  };
}
