/**
 * Probability calibration: Platt scaling and isotonic regression (pool-adjacent-violators),
 * fitted on held-out scores and labels, applied as a plain-data model.
 *
 * @module
 */
import { ModelError } from '../errors.js';
import { defineOptions, oneOf } from '../internal/options.js';
import { requireArray } from '../internal/guards.js';
import type { BinaryLabels } from './labels.js';
import { toBinaryLabels, toScores } from './labels.js';
import { exp, log, log1p } from '../internal/math.js';

/** Options of {@link fitCalibrator}. @category Metrics */
export interface CalibratorOptions {
  /** `'platt'` (a sigmoid of the score, default) or `'isotonic'` (a monotone step-and-ramp map). */
  readonly method?: 'platt' | 'isotonic';
}

export { CalibratorModelSchema } from './calibrator-schema.js';
export type { CalibratorModel } from './calibrator-schema.js';
import type { CalibratorModel } from './calibrator-schema.js';
import { METRICS_MODEL_VERSIONS } from './model-kinds.js';

function fitPlatt(s: Float64Array, y: Uint8Array): { a: number; b: number } {
  const n = s.length;
  let P = 0;
  for (let i = 0; i < n; i++) P += y[i]!;
  const N = n - P;
  // Platt's smoothed targets (Platt 1999; Lin, Lin & Weng 2007)
  const hi = (P + 1) / (P + 2);
  const lo = 1 / (N + 2);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = y[i] ? hi : lo;
  const objective = (a: number, b: number): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const z = a * s[i]! + b;
      // −t log σ(z) − (1 − t) log(1 − σ(z)) = log(1 + e^z) − t z
      f += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - t[i]! * z;
    }
    return f;
  };
  let a = 0;
  let b = log((P + 1) / (N + 1));
  let f = objective(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < n; i++) {
      const z = a * s[i]! + b;
      const p = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
      const r = p - t[i]!;
      const w = p * (1 - p);
      ga += r * s[i]!;
      gb += r;
      haa += w * s[i]! * s[i]!;
      hab += w * s[i]!;
      hbb += w;
    }
    if (Math.abs(ga) < 1e-10 * n && Math.abs(gb) < 1e-10 * n) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(-hab * ga + haa * gb) / det;
    let step = 1;
    let moved = false;
    while (step >= 1e-10) {
      const fn = objective(a + step * da, b + step * db);
      if (fn < f + 1e-4 * step * (ga * da + gb * db)) {
        a += step * da;
        b += step * db;
        f = fn;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return { a, b };
}

function fitIsotonic(s: Float64Array, y: Uint8Array) {
  const n = s.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((p, q) => s[p]! - s[q]!);
  // blocks: value (weighted mean), weight, x range
  const val: number[] = [];
  const wt: number[] = [];
  const xlo: number[] = [];
  const xhi: number[] = [];
  let k = 0;
  while (k < n) {
    // pool tied scores first
    const x0 = s[idx[k]!]!;
    let sum = 0;
    let cnt = 0;
    while (k < n && s[idx[k]!] === x0) {
      sum += y[idx[k]!]!;
      cnt++;
      k++;
    }
    val.push(sum / cnt);
    wt.push(cnt);
    xlo.push(x0);
    xhi.push(x0);
    // pool adjacent violators
    while (val.length > 1 && val[val.length - 2]! >= val[val.length - 1]!) {
      const v2 = val.pop()!;
      const w2 = wt.pop()!;
      const h2 = xhi.pop()!;
      xlo.pop();
      const j = val.length - 1;
      val[j] = (val[j]! * wt[j]! + v2 * w2) / (wt[j]! + w2);
      wt[j]! += w2;
      xhi[j] = h2;
    }
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let j = 0; j < val.length; j++) {
    xs.push(xlo[j]!);
    ys.push(val[j]!);
    if (xhi[j]! > xlo[j]!) {
      xs.push(xhi[j]!);
      ys.push(val[j]!);
    }
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys) };
}

