/**
 * The shifted-beta-geometric retention model (Fader & Hardie 2007) and subscription lifetime value.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { exp, log } from '../internal/math.js';

export { ShiftedBetaGeometricModelSchema } from './model-schemas.js';
export type { ShiftedBetaGeometricModel } from './model-schemas.js';
import type { ShiftedBetaGeometricModel } from './model-schemas.js';
import { SEGMENT_MODEL_VERSIONS } from './model-kinds.js';
import { optionsObject, requireModel } from '../internal/guards.js';


/** P(T = t) for t = 1..T and S(T) by the recursions P(1) = α/(α+β), P(t) = P(t−1)(β+t−2)/(α+β+t−1). */
function logLik(a: number, b: number, survivors: readonly number[]): number {
  let P = a / (a + b);
  let ll = (survivors[0]! - survivors[1]!) * log(P);
  const T = survivors.length - 1;
  for (let t = 2; t <= T; t++) {
    P = (P * (b + t - 2)) / (a + b + t - 1);
    const lost = survivors[t - 1]! - survivors[t]!;
    if (lost > 0) ll += lost * log(P);
  }
  // S(T) by its own product form (no cancellation): S(t) = S(t−1)(β+t−1)/(α+β+t−1)
  let St = 1;
  for (let t = 1; t <= T; t++) St *= (b + t - 1) / (a + b + t - 1);
  if (survivors[T]! > 0) ll += survivors[T]! * log(St);
  return ll;
}

/** Nelder–Mead on f (minimised), 2-D, from x0; returns the best point and whether it settled. */
function nelderMead(f: (x: [number, number]) => number, x0: [number, number], maxEval = 4000, tol = 1e-12): { x: [number, number]; fx: number; converged: boolean } {
  let simplex: [number, number][] = [x0, [x0[0] + 0.5, x0[1]], [x0[0], x0[1] + 0.5]];
  let fs = simplex.map(f);
  let evals = 3;
  while (evals < maxEval) {
    const order = [0, 1, 2].sort((i, j) => fs[i]! - fs[j]!);
    simplex = order.map((i) => simplex[i]!);
    fs = order.map((i) => fs[i]!);
    if (Math.abs(fs[2]! - fs[0]!) <= tol * (Math.abs(fs[0]!) + 1e-300) && Math.sqrt((simplex[2]![0] - simplex[0]![0]) ** 2 + (simplex[2]![1] - simplex[0]![1]) ** 2) < 1e-10) {
      return { x: simplex[0]!, fx: fs[0]!, converged: true };
    }
    const c: [number, number] = [(simplex[0]![0] + simplex[1]![0]) / 2, (simplex[0]![1] + simplex[1]![1]) / 2];
    const w = simplex[2]!;
    const at = (t: number): [number, number] => [c[0] + t * (w[0] - c[0]), c[1] + t * (w[1] - c[1])];
    const r = at(-1);
    const fr = f(r);
    evals++;
    if (fr < fs[0]!) {
      const e = at(-2);
      const fe = f(e);
      evals++;
      if (fe < fr) [simplex[2], fs[2]] = [e, fe];
      else [simplex[2], fs[2]] = [r, fr];
    } else if (fr < fs[1]!) {
      [simplex[2], fs[2]] = [r, fr];
    } else {
      const k = fr < fs[2]! ? at(-0.5) : at(0.5);
      const fk = f(k);
      evals++;
      if (fk < Math.min(fr, fs[2]!)) [simplex[2], fs[2]] = [k, fk];
      else {
        for (const i of [1, 2]) {
          simplex[i] = [(simplex[i]![0] + simplex[0]![0]) / 2, (simplex[i]![1] + simplex[0]![1]) / 2];
          fs[i] = f(simplex[i]!);
          evals++;
        }
      }
    }
  }
  const best = fs.indexOf(Math.min(...fs));
  return { x: simplex[best]!, fx: fs[best]!, converged: false };
}

/**
 * Fits the shifted-beta-geometric (sBG) model of contract renewal (Fader & Hardie 2007, "How to
 * project customer retention", J. Interactive Marketing 21(1)) to one cohort by maximum
 * likelihood. Each customer churns at the end of any period with her own probability θ,
 * θ ~ Beta(α, β) across customers; so P(T = t) = B(α+1, β+t−1)/B(α, β) and the survival
 * S(t) = B(α, β+t)/B(α, β). Retention rates rise with tenure because the loyal remain.
 * Fit it per segment or per acquisition cohort.
 *
 * @param survivorsByPeriod - customers still active at the start (index 0: the cohort size) and
 *   after each renewal opportunity; non-increasing, at least two values
 * @returns the model with `alpha`, `beta` and the log-likelihood
 * @throws DataError for fewer than two counts, negative or increasing counts, or a first count of 0
 * @example
 * // Fader & Hardie's "regular" cohort, years 0–7
 * const m = fitShiftedBetaGeometric([1000, 631, 468, 382, 326, 289, 262, 241]);
 * [m.alpha.toFixed(3), m.beta.toFixed(3)] // => ['0.704', '1.182']
 * @category Segment
 */
