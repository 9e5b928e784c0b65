/**
 * Pieces shared by the double- and single-precision ALS sweeps: the confidence of a raw strength and
 * the dense Cholesky row solve.
 *
 * @module
 */
import { log } from '../internal/math.js';
import type { AlsResolvedOptions } from './model-schemas.js';

/** Confidence c for a raw strength r. */
export function confidenceOf(r: number, o: AlsResolvedOptions): number {
  return o.confidence === 'log' ? 1 + o.confidenceAlpha * log(1 + r / o.epsilon) : 1 + o.confidenceAlpha * r;
}

/** Solves A z = b for symmetric positive-definite A (row-major f × f, overwritten); z written to b. */
export function choleskySolveInPlace(A: Float64Array, b: Float64Array, f: number): void {
  for (let j = 0; j < f; j++) {
    let s = A[j * f + j]!;
    for (let k = 0; k < j; k++) s -= A[j * f + k]! * A[j * f + k]!;
    const d = Math.sqrt(Math.max(s, 1e-300));
    A[j * f + j] = d;
    for (let i = j + 1; i < f; i++) {
      let t = A[i * f + j]!;
      for (let k = 0; k < j; k++) t -= A[i * f + k]! * A[j * f + k]!;
      A[i * f + j] = t / d;
    }
  }
  for (let i = 0; i < f; i++) {
    let t = b[i]!;
    for (let k = 0; k < i; k++) t -= A[i * f + k]! * b[k]!;
    b[i] = t / A[i * f + i]!;
  }
  for (let i = f - 1; i >= 0; i--) {
    let t = b[i]!;
    for (let k = i + 1; k < f; k++) t -= A[k * f + i]! * b[k]!;
    b[i] = t / A[i * f + i]!;
  }
}
