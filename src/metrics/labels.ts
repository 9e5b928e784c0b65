/**
 * Binary label and score validation shared by the metrics and churn functions (internal).
 */
import { DataError, DimensionError } from '../errors.js';

/** Binary labels: 0/1 numbers or booleans (`true` = positive). @category Metrics */
export type BinaryLabels = ArrayLike<number> | readonly boolean[];

/**
 * Checks 0/1-or-boolean labels against `n` rows and returns them as a fresh Uint8Array.
 * @throws DimensionError when the length is not `n`; DataError for a label that is not 0/1/boolean
 *   or (with `requireBothClasses`) when only one class is present
 */
export function toBinaryLabels(labels: BinaryLabels, n: number, fn: string, requireBothClasses = true): Uint8Array {
  if (!isArrayLike(labels)) throw new DataError(`${fn}: expected labels as an array (0/1 or booleans), got ${labels === null ? 'null' : typeof labels}`);
  if (labels.length !== n) throw new DimensionError(`${fn}: ${labels.length} labels for ${n} rows`);
  const y = new Uint8Array(n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    const v = (labels as ArrayLike<unknown>)[i];
    if (v === 1 || v === true) {
      y[i] = 1;
      pos++;
    } else if (v !== 0 && v !== false) {
      throw new DataError(`${fn}: label at index ${i} is ${String(v)}; labels must be 0/1 or booleans`);
    }
  }
  if (requireBothClasses && (pos === 0 || pos === n)) {
    throw new DataError(`${fn}: labels hold one class only (${pos} positives in ${n} rows); need both 0 and 1`);
  }
  return y;
}

/** True for arrays and typed arrays (what labels and scores may be). */
export function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/** The length of `scores`, or a DataError naming `fn` when it is not an array. */
export function scoresLength(scores: unknown, fn: string): number {
  if (!isArrayLike(scores)) throw new DataError(`${fn}: expected scores as an array of numbers, got ${scores === null ? 'null' : typeof scores}`);
  return scores.length;
}

/** Checks that scores are finite and `n` long; returns them as a Float64Array (copied). */
export function toScores(scores: ArrayLike<number>, n: number, fn: string): Float64Array {
  if (!isArrayLike(scores)) throw new DataError(`${fn}: expected scores as an array of numbers, got ${scores === null ? 'null' : typeof scores}`);
  if (scores.length !== n) throw new DimensionError(`${fn}: ${scores.length} scores for ${n} labels`);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new DataError(`${fn}: score at index ${i} is ${String(v)}; scores must be finite numbers`);
    s[i] = v;
  }
  return s;
}

/** Indices 0..n−1 sorted by score, descending; ties by index (internal). */
export function orderDescending(s: Float64Array): Int32Array {
  const idx = new Int32Array(s.length);
  for (let i = 0; i < idx.length; i++) idx[i] = i;
  idx.sort((a, b) => s[b]! - s[a]! || a - b);
  return idx;
}
