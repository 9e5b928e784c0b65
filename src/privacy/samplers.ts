/**
 * Noise samplers: exact discrete Laplace and discrete Gaussian (Canonne, Kamath & Steinke 2020)
 * on random bits with BigInt rationals, and Laplace / Gaussian for real values, with the analytic
 * Gaussian calibration of Balle & Wang (2018).
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { Bits, isqrt, toRational } from './random.js';
import type { NoiseOptions } from './random.js';

/** Largest ratio den/num accepted in a rational noise scale (keeps the uniform draws bounded). */
const MAX_SCALE = 2 ** 60;

/**
 * Discrete Laplace with scale t/s: P(Y = y) ∝ exp(−|y| s / t) (CKS 2020, Algorithm 2).
 */
export function discreteLaplaceST(s: bigint, t: bigint, bits: Bits): bigint {
  for (;;) {
    const u = bits.belowBig(t);
    if (!bits.bernoulliExp(u, t)) continue;
    let v = 0n;
    while (bits.bernoulliExp(1n, 1n)) v++;
    const x = u + t * v;
    const y = x / s;
    const b = bits.below(2) === 1;
    if (b && y === 0n) continue;
    return b ? -y : y;
  }
}

/**
 * Discrete Gaussian with variance parameter σ² = num/den: P(Y = y) ∝ exp(−y²/(2σ²))
 * (CKS 2020, Algorithm 3: discrete Laplace proposals with scale t = ⌊σ⌋ + 1, accepted with
 * probability exp(−(|y| − σ²/t)² / (2σ²))).
 */
export function discreteGaussianRational(num: bigint, den: bigint, bits: Bits): bigint {
  const t = isqrt(num / den) + 1n;
  for (;;) {
    const y = discreteLaplaceST(1n, t, bits);
    const a = y < 0n ? -y : y;
    // (|y| − σ²/t)² / (2σ²) = (|y|·den·t − num)² / (2·num·den·t²)
    const d = a * den * t - num;
    if (bits.bernoulliExp(d * d, 2n * num * den * t * t)) return y;
  }
}

function checkPositive(fn: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !(x > 0) || !Number.isFinite(x)) throw new OptionsError(`${fn}: ${name} must be a finite number > 0, got ${String(x)}`, name);
  return x;
}

/**
 * Draws from the discrete Laplace distribution on the integers, P(Y = y) ∝ exp(−|y| / scale),
 * exactly: the double `scale` is read as the exact rational it stores, and the draw uses only
 * random bits and BigInt arithmetic (Canonne, Kamath & Steinke 2020, Algorithm 2), so there is no
 * floating-point rounding for an attacker to exploit (Mironov 2012).
 *
 * @param scale - the scale b > 0 (sensitivity / ε for an ε-DP count), at most 2⁶⁰
 * @param count - how many draws (default 1, at most 10⁷)
 * @param options - see {@link NoiseOptions}
 * @returns `count` integers
 * @throws OptionsError for a scale that is not finite and positive, or a bad count
 * @example
 * sampleDiscreteLaplace(2, 3).length // => 3
 * @category Privacy
 */
export function sampleDiscreteLaplace(scale: number, count = 1, options: NoiseOptions = {}): number[] {
  const fn = 'sampleDiscreteLaplace';
  checkPositive(fn, 'scale', scale);
  if (scale > MAX_SCALE) throw new OptionsError(`${fn}: scale must be at most 2^60, got ${scale}`, 'scale');
  checkCount(fn, count);
  const bits = new Bits(options.unsafeRandomBytes);
  const [t, s] = toRational(scale);
  return Array.from({ length: count }, () => Number(discreteLaplaceST(s, t, bits)));
}

/**
 * Draws from the discrete Gaussian distribution on the integers, P(Y = y) ∝ exp(−y²/(2σ²)),
 * exactly (Canonne, Kamath & Steinke 2020, Algorithm 3), σ² read as the exact rational σ·σ of the
 * double σ.
 *
 * @param sigma - σ > 0, at most 2³⁰
 * @param count - how many draws (default 1, at most 10⁷)
 * @param options - see {@link NoiseOptions}
 * @returns `count` integers
 * @throws OptionsError for σ not finite and positive, or a bad count
 * @example
 * sampleDiscreteGaussian(1.5, 2).length // => 2
 * @category Privacy
 */
export function sampleDiscreteGaussian(sigma: number, count = 1, options: NoiseOptions = {}): number[] {
  const fn = 'sampleDiscreteGaussian';
  checkPositive(fn, 'sigma', sigma);
  if (sigma > 2 ** 30) throw new OptionsError(`${fn}: sigma must be at most 2^30, got ${sigma}`, 'sigma');
  checkCount(fn, count);
  const bits = new Bits(options.unsafeRandomBytes);
  const [n, d] = toRational(sigma);
  return Array.from({ length: count }, () => Number(discreteGaussianRational(n * n, d * d, bits)));
}

/** Most draws per call of a sampler. @category Privacy */
export const MAX_DRAWS = 10_000_000;

