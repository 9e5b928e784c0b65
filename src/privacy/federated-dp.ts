/**
 * The differentially private path of `fitFederatedLogistic`: noisy full-batch gradient descent on
 * securely aggregated, clipped per-row gradients, with exact discrete Gaussian noise and ρ-zCDP
 * accounting.
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { exp, log1p } from '../internal/math.js';
import { throwIfAborted } from '../internal/model.js';
import type { LongRunOptions } from '../internal/model.js';
import type { FeatureMatrix } from '../matrix/feature-matrix.js';
import { Bits } from './random.js';
import { discreteGaussianRational } from './samplers.js';

/** Options of the differentially private federated fit (the `dp` option of `fitFederatedLogistic`). @category Privacy */
export interface FederatedDpOptions {
  /** Privacy loss of the whole fit in ρ-zCDP (ρ > 0): 5 % on the means, 5 % on the second moments, 5 % on the reported loss, 85 % evenly over the rounds. */
  readonly rho: number;
  /**
   * Every value of feature j must lie in [−Bⱼ, Bⱼ] (required: it bounds what one row adds to the
   * moments): one bound for all features, or one per feature. Tight bounds mean less noise.
   */
  readonly featureBound: number | readonly number[];
  /** Per-row clipping norm C of the gradient on standardised features (default 1). */
  readonly clipNorm?: number;
  /** Step size of the descent on the standardised problem (default 4 / (1 + p), p features: a bound on the loss's smoothness). */
  readonly learningRate?: number;
}

/** One party's rows, validated by the caller. */
export interface DpLocal {
  readonly m: FeatureMatrix;
  readonly y: Uint8Array;
}

/** Shares of ρ: means, second moments, reported loss; the rest goes to the descent rounds. */
const RHO_MEANS = 0.05;
const RHO_SQUARES = 0.05;
const RHO_LOSS = 0.05;
/** The standardisation divides by max(noisy sd, Bⱼ / 20), so a noisy sd near 0 cannot blow the features up. */
const SD_FLOOR = 1 / 20;
/** Per-row loss is clipped at this (log-loss of a score about 10 logits on the wrong side) before its noisy sum. */
const LOSS_CLIP = 10;
/** The lattice noise's σ in lattice steps: the lattice step is σ / 2²⁰, fine against the noise. */
const LATTICE_SIGMA = 2 ** 20;
/** Margin for the fixed-point encoding of secure aggregation (2⁻⁴⁰ per value) in the sensitivity. */
const ENCODE_MARGIN = 2 ** -39;

/** What the DP descent returns: the model's numbers in the features' original units. */
export interface DpFit {
  readonly coefficients: Float64Array<ArrayBuffer>;
  readonly intercept: number;
  readonly mean: Float64Array<ArrayBuffer>;
  readonly sd: Float64Array<ArrayBuffer>;
  readonly positiveRate: number;
  readonly loss: number;
  readonly gradientNorm: number;
  readonly converged: boolean;
}

/**
 * Resolves the `dp` option (already checked by `fitFederatedLogistic`'s declaration): one bound
 * per feature, the default learning rate.
 * @throws OptionsError when `featureBound` lists a bound count other than the feature count
 */
export function resolveDpOptions(
  fn: string,
  dp: FederatedDpOptions,
  q: number,
): Required<Omit<FederatedDpOptions, 'featureBound'>> & { readonly featureBound: Float64Array } {
  const fb = dp.featureBound;
  if (typeof fb !== 'number' && fb.length !== q) throw new OptionsError(`${fn}: option dp.featureBound has ${fb.length} bounds for ${q} features`, 'dp.featureBound');
  return {
    rho: dp.rho,
    featureBound: typeof fb === 'number' ? new Float64Array(q).fill(fb) : Float64Array.from(fb),
    clipNorm: dp.clipNorm ?? 1,
    learningRate: dp.learningRate ?? 4 / (1 + q),
  };
}

/**
 * σ of the Gaussian noise that makes a sum of L2 sensitivity `delta` over `dims` coordinates
 * ρ-zCDP once it is rounded to the lattice σ·2⁻²⁰ and given discrete Gaussian noise of σ·2⁰ lattice
 * steps (Canonne, Kamath & Steinke 2020, Thm. 14: ρ = Δ²/(2σ²) on the integers). Rounding to the
 * lattice can move each coordinate of a difference by one step, so the lattice query's sensitivity
 * is Δ/γ + √dims: solving ρ = (Δ + γ√dims)² / (2σ²) with γ = σ·2⁻²⁰ gives σ below.
 */
