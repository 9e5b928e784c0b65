/**
 * Partial top-k selection with a bounded min-heap: O(n log k), no full sort. Ties go to the lower
 * index, so results are deterministic.
 */

/** Indices of the `k` largest finite `scores` (skipping `-Infinity`/NaN and masked entries), best first. */
export function topKIndices(scores: ArrayLike<number>, k: number, skip?: Uint8Array): Int32Array {
  const n = scores.length;
  const kk = Math.min(k, n);
  if (kk <= 0) return new Int32Array(0);
  const hi = new Int32Array(kk); // heap of indices, worst at root
  let size = 0;
  // worse(a, b): a ranks below b
  const worse = (a: number, b: number): boolean => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    return sa < sb || (sa === sb && a > b);
  };
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (!(s > -Infinity) || (skip !== undefined && skip[i])) continue;
    if (size < kk) {
      let c = size++;
      hi[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (worse(hi[c]!, hi[p]!)) {
          const t = hi[c]!;
          hi[c] = hi[p]!;
          hi[p] = t;
          c = p;
        } else break;
      }
    } else if (worse(hi[0]!, i)) {
      hi[0] = i;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < size && worse(hi[l]!, hi[m]!)) m = l;
        if (r < size && worse(hi[r]!, hi[m]!)) m = r;
        if (m === c) break;
        const t = hi[c]!;
        hi[c] = hi[m]!;
        hi[m] = t;
        c = m;
      }
    }
  }
  const out = Array.from(hi.subarray(0, size));
  out.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  return Int32Array.from(out);
}
