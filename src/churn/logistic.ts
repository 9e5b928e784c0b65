/**
 * The `'churn/logistic'` learner: L2-regularised logistic regression fitted by L-BFGS over typed
 * arrays (internal; the public entry points are `fitChurnModel` and `predictChurn`).
 *
 * Objective (scikit-learn's `LogisticRegression(C)`, written per unit weight):
 *   f(w, b) = (1/S) Σᵢ sᵢ ℓ(yᵢ, b + xᵢ·w) + (α/2) ‖w‖²,  ℓ(y, z) = log(1 + eᶻ) − y z,
 * with sᵢ the class weight of row i, S = Σᵢ sᵢ, and α = 1/(C·S) (so the minimiser is scikit-learn's
 * `½‖w‖² + C Σ sᵢ ℓᵢ`), or α = λ when `lambda` is given. The intercept b is not penalised.
 * The optimiser works on internally standardised coordinates (a change of variables, not of the
 * objective): coefficients are reported in the original units of the features.
 */
import { DataError } from '../errors.js';
import type { FeatureMatrix } from '../matrix/feature-matrix.js';
import { minimizeLbfgs } from '../internal/lbfgs.js';
import type { LongRunOptions } from '../internal/model.js';
import { defineOptions, described, int, longRun, oneOf, real, seed } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { MAX_ITER } from '../limits.js';
import { expInto, log, logInto } from '../internal/math.js';

/** Class weights: `'balanced'` gives class c the weight n / (2 n_c); an object sets both. @category Churn */
export type ChurnClassWeight = 'balanced' | { readonly 0: number; readonly 1: number } | null;

/** Options of the logistic learner (`fitChurnModel(m, y, { kind: 'logistic', ... })`). @category Churn */
export interface LogisticChurnOptions extends LongRunOptions {
  readonly kind: 'logistic';
  /**
   * Inverse L2 strength as in scikit-learn (minimise ½‖w‖² + C Σ sᵢℓᵢ). Default 1. It maps to
   * `l2 = 1 / (C·S)` with S the summed row weights (n without class weights); giving both `C` and
   * `l2` is an `OptionsError`.
   */
  readonly C?: number;
  /** L2 strength λ on the mean loss (minimise (1/S)Σ sᵢℓᵢ + λ/2 ‖w‖²), finite ≥ 0; use instead of `C`. */
  readonly l2?: number;
  /** @deprecated since 0.2: use `l2` (removed in 0.3). */
  readonly lambda?: number;
  /** `'balanced'`, `{ 0: w₀, 1: w₁ }` or null (all rows weigh 1, the default). */
  readonly classWeight?: ChurnClassWeight;
  /** L-BFGS iterations at most, in [1, {@link MAX_ITER}] (default 200). */
  readonly maxIter?: number;
  /** @deprecated since 0.2: use `maxIter` (removed in 0.3). */
  readonly maxIterations?: number;
  /** Stop when the largest absolute gradient component of f falls to this or below, finite ≥ 0 (default 1e-5). */
  readonly tol?: number;
  /** @deprecated since 0.2: use `tol` (removed in 0.3). */
  readonly tolerance?: number;
  /** Accepted for API symmetry with gbdt; the logistic fit is deterministic. */
  readonly seed?: number;
}

export { LogisticOptionsSchema, LogisticChurnModelSchema, migrateLogistic } from './logistic-schema.js';
export type { LogisticChurnModel } from './logistic-schema.js';
import type { LogisticChurnModel } from './logistic-schema.js';
import { CHURN_MODEL_VERSIONS } from './model-kinds.js';


function rowWeights(y: Uint8Array, cw: ChurnClassWeight): { s: Float64Array | null; S: number } {
  const n = y.length;
  if (cw === null) return { s: null, S: n };
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i]!;
  const w1 = cw === 'balanced' ? n / (2 * pos) : cw[1];
  const w0 = cw === 'balanced' ? n / (2 * (n - pos)) : cw[0];
  const s = new Float64Array(n);
  let S = 0;
  for (let i = 0; i < n; i++) S += s[i] = y[i] ? w1 : w0;
  return { s, S };
}

