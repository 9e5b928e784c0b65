/**
 * Small random-variate samplers over the seeded {@link Rng}: log-normal, gamma, beta, Poisson and
 * categorical. Internal to the synthetic operator (not exported from the package); each takes the
 * generator explicitly so a caller's stream fully determines its draws.
 */
import type { Rng } from '../../internal/rng.js';
import { exp, log, pow } from '../../internal/math.js';

// Ziggurat tables for the standard normal, 128 layers (Marsaglia & Tsang 2000, "The ziggurat
// method for generating random variables", J. Stat. Softw. 5(8)); x[i] are the layer edges,
// f[i] = exp(−x[i]²/2).
const ZN = 128;
const ZR = 3.442619855899;
const ZV = 9.91256303526217e-3;
const ZX = new Float64Array(ZN + 1);
const ZF = new Float64Array(ZN + 1);
{
  const f = (x: number) => exp(-0.5 * x * x);
  ZX[0] = ZV / f(ZR);
  ZX[1] = ZR;
  for (let i = 2; i < ZN; i++) ZX[i] = Math.sqrt(-2 * log(ZV / ZX[i - 1]! + f(ZX[i - 1]!)));
  ZX[ZN] = 0;
  for (let i = 0; i <= ZN; i++) ZF[i] = f(ZX[i]!);
}

/**
 * Standard normal variate by the ziggurat method: one uniform per draw about 99 % of the time
 * (the layer from the high bits, the position from the rest), the tail by Marsaglia's method.
 */
export function sampleNormal(rng: Rng): number {
  for (;;) {
    const w = rng.next() * ZN;
    const i = w | 0;
    const u = 2 * (w - i) - 1;
    const x = u * ZX[i]!;
    if (Math.abs(x) < ZX[i + 1]!) return x;
    if (i === 0) {
      // tail beyond ZR
      let a: number;
      let b: number;
      do {
        a = log(1 - rng.next()) / ZR;
        b = log(1 - rng.next());
      } while (-2 * b < a * a);
      return u < 0 ? a - ZR : ZR - a;
    }
    if (ZF[i + 1]! + (ZF[i]! - ZF[i + 1]!) * rng.next() < exp(-0.5 * x * x)) return x;
  }
}

/** Log-normal variate with the given median (`exp(μ)`) and log-scale σ: `median · exp(σ·Z)`. */
export function sampleLogNormal(rng: Rng, median: number, sigma: number): number {
  return median * exp(sigma * sampleNormal(rng));
}

/**
 * Gamma(shape, scale=1) variate. Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", ACM TOMS 26(3); for shape < 1 the boost `G(shape+1) · U^(1/shape)`.
 */
export function sampleGamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    let u = rng.next();
    while (u === 0) u = rng.next();
    return sampleGamma(rng, shape + 1) * pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (log(u) < 0.5 * x2 + d * (1 - v + log(v))) return d * v;
  }
}

/** Beta variate with mean `m` and concentration `k` (α = m·k, β = (1−m)·k), via two gammas. */
export function sampleBeta(rng: Rng, m: number, k: number): number {
  const a = sampleGamma(rng, m * k);
  const b = sampleGamma(rng, (1 - m) * k);
  const s = a + b;
  return s > 0 ? a / s : m;
}

const LOG_FACT = new Float64Array(256);
for (let i = 1; i < 256; i++) LOG_FACT[i] = LOG_FACT[i - 1]! + log(i);

/** ln(k!) from a table below 256, Stirling's series above (error < 1e-10 there). */
function logFactorial(k: number): number {
  if (k < 256) return LOG_FACT[k]!;
  const x = k + 1;
  return (x - 0.5) * log(x) - x + 0.5 * log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/**
 * Poisson(λ) variate. λ < 10: Knuth's product of uniforms; λ ≥ 10: Hörmann's transformed
 * rejection PTRS (W. Hörmann 1993, "The transformed rejection method for generating Poisson
 * random variables", Insurance: Mathematics and Economics 12), exact and O(1).
 */
export function samplePoisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    const l = exp(-lambda);
    let k = 0;
    let p = rng.next();
    while (p > l) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (log(v) + log(invalpha) - log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
  }
}

/** Cumulative, normalised weights for {@link sampleCategorical}. */
export function cumulative(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) c[i] = s += weights[i]!;
  for (let i = 0; i < c.length; i++) c[i] = c[i]! / s;
  c[c.length - 1] = 1;
  return c;
}

/** Index drawn with probability proportional to the weights behind `cum` (from {@link cumulative}). */
export function sampleCategorical(rng: Rng, cum: Float64Array): number {
  const u = rng.next();
  let i = 0;
  while (u >= cum[i]!) i++;
  return i;
}

/** Logistic function 1 / (1 + e^−x). */
export function sigmoid(x: number): number {
  return 1 / (1 + exp(-x));
}
