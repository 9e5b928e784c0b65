/**
 * `fitFederatedLogistic`: horizontal federated training of the churn module's logistic model with
 * secure aggregation, so that parties never pool rows and the coordinator sees only sums.
 *
 * @module
 */
import type { LogisticChurnModel } from '../churn/logistic.js';
import { DataError, DimensionError, OptionsError } from '../errors.js';
import { defineOptions, described, func, int, longRun, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { DP_OPTIONS } from './dp-queries.js';
import { toFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix, MatrixInput } from '../matrix/feature-matrix.js';
import { exp, log, log1p } from '../internal/math.js';
import { throwIfAborted } from '../internal/model.js';
import type { LongRunOptions } from '../internal/model.js';
import { fitDpDescent, resolveDpOptions } from './federated-dp.js';
import type { FederatedDpOptions } from './federated-dp.js';
import { chargeBudget } from './privacy-budget.js';
import type { PrivacyBudget } from './privacy-budget.js';
import { Bits } from './random.js';
import type { NoiseOptions } from './random.js';
import { Sha256 } from './sha256.js';

/** One party's rows: its feature matrix and 0/1 labels. @category Privacy */
export interface FederatedParty {
  readonly matrix: MatrixInput;
  readonly labels: ArrayLike<number>;
}

/** What the coordinator sees in one aggregation: each party's masked share (fixed point, mod 2⁹⁶). @category Privacy */
export interface AggregationView {
  readonly round: number;
  readonly stage: 'moments' | 'newton' | 'loss' | 'separation';
  readonly maskedShares: readonly (readonly bigint[])[];
}

const positive = real({ gt: 0 });
/** The declared options of {@link fitFederatedLogistic}; `resolveDpOptions` adds what needs the feature count (one `dp.featureBound` per feature, the default `dp.learningRate`). */
const parseFederatedLogisticOptions = defineOptions('fitFederatedLogistic', {
  l2: real({ min: 0 }).optional(),
  maxIter: int(1, 1000).default(50),
  tol: real({ min: 0 }).default(1e-10),
  onAggregate: func<(view: AggregationView) => void>().optional(),
  dp: o
    .strictObject({
      rho: positive,
      featureBound: described(o.union([positive, o.array(positive)]), 'a finite number > 0, or an array of them (one per feature)'),
      clipNorm: positive.default(1),
      learningRate: positive.optional(),
    })
    .optional(),
  budget: DP_OPTIONS.budget,
  unsafeRandomBytes: DP_OPTIONS.unsafeRandomBytes,
  ...longRun(),
});

/** Options of {@link fitFederatedLogistic}. @category Privacy */
export interface FederatedLogisticOptions extends LongRunOptions, NoiseOptions {
  /** L2 strength λ on the mean loss, as the churn module's `lambda` (default 1/n: scikit-learn's C = 1). */
  readonly l2?: number;
  /** Newton rounds at most (default 50, at most 1000); with `dp`, the number of descent rounds. */
  readonly maxIter?: number;
  /** Stop when the largest gradient component of the objective falls below this (default 1e-10). */
  readonly tol?: number;
  /** Called with the coordinator's view of every secure aggregation (for audits and tests). */
  readonly onAggregate?: (view: AggregationView) => void;
  /**
   * Differential privacy for the released model: noisy gradient descent with exact discrete
   * Gaussian noise on every aggregate, ρ-zCDP for the whole fit (see {@link FederatedDpOptions}).
   * Without it the fit is exact and adds no noise.
   */
  readonly dp?: FederatedDpOptions;
  /** With `dp`: the budget charged `{ rho }` before the first aggregate (nothing is computed when it cannot pay). */
  readonly budget?: PrivacyBudget;
}

/** Fixed-point scale (2⁴⁰) and modulus (2⁹⁶) of secure aggregation. */
const SCALE = 2 ** 40;
const MOD = 1n << 96n;
const HALF = 1n << 95n;

function encode(v: number): bigint {
  const x = BigInt(Math.round(v * SCALE));
  return ((x % MOD) + MOD) % MOD;
}
function decode(x: bigint): number {
  const s = x >= HALF ? x - MOD : x;
  return Number(s) / SCALE;
}

/**
 * Secure aggregation with pairwise additive masks (Bonawitz et al. 2017, without the dropout
 * recovery): parties i < j share a random seed sᵢⱼ (in a deployment, from a Diffie–Hellman key
 * agreement); party i sends xᵢ + Σ_{j>i} PRG(sᵢⱼ) − Σ_{j<i} PRG(sⱼᵢ) mod 2⁹⁶, each share uniformly
 * distributed on its own; the masks cancel in the sum. PRG: SHA-256 in counter mode.
 */
export function secureSum(vectors: readonly Float64Array[], seeds: readonly (readonly Uint8Array[])[], round: number, view?: (shares: bigint[][]) => void): Float64Array {
  const k = vectors.length;
  const d = vectors[0]!.length;
  const hasher = new Sha256();
  const H0 = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const msg = new Uint8Array(40);
  const out = new Uint8Array(32);
  const prg = (seed: Uint8Array, e: number): bigint => {
    msg.set(seed, 0);
    new DataView(msg.buffer).setUint32(32, round);
    new DataView(msg.buffer).setUint32(36, e);
    hasher.digestInto(H0, 0, msg, out);
    let v = 0n;
    for (let b = 0; b < 12; b++) v = (v << 8n) | BigInt(out[b]!);
    return v;
  };
  const shares: bigint[][] = [];
  for (let i = 0; i < k; i++) {
    const s: bigint[] = [];
    for (let e = 0; e < d; e++) {
      let x = encode(vectors[i]![e]!);
      for (let j = 0; j < k; j++) {
        if (j === i) continue;
        const m = prg(i < j ? seeds[i]![j]! : seeds[j]![i]!, e);
        x = i < j ? x + m : x - m + MOD;
      }
      s.push(x % MOD);
    }
    shares.push(s);
  }
  view?.(shares);
  const sum = new Float64Array(d);
  for (let e = 0; e < d; e++) {
    let t = 0n;
    for (let i = 0; i < k; i++) t += shares[i]![e]!;
    sum[e] = decode(t % MOD);
  }
  return sum;
}

/** Solves A x = b for symmetric positive definite A (d × d, row-major) by Cholesky; null when not positive definite. */
function cholSolve(A: Float64Array, b: Float64Array, d: number): Float64Array | null {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j]!;
      for (let k = 0; k < j; k++) s -= L[i * d + k]! * L[j * d + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * d + i] = Math.sqrt(s);
      } else L[i * d + j] = s / L[j * d + j]!;
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * d + k]! * y[k]!;
    y[i] = s / L[i * d + i]!;
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * x[k]!;
    x[i] = s / L[i * d + i]!;
  }
  return x;
}