/**
 * Column means and (population) standard deviations, and the scale of the optimiser's change of
 * variables: the sd, or 1 for a column constant to 10⁻¹² relative precision. `onNonFiniteSum` runs
 * when a column sum is NaN or ±∞ (it throws when a value is not finite).
 */
function columnScaling(
  X: Float64Array,
  n: number,
  p: number,
  onNonFiniteSum: () => void,
): { mean: Float64Array<ArrayBuffer>; sd: Float64Array<ArrayBuffer>; scale: Float64Array<ArrayBuffer> } {
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  for (let i = 0, o = 0; i < n; i++, o += p) for (let j = 0; j < p; j++) mean[j]! += X[o + j]!;
  for (let j = 0; j < p; j++) if (!Number.isFinite(mean[j]!)) onNonFiniteSum();
  for (let j = 0; j < p; j++) mean[j]! /= n;
  for (let i = 0, o = 0; i < n; i++, o += p) {
    for (let j = 0; j < p; j++) {
      const d = X[o + j]! - mean[j]!;
      sd[j]! += d * d;
    }
  }
  const scale = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    sd[j] = Math.sqrt(sd[j]! / n);
    scale[j] = sd[j]! > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? sd[j]! : 1;
  }
  return { mean, sd, scale };
}

const classWeightSchema = described(
  o.union([o.literal('balanced'), o.strictObject({ 0: real({ gt: 0 }), 1: real({ gt: 0 }) }), o.literal(null)]),
  "'balanced', { 0: w0, 1: w1 } with positive weights, or null",
);

/** The declared options of the logistic learner (`fitChurnModel(m, y, { kind: 'logistic', … })`). */
export const parseLogisticOptions = defineOptions(
  'fitChurnModel',
  {
    kind: oneOf(['logistic']),
    C: real({ gt: 0 }).optional(),
    l2: real({ min: 0 }).optional(),
    classWeight: classWeightSchema.default(null),
    maxIter: int(1, MAX_ITER).default(200),
    tol: real({ min: 0 }).default(1e-5),
    seed: seed().optional(),
    ...longRun(),
  },
  {
    aliases: { lambda: 'l2', maxIterations: 'maxIter', tolerance: 'tol' },
    conflicts: [['C', 'l2', 'C maps to l2 = 1/(C·S), S the summed row weights']],
  },
);