export function fitShiftedBetaGeometric(survivorsByPeriod: readonly number[]): ShiftedBetaGeometricModel {
  const FN = 'fitShiftedBetaGeometric';
  const s = survivorsByPeriod;
  if (!Array.isArray(s) || s.length < 2) throw new DataError(`${FN}: needs the cohort size and at least one later count`);
  for (let t = 0; t < s.length; t++) {
    const v = s[t]!;
    if (!Number.isFinite(v) || v < 0) throw new DataError(`${FN}: count ${t} is ${v}; counts must be finite and ≥ 0`);
    if (t > 0 && v > s[t - 1]!) throw new DataError(`${FN}: count ${t} (${v}) exceeds count ${t - 1} (${s[t - 1]}); survivors cannot increase`);
  }
  if (s[0]! <= 0) throw new DataError(`${FN}: the cohort size (first count) must be positive`);
  if (s[s.length - 1] === s[0]) throw new DataError(`${FN}: nobody churned; the model cannot be estimated`);
  const f = (x: [number, number]): number => -logLik(exp(x[0]), exp(x[1]), s);
  let best = nelderMead(f, [0, 0]);
  // restart from the optimum to polish
  best = nelderMead(f, best.x);
  return {
    kind: 'segment/sbg',
    version: SEGMENT_MODEL_VERSIONS['segment/sbg'],
    options: {},
    alpha: exp(best.x[0]),
    beta: exp(best.x[1]),
    logLikelihood: -best.fx,
    periods: s.length - 1,
    cohortSize: s[0]!,
    converged: best.converged,
  };
}

/**
 * Survival S(t) = B(α, β+t)/B(α, β) for t = 0..periods under a shifted-beta-geometric model
 * (the share of a new cohort still active after t renewal opportunities).
 *
 * @param model - a model from {@link fitShiftedBetaGeometric}
 * @param periods - last period (≥ 0)
 * @returns Float64Array of periods + 1 survival probabilities, S(0) = 1
 * @example
 * Array.from(sbgSurvival({ kind: 'segment/sbg', version: 1, options: {}, alpha: 1, beta: 1, logLikelihood: 0, periods: 1, cohortSize: 1, converged: true }, 2))
 * // => [1, 0.5, 0.3333333333333333]
 * @category Segment
 */
export function sbgSurvival(model: ShiftedBetaGeometricModel, periods: number): Float64Array {
  if (!Number.isInteger(periods) || periods < 0) throw new DataError(`sbgSurvival: periods must be an integer ≥ 0, got ${periods}`);
  const out = new Float64Array(periods + 1);
  out[0] = 1;
  for (let t = 1; t <= periods; t++) out[t] = (out[t - 1]! * (model.beta + t - 1)) / (model.alpha + model.beta + t - 1);
  return out;
}

/** Options of {@link lifetimeValue}. @category Segment */
export interface LifetimeValueOptions {
  /** Margin per period while the customer is active (currency units per period). */
  margin: number;
  /** Discount rate per period, > 0 (e.g. 0.10 a year, or about 0.008 a month). */
  discountRate: number;
  /**
   * Renewals the customer has already made. Absent: the expected lifetime value of a customer just
   * acquired (first payment now). Given as n − 1: the discounted expected residual lifetime value
   * (DERL) of a customer about to face her n-th renewal, payments from that renewal on.
   */
  renewals?: number;
}

/**
 * Subscription lifetime value under a shifted-beta-geometric model (Fader & Hardie 2010,
 * "Customer-base valuation in a contractual setting: the perils of ignoring heterogeneity",
 * Marketing Science 29(1)). New customer: E[CLV] = m Σ_{t≥0} S(t) / (1+d)ᵗ. Existing customer
 * with n − 1 renewals: DERL = m Σ_{t≥n} [S(t)/S(n−1)] / (1+d)^{t−n}. Summed until the terms
 * vanish (the discount makes the series geometric).
 *
 * @param model - a model from {@link fitShiftedBetaGeometric}
 * @param options - margin, discount rate and renewals so far
 * @param options.margin - margin per period
 * @param options.discountRate - discount rate per period (> 0)
 * @param options.renewals - renewals already made (n − 1), for the residual value of an existing customer
 * @returns expected discounted value, in the margin's currency
 * @throws DataError for a non-positive discount rate, a non-finite margin or negative renewals
 * @example
 * const m = { kind: 'segment/sbg' as const, version: 1, options: {}, alpha: 1, beta: 1, logLikelihood: 0, periods: 1, cohortSize: 1, converged: true };
 * lifetimeValue(m, { margin: 100, discountRate: 0.1 }) > 100 // => true
 * @category Segment
 */
export function lifetimeValue(model: ShiftedBetaGeometricModel, options: LifetimeValueOptions): number {
  const FN = 'lifetimeValue';
  requireModel(FN, 'model', model, ['segment/sbg'], 'fitShiftedBetaGeometric', []);
  options = optionsObject(FN, options);
  const { margin, discountRate: d } = options;
  if (!Number.isFinite(margin)) throw new DataError(`${FN}: margin must be finite, got ${margin}`);
  if (!(d > 0) || !Number.isFinite(d)) throw new DataError(`${FN}: discountRate must be > 0 (undiscounted sums diverge for α ≤ 1), got ${d}`);
  const { alpha: a, beta: b } = model;
  const r = options.renewals;
  if (r !== undefined && (!Number.isInteger(r) || r < 0)) throw new DataError(`${FN}: renewals must be an integer ≥ 0, got ${r}`);
  // start at t0 with weight S(t0)/S(t0 − 1) (new customer: t0 = 0, weight 1)
  const t0 = r === undefined ? 0 : r + 1;
  let w = t0 === 0 ? 1 : (b + t0 - 1) / (a + b + t0 - 1);
  let disc = 1;
  let sum = 0;
  for (let t = t0; t < t0 + 1_000_000; t++) {
    const term = w * disc;
    sum += term;
    if (term < 1e-16 * sum) break;
    w *= (b + t) / (a + b + t);
    disc /= 1 + d;
  }
  return margin * sum;
}
