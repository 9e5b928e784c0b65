import { describe, expect, test } from 'vitest';
import { DataError, DimensionError, fitChurnModel, fitFederatedLogistic, OptionsError, parseModel, predictChurn, serializeModel } from 'telcokit';
import type { AggregationView } from 'telcokit';
import { secureSum } from '../../src/privacy/federated-logistic';
import { createRng } from '../../src/internal/rng';

/** Three "operators" with shifted feature distributions, labels from a logistic model (seeded). */
function operators(seed: number): { matrix: number[][]; labels: number[] }[] {
  const rng = createRng(seed);
  return [400, 250, 350].map((n, k) => {
    const matrix: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = [rng.normal() + k * 0.5, rng.normal() * 2, rng.next() * 100, k === 1 ? 1 : rng.next() < 0.3 ? 1 : 0];
      const z = -1 + 0.8 * x[0]! - 0.4 * x[1]! + 0.01 * x[2]! + 0.5 * x[3]!;
      matrix.push(x);
      labels.push(rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    }
    return { matrix, labels };
  });
}

describe('fitFederatedLogistic(parties, options)', () => {
  const parties = operators(7);
  const pooledX = parties.flatMap((p) => p.matrix);
  const pooledY = parties.flatMap((p) => p.labels);

  test.each([0.01, 1 / 1000])('equals the pooled churn logistic fit to 1e-6 (l2 = %f)', (l2) => {
    const fed = fitFederatedLogistic(parties, { l2 });
    const pooled = fitChurnModel(pooledX, pooledY, { kind: 'logistic', l2, tol: 1e-11, maxIter: 5000 });
    expect(fed.convergence.converged).toBe(true);
    expect(Math.abs(fed.intercept - pooled.intercept)).toBeLessThan(1e-6);
    fed.coefficients.forEach((c, j) => expect(Math.abs(c - pooled.coefficients[j]!)).toBeLessThan(1e-6));
    fed.featureMeans.forEach((m, j) => expect(m).toBeCloseTo(pooled.featureMeans[j]!, 9));
    fed.featureSds.forEach((s, j) => expect(s).toBeCloseTo(pooled.featureSds[j]!, 9));
    expect(fed.positiveRate).toBe(pooled.positiveRate);
    expect(fed.separable).toBe(pooled.separable);
    // the default l2 is the churn module's default (C = 1, i.e. λ = 1/n)
    if (l2 === 1 / 1000) {
      const def = fitFederatedLogistic(parties);
      def.coefficients.forEach((c, j) => expect(Math.abs(c - fed.coefficients[j]!)).toBeLessThan(1e-9));
    }
  });

  test('the model is a churn/logistic model: predictChurn works and it round-trips bit for bit', () => {
    const fed = fitFederatedLogistic(parties, { l2: 0.01 });
    const text = serializeModel(fed);
    expect(serializeModel(parseModel(text, 'churn/logistic'))).toBe(text);
    const p = predictChurn(fed, pooledX.slice(0, 5));
    expect(p).toHaveLength(5);
  });

  test('does not mutate the parties (frozen inputs)', () => {
    const frozen = parties.map((p) => Object.freeze({ matrix: Object.freeze(p.matrix.map((r) => Object.freeze([...r]))), labels: Object.freeze([...p.labels]) }));
    expect(() => fitFederatedLogistic(frozen, { l2: 0.01 })).not.toThrow();
  });

  test("the coordinator's view: masked shares sum to the aggregate and carry no sign of a party's values", () => {
    const views: AggregationView[] = [];
    fitFederatedLogistic(parties, { l2: 0.01, onAggregate: (v) => views.push(v) });
    expect(views[0]!.stage).toBe('moments');
    expect(views[0]!.maskedShares).toHaveLength(3);
    // correlation between party 0's value and its masked share over 3,000 aggregations
    const rng = createRng(3);
    const seeds = [0, 1, 2].map((i) => [0, 1, 2].map((j) => Uint8Array.from({ length: 32 }, (_, b) => (i * 7 + j * 13 + b * 31) & 255)));
    const xs: number[] = [];
    const shares: number[] = [];
    for (let t = 0; t < 3000; t++) {
      const g = rng.normal() * 1000;
      const vecs = [Float64Array.of(g), Float64Array.of(rng.normal()), Float64Array.of(rng.normal())];
      let seen: bigint[][] = [];
      const sum = secureSum(vecs, seeds, t, (s) => (seen = s));
      expect(sum[0]).toBeCloseTo(vecs[0]![0]! + vecs[1]![0]! + vecs[2]![0]!, 9);
      xs.push(g);
      shares.push(Number(seen[0]![0]!) / 2 ** 96);
    }
    const corr = pearson(xs, shares);
    // |r| under 4/√3000 ≈ 0.073 for independent variables; the unmasked fixed point would give r ≈ 0.87 in this encoding (sign wraps)
    expect(Math.abs(corr)).toBeLessThan(0.073);
    const unmasked = xs.map((g) => Number(((BigInt(Math.round(g * 2 ** 40)) % (1n << 96n)) + (1n << 96n)) % (1n << 96n)) / 2 ** 96);
    expect(Math.abs(pearson(xs, unmasked))).toBeGreaterThan(0.5);
  });

  test('bad input: one party, a party with zero rows or different columns, bad labels', () => {
    const [a, b] = parties;
    expect(() => fitFederatedLogistic([a!])).toThrow(OptionsError);
    expect(() => fitFederatedLogistic([a!, { matrix: [], labels: [] }])).toThrow(DataError);
    expect(() => fitFederatedLogistic([a!, { matrix: b!.matrix.map((r) => r.slice(0, 3)), labels: b!.labels }])).toThrow(DimensionError);
    expect(() => fitFederatedLogistic([a!, { matrix: b!.matrix, labels: b!.labels.slice(1) }])).toThrow(DimensionError);
    expect(() => fitFederatedLogistic([a!, { matrix: b!.matrix, labels: b!.labels.map(() => 2) }])).toThrow(DataError);
    expect(() => fitFederatedLogistic([a!, b!], { l2: -1 })).toThrow(OptionsError);
    expect(() => fitFederatedLogistic([a!, b!], { maxIter: 0 })).toThrow(OptionsError);
  });
});

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