interface Local {
  readonly m: FeatureMatrix;
  readonly y: Uint8Array;
}

/** One party's local Newton statistics at θ = (b, w): loss, gradient (d) and the Hessian's upper triangle. */
function localNewton(p: Local, theta: Float64Array, withHessian: boolean): Float64Array {
  const { nRows: n, nCols: q, values: X } = p.m;
  const d = q + 1;
  const tri = (d * (d + 1)) / 2;
  const out = new Float64Array(1 + d + (withHessian ? tri : 0));
  const x = new Float64Array(d);
  x[0] = 1;
  for (let i = 0, o = 0; i < n; i++, o += q) {
    let z = theta[0]!;
    for (let j = 0; j < q; j++) {
      x[j + 1] = X[o + j]!;
      z += theta[j + 1]! * X[o + j]!;
    }
    const yi = p.y[i]!;
    // log(1 + e^z) − y z, stably
    out[0]! += (z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))) - yi * z;
    const s = 1 / (1 + exp(-z));
    const r = s - yi;
    for (let j = 0; j < d; j++) out[1 + j]! += r * x[j]!;
    if (withHessian) {
      const w = s * (1 - s);
      let t = 1 + d;
      for (let a = 0; a < d; a++) {
        const wa = w * x[a]!;
        for (let c = a; c < d; c++) out[t++]! += wa * x[c]!;
      }
    }
  }
  return out;
}

