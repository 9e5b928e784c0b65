/**
 * Duplicate detection for millions of string ids, faster than a `Set` of strings: a 29-bit FNV-1a
 * hash and the row number are packed into one double (29 + 24 = 53 bits, exact), the doubles are
 * sorted natively, and only rows whose hashes collide are compared as strings. Internal.
 */

/** The first row whose id repeats an earlier row's id, as `[first, repeat]`, or undefined. */
export function findDuplicateId(ids: readonly string[]): [number, number] | undefined {
  const n = ids.length;
  if (n > 1 << 24) {
    const seen = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const p = seen.get(ids[i]!);
      if (p !== undefined) return [p, i];
      seen.set(ids[i]!, i);
    }
    return undefined;
  }
  const keys = new Float64Array(n);
  const SHIFT = 2 ** 24;
  for (let i = 0; i < n; i++) {
    const s = ids[i]!;
    let h = 0x811c9dc5;
    for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
    keys[i] = (h >>> 3) * SHIFT + i;
  }
  keys.sort();
  let best: [number, number] | undefined;
  let k = 0;
  while (k < n) {
    const h = Math.floor(keys[k]! / SHIFT);
    let e = k + 1;
    while (e < n && Math.floor(keys[e]! / SHIFT) === h) e++;
    if (e - k > 1) {
      // rows sharing a hash, in row order: compare as strings
      const first = new Map<string, number>();
      for (let q = k; q < e; q++) {
        const row = keys[q]! - h * SHIFT;
        const p = first.get(ids[row]!);
        if (p !== undefined) {
          if (best === undefined || row < best[1]) best = [p, row];
        } else first.set(ids[row]!, row);
      }
    }
    k = e;
  }
  return best;
}
