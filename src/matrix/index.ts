/**
 * The base matrix module: `FeatureMatrix`, the one currency between telcokit's modules, and its
 * helpers. A shared layer: it imports nothing but the errors, so every module (metrics included)
 * may build on it. Re-exported from `telcokit/features` and the root.
 * @module matrix
 */
export {
  createFeatureMatrix,
  matrixFromRows,
  toFeatureMatrix,
  checkFeatureMatrix,
  isFeatureMatrix,
  matrixToRows,
  matrixFromRecords,
  matrixToRecords,
  columnIndex,
  getColumn,
  getRow,
  selectColumns,
  selectRows,
} from './feature-matrix.js';
export type { FeatureMatrix, MatrixInput } from './feature-matrix.js';
