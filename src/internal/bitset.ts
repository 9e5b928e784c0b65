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

/**
 * Number of one bits in `v[start..end)` by the Harley–Seal carry-save-adder scheme (Harley & Seal;
 * Muła, Kurz & Lemire 2018, "Faster population counts using AVX2 instructions"): eight words at a
 * time are added bit-sliced into `ones`, `twos` and `fours` counters with carry-save adders, and only
 * the carry out of the `fours` (the `eights`) is popcounted once per eight words; the counters are
 * popcounted once at the end. About six word operations per word instead of the SWAR popcount's twelve.
 */
export function popcountRange(v: Uint32Array, start: number, end: number): number {
  let ones = 0;
  let twos = 0;
  let fours = 0;
  let eights = 0;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    // CSA(h, l; a, b, c): l = a ^ b ^ c, h = majority(a, b, c)
    let a = v[i]!;
    let b = v[i + 1]!;
    let u = ones ^ a;
    let twosA = (ones & a) | (u & b);
    ones = u ^ b;
    a = v[i + 2]!;
    b = v[i + 3]!;
    u = ones ^ a;
    let twosB = (ones & a) | (u & b);
    ones = u ^ b;
    u = twos ^ twosA;
    const foursA = (twos & twosA) | (u & twosB);
    twos = u ^ twosB;
    a = v[i + 4]!;
    b = v[i + 5]!;
    u = ones ^ a;
    twosA = (ones & a) | (u & b);
    ones = u ^ b;
    a = v[i + 6]!;
    b = v[i + 7]!;
    u = ones ^ a;
    twosB = (ones & a) | (u & b);
    ones = u ^ b;
    u = twos ^ twosA;
    const foursB = (twos & twosA) | (u & twosB);
    twos = u ^ twosB;
    u = fours ^ foursA;
    const e = (fours & foursA) | (u & foursB);
    fours = u ^ foursB;
    eights += popcount32(e);
  }
  let rest = 0;
  for (; i < end; i++) rest += popcount32(v[i]!);
  return 8 * eights + 4 * popcount32(fours) + 2 * popcount32(twos) + popcount32(ones) + rest;
}
