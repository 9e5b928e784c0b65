import { describe, expect, test } from 'vitest';
import {
  DataError,
  DimensionError,
  createFeatureMatrix,
  getColumn,
  getRow,
  matrixFromRecords,
  matrixFromRows,
  matrixToRecords,
  matrixToRows,
  selectColumns,
  selectRows,
} from 'telcokit';
import { assertFinite } from '../../src/matrix/feature-matrix.js';

describe('FeatureMatrix', () => {
  const m = matrixFromRows(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    { columns: ['a', 'b', 'c'], rowIds: ['s1', 's2'] },
  );
  test('matrixFromRows stores row-major values and round-trips through matrixToRows', () => {
    expect(Array.from(m.values)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(matrixToRows(m)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });
  test('getColumn, getRow, selectColumns, selectRows', () => {
    expect(Array.from(getColumn(m, 'b'))).toEqual([2, 5]);
    expect(Array.from(getRow(m, 1))).toEqual([4, 5, 6]);
    const s = selectColumns(m, ['c', 'a']);
    expect(s.columns).toEqual(['c', 'a']);
    expect(Array.from(s.values)).toEqual([3, 1, 6, 4]);
    const r = selectRows(m, [1, 1, 0]);
    expect(r.rowIds).toEqual(['s2', 's2', 's1']);
    expect(Array.from(r.values)).toEqual([4, 5, 6, 4, 5, 6, 1, 2, 3]);
  });
  test('records round trip; missing fields become NaN', () => {
    const recs = [{ id: 'x', a: 1, b: true }, { id: 'y', a: null }];
    const fm = matrixFromRecords(recs, ['a', 'b']);
    expect(fm.rowIds).toEqual(['x', 'y']);
    expect(Array.from(fm.values)).toEqual([1, 1, NaN, NaN]);
    expect(matrixToRecords(fm)[0]).toEqual({ id: 'x', a: 1, b: 1 });
  });
  test('size mismatches throw DimensionError', () => {
    expect(() => createFeatureMatrix(new Float64Array(5), ['a', 'b'])).toThrow(DimensionError);
    expect(() => matrixFromRows([[1, 2], [3]])).toThrow(/row 1 has 1 values, expected 2/);
    expect(() => getColumn(m, 'zz')).toThrow(DimensionError);
  });
  test('assertFinite names the row and column of the first NaN', () => {
    const bad = matrixFromRows([[1, NaN]], { columns: ['a', 'b'], rowIds: ['s9'] });
    expect(() => assertFinite(bad, 'fitKMeans')).toThrow(DataError);
    expect(() => assertFinite(bad, 'fitKMeans')).toThrow(/fitKMeans: value NaN at row 0 \(id s9\), column 'b'/);
  });
  test('empty matrix', () => {
    const e = matrixFromRows([], { columns: ['a'] });
    expect(e.nRows).toBe(0);
    expect(e.nCols).toBe(1);
  });
});
