import { describe, expect, test } from 'vitest';
import { analyticGaussianSigma, gaussianMechanism, laplaceMechanism, OptionsError, sampleDiscreteGaussian, sampleDiscreteLaplace } from 'telcokit';
import { Bits } from '../../src/privacy/random';
import { laplaceNoise, normalNoise } from '../../src/privacy/samplers';
import { seededBytes } from './seeded-bytes';

const N = 100_000;

function moments(xs: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i]! - mean) ** 2;
  return { mean, variance: v / (xs.length - 1) };
}

/** Exact pmf tables, normalised over |y| ≤ 200 (the mass beyond is below 1e-50 for these scales). */
function pmf(weight: (y: number) => number): Map<number, number> {
  const m = new Map<number, number>();
  let z = 0;
  for (let y = -200; y <= 200; y++) z += weight(y);
  for (let y = -200; y <= 200; y++) m.set(y, weight(y) / z);
  return m;
}

/** Pearson chi-square over cells with expected count ≥ 5 (tails lumped). Returns [statistic, degrees of freedom]. */
function chiSquare(draws: number[], p: Map<number, number>): [number, number] {
  const observed = new Map<number, number>();
  for (const d of draws) observed.set(d, (observed.get(d) ?? 0) + 1);
  let stat = 0;
  let cells = 0;
  let tailO = 0;
  let tailE = 0;
  for (const [y, py] of p) {
    const e = py * draws.length;
    const o = observed.get(y) ?? 0;
    if (e >= 5) {
      stat += (o - e) ** 2 / e;
      cells++;
    } else {
      tailO += o;
      tailE += e;
    }
  }
  for (const [y, o] of observed) if (!p.has(y)) tailO += o;
  if (tailE > 0) {
    stat += (tailO - tailE) ** 2 / tailE;
    cells++;
  }
  return [stat, cells - 1];
}

/** Upper 0.999 quantile of chi-square with df degrees of freedom (Wilson–Hilferty, accurate to < 1% for df ≥ 5). */
function chi2Crit(df: number): number {
  const z = 3.0902;
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}

describe('sampleDiscreteLaplace (exact, CKS 2020 Algorithm 2)', () => {
  test.each([0.4, 1.5, 7])('scale %f: 100,000 draws match the exact pmf (chi-square, p > 0.001) and the variance 2e^(−1/b)/(1 − e^(−1/b))²', (b) => {
    const draws = sampleDiscreteLaplace(b, N, { unsafeRandomBytes: seededBytes(Math.round(b * 10)) });
    const [stat, df] = chiSquare(draws, pmf((y) => Math.exp(-Math.abs(y) / b)));
    expect(stat).toBeLessThan(chi2Crit(df));
    const r = Math.exp(-1 / b);
    const variance = (2 * r) / (1 - r) ** 2;
    const { mean, variance: v } = moments(draws);
    // sd of the sample variance ≈ √((μ₄ − σ⁴)/n) ≤ √(5σ⁴/n) for these laws: 6 such sds
    expect(Math.abs(v - variance)).toBeLessThan(6 * Math.sqrt(5 / N) * variance);
    expect(Math.abs(mean)).toBeLessThan(6 * Math.sqrt(variance / N));
  });
});

describe('sampleDiscreteGaussian (exact, CKS 2020 Algorithm 3)', () => {
  test.each([0.7, 1.5, 4])('σ = %f: 100,000 draws match the exact pmf (chi-square) and its variance', (sigma) => {
    const draws = sampleDiscreteGaussian(sigma, N, { unsafeRandomBytes: seededBytes(Math.round(sigma * 100)) });
    const p = pmf((y) => Math.exp(-(y * y) / (2 * sigma * sigma)));
    const [stat, df] = chiSquare(draws, p);
    expect(stat).toBeLessThan(chi2Crit(Math.max(df, 5)));
    let variance = 0;
    for (const [y, py] of p) variance += y * y * py;
    const { variance: v } = moments(draws);
    expect(Math.abs(v - variance)).toBeLessThan(6 * Math.sqrt(2 / N) * variance * 1.5);
  });
});

