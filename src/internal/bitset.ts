/**
 * Fixed-size bitsets over row positions, as `Uint32Array` words: bit `i` lives in word `i >>> 5`
 * at position `i & 31`. Bits past `n` in the last word are always zero (every operation that could
 * set them, such as `not`, masks the last word), so counts are plain popcounts.
 * Internal: never re-exported from the package.
 */

/** Number of 32-bit words needed for `n` bits. */
export function wordCount(n: number): number {
  return (n + 31) >>> 5;
}

/** Mask of the valid bits of the last word for `n` bits (all ones when `n` is a multiple of 32). */
export function lastWordMask(n: number): number {
  const r = n & 31;
  return r === 0 ? 0xffffffff : ((1 << r) - 1) >>> 0;
}

/** A bitset of `n` zero bits. */
export function createBitset(n: number): Uint32Array<ArrayBuffer> {
  return new Uint32Array(wordCount(n));
}

/** A bitset of `n` one bits. */
export function fullBitset(n: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(wordCount(n)).fill(0xffffffff);
  if (b.length > 0) b[b.length - 1] = lastWordMask(n);
  return b;
}

/** Bit `i` of `b`. */
export function getBit(b: Uint32Array, i: number): boolean {
  return ((b[i >>> 5]! >>> (i & 31)) & 1) === 1;
}

/** Sets bit `i` of `b` (mutates `b`: for freshly built bitsets only). */
export function setBit(b: Uint32Array, i: number): void {
  b[i >>> 5] = b[i >>> 5]! | (1 << (i & 31));
}

/** Clears bit `i` of `b` (mutates `b`: for freshly built bitsets only). */
export function clearBit(b: Uint32Array, i: number): void {
  b[i >>> 5] = b[i >>> 5]! & ~(1 << (i & 31));
}

/** Number of one bits in a 32-bit word (SWAR popcount). */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of one bits in `b`. */
export function countBits(b: Uint32Array): number {
  let c = 0;
  for (let w = 0; w < b.length; w++) c += popcount32(b[w]!);
  return c;
}

/** `a AND b` as a new bitset (same length required). */
export function andBits(a: Uint32Array, b: Uint32Array): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w]! & b[w]!;
  return out;
}

/** `a OR b` as a new bitset. */
export function orBits(a: Uint32Array, b: Uint32Array): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w]! | b[w]!;
  return out;
}

/** `a AND NOT b` as a new bitset. */
export function andNotBits(a: Uint32Array, b: Uint32Array): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = a[w]! & ~b[w]!;
  return out;
}

/** `NOT a` over `n` bits as a new bitset (the last word masked). */
export function notBits(a: Uint32Array, n: number): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(a.length);
  for (let w = 0; w < a.length; w++) out[w] = ~a[w]!;
  if (out.length > 0) out[out.length - 1] = out[out.length - 1]! & lastWordMask(n);
  return out;
}

/** Positions of the one bits of `b`, ascending. */
export function bitPositions(b: Uint32Array): Int32Array {
  const out = new Int32Array(countBits(b));
  let k = 0;
  for (let w = 0; w < b.length; w++) {
    let x = b[w]!;
    while (x !== 0) {
      const t = x & -x;
      out[k++] = (w << 5) + (31 - Math.clz32(t));
      x ^= t;
    }
  }
  return out;
}

/** Bitset of `n` bits with the given positions set. */
export function bitsetFromPositions(n: number, positions: ArrayLike<number>): Uint32Array<ArrayBuffer> {
  const b = createBitset(n);
  for (let k = 0; k < positions.length; k++) setBit(b, positions[k]!);
  return b;
}

/** A copy of `b` resized to `n` bits (new bits zero; bits past `n` dropped). */
export function resizeBitset(b: Uint32Array, n: number): Uint32Array<ArrayBuffer> {
  const out = createBitset(n);
  out.set(b.subarray(0, Math.min(b.length, out.length)));
  if (out.length > 0) out[out.length - 1] = out[out.length - 1]! & lastWordMask(n);
  return out;
}

/** Popcount of two words: their 4-bit SWAR partial counts (at most 8 per nibble) are summed before the byte fold. */
export function popcountPair(v: number, t: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  t = t - ((t >>> 1) & 0x55555555);
  t = (t & 0x33333333) + ((t >>> 2) & 0x33333333);
  v += t;
  v = (v & 0x0f0f0f0f) + ((v >>> 4) & 0x0f0f0f0f);
  return Math.imul(v, 0x01010101) >>> 24;
}
