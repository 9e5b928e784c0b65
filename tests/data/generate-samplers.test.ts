import { describe, expect, test } from 'vitest';
import { createRng } from '../../src/internal/rng.js';
import {
  cumulative,
  sampleBeta,
  sampleCategorical,
  sampleGamma,
  sampleLogNormal,
  sampleNormal,
  samplePoisson,
} from '../../src/data/synthetic/samplers.js';

/** Mean and variance of n draws. */
function moments(n: number, draw: () => number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

// Tolerances: 5 standard errors of the mean (sd/√n) and, for variances, about 3 %.
describe('synthetic samplers (the generator’s internal random variates)', () => {
  test('sampleNormal (ziggurat) has mean 0, variance 1 and normal tail probabilities (n = 1,000,000)', () => {
    const r = createRng(3);
    const n = 1_000_000;
    let s = 0;
    let s2 = 0;
    let over1 = 0;
    let over3 = 0;
    for (let i = 0; i < n; i++) {
      const z = sampleNormal(r);
      s += z;
      s2 += z * z;
      if (z > 1) over1++;
      if (Math.abs(z) > 3) over3++;
    }
    expect(Math.abs(s / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.01);
    // P(Z > 1) = 0.158655, P(|Z| > 3) = 0.0026998
    expect(Math.abs(over1 / n - 0.158655)).toBeLessThan(5 * Math.sqrt((0.158655 * 0.841345) / n));
    expect(Math.abs(over3 / n - 0.0026998)).toBeLessThan(5 * Math.sqrt(0.0026998 / n));
  });

  test.each([0.3, 1, 2.5, 30])('sampleGamma(shape %d) has mean = variance = shape', (shape) => {
    const r = createRng(4);
    const n = 200_000;
    const m = moments(n, () => sampleGamma(r, shape));
    expect(Math.abs(m.mean - shape)).toBeLessThan(5 * Math.sqrt(shape / n));
    expect(Math.abs(m.variance / shape - 1)).toBeLessThan(0.05);
  });

  test.each([0.5, 3, 9.9, 10, 30, 300, 5000])('samplePoisson(λ = %d) has mean = variance = λ', (lambda) => {
    const r = createRng(5);
    const n = 200_000;
    const m = moments(n, () => samplePoisson(r, lambda));
    expect(Math.abs(m.mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    expect(Math.abs(m.variance / lambda - 1)).toBeLessThan(0.03);
  });

  test('samplePoisson(λ = 4) matches the Poisson pmf at 0…8 (within 5 standard errors)', () => {
    const r = createRng(6);
    const n = 200_000;
    const counts = new Array(9).fill(0);
    for (let i = 0; i < n; i++) {
      const k = samplePoisson(r, 4);
      if (k < 9) counts[k]++;
    }
    let pmf = Math.exp(-4);
    for (let k = 0; k < 9; k++) {
      expect(Math.abs(counts[k] / n - pmf)).toBeLessThan(5 * Math.sqrt((pmf * (1 - pmf)) / n));
      pmf = (pmf * 4) / (k + 1);
    }
  });

  test('samplePoisson(0) and of a negative or NaN rate is 0', () => {
    const r = createRng(1);
    expect(samplePoisson(r, 0)).toBe(0);
    expect(samplePoisson(r, -1)).toBe(0);
    expect(samplePoisson(r, Number.NaN)).toBe(0);
  });

  test('sampleBeta(mean m, concentration k) has mean m and variance m(1−m)/(k+1)', () => {
    const r = createRng(7);
    const n = 200_000;
    for (const [m, k] of [
      [0.3, 30],
      [0.05, 20],
      [0.55, 25],
    ] as const) {
      const got = moments(n, () => sampleBeta(r, m, k));
      const v = (m * (1 - m)) / (k + 1);
      expect(Math.abs(got.mean - m)).toBeLessThan(5 * Math.sqrt(v / n));
      expect(Math.abs(got.variance / v - 1)).toBeLessThan(0.05);
    }
  });

  test('sampleLogNormal(median, σ) has that median and log-sd σ', () => {
    const r = createRng(8);
    const n = 100_000;
    const xs = Array.from({ length: n }, () => sampleLogNormal(r, 58, 0.35)).sort((a, b) => a - b);
    expect(Math.abs(xs[n / 2]! / 58 - 1)).toBeLessThan(0.01);
    const logs = moments(n, () => Math.log(sampleLogNormal(r, 58, 0.35)));
    expect(Math.abs(Math.sqrt(logs.variance) - 0.35)).toBeLessThan(0.005);
  });

  test('sampleCategorical follows the weights, including zero weights', () => {
    const r = createRng(9);
    const cum = cumulative([1, 0, 3, 6]);
    const n = 100_000;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[sampleCategorical(r, cum)]!++;
    expect(counts[1]).toBe(0);
    for (const [k, p] of [
      [0, 0.1],
      [2, 0.3],
      [3, 0.6],
    ] as const) {
      expect(Math.abs(counts[k]! / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });
});
