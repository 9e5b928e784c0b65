/**
 * The per-subscriber score kernels of item-kNN and EASE (internal), in a module of their own so the
 * recommend worker bundle (./worker-entry.ts) carries them without their fits' option declarations.
 */
import type { ItemKnnNeighbours } from './model-schemas.js';

/** Adds Σ_i r_ui · sim(i, j) into `out` for a subscriber's history. */
export function knnScoresInto(
  nb: ItemKnnNeighbours,
  histItems: ArrayLike<number>,
  histValues: ArrayLike<number>,
  out: Float64Array,
): void {
  const binary = nb.options.binary;
  for (let h = 0; h < histItems.length; h++) {
    const i = histItems[h]!;
    const r = binary ? 1 : histValues[h]!;
    for (let k = nb.indptr[i]!; k < nb.indptr[i + 1]!; k++) out[nb.indices[k]!]! += r * nb.similarities[k]!;
  }
}

/** Σ_{i ∈ history} r_i · B[i, ·] into `out` (overwritten). */
export function easeScoresInto(b: Float64Array, n: number, binary: boolean, histItems: ArrayLike<number>, histValues: ArrayLike<number>, out: Float64Array): void {
  out.fill(0);
  for (let h = 0; h < histItems.length; h++) {
    const r = binary ? 1 : histValues[h]!;
    const ri = histItems[h]! * n;
    for (let j = 0; j < n; j++) out[j]! += r * b[ri + j]!;
  }
}