export function latticeSigma(delta: number, rho: number, dims: number): number {
  const denom = Math.sqrt(2 * rho) - Math.sqrt(dims) / LATTICE_SIGMA;
  if (!(denom > 0)) throw new OptionsError(`federated DP: rho ${rho} per release is too small for ${dims} coordinates`, 'dp.rho');
  return delta / denom;
}

/**
 * Adds exact discrete Gaussian noise of `sigma` (one σ, or one per coordinate) to `sum` on the
 * lattice σ·2⁻²⁰ (a new array).
 */
export function addLatticeNoise(sum: Float64Array, sigma: number | Float64Array, bits: Bits): Float64Array {
  const s2 = BigInt(LATTICE_SIGMA) * BigInt(LATTICE_SIGMA);
  return sum.map((v, j) => {
    const gamma = (typeof sigma === 'number' ? sigma : sigma[j]!) / LATTICE_SIGMA;
    const k = Math.round(v / gamma);
    if (!(Math.abs(k) < 2 ** 52)) throw new OptionsError(`federated DP: a sum of ${v} is too large for the noise lattice of step ${gamma}; lower featureBound or clipNorm`, 'dp');
    return (k + Number(discreteGaussianRational(s2, 1n, bits))) * gamma;
  });
}

/**
 * Noisy gradient descent across parties (each sum through `aggregate`, then noised once):
 * 1. moments: Σxⱼ (sensitivity 2Bⱼ under replacing one row; row counts are public), Σy (1) and
 *    Σxⱼ² (Bⱼ²), each coordinate with an equal share of the moments' ρ (zCDP of a Gaussian with
 *    per-coordinate σⱼ is Σ Δⱼ²/(2σⱼ²)); means, sds (variance floored at 0) and the positive rate
 *    are post-processing;
 * 2. `rounds` steps θ ← θ − η (ĝ/n + λ-term) on features standardised by the noisy moments, ĝ
 *    the noisy sum of per-row gradients clipped to norm C (sensitivity 2C);
 * 3. the loss, per row clipped at 10, for the model's report.
 * Coefficients are mapped back to the features' units; the L2 penalty is the same as the exact
 * path's (on the original units), so with noise → 0 and C large it reaches the same optimum.
 */
