import { describe, expect, test } from 'vitest';
import {
  CHURN_REASON_PHRASES,
  DimensionError,
  DataError,
  churnImportance,
  churnWatchlist,
  createFeatureMatrix,
  explainChurn,
  fitChurnModel,
  predictChurn,
  predictChurnMargin,
} from 'telcokit';
import { syntheticChurn } from './synthetic.js';

const { matrix, labels } = syntheticChurn(500, 4, 5);
const logistic = fitChurnModel(matrix, labels, { kind: 'logistic' });
const gbdt = fitChurnModel(matrix, labels, { kind: 'gbdt', nTrees: 30, seed: 1 });

describe('explainChurn', () => {
  test.each([
    ['logistic', logistic],
    ['gbdt', gbdt],
  ] as const)('explainChurn(%s model, m, i): baseValue + Σ contributions = margin', (_name, model) => {
    const margins = predictChurnMargin(model, matrix);
    const probs = predictChurn(model, matrix);
    for (const i of [0, 1, 17, 250, 499]) {
      const e = explainChurn(model, matrix, i);
      const sum = e.contributions.reduce((a, c) => a + c.contribution, e.baseValue);
      expect(sum).toBeCloseTo(margins[i]!, 10);
      expect(e.margin).toBe(margins[i]);
      expect(e.probability).toBeCloseTo(probs[i]!, 14);
      expect(e.id).toBe(matrix.rowIds[i]);
      for (let k = 1; k < e.contributions.length; k++) {
        expect(Math.abs(e.contributions[k - 1]!.contribution)).toBeGreaterThanOrEqual(Math.abs(e.contributions[k]!.contribution));
      }
    }
  });

  test('logistic contributions are w_j (x_j − mean_j), base is the margin at the training mean', () => {
    const e = explainChurn(logistic, matrix, 3);
    for (const c of e.contributions) {
      const j = logistic.featureNames.indexOf(c.feature);
      expect(c.contribution).toBeCloseTo(logistic.coefficients[j]! * (matrix.values[3 * 4 + j]! - logistic.featureMeans[j]!), 14);
      expect(c.value).toBe(matrix.values[3 * 4 + j]);
    }
    const atMean = predictChurnMargin(logistic, [Array.from(logistic.featureMeans)])[0]!;
    expect(e.baseValue).toBeCloseTo(atMean, 12);
  });

  test('explainChurn on a row outside the matrix → DimensionError', () => {
    expect(() => explainChurn(logistic, matrix, 500)).toThrow(DimensionError);
    expect(() => explainChurn(logistic, [[1, 2]], 0)).toThrow(DimensionError);
  });

  test('gbdt explanations handle NaN features', () => {
    const values = new Float64Array(matrix.values);
    for (let i = 0; i < 50; i++) values[i * 4 + 1] = NaN;
    const m = { ...matrix, values };
    const g = fitChurnModel(m, labels, { kind: 'gbdt', nTrees: 10 });
    const e = explainChurn(g, m, 0);
    expect(e.contributions.reduce((a, c) => a + c.contribution, e.baseValue)).toBeCloseTo(e.margin, 10);
  });
});

describe('churnImportance', () => {
  test("'shap' ranks the strong feature f0 first for both learners", () => {
    expect(churnImportance(logistic, matrix, null)[0]!.feature).toBe('f0');
    expect(churnImportance(gbdt, matrix, null, { maxRows: 200 })[0]!.feature).toBe('f0');
  });
  test("'shap' for logistic is the mean |w_j (x_j − mean_j)|", () => {
    const imp = churnImportance(logistic, matrix, null);
    const f2 = imp.find((r) => r.feature === 'f2')!;
    let s = 0;
    for (let i = 0; i < 500; i++) s += Math.abs(logistic.coefficients[2]! * (matrix.values[i * 4 + 2]! - logistic.featureMeans[2]!));
    expect(f2.importance).toBeCloseTo(s / 500, 12);
  });
  test("'permutation' is seeded, ranks f0 first and a pure-noise column near 0", () => {
    const a = churnImportance(logistic, matrix, labels, { method: 'permutation', seed: 3, repeats: 3 });
    const b = churnImportance(logistic, matrix, labels, { method: 'permutation', seed: 3, repeats: 3 });
    expect(a).toEqual(b);
    expect(a[0]!.feature).toBe('f0');
    expect(a[0]!.importance).toBeGreaterThan(0.05);
  });
  test("'permutation' without labels → DataError", () => {
    expect(() => churnImportance(logistic, matrix, null, { method: 'permutation' })).toThrow(DataError);
  });
});

describe('churnWatchlist', () => {
  const names = ['dataDropRatio', 'complaintRate', 'tenureMonths', 'Contract=Month-to-month'];
  const rows = [
    [0.62, 3, 4, 1],
    [0, 0, 40, 0],
    [-0.5, 1, 20, 0],
    [0.1, 0, 60, 1],
    [0.3, 2, 2, 1],
    [0, 1, 30, 0],
  ];
  const y = [1, 0, 0, 0, 1, 0];
  const m = createFeatureMatrix(Float64Array.from(rows.flat()), names, ['a', 'b', 'c', 'd', 'e', 'f']);
  const model = fitChurnModel(m, y, { kind: 'logistic', C: 10 });

  test('churnWatchlist(model, m) ranks by probability × value and explains in words', () => {
    const list = churnWatchlist(model, m, { top: 2 });
    expect(list.map((r) => r.id)).toEqual(['e', 'a']);
    expect(list[0]!.probability).toBeGreaterThan(list[1]!.probability);
    // a: coefficients favour short tenure, then complaints, then the data drop
    expect(list[1]!.reasons).toEqual(['short tenure (4 months vs usual 26)', 'complaints: 3 a month (usual 1.17)', 'data use fell 62% vs the prior months']);
    expect(list[0]!.priority).toBe(list[0]!.probability);
  });

  test('value reorders the list; threshold filters it', () => {
    const value = [1, 1, 1, 1, 100, 1];
    const list = churnWatchlist(model, m, { top: 3, value });
    expect(list[0]!.id).toBe('e');
    expect(list[0]!.priority).toBeCloseTo(list[0]!.probability * 100, 12);
    const all = churnWatchlist(model, m, { threshold: 0.5 });
    expect(all.every((r) => r.probability >= 0.5)).toBe(true);
    expect(churnWatchlist(model, m, { value: 'tenureMonths', top: 1 })[0]!.value).toBeGreaterThan(0);
  });

  test('describe overrides phrases; generic and one-hot fallbacks', () => {
    const list = churnWatchlist(model, m, {
      top: 2,
      reasons: 4,
      describe: { dataDropRatio: { pivot: 0, above: 'usage down {pct} percent', below: 'usage up' } },
    });
    expect(list[1]!.reasons).toContain('usage down 62 percent');
    expect(CHURN_REASON_PHRASES.dataDropRatio!.above).toContain('{pct}');
    const g = createFeatureMatrix(Float64Array.from([5, 1, 0, 2, 1, 0]), ['weirdScore'], undefined);
    const gm = fitChurnModel(g, [1, 0, 0, 1, 0, 0], { kind: 'logistic' });
    expect(churnWatchlist(gm, g, { top: 1 })[0]!.reasons).toEqual(['higher weird score than usual (5 vs 1.5)']);
  });

  test('bad input: wrong value length → DimensionError, non-finite value → DataError', () => {
    expect(() => churnWatchlist(model, m, { value: [1, 2] })).toThrow(DimensionError);
    expect(() => churnWatchlist(model, m, { value: [1, 1, 1, NaN, 1, 1] })).toThrow(DataError);
  });
});
