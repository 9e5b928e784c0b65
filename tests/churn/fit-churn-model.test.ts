import { describe, expect, test } from 'vitest';
import {
  AbortError,
  DataError,
  DimensionError,
  ModelError,
  OptionsError,
  fitChurnModel,
  matrixFromRows,
  parseModel,
  predictChurn,
  predictChurnMargin,
  rocAuc,
  serializeModel,
} from 'telcokit';
import type { FeatureMatrix } from 'telcokit';
import { describeConformance } from '../conformance/harness.js';
import { syntheticChurn } from './synthetic.js';

const { matrix: train, labels } = syntheticChurn(400, 5, 1);

describeConformance({
  name: 'churn/logistic',
  train,
  fit: (m: FeatureMatrix, seed: number) => fitChurnModel(m, labels, { kind: 'logistic', seed }),
  predict: predictChurn,
});

describeConformance({
  name: 'churn/gbdt via fitChurnModel',
  train,
  fit: (m: FeatureMatrix, seed: number) => fitChurnModel(m, labels, { kind: 'gbdt', seed, nTrees: 20, subsample: 0.8 }),
  predict: predictChurn,
});

describe('fitChurnModel logistic', () => {
  test('matches scikit-learn LogisticRegression(C=1) coefficients', () => {
    // python: LogisticRegression(tol=1e-10).fit(X, y) → coef [[0.71049089, -0.86855651]], intercept [0.57635289]
    const X = [[0, 1], [1, 3], [2, 2], [3, 5], [4, 1], [5, 0], [1.5, 2], [2.5, 4]];
    const y = [0, 0, 1, 0, 1, 1, 1, 0];
    const m = fitChurnModel(X, y, { kind: 'logistic', tolerance: 1e-9 });
    expect(m.coefficients[0]).toBeCloseTo(0.71049089, 5);
    expect(m.coefficients[1]).toBeCloseTo(-0.86855651, 5);
    expect(m.intercept).toBeCloseTo(0.57635289, 5);
    expect(m.convergence.converged).toBe(true);
    expect(m.kind).toBe('churn/logistic');
  });

  test('lambda on the mean loss equals C = 1 / (λ n)', () => {
    const a = fitChurnModel(train, labels, { kind: 'logistic', lambda: 0.01, tolerance: 1e-10 });
    const b = fitChurnModel(train, labels, { kind: 'logistic', C: 1 / (0.01 * train.nRows), tolerance: 1e-10 });
    for (let j = 0; j < train.nCols; j++) expect(a.coefficients[j]).toBeCloseTo(b.coefficients[j]!, 7);
  });

  test('coefficients are in original units: rescaling a column rescales its coefficient', () => {
    const scaled = { ...train, values: train.values.map((v, k) => (k % train.nCols === 0 ? v * 1000 : v)) };
    const a = fitChurnModel(train, labels, { kind: 'logistic', lambda: 0, tolerance: 1e-10 });
    const b = fitChurnModel(scaled, labels, { kind: 'logistic', lambda: 0, tolerance: 1e-10 });
    expect(b.coefficients[0]! * 1000).toBeCloseTo(a.coefficients[0]!, 5);
    expect(b.intercept).toBeCloseTo(a.intercept, 5);
  });

  test("classWeight 'balanced' raises the scores of the rare class", () => {
    const { matrix, labels: y } = syntheticChurn(600, 3, 2, 0.05);
    const plain = fitChurnModel(matrix, y, { kind: 'logistic' });
    const bal = fitChurnModel(matrix, y, { kind: 'logistic', classWeight: 'balanced' });
    const mean = (p: Float64Array) => p.reduce((a, b) => a + b, 0) / p.length;
    expect(mean(predictChurn(bal, matrix))).toBeGreaterThan(mean(predictChurn(plain, matrix)) + 0.1);
    expect(bal.options.classWeight).toBe('balanced');
  });

  test('perfectly separable data: finite coefficients and separable: true', () => {
    const m = fitChurnModel([[0], [1], [2], [3]], [0, 0, 1, 1], { kind: 'logistic' });
    expect(m.separable).toBe(true);
    expect(Number.isFinite(m.coefficients[0]!)).toBe(true);
    expect(m.convergence.converged).toBe(true);
    expect(predictChurnMargin(m, [[1.5]])[0]).toBeCloseTo(0, 6);
    const weak = fitChurnModel(train, labels, { kind: 'logistic' });
    expect(weak.separable).toBe(false);
  });

  test('more columns than rows and constant columns work', () => {
    const rows = [
      [1, 0, 3, 5, 2, 7, 1, 1],
      [0, 1, 2, 5, 1, 3, 0, 1],
      [1, 1, 0, 5, 3, 2, 1, 1],
      [0, 0, 1, 5, 0, 1, 1, 1],
    ];
    const m = fitChurnModel(rows, [1, 0, 1, 0], { kind: 'logistic' });
    expect(m.coefficients[3]).toBeCloseTo(0, 10); // constant column: only the penalty acts on it
    expect(m.coefficients[7]).toBeCloseTo(0, 10);
    expect(Array.from(predictChurn(m, rows)).every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(m.convergence.converged).toBe(true);
  });

  test('extreme imbalance (0.5% positives) fits and ranks', () => {
    const { matrix, labels: y } = syntheticChurn(4000, 4, 3, 0.005);
    expect(y.reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    const m = fitChurnModel(matrix, y, { kind: 'logistic' });
    expect(m.convergence.converged).toBe(true);
    expect(rocAuc(y, predictChurn(m, matrix))).toBeGreaterThan(0.8);
  });

  test('booleans are labels too', () => {
    const a = fitChurnModel(train, Array.from(labels, (v) => v === 1), { kind: 'logistic' });
    const b = fitChurnModel(train, labels, { kind: 'logistic' });
    expect(serializeModel(a)).toBe(serializeModel(b));
  });

  test('reports progress and stops on abort', () => {
    const seen: number[] = [];
    fitChurnModel(train, labels, { kind: 'logistic', onProgress: (p) => seen.push(p.done) });
    expect(seen.length).toBeGreaterThan(0);
    const ac = new AbortController();
    ac.abort();
    expect(() => fitChurnModel(train, labels, { kind: 'logistic', signal: ac.signal })).toThrow(AbortError);
  });
});

describe('fitChurnModel bad input', () => {
  test('NaN in features: logistic says to impute or use gbdt; gbdt takes it', () => {
    const values = new Float64Array(train.values);
    values[7] = NaN;
    const m = { ...train, values };
    expect(() => fitChurnModel(m, labels, { kind: 'logistic' })).toThrow(DataError);
    expect(() => fitChurnModel(m, labels, { kind: 'logistic' })).toThrow(/impute.*gbdt/);
    const g = fitChurnModel(m, labels, { kind: 'gbdt', nTrees: 5 });
    expect(Array.from(predictChurn(g, m)).every((p) => p > 0 && p < 1)).toBe(true);
  });
  test('labels that are not 0/1 name the index', () => {
    expect(() => fitChurnModel([[0], [1], [2]], [0, 2, 1], { kind: 'logistic' })).toThrow(/index 1/);
    expect(() => fitChurnModel([[0], [1], [2]], [0, 0.5, 1], { kind: 'gbdt' })).toThrow(DataError);
  });
  test('one class only → DataError', () => {
    expect(() => fitChurnModel([[0], [1]], [1, 1], { kind: 'logistic' })).toThrow(DataError);
    expect(() => fitChurnModel([[0], [1]], [0, 0], { kind: 'gbdt' })).toThrow(DataError);
  });
  test('mismatched lengths → DimensionError', () => {
    expect(() => fitChurnModel([[0], [1]], [0, 1, 1], { kind: 'logistic' })).toThrow(DimensionError);
    const m = fitChurnModel(train, labels, { kind: 'logistic' });
    expect(() => predictChurn(m, [[1, 2]])).toThrow(/predictChurn: matrix has 2 columns, model expects 5/);
  });
  test('a model JSON of another kind or a newer version is rejected', () => {
    const m = fitChurnModel(train, labels, { kind: 'logistic' });
    const text = serializeModel(m);
    expect(() => parseModel(text, 'churn/gbdt')).toThrow(ModelError);
    expect(() => parseModel(text.replace('"version":2', '"version":3'))).toThrow(/newer/);
    expect(parseModel(text, 'churn/logistic').intercept).toBe(m.intercept);
  });
  test('unknown kind → OptionsError naming kind', () => {
    expect(() => fitChurnModel([[0], [1]], [0, 1], { kind: 'forest' } as never)).toThrow(OptionsError);
    expect(() => fitChurnModel([[0], [1]], [0, 1], { kind: 'forest' } as never)).toThrow(/option kind must be 'logistic' or 'gbdt', got "forest"/);
  });
  test('predictChurn accepts number[][]', () => {
    const m = fitChurnModel(train, labels, { kind: 'logistic' });
    const rows = [Array.from(train.values.subarray(0, 5))];
    expect(predictChurn(m, rows)[0]).toBe(predictChurn(m, matrixFromRows(rows))[0]);
  });
});
