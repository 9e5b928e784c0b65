/**
 * Seeded sampling without replacement, built on the one PRNG of src/internal/rng.ts: the
 * Fisher–Yates shuffle (Durstenfeld 1964, Knuth's Algorithm P), its partial form for k of n, and
 * Floyd's algorithm when n is too large to materialise. Each function consumes the generator in a
 * fixed, documented order, so a seed reproduces the same sample everywhere it is used.
 */
import type { Rng } from './rng.js';

/** Shuffles `a` in place: for i = n − 1 … 1, swap a[i] with a[j], j = rng.int(i + 1). */
export function shuffleInPlace(a: { length: number; [i: number]: number }, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/** Fisher–Yates shuffle of `0..n-1` as an Int32Array. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  shuffleInPlace(p, rng);
  return p;
}

/**
 * Partial Fisher–Yates: moves a uniform random sample of `min(k, n)` elements of `a` to its first
 * positions, in place (for t = 0 … k − 1, swap a[t] with a[t + rng.int(n − t)]); the rest of `a`
 * holds the others.
 */
export function partialShuffle<T>(a: T[] | { length: number; [i: number]: T }, k: number, rng: Rng): void {
  const n = a.length;
  const m = Math.min(k, n);
  for (let t = 0; t < m; t++) {
    const j = t + rng.int(n - t);
    const x = a[t]!;
    a[t] = a[j]!;
    a[j] = x;
  }
}

/** `min(k, n)` distinct indices of `0..n-1` chosen uniformly (partial Fisher–Yates), in draw order. */
export function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  partialShuffle(idx, k, rng);
  return idx.subarray(0, Math.min(k, n));
}

/**
 * Draws distinct indices of `0..n-1` one at a time, uniformly (partial Fisher–Yates, lazily):
 * for callers that stop early, such as k-means' random start skipping duplicate rows. `next()`
 * returns −1 once all n are drawn.
 */
export function createIndexSampler(n: number, rng: Rng): { next(): number } {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let s = 0;
  return {
    next(): number {
      if (s >= n) return -1;
      const j = s + rng.int(n - s);
      const t = idx[s]!;
      idx[s] = idx[j]!;
      idx[j] = t;
      return idx[s++]!;
    },
  };
}

/**
 * `k` distinct integers of `0..n-1` chosen uniformly, ascending, without materialising `0..n-1`
 * (R. W. Floyd's algorithm, Bentley & Floyd 1987: for j = n − k … n − 1, draw t = rng.int(j + 1)
 * and take t, or j when t is already taken). Needs k ≤ n.
 */
export function sampleSorted(n: number, k: number, rng: Rng): Float64Array {
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = rng.int(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Float64Array.from(chosen).sort();
}
