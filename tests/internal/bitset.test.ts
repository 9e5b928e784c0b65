import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  andBits,
  andNotBits,
  bitPositions,
  bitsetFromPositions,
  countBits,
  createBitset,
  fullBitset,
  getBit,
  lastWordMask,
  notBits,
  orBits,
  popcount32,
  resizeBitset,
  setBit,
  clearBit,
  wordCount,
} from '../../src/internal/bitset.js';

describe('bitset', () => {
  test('wordCount and lastWordMask at the word boundaries', () => {
    expect([0, 1, 31, 32, 33, 64].map(wordCount)).toEqual([0, 1, 1, 1, 2, 2]);
    expect(lastWordMask(32)).toBe(0xffffffff);
    expect(lastWordMask(33)).toBe(1);
    expect(lastWordMask(3)).toBe(7);
  });
  test('popcount32 counts bits of edge words', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(popcount32(0x55555555)).toBe(16);
  });
  test('fullBitset(n) has n bits and nothing past n; notBits masks the last word', () => {
    for (const n of [0, 1, 31, 32, 33, 100]) {
      expect(countBits(fullBitset(n))).toBe(n);
      expect(countBits(notBits(createBitset(n), n))).toBe(n);
    }
  });
  test('set, clear, get, positions', () => {
    const b = createBitset(70);
    setBit(b, 0);
    setBit(b, 31);
    setBit(b, 32);
    setBit(b, 69);
    clearBit(b, 32);
    expect(getBit(b, 31)).toBe(true);
    expect(getBit(b, 32)).toBe(false);
    expect(Array.from(bitPositions(b))).toEqual([0, 31, 69]);
    expect(Array.from(bitPositions(resizeBitset(b, 40)))).toEqual([0, 31]);
    expect(Array.from(bitPositions(resizeBitset(b, 100)))).toEqual([0, 31, 69]);
  });
  test('and/or/andNot agree with set operations (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }).chain((n) => fc.tuple(fc.constant(n), fc.uniqueArray(fc.nat(n - 1)), fc.uniqueArray(fc.nat(n - 1)))), ([n, xs, ys]) => {
        const a = bitsetFromPositions(n, xs);
        const b = bitsetFromPositions(n, ys);
        const sx = new Set(xs);
        const sy = new Set(ys);
        const all = Array.from({ length: n }, (_, i) => i);
        expect(Array.from(bitPositions(andBits(a, b)))).toEqual(all.filter((i) => sx.has(i) && sy.has(i)));
        expect(Array.from(bitPositions(orBits(a, b)))).toEqual(all.filter((i) => sx.has(i) || sy.has(i)));
        expect(Array.from(bitPositions(andNotBits(a, b)))).toEqual(all.filter((i) => sx.has(i) && !sy.has(i)));
        expect(Array.from(bitPositions(notBits(a, n)))).toEqual(all.filter((i) => !sx.has(i)));
      }),
    );
  });
});

describe('popcountPair', () => {
  test('equals popcount32(a) + popcount32(b), including all-ones words', async () => {
    const { popcount32, popcountPair } = await import('../../src/internal/bitset.js');
    for (const [a, b] of [[0, 0], [0xffffffff, 0xffffffff], [0x80000001, 7], [0x12345678, 0xdeadbeef]] as const) {
      expect(popcountPair(a, b)).toBe(popcount32(a) + popcount32(b));
    }
  });
});