/**
 * Fits a map from raw scores to calibrated probabilities on held-out data.
 * - `'platt'`: p = σ(a·s + b), fitted by Newton's method on the log loss against Platt's
 *   smoothed targets t₊ = (N₊ + 1)/(N₊ + 2), t₋ = 1/(N₋ + 2) (Platt 1999; the stable
 *   algorithm of Lin, Lin & Weng, Machine Learning 68 (2007) 267–276).
 * - `'isotonic'`: the non-decreasing step function closest to the labels in squared error, by
 *   pool-adjacent-violators (tied scores pooled first), applied with linear interpolation between
 *   block ends and clipped outside the fitted range (as scikit-learn's `IsotonicRegression`).
 *
 * Fit it on scores the model did not train on (a validation split or out-of-fold scores).
 *
 * Arguments come labels first, as in every metric (`rocAuc(labels, scores)`). The 0.1 order
 * `(scores, labels)` is deprecated and still recognised for one minor version: when the first
 * argument is not a 0/1 (or boolean) array and the second is, the two are swapped. When both are
 * 0/1 arrays the call is read in the new order.
 *
 * @param labels - n labels, 0/1 or booleans
 * @param scores - n finite scores (margins or probabilities)
 * @param options - `method` (`'platt'`)
 * @returns a plain-data {@link CalibratorModel}
 * @throws DimensionError on a length mismatch; DataError for bad labels, one class only or non-finite scores
 * @throws OptionsError for an unknown option or method
 * @example
 * const cal = fitCalibrator([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], { method: 'isotonic' });
 * Array.from(applyCalibrator(cal, [0.1, 0.25])) // => [0, 0.5]
 * @category Metrics
 */
export function fitCalibrator(labels: BinaryLabels, scores: ArrayLike<number>, options?: CalibratorOptions): CalibratorModel;
/** @deprecated since 0.2: pass `(labels, scores)` like every metric; the `(scores, labels)` order is removed in 0.3. */
export function fitCalibrator(scores: ArrayLike<number>, labels: BinaryLabels, options?: CalibratorOptions): CalibratorModel;
export function fitCalibrator(first: BinaryLabels | ArrayLike<number>, second: ArrayLike<number> | BinaryLabels, options?: CalibratorOptions): CalibratorModel {
  const fn = 'fitCalibrator';
  const { method } = parseCalibratorOptions(options);
  requireArray(fn, 'labels', first, 'of 0/1 labels');
  requireArray(fn, 'scores', second, 'of numbers');
  const oldOrder = !isZeroOne(first) && isZeroOne(second);
  const labels = (oldOrder ? second : first) as BinaryLabels;
  const scores = (oldOrder ? first : second) as ArrayLike<number>;
  const y = toBinaryLabels(labels, scores.length, fn);
  const s = toScores(scores, y.length, fn);
  const resolved = { method };
  const version = METRICS_MODEL_VERSIONS['metrics/calibrator'];
  return resolved.method === 'platt'
    ? { kind: 'metrics/calibrator', version, options: resolved, method: 'platt', ...fitPlatt(s, y) }
    : { kind: 'metrics/calibrator', version, options: resolved, method: 'isotonic', ...fitIsotonic(s, y) };
}

const parseCalibratorOptions = defineOptions('fitCalibrator', { method: oneOf(['platt', 'isotonic']).default('platt') });

/** True when every value is 0, 1, true or false (a label array, not scores). */
function isZeroOne(a: unknown): boolean {
  if (a === null || typeof a !== 'object' || typeof (a as ArrayLike<unknown>).length !== 'number') return false;
  const v = a as ArrayLike<unknown>;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x !== 0 && x !== 1 && x !== true && x !== false) return false;
  }
  return true;
}

/**
 * Maps raw scores to calibrated probabilities with a fitted calibrator.
 *
 * @param calibrator - from {@link fitCalibrator}
 * @param scores - finite scores on the scale the calibrator was fitted on
 * @returns one probability per score
 * @throws ModelError for an object that is not a calibrator; DataError for non-finite scores
 * @example
 * applyCalibrator({ kind: 'metrics/calibrator', version: 2, options: { method: 'platt' }, method: 'platt', a: 2, b: -1 }, [0.5])[0] // => 0.5
 * @category Metrics
 */
export function applyCalibrator(calibrator: CalibratorModel, scores: ArrayLike<number>): Float64Array {
  const fn = 'applyCalibrator';
  if (calibrator?.kind !== 'metrics/calibrator') throw new ModelError(`${fn}: expected a 'metrics/calibrator' model`);
  const s = toScores(scores, scores.length, fn);
  const out = new Float64Array(s.length);
  if (calibrator.method === 'platt') {
    const { a, b } = calibrator;
    for (let i = 0; i < s.length; i++) {
      const z = a * s[i]! + b;
      out[i] = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
    }
    return out;
  }
  const { x, y } = calibrator;
  const last = x.length - 1;
  for (let i = 0; i < s.length; i++) {
    const v = s[i]!;
    if (v <= x[0]!) out[i] = y[0]!;
    else if (v >= x[last]!) out[i] = y[last]!;
    else {
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid]! <= v) lo = mid;
        else hi = mid;
      }
      const t = (v - x[lo]!) / (x[hi]! - x[lo]!);
      out[i] = y[lo]! + t * (y[hi]! - y[lo]!);
    }
  }
  return out;
}
