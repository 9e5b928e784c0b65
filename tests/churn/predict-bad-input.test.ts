import { describe, expect, test } from 'vitest';
import { DataError, churnWatchlist, explainChurn, fitChurnModel, matrixFromRows, predictChurn } from 'telcokit';

const X = matrixFromRows([[0], [1], [2], [3], [4], [5]], { columns: ['complaintRate'] });
const y = [0, 0, 1, 0, 1, 1];
const logistic = fitChurnModel(X, y, { kind: 'logistic' });

describe('scoring with missing values', () => {
  test('predictChurn(logistic, m) with NaN throws a DataError naming the row and column', () => {
    const bad = matrixFromRows([[NaN], [3]], { columns: ['complaintRate'], rowIds: ['a', 'b'] });
    expect(() => predictChurn(logistic, bad)).toThrow(DataError);
    expect(() => predictChurn(logistic, bad)).toThrow(/predictChurn: value NaN at row 0 \(id a\), column 'complaintRate'/);
    expect(() => explainChurn(logistic, bad, 0)).toThrow(DataError);
  });
  test('churnWatchlist never drops a NaN-scored row silently: it throws', () => {
    expect(() => churnWatchlist(logistic, [[NaN], [3]])).toThrow(DataError);
  });
  test('churnWatchlist rejects a negative reasons count, a NaN threshold and an unknown value column', () => {
    expect(() => churnWatchlist(logistic, X, { reasons: -1 })).toThrow(/reasons must be an integer ≥ 0/);
    expect(() => churnWatchlist(logistic, X, { threshold: NaN })).toThrow(/threshold is NaN/);
    expect(() => churnWatchlist(logistic, X, { value: 'arpu' })).toThrow(/churnWatchlist: options.value names column 'arpu'/);
  });
});

describe('option checks name the function the user called', () => {
  test('fitChurnModel({ kind: gbdt }) reports bad options as fitChurnModel', () => {
    expect(() => fitChurnModel(X, y, { kind: 'gbdt', nTrees: 0 })).toThrow(/^fitChurnModel: option nTrees must be an integer in \[1, 1e5\], got 0/);
  });
  test('logistic rejects l2 = Infinity, a fractional maxIter and a negative tol, in either spelling', () => {
    expect(() => fitChurnModel(X, y, { kind: 'logistic', lambda: Infinity })).toThrow(/option lambda must be a finite number ≥ 0, got Infinity/);
    expect(() => fitChurnModel(X, y, { kind: 'logistic', l2: Infinity })).toThrow(/option l2 must be a finite number ≥ 0, got Infinity/);
    expect(() => fitChurnModel(X, y, { kind: 'logistic', maxIterations: 2.5 })).toThrow(/option maxIterations must be an integer in \[1, 1e6\], got 2.5/);
    expect(() => fitChurnModel(X, y, { kind: 'logistic', maxIter: 2.5 })).toThrow(/option maxIter must be an integer/);
    expect(() => fitChurnModel(X, y, { kind: 'logistic', tolerance: -1 })).toThrow(/option tolerance must be a finite number ≥ 0, got -1/);
  });
  test('churnImportance rejects maxRows that is not a positive integer', async () => {
    const { churnImportance } = await import('telcokit');
    expect(() => churnImportance(logistic, X, y, { method: 'shap', maxRows: -1 })).toThrow(/churnImportance: maxRows must be an integer ≥ 1/);
  });
});