describe('laplaceMechanism and gaussianMechanism (real values)', () => {
  // the mechanisms' noise kernels, drawn 100,000 times from one seeded pool (each public call builds its own pool)
  test('Laplace noise: variance 2b² over 100,000 draws', () => {
    const bits = new Bits(seededBytes(5));
    const b = 4;
    const ys = Array.from({ length: N }, () => laplaceNoise(b, bits));
    const { mean, variance } = moments(ys);
    // Laplace: μ₄ = 24b⁴, so sd(s²) ≈ √(20/n)·b²
    expect(Math.abs(variance - 2 * b * b)).toBeLessThan(6 * Math.sqrt(20 / N) * b * b);
    expect(Math.abs(mean)).toBeLessThan(6 * Math.sqrt((2 * b * b) / N));
  });
  test('analytic Gaussian noise: variance σ² over 100,000 draws', () => {
    const bits = new Bits(seededBytes(6));
    const sigma = analyticGaussianSigma(1, 1e-5);
    const ys = Array.from({ length: N }, () => sigma * normalNoise(bits));
    const { variance } = moments(ys);
    expect(Math.abs(variance - sigma * sigma)).toBeLessThan(6 * Math.sqrt(2 / N) * sigma * sigma);
  });
  test('the public mechanisms add noise around the value and check their options', () => {
    const xs = Array.from({ length: 200 }, () => laplaceMechanism(10, { sensitivity: 1, epsilon: 1 }));
    expect(new Set(xs).size).toBeGreaterThan(190);
    expect(Math.abs(moments(xs).mean - 10)).toBeLessThan(1);
    expect(Number.isFinite(gaussianMechanism(10, { sensitivity: 1, epsilon: 1, delta: 1e-6 }))).toBe(true);
    expect(() => laplaceMechanism(NaN, { sensitivity: 1, epsilon: 1 })).toThrow(OptionsError);
    expect(() => laplaceMechanism(1, { sensitivity: 1, epsilon: 0 })).toThrow(OptionsError);
    expect(() => gaussianMechanism(1, { sensitivity: 1, epsilon: 1, delta: 1.5 })).toThrow(OptionsError);
  });
});

describe('analyticGaussianSigma (Balle & Wang 2018)', () => {
  // scipy 1.17: brentq(lambda s: norm.cdf(D/(2s) - e*s/D) - exp(e)*norm.cdf(-D/(2s) - e*s/D) - d, 1e-6, 1e6, xtol=1e-15, rtol=1e-15)
  test.each([
    [1, 1e-5, 1, 3.730631634815946],
    [0.1, 1e-6, 1, 36.304690426195414],
    [5, 1e-9, 1, 1.2117124661345846],
    [1, 0.1, 1, 1.0858777651918565],
    [0.5, 1e-6, 3, 24.17285544217513],
  ])('ε = %f, δ = %f, Δ = %f → σ = %f (scipy)', (e, d, s, want) => {
    expect(analyticGaussianSigma(e, d, s)).toBeCloseTo(want, 9);
  });
  test('is below the classical σ = Δ√(2 ln(1.25/δ))/ε', () => {
    expect(analyticGaussianSigma(0.5, 1e-5)).toBeLessThan(Math.sqrt(2 * Math.log(1.25 / 1e-5)) / 0.5);
  });
  test('bad parameters are OptionsErrors', () => {
    expect(() => analyticGaussianSigma(0, 1e-5)).toThrow(OptionsError);
    expect(() => analyticGaussianSigma(NaN, 1e-5)).toThrow(OptionsError);
    expect(() => analyticGaussianSigma(1, 1)).toThrow(OptionsError);
    expect(() => analyticGaussianSigma(1, 0)).toThrow(OptionsError);
    expect(() => sampleDiscreteLaplace(-1)).toThrow(OptionsError);
    expect(() => sampleDiscreteGaussian(1, 1e9)).toThrow(OptionsError);
  });
});