function checkCount(fn: string, count: number): void {
  if (!Number.isInteger(count) || count < 0 || count > MAX_DRAWS) throw new OptionsError(`${fn}: count must be an integer in [0, ${MAX_DRAWS}], got ${count}`, 'count');
}

/** Laplace(0, b) as a double, by inversion of 53-bit uniforms (for real-valued sums and means). */
export function laplaceNoise(b: number, bits: Bits): number {
  const u = bits.open01() - 0.5;
  return -b * Math.sign(u) * Math.log1p(-2 * Math.abs(u));
}

/** Standard normal as a double (Box–Muller on 53-bit uniforms). */
export function normalNoise(bits: Bits): number {
  return Math.sqrt(-2 * Math.log(bits.open01())) * Math.cos(2 * Math.PI * bits.open01());
}

/** erfc(x) to about 1e-14 relative accuracy: Taylor series of erf below 2, a continued fraction above. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (x > 27) return 0;
  // erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), modified Lentz
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    D = x + a * D;
    D = D === 0 ? tiny : D;
    C = x + a / C;
    C = C === 0 ? tiny : C;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * The smallest σ for which the Gaussian mechanism is (ε, δ)-DP for sensitivity Δ — the analytic
 * Gaussian mechanism of Balle & Wang (2018, Theorem 8): σ solves
 * Φ(Δ/(2σ) − εσ/Δ) − e^ε Φ(−Δ/(2σ) − εσ/Δ) = δ (found by bisection on log σ to 1e-12 relative).
 * Unlike the classical σ = Δ√(2 ln(1.25/δ))/ε, it holds for every ε > 0 and is never larger.
 *
 * @param epsilon - ε > 0
 * @param delta - δ in (0, 1)
 * @param sensitivity - L2 sensitivity Δ > 0 (default 1)
 * @returns σ
 * @throws OptionsError for ε, δ or Δ out of range
 * @example
 * analyticGaussianSigma(1, 1e-5).toFixed(4) // => '3.7306'
 * @category Privacy
 */
export function analyticGaussianSigma(epsilon: number, delta: number, sensitivity = 1): number {
  const fn = 'analyticGaussianSigma';
  checkPositive(fn, 'epsilon', epsilon);
  checkPositive(fn, 'sensitivity', sensitivity);
  if (!(delta > 0 && delta < 1)) throw new OptionsError(`${fn}: delta must be in (0, 1), got ${delta}`, 'delta');
  const gap = (sigma: number): number => {
    const a = sensitivity / (2 * sigma);
    const b = (epsilon * sigma) / sensitivity;
    return normalCdf(a - b) - Math.exp(epsilon) * normalCdf(-a - b) - delta;
  };
  let lo = Math.log(sensitivity) - 40;
  let hi = Math.log(sensitivity) + 40;
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2;
    if (gap(Math.exp(mid)) > 0) lo = mid;
    else hi = mid;
  }
  return Math.exp(hi);
}

/**
 * The Laplace mechanism for a real value: `value + Lap(sensitivity / ε)`, ε-DP (Dwork et al. 2006).
 * Floating-point noise: for counts prefer {@link dpCount}, whose discrete noise is exact.
 *
 * @param value - the true answer
 * @param options - `sensitivity` (Δ₁ > 0) and `epsilon` (> 0)
 * @returns the noisy answer
 * @throws OptionsError for ε or Δ not finite and positive, or a non-finite value
 * @example
 * Number.isFinite(laplaceMechanism(10, { sensitivity: 1, epsilon: 1 })) // => true
 * @category Privacy
 */
export function laplaceMechanism(value: number, options: { readonly sensitivity: number; readonly epsilon: number } & NoiseOptions): number {
  const fn = 'laplaceMechanism';
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new OptionsError(`${fn}: value must be a finite number, got ${String(value)}`, 'value');
  const sens = checkPositive(fn, 'sensitivity', options?.sensitivity);
  const eps = checkPositive(fn, 'epsilon', options?.epsilon);
  return value + laplaceNoise(sens / eps, new Bits(options.unsafeRandomBytes));
}

/**
 * The analytic Gaussian mechanism for a real value: `value + N(0, σ²)` with σ from
 * {@link analyticGaussianSigma}, (ε, δ)-DP.
 *
 * @param value - the true answer
 * @param options - `sensitivity` (L2, > 0), `epsilon` (> 0), `delta` in (0, 1)
 * @returns the noisy answer
 * @throws OptionsError for parameters out of range or a non-finite value
 * @example
 * Number.isFinite(gaussianMechanism(10, { sensitivity: 1, epsilon: 1, delta: 1e-6 })) // => true
 * @category Privacy
 */
export function gaussianMechanism(
  value: number,
  options: { readonly sensitivity: number; readonly epsilon: number; readonly delta: number } & NoiseOptions,
): number {
  const fn = 'gaussianMechanism';
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new OptionsError(`${fn}: value must be a finite number, got ${String(value)}`, 'value');
  const sigma = analyticGaussianSigma(options?.epsilon, options?.delta, options?.sensitivity);
  return value + sigma * normalNoise(new Bits(options.unsafeRandomBytes));
}