/** Fits the logistic learner; `m` is checked finite, `y` validated 0/1 with both classes. */
export function fitLogistic(m: FeatureMatrix, y: Uint8Array, options: LogisticChurnOptions, fn: string): LogisticChurnModel {
  const o = parseLogisticOptions(options, fn);
  const { nRows: n, nCols: p, values: X } = m;
  /** Throws at the first non-finite value, if any (called when a column sum is not finite). */
  const checkFinite = (): void => {
    for (let k = 0; k < X.length; k++) {
      if (!Number.isFinite(X[k]!)) {
        const i = Math.floor(k / p);
        throw new DataError(
          `${fn}: value ${X[k]} at row ${i} (id ${m.rowIds[i]}), column '${m.columns[k % p]}'; the logistic learner needs finite features: impute missing values (a pipeline step) or use kind 'gbdt', which handles NaN`,
        );
      }
    }
  };
  // the column sums see every value: a NaN or ±∞ makes its column's sum non-finite, and only then
  // is the matrix scanned for the first bad value (one pass over X fewer on the common path)
  const { mean, sd, scale } = columnScaling(X, n, p, checkFinite);
  const C = o.C ?? 1;
  const lambda = o.l2 ?? null;
  const classWeight: ChurnClassWeight = o.classWeight;
  const maxIterations = o.maxIter;
  const tolerance = o.tol;
  // parseLogisticOptions checks C, l2, classWeight, maxIter and tol with LogisticOptionsSchema's constraints or tighter
  const { s, S } = rowWeights(y, classWeight);
  const alpha = lambda ?? 1 / (C * S);


  // θ = (b', w'): w_j = w'_j / scale_j, b = b' − Σ w_j mean_j
  const d = p + 1;
  const w = new Float64Array(p);
  const gw = new Float64Array(p + 1);
  const toOriginal = (theta: Float64Array): number => {
    let b = theta[0]!;
    for (let j = 0; j < p; j++) {
      w[j] = theta[j + 1]! / scale[j]!;
      b -= w[j]! * mean[j]!;
    }
    return b;
  };
  /** f(θ) into the return value, ∇θ f into `grad`; also leaves ∇ in original units in `gOrig`. */
  const gOrig = new Float64Array(d);
  const scratch = passScratch();
  const evaluate = (theta: Float64Array, grad: Float64Array): number => {
    const b = toOriginal(theta);
    const loss = logisticPass(X, y, s, n, p, b, w, gw, scratch);
    const gb = gw[p]!;
    let pen = 0;
    for (let j = 0; j < p; j++) pen += w[j]! * w[j]!;
    const f = loss / S + 0.5 * alpha * pen;
    gOrig[0] = gb / S;
    grad[0] = gOrig[0];
    for (let j = 0; j < p; j++) {
      const g = gw[j]! / S + alpha * w[j]!;
      gOrig[j + 1] = g;
      grad[j + 1] = (g - mean[j]! * gOrig[0]) / scale[j]!;
    }
    return f;
  };
  /** The convergence measure: the largest gradient component in the original feature units. */
  const maxAbs = (v: Float64Array): number => {
    let mx = 0;
    for (let k = 0; k < v.length; k++) mx = Math.max(mx, Math.abs(v[k]!));
    return mx;
  };

  // start: intercept at the weighted log-odds, w = 0
  const theta = new Float64Array(d);
  {
    let sp = 0;
    for (let i = 0; i < n; i++) sp += (s === null ? 1 : s[i]!) * y[i]!;
    const pr = sp / S;
    theta[0] = log(pr / (1 - pr));
  }
  const fit = minimizeLbfgs(evaluate, theta, {
    maxIter: maxIterations,
    tol: tolerance,
    memory: 10,
    gradientNorm: () => maxAbs(gOrig),
    signal: o.signal,
    fn,
    onProgress: o.onProgress,
  });
  const { converged, gradientNorm: gnorm, f, iterations } = fit;
  const intercept = toOriginal(fit.x);
  const coefficients = new Float64Array(w);

  // separability: do the fitted scores order every positive above every negative?
  let minPos = Infinity;
  let maxNeg = -Infinity;
  for (let i = 0, o = 0; i < n; i++, o += p) {
    let zi = intercept;
    for (let j = 0; j < p; j++) zi += coefficients[j]! * X[o + j]!;
    if (y[i]) minPos = Math.min(minPos, zi);
    else maxNeg = Math.max(maxNeg, zi);
  }
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i]!;
  return {
    kind: 'churn/logistic',
    version: CHURN_MODEL_VERSIONS['churn/logistic'],
    options: { C: lambda === null ? C : null, l2: lambda, classWeight, maxIter: maxIterations, tol: tolerance },
    featureNames: [...m.columns],
    coefficients,
    intercept,
    featureMeans: mean,
    featureSds: sd,
    convergence: { converged, iterations, gradientNorm: gnorm, loss: f },
    separable: minPos > maxNeg,
    nTrain: n,
    positiveRate: pos / n,
  };
}

/** Rows per block of {@link logisticPass}: the block's margins stay in L1 between its phases. */
const BLOCK = 256;

/** Scratch arrays of {@link logisticPass}, allocated once per fit. */
interface PassScratch {
  readonly z: Float64Array;
  readonly e: Float64Array;
  readonly l: Float64Array;
}

function passScratch(): PassScratch {
  return { z: new Float64Array(BLOCK), e: new Float64Array(BLOCK), l: new Float64Array(BLOCK) };
}