/** Each party's rows as a FeatureMatrix with 0/1 labels, checked: rows, label count and values, finite features, the same columns everywhere. */
function checkParties(fn: string, parties: readonly FederatedParty[]): Local[] {
  const locals: Local[] = parties.map((party, k) => {
    if (party === null || typeof party !== 'object') throw new DataError(`${fn}: party ${k} is not { matrix, labels }`);
    const m = toFeatureMatrix(party.matrix);
    if (m.nRows === 0) throw new DataError(`${fn}: party ${k} has zero rows`);
    const lab = party.labels;
    if (lab === null || typeof lab !== 'object' || lab.length !== m.nRows) {
      throw new DimensionError(`${fn}: party ${k} has ${m.nRows} rows and ${lab?.length ?? 0} labels`);
    }
    const y = new Uint8Array(m.nRows);
    for (let i = 0; i < m.nRows; i++) {
      const v = lab[i];
      if (v !== 0 && v !== 1) throw new DataError(`${fn}: party ${k}, label at row ${i} is ${String(v)}; expected 0 or 1`);
      y[i] = v;
    }
    for (let t = 0; t < m.values.length; t++) {
      if (!Number.isFinite(m.values[t]!)) throw new DataError(`${fn}: party ${k}, value ${m.values[t]} at row ${Math.floor(t / m.nCols)}, column '${m.columns[t % m.nCols]}'; features must be finite`);
    }
    return { m, y };
  });
  const first = locals[0]!.m;
  locals.forEach(({ m }, k) => {
    if (m.nCols !== first.nCols || m.columns.some((c, j) => c !== first.columns[j])) {
      throw new DimensionError(`${fn}: party ${k} has columns [${m.columns.join(', ')}], party 0 has [${first.columns.join(', ')}]`);
    }
  });
  return locals;
}

/** One party's moments: Σx (q), Σx² (q), Σy. */
function localMoments({ m, y }: Local, q: number): Float64Array {
  const v = new Float64Array(2 * q + 1);
  for (let i = 0, o = 0; i < m.nRows; i++, o += q) {
    for (let j = 0; j < q; j++) {
      const x = m.values[o + j]!;
      v[j]! += x;
      v[q + j]! += x * x;
    }
    v[2 * q]! += y[i]!;
  }
  return v;
}

/** The objective's Hessian (d × d, full) from the summed upper triangles: Σ/n plus λ on the weights' diagonal. */
function meanHessian(sums: Float64Array, n: number, l2: number, d: number): Float64Array {
  const H = new Float64Array(d * d);
  for (let a = 0, t = 1 + d; a < d; a++) {
    for (let c = a; c < d; c++, t++) {
      const h = sums[t]! / n + (a === c && a > 0 ? l2 : 0);
      H[a * d + c] = h;
      H[c * d + a] = h;
    }
  }
  return H;
}

/** True when the lowest positive score is above the highest negative one over all parties (each releases its two extremes). */
function isSeparable(locals: readonly Local[], theta: Float64Array, q: number): boolean {
  let minPos = Infinity;
  let maxNeg = -Infinity;
  for (const { m, y } of locals) {
    for (let i = 0, o = 0; i < m.nRows; i++, o += q) {
      let z = theta[0]!;
      for (let j = 0; j < q; j++) z += theta[j + 1]! * m.values[o + j]!;
      if (y[i]) minPos = Math.min(minPos, z);
      else maxNeg = Math.max(maxNeg, z);
    }
  }
  return minPos > maxNeg;
}

