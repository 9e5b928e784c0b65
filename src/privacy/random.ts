/**
 * Random bits for privacy noise: `crypto.getRandomValues` (Web Crypto, in Node ≥ 20, Deno and
 * browsers), pooled, and exact samplers built on them (uniform integers, rational Bernoulli trials).
 * The one place in telcokit that does not use the seeded PRNG: noise must be unpredictable.
 *
 * @module
 */
import { OptionsError } from '../errors.js';

/** Fills a buffer with random bytes, as `crypto.getRandomValues` does. @category Privacy */
export type RandomBytes = (buffer: Uint8Array) => void;

/** Options every noisy function accepts. @category Privacy */
export interface NoiseOptions {
  /**
   * FOR TESTS ONLY: a replacement for `crypto.getRandomValues` (e.g. a seeded generator, to make a
   * distribution test reproducible). Noise from a predictable source protects nothing; never set
   * this in production.
   */
  readonly unsafeRandomBytes?: RandomBytes;
}

/** Bytes per refill: small for the first draws (one count needs a few words), larger once a call draws many. */
const FIRST_POOL = 64;
const POOL = 4096;

/** A pooled bit source. */
export class Bits {
  private readonly fill: RandomBytes;
  private pool = new Uint8Array(FIRST_POOL);
  private words = new Uint32Array(this.pool.buffer);
  private pos = FIRST_POOL;
  private refills = 0;

  constructor(fill?: RandomBytes) {
    if (fill !== undefined) this.fill = fill;
    else {
      const c = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
      if (!c || typeof c.getRandomValues !== 'function') {
        throw new OptionsError('telcokit privacy: no globalThis.crypto.getRandomValues in this runtime', 'unsafeRandomBytes');
      }
      this.fill = (b) => void c.getRandomValues!(b);
    }
  }

  /** 32 uniform random bits. */
  u32(): number {
    if (this.pos >= this.pool.length) {
      if (++this.refills === 2) {
        this.pool = new Uint8Array(POOL);
        this.words = new Uint32Array(this.pool.buffer);
      }
      this.fill(this.pool);
      this.pos = 0;
    }
    const v = this.words[this.pos >>> 2]!;
    this.pos += 4;
    return v;
  }

  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2³², by rejection (exactly uniform). */
  below(n: number): number {
    if (n === 1) return 0;
    const limit = 0x100000000 - (0x100000000 % n);
    for (;;) {
      const v = this.u32();
      if (v < limit) return v % n;
    }
  }

  /** Uniform BigInt in [0, n), n ≥ 1, by rejection on the bit length (exactly uniform). */
  belowBig(n: bigint): bigint {
    if (n <= 0x100000000n) return BigInt(this.below(Number(n)));
    const bits = n.toString(2).length;
    const words = Math.ceil(bits / 32);
    const top = bits - (words - 1) * 32;
    for (;;) {
      let v = BigInt(top === 32 ? this.u32() : this.u32() >>> (32 - top));
      for (let i = 1; i < words; i++) v = (v << 32n) | BigInt(this.u32());
      if (v < n) return v;
    }
  }

  /** Uniform double in (0, 1): 53 random bits, never 0. */
  open01(): number {
    for (;;) {
      const v = (this.u32() >>> 5) * 67108864 + (this.u32() >>> 6);
      if (v !== 0) return v / 9007199254740992;
    }
  }

  /** Bernoulli(num/den), exactly, for 0 ≤ num ≤ den. */
  bernoulli(num: bigint, den: bigint): boolean {
    return this.belowBig(den) < num;
  }

  /**
   * Bernoulli(exp(−num/den)) exactly (Canonne, Kamath & Steinke 2020, Algorithm 1): for γ ≤ 1,
   * K counts successes of Bernoulli(γ/K) trials and the answer is K odd; larger γ splits into
   * ⌊γ⌋ trials of exp(−1) and one of exp(−(γ − ⌊γ⌋)).
   */
  bernoulliExp(num: bigint, den: bigint): boolean {
    if (num > den) {
      const whole = num / den;
      for (let i = 0n; i < whole; i++) if (!this.bernoulliExp(1n, 1n)) return false;
      return this.bernoulliExp(num - whole * den, den);
    }
    let k = 1n;
    while (this.bernoulli(num, den * k)) k++;
    return k % 2n === 1n;
  }
}

/** The exact value of a finite double as a fraction num/den (den a power of two). */
export function toRational(x: number): [bigint, bigint] {
  let den = 1n;
  let v = x;
  while (!Number.isInteger(v)) {
    v *= 2;
    den *= 2n;
  }
  return [BigInt(v), den];
}

/** ⌊√n⌋ for n ≥ 0 (Newton's method on BigInt). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n)))) + 1n;
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}
