/**
 * Range check for squared Euclidean distances: with p columns and |x| ≤ M, a squared distance is
 * at most p · (2M)², which must stay below `Number.MAX_VALUE` (≈ 1.8e308) or it overflows to
 * Infinity and every comparison of distances is meaningless.
 */
import { DataError } from '../errors.js';

/** The largest |x| for which p-column squared distances (and their sums over n rows) stay finite. */
export function distanceLimit(p: number, n = 1): number {
  return Math.sqrt(Number.MAX_VALUE / (4 * Math.max(1, p) * Math.max(1, n)));
}

/**
 * Throws a DataError naming the first value too large for squared distances to stay finite
 * (the fix is to rescale, e.g. standardise, first). Assumes the values are finite.
 */
export function assertDistanceRange(
  m: { readonly values: Float64Array; readonly nRows: number; readonly nCols: number; readonly rowIds: readonly string[]; readonly columns: readonly string[] },
  fn: string,
): void {
  const limit = distanceLimit(m.nCols, m.nRows);
  const v = m.values;
  for (let k = 0; k < v.length; k++) {
    if (Math.abs(v[k]!) > limit) {
      const i = Math.floor(k / m.nCols);
      const j = k % m.nCols;
      throw new DataError(
        `${fn}: value ${v[k]} at row ${i} (id ${m.rowIds[i]}), column '${m.columns[j]}' is too large: squared distances over ${m.nCols} columns and ${m.nRows} rows overflow above |x| ≈ ${limit.toPrecision(3)}; rescale (e.g. standardize) first`,
      );
    }
  }
}