/**
 * Fits the churn module's logistic model (kind `'churn/logistic'`, usable with `predictChurn`)
 * across parties that never pool their rows: horizontal federated learning by full-batch Newton
 * steps. Each round, every party computes on its own rows the loss, gradient and Hessian of
 * Σ ℓ(yᵢ, b + xᵢ·w), ℓ(y, z) = log(1 + eᶻ) − yz; a secure aggregation with pairwise additive masks
 * (Bonawitz et al. 2017) gives the coordinator their sums and nothing else; the coordinator takes
 * the Newton step on f(w, b) = (1/n) Σ ℓ + (λ/2)‖w‖² (the churn module's objective with
 * `lambda: λ`), with a backtracking line search on the securely summed loss. Because the sums are
 * exact up to the 2⁻⁴⁰ fixed point, the model equals the pooled fit (to 1e-6 in the tests).
 *
 * Also aggregated securely: feature sums and sums of squares (the model's means and sds) and the
 * positive count. Released by each party in the clear: its row count, and after the fit its lowest
 * positive and highest negative score (for the model's `separable` flag).
 * The mask seeds come from `crypto.getRandomValues` (a deployment would agree them by key
 * exchange); they cancel exactly, so the model does not depend on them.
 *
 * Without `dp` no noise is added, and the coefficients of a logistic model can leak about single
 * rows. With `dp: { rho, featureBound }` the fit is ρ-zCDP with respect to replacing one row of one
 * party (row counts stay public): noisy full-batch gradient descent for `maxIter` rounds on
 * features standardised by noisy moments, each per-row gradient clipped to `clipNorm`, each
 * securely summed aggregate given exact discrete Gaussian noise on a fine lattice (Canonne, Kamath
 * & Steinke 2020) — the noise is added once to the sum, as a trusted aggregator would (distributed
 * noise shares, Kairouz et al. 2021, are not implemented). `separable` is then `false` (the
 * parties' extreme scores are not released), and `convergence.loss` is the noisy mean loss, per
 * row clipped at 10.
 *
 * @param parties - two or more parties, each `{ matrix, labels }` with the same columns, ≥ 1 row, labels 0/1
 * @param options - `l2`, `maxIter`, `tol`, `onAggregate`, `dp`, `budget`, `onProgress`, `signal`; see {@link FederatedLogisticOptions}
 * @returns a `'churn/logistic'` model (plain data) trained on all parties' rows
 * @throws OptionsError for fewer than two parties or bad options
 * @throws DataError for a party with zero rows, labels that are not 0/1, one class only overall, or non-finite features
 * @throws DimensionError for parties with different columns or labels of the wrong length
 * @throws PrivacyBudgetError when `budget` cannot pay `dp.rho` (nothing is computed)
 * @example
 * const a = { matrix: [[0], [1], [2], [3]], labels: [0, 0, 1, 1] };
 * const b = { matrix: [[1], [2], [4], [0]], labels: [0, 1, 1, 0] };
 * const model = fitFederatedLogistic([a, b], { l2: 0.1 });
 * [model.kind, model.nTrain, model.convergence.converged] // => ['churn/logistic', 8, true]
 * @category Privacy
 */