export function fitDpDescent(
  fn: string,
  locals: readonly DpLocal[],
  aggregate: (stage: 'moments' | 'newton' | 'loss', vectors: Float64Array[]) => Float64Array,
  settings: { readonly n: number; readonly l2: number; readonly rounds: number; readonly tol: number; readonly dp: ReturnType<typeof resolveDpOptions>; readonly bits: Bits } & LongRunOptions,
): DpFit {
  const { n, l2, rounds, tol, dp, bits } = settings;
  const q = locals[0]!.m.nCols;
  const d = q + 1;
  const B = dp.featureBound;
  for (const [k, { m }] of locals.entries()) {
    for (let t = 0; t < m.values.length; t++) {
      if (Math.abs(m.values[t]!) > B[t % q]!) throw new OptionsError(`${fn}: party ${k}, value ${m.values[t]} at row ${Math.floor(t / q)}, column '${m.columns[t % q]}' is outside dp.featureBound ±${B[t % q]}`, 'dp.featureBound');
    }
  }
  const rhoRound = (dp.rho * (1 - RHO_MEANS - RHO_SQUARES - RHO_LOSS)) / rounds;
  // replacing one row moves Σxⱼ by ≤ 2Bⱼ, Σy by ≤ 1, Σxⱼ² by ≤ Bⱼ²: each coordinate gets an equal
  // share of ρ and noise for its own range, so a wide column does not drown the narrow ones
  const sigmaSums = Float64Array.from({ length: q + 1 }, (_, j) => latticeSigma((j < q ? 2 * B[j]! : 1) + ENCODE_MARGIN, (dp.rho * RHO_MEANS) / (q + 1), 1));
  const sigmaSquares = Float64Array.from({ length: q }, (_, j) => latticeSigma(B[j]! ** 2 + ENCODE_MARGIN, (dp.rho * RHO_SQUARES) / q, 1));
  const sigmaGrad = latticeSigma(2 * dp.clipNorm + Math.sqrt(d) * ENCODE_MARGIN, rhoRound, d);
  const sigmaLoss = latticeSigma(LOSS_CLIP + ENCODE_MARGIN, dp.rho * RHO_LOSS, 1);

  const localSums = (power: 1 | 2): Float64Array[] =>
    locals.map(({ m, y }) => {
      const v = new Float64Array(power === 1 ? q + 1 : q);
      for (let i = 0, o = 0; i < m.nRows; i++, o += q) {
        for (let j = 0; j < q; j++) v[j]! += power === 1 ? m.values[o + j]! : m.values[o + j]! ** 2;
        if (power === 1) v[q]! += y[i]!;
      }
      return v;
    });
  const sums = addLatticeNoise(aggregate('moments', localSums(1)), sigmaSums, bits);
  const squares = addLatticeNoise(aggregate('moments', localSums(2)), sigmaSquares, bits);
  const mean = new Float64Array(q);
  const sd = new Float64Array(q);
  const scale = new Float64Array(q); // the standardisation's divisor
  for (let j = 0; j < q; j++) {
    mean[j] = Math.min(B[j]!, Math.max(-B[j]!, sums[j]! / n));
    sd[j] = Math.sqrt(Math.min(B[j]! ** 2, Math.max(0, squares[j]! / n - mean[j]! ** 2)));
    scale[j] = Math.max(sd[j]!, B[j]! * SD_FLOOR);
  }
  const positiveRate = Math.min(1 - 1 / (2 * n), Math.max(1 / (2 * n), sums[q]! / n));

  // θ on standardised features z = (x − mean) / scale; the penalty λ/2 Σ (θⱼ/scaleⱼ)² is the exact path's
  const theta = new Float64Array(d);
  theta[0] = Math.log(positiveRate / (1 - positiveRate));
  const z = new Float64Array(d);
  z[0] = 1;
  const rowScore = (m: FeatureMatrix, o: number): number => {
    let s = theta[0]!;
    for (let j = 0; j < q; j++) {
      z[j + 1] = (m.values[o + j]! - mean[j]!) / scale[j]!;
      s += theta[j + 1]! * z[j + 1]!;
    }
    return s;
  };
  let gradientNorm = Infinity;
  for (let r = 0; r < rounds; r++) {
    throwIfAborted(settings.signal, fn);
    const grad = addLatticeNoise(
      aggregate('newton', locals.map(({ m, y }) => {
        const g = new Float64Array(d);
        for (let i = 0, o = 0; i < m.nRows; i++, o += q) {
          const resid = 1 / (1 + exp(-rowScore(m, o))) - y[i]!;
          let norm2 = 0;
          for (let j = 0; j < d; j++) norm2 += z[j]! * z[j]!;
          const c = Math.abs(resid) * Math.sqrt(norm2);
          const f = c > dp.clipNorm ? (resid * dp.clipNorm) / c : resid;
          for (let j = 0; j < d; j++) g[j]! += f * z[j]!;
        }
        return g;
      })),
      sigmaGrad,
      bits,
    );
    gradientNorm = 0;
    for (let j = 0; j < d; j++) {
      const gj = grad[j]! / n + (j > 0 ? (l2 * theta[j]!) / scale[j - 1]! ** 2 : 0);
      gradientNorm = Math.max(gradientNorm, Math.abs(gj));
      grad[j] = gj;
    }
    for (let j = 0; j < d; j++) theta[j]! -= dp.learningRate * grad[j]!;
    settings.onProgress?.({ stage: 'round', done: r + 1, total: rounds, metrics: { gradientNorm } });
  }
  const lossSum = addLatticeNoise(
    aggregate('loss', locals.map(({ m, y }) => {
      let s = 0;
      for (let i = 0, o = 0; i < m.nRows; i++, o += q) {
        const sc = rowScore(m, o);
        const l = (sc > 0 ? sc + log1p(exp(-sc)) : log1p(exp(sc))) - y[i]! * sc;
        s += Math.min(LOSS_CLIP, l);
      }
      return Float64Array.of(s);
    })),
    sigmaLoss,
    bits,
  )[0]!;
  const coefficients = new Float64Array(q);
  let intercept = theta[0]!;
  let pen = 0;
  for (let j = 0; j < q; j++) {
    coefficients[j] = theta[j + 1]! / scale[j]!;
    intercept -= coefficients[j]! * mean[j]!;
    pen += coefficients[j]! ** 2;
  }
  return { coefficients, intercept, mean, sd, positiveRate, loss: Math.max(0, lossSum / n) + 0.5 * l2 * pen, gradientNorm, converged: gradientNorm <= tol };
}