/**
 * One pass over the rows: returns Σ sᵢ ℓᵢ and writes Σ sᵢ (σ(zᵢ) − yᵢ) xᵢ into gw[0..p) and the
 * intercept's Σ sᵢ (σ(zᵢ) − yᵢ) into gw[p]. A top-level function with plain arguments so V8 keeps
 * every array in a register (a closure over the same variables runs ~3× slower).
 *
 * Blocks of {@link BLOCK} rows, each in phases: the margins zᵢ; e^(−|zᵢ|) for the whole block
 * (`expInto`), then log(1 + e^(−|zᵢ|)) (`logInto`), loops whose iterations are independent so the
 * CPU overlaps the polynomial chains of several rows (one row at a time, each row's exp and log
 * waited on the previous row's); then the loss and residual sums, row by row, and the gradient.
 * Every sum adds the same terms in the same order as a row-at-a-time loop, so the result is the
 * same to the bit.
 */
function logisticPass(
  X: Float64Array,
  y: Uint8Array,
  s: Float64Array | null,
  n: number,
  p: number,
  b: number,
  w: Float64Array,
  gw: Float64Array,
  scratch: PassScratch,
): number {
  const { z: zb, e: eb, l: lb } = scratch;
  gw.fill(0);
  let gb = 0;
  let loss = 0;
  const p4 = p & ~3;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    const nb = i1 - i0;
    for (let i = i0, o = i0 * p, t = 0; i < i1; i++, o += p, t++) {
      // four accumulators: independent chains the CPU can overlap
      let z0 = b;
      let z1 = 0;
      let z2 = 0;
      let z3 = 0;
      let j = 0;
      for (; j < p4; j += 4) {
        z0 += w[j]! * X[o + j]!;
        z1 += w[j + 1]! * X[o + j + 1]!;
        z2 += w[j + 2]! * X[o + j + 2]!;
        z3 += w[j + 3]! * X[o + j + 3]!;
      }
      for (; j < p; j++) z0 += w[j]! * X[o + j]!;
      const zi = z0 + z1 + z2 + z3;
      zb[t] = zi;
      eb[t] = -Math.abs(zi);
    }
    expInto(eb, eb, nb);
    for (let t = 0; t < nb; t++) lb[t] = 1 + eb[t]!;
    logInto(lb, lb, nb);
    for (let i = i0, t = 0; i < i1; i++, t++) {
      const zi = zb[t]!;
      const yi = y[i]!;
      const e = eb[t]!;
      // log(1 + e^z) − y z, stably (log(1 + e) loses nothing that matters once summed)
      let li = lb[t]! + (zi > 0 ? zi : 0) - yi * zi;
      // σ(z) − y
      let r = (zi >= 0 ? 1 : e) / (1 + e) - yi;
      if (s !== null) {
        li *= s[i]!;
        r *= s[i]!;
      }
      loss += li;
      gb += r;
      zb[t] = r;
    }
    // the gradient four columns at a time, the sums in registers (each column still adds the rows
    // in order)
    let j = 0;
    for (; j < p4; j += 4) {
      let a0 = gw[j]!;
      let a1 = gw[j + 1]!;
      let a2 = gw[j + 2]!;
      let a3 = gw[j + 3]!;
      for (let o = i0 * p + j, t = 0; t < nb; o += p, t++) {
        const r = zb[t]!;
        a0 += r * X[o]!;
        a1 += r * X[o + 1]!;
        a2 += r * X[o + 2]!;
        a3 += r * X[o + 3]!;
      }
      gw[j] = a0;
      gw[j + 1] = a1;
      gw[j + 2] = a2;
      gw[j + 3] = a3;
    }
    for (; j < p; j++) {
      let a = gw[j]!;
      for (let o = i0 * p + j, t = 0; t < nb; o += p, t++) a += zb[t]! * X[o]!;
      gw[j] = a;
    }
  }
  gw[p] = gb;
  return loss;
}

/** Margins b + x·w for every row (log-odds). */
export function logisticMargins(model: LogisticChurnModel, m: FeatureMatrix): Float64Array {
  const { nRows: n, nCols: p, values: X } = m;
  const w = model.coefficients;
  const out = new Float64Array(n);
  for (let i = 0, o = 0; i < n; i++, o += p) {
    let zi = model.intercept;
    for (let j = 0; j < p; j++) zi += w[j]! * X[o + j]!;
    out[i] = zi;
  }
  return out;
}