export function fitFederatedLogistic(parties: readonly FederatedParty[], options: FederatedLogisticOptions = {}): LogisticChurnModel {
  const fn = 'fitFederatedLogistic';
  if (!Array.isArray(parties) || parties.length < 2) throw new OptionsError(`${fn}: needs at least two parties, got ${Array.isArray(parties) ? parties.length : typeof parties}`, 'parties');
  if (parties.length > 1000) throw new OptionsError(`${fn}: at most 1000 parties`, 'parties');
  const locals = checkParties(fn, parties);
  const first = locals[0]!.m;
  const q = first.nCols;
  const d = q + 1;
  const n = locals.reduce((s, l) => s + l.m.nRows, 0);
  options = parseFederatedLogisticOptions(options);
  const l2 = options.l2 ?? 1 / n;
  const maxIter = options.maxIter ?? 50;
  const tol = options.tol ?? 1e-10;

  // pairwise mask seeds (stand-ins for key agreement between parties i < j)
  const bits = new Bits(options.unsafeRandomBytes);
  const seeds = locals.map((_, i) =>
    locals.map((__, j) => {
      const s = new Uint8Array(32);
      if (j > i) for (let b = 0; b < 32; b += 4) new DataView(s.buffer).setUint32(b, bits.u32());
      return s;
    }),
  );
  let round = 0;
  const aggregate = (stage: AggregationView['stage'], vectors: Float64Array[]): Float64Array =>
    secureSum(vectors, seeds, round++, options.onAggregate ? (shares) => options.onAggregate!({ round: round - 1, stage, maskedShares: shares }) : undefined);

  if (options.dp !== undefined) {
    const dp = resolveDpOptions(fn, options.dp, q);
    chargeBudget(fn, options.budget, { rho: dp.rho }, fn);
    const fit = fitDpDescent(fn, locals, aggregate, { n, l2, rounds: maxIter, tol, dp, bits, ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    return {
      kind: 'churn/logistic',
      version: 2,
      options: { C: null, l2, classWeight: null, maxIter, tol },
      featureNames: [...first.columns],
      coefficients: fit.coefficients,
      intercept: fit.intercept,
      featureMeans: fit.mean,
      featureSds: fit.sd,
      convergence: { converged: fit.converged, iterations: maxIter, gradientNorm: fit.gradientNorm, loss: fit.loss },
      separable: false,
      nTrain: n,
      positiveRate: fit.positiveRate,
    };
  }
  if (options.budget !== undefined) throw new OptionsError(`${fn}: budget applies only with dp`, 'budget');

  // moments: Σx, Σx², Σy
  const moments = aggregate(
    'moments',
    locals.map((l) => localMoments(l, q)),
  );
  const mean = new Float64Array(q);
  const sd = new Float64Array(q);
  for (let j = 0; j < q; j++) {
    mean[j] = moments[j]! / n;
    const v = moments[q + j]! / n - mean[j]! * mean[j]!;
    sd[j] = v > 1e-12 * Math.max(1, mean[j]! * mean[j]!) ? Math.sqrt(v) : 0;
  }
  const positives = Math.round(moments[2 * q]!);
  if (positives === 0 || positives === n) throw new DataError(`${fn}: all ${n} labels are ${positives ? 1 : 0}; both classes are needed`);

  const objective = (sums: Float64Array, theta: Float64Array): number => {
    let pen = 0;
    for (let j = 1; j < d; j++) pen += theta[j]! * theta[j]!;
    return sums[0]! / n + 0.5 * l2 * pen;
  };
  const theta = new Float64Array(d);
  theta[0] = log(positives / (n - positives));
  let iterations = 0;
  let converged = false;
  let gnorm = Infinity;
  let f = NaN;
  while (iterations < maxIter) {
    throwIfAborted(options.signal, fn);
    const sums = aggregate('newton', locals.map((p) => localNewton(p, theta, true)));
    f = objective(sums, theta);
    const g = new Float64Array(d);
    for (let j = 0; j < d; j++) g[j] = sums[1 + j]! / n + (j > 0 ? l2 * theta[j]! : 0);
    gnorm = g.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0);
    options.onProgress?.({ stage: 'round', done: iterations, total: maxIter, metrics: { loss: f, gradientNorm: gnorm } });
    if (gnorm <= tol) {
      converged = true;
      break;
    }
    const step = cholSolve(meanHessian(sums, n, l2, d), g, d);
    if (step === null) break; // singular Hessian (l2 = 0 on separable or collinear data): not converged
    let t = 1;
    let accepted = false;
    const cand = new Float64Array(d);
    const decrease = g.reduce((s, v, j) => s + v * step[j]!, 0);
    if (decrease <= 1e-13 * Math.max(1, Math.abs(f))) {
      // within the loss's resolution of the optimum: Newton's full step (quadratic convergence)
      for (let j = 0; j < d; j++) cand[j] = theta[j]! - step[j]!;
      accepted = true;
    }
    for (let ls = 0; ls < 30 && !accepted; ls++) {
      for (let j = 0; j < d; j++) cand[j] = theta[j]! - t * step[j]!;
      const fl = objective(aggregate('loss', locals.map((p) => localNewton(p, cand, false))), cand);
      if (fl <= f - 1e-4 * t * decrease || fl <= f) {
        accepted = true;
        break;
      }
      t /= 2;
    }
    iterations++;
    if (!accepted) break;
    theta.set(cand);
  }
  options.onProgress?.({ stage: 'round', done: iterations, total: maxIter, metrics: { loss: f, gradientNorm: gnorm } });
  // separable flag from each party's extreme scores (two numbers per party, in the clear)
  const separable = isSeparable(locals, theta, q);
  return {
    kind: 'churn/logistic',
    version: 2,
    options: { C: null, l2, classWeight: null, maxIter, tol },
    featureNames: [...first.columns],
    coefficients: theta.slice(1),
    intercept: theta[0]!,
    featureMeans: mean,
    featureSds: sd,
    convergence: { converged, iterations, gradientNorm: gnorm, loss: f },
    separable,
    nTrain: n,
    positiveRate: positives / n,
  };
}
