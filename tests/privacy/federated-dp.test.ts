import { describe, expect, test } from 'vitest';
import { createPrivacyBudget, fitFederatedLogistic, OptionsError, parseModel, predictChurn, PrivacyBudgetError, rocAuc, serializeModel } from 'telcokit';
import { addLatticeNoise, latticeSigma } from '../../src/privacy/federated-dp';
import { Bits } from '../../src/privacy/random';
import { createRng } from '../../src/internal/rng';
import { seededBytes } from './seeded-bytes';

const clamp = (v: number, b: number): number => Math.max(-b, Math.min(b, v));
const BOUNDS = [6, 10, 100, 1];

/** Three parties, features within BOUNDS, labels from a logistic model (seeded). */
function parties(seed: number): { matrix: number[][]; labels: number[] }[] {
  const rng = createRng(seed);
  return [400, 250, 350].map((n, k) => {
    const matrix: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = [clamp(rng.normal() + k * 0.5, 6), clamp(rng.normal() * 2, 10), rng.next() * 100, rng.next() < 0.3 ? 1 : 0];
      const z = -1 + 0.8 * x[0]! - 0.4 * x[1]! + 0.01 * x[2]! + 0.5 * x[3]!;
      matrix.push(x);
      labels.push(rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    }
    return { matrix, labels };
  });
}

describe('fitFederatedLogistic with dp', () => {
  const ps = parties(11);
  const X = ps.flatMap((p) => p.matrix);
  const y = ps.flatMap((p) => p.labels);
  const exact = fitFederatedLogistic(ps, { l2: 0.01 });

  test('with vanishing noise and a clip no row reaches it descends to the exact fit (same objective, original units)', () => {
    const dp = fitFederatedLogistic(ps, { l2: 0.01, maxIter: 1000, dp: { rho: 1e12, featureBound: BOUNDS, clipNorm: 50 }, unsafeRandomBytes: seededBytes(1) });
    expect(Math.abs(dp.intercept - exact.intercept)).toBeLessThan(1e-4);
    dp.coefficients.forEach((c, j) => expect(Math.abs(c - exact.coefficients[j]!)).toBeLessThan(1e-4));
    dp.featureMeans.forEach((m, j) => expect(m).toBeCloseTo(exact.featureMeans[j]!, 4));
    dp.featureSds.forEach((s, j) => expect(s).toBeCloseTo(exact.featureSds[j]!, 4));
    expect(dp.positiveRate).toBeCloseTo(exact.positiveRate, 6);
    expect(dp.convergence.loss).toBeCloseTo(exact.convergence.loss, 5);
    expect(dp.separable).toBe(false);
  });

  test('at rho = 1 the model stays useful: training AUC within 0.03 of the exact fit', () => {
    const dp = fitFederatedLogistic(ps, { l2: 0.01, maxIter: 100, dp: { rho: 1, featureBound: BOUNDS }, unsafeRandomBytes: seededBytes(2) });
    const aucExact = rocAuc(y, predictChurn(exact, X));
    const aucDp = rocAuc(y, predictChurn(dp, X));
    expect(aucDp).toBeGreaterThan(aucExact - 0.03);
    // the model is a valid churn/logistic model and round-trips bit for bit
    const text = serializeModel(dp);
    expect(serializeModel(parseModel(text, 'churn/logistic'))).toBe(text);
  });

  test('same random bytes, same model; other bytes, another model (the noise is real)', () => {
    const opts = { l2: 0.01, maxIter: 20, dp: { rho: 0.5, featureBound: BOUNDS } };
    const a = fitFederatedLogistic(ps, { ...opts, unsafeRandomBytes: seededBytes(3) });
    const b = fitFederatedLogistic(ps, { ...opts, unsafeRandomBytes: seededBytes(3) });
    const c = fitFederatedLogistic(ps, { ...opts, unsafeRandomBytes: seededBytes(4) });
    expect(serializeModel(a)).toBe(serializeModel(b));
    expect(c.intercept).not.toBe(a.intercept);
  });

  test('the budget is charged rho before anything is aggregated, and refuses an overspend', () => {
    const budget = createPrivacyBudget({ epsilon: 2, delta: 1e-6 });
    fitFederatedLogistic(ps, { maxIter: 5, dp: { rho: 0.01, featureBound: BOUNDS }, budget });
    expect(budget.spent().rho).toBe(0.01);
    let aggregates = 0;
    expect(() => fitFederatedLogistic(ps, { maxIter: 5, dp: { rho: 5, featureBound: BOUNDS }, budget, onAggregate: () => aggregates++ })).toThrow(PrivacyBudgetError);
    expect(aggregates).toBe(0);
    expect(budget.spent().rho).toBe(0.01);
  });

  test('lattice noise: σ solves ρ = (Δ + γ√d)²/(2σ²) with γ = σ/2²⁰; draws sit on the lattice with sd σ', () => {
    // hand: Δ = 2, ρ = 0.5, d = 1 → σ = 2 / (1 − 2⁻²⁰)
    expect(latticeSigma(2, 0.5, 1)).toBe(2 / (1 - 2 ** -20));
    const sigma = 3;
    const noisy = addLatticeNoise(new Float64Array(4000), sigma, new Bits(seededBytes(5)));
    const gamma = sigma / 2 ** 20;
    for (const v of noisy.subarray(0, 50)) expect(Math.abs(v / gamma - Math.round(v / gamma))).toBeLessThan(1e-6);
    const mean = noisy.reduce((s, v) => s + v, 0) / noisy.length;
    const sd = Math.sqrt(noisy.reduce((s, v) => s + (v - mean) ** 2, 0) / (noisy.length - 1));
    expect(Math.abs(mean)).toBeLessThan((4 * sigma) / Math.sqrt(noisy.length));
    expect(Math.abs(sd / sigma - 1)).toBeLessThan(0.05); // sd of the sample sd ≈ 1/√(2·4000) ≈ 1.1 %
  });

  test('bad input: rho ≤ 0, unknown dp option, a value outside featureBound, a budget without dp', () => {
    expect(() => fitFederatedLogistic(ps, { dp: { rho: 0, featureBound: BOUNDS } })).toThrow(OptionsError);
    expect(() => fitFederatedLogistic(ps, { dp: { rho: Number.NaN, featureBound: BOUNDS } })).toThrow(/dp\.rho/);
    expect(() => fitFederatedLogistic(ps, { dp: { rho: 1, featureBound: 100, clip: 2 } as never })).toThrow(/dp\.clip/);
    expect(() => fitFederatedLogistic(ps, { dp: { rho: 1 } as never })).toThrow(/dp\.featureBound/);
    expect(() => fitFederatedLogistic(ps, { dp: { rho: 1, featureBound: [6, 10, 99, 1] } })).toThrow(/party 0, value .* column 'x2' is outside dp\.featureBound ±99/);
    expect(() => fitFederatedLogistic(ps, { dp: { rho: 1, featureBound: [6, 10] } })).toThrow(/2 bounds for 4 features/);
    expect(() => fitFederatedLogistic(ps, { budget: createPrivacyBudget({ epsilon: 1 }) })).toThrow(/only with dp/);
  });
});
