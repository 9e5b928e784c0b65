import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { applyTagCatalogue, countAudience } from 'telcokit';
import type { TagCatalogue } from 'telcokit';
import { popcount32, popcountRange } from '../../src/internal/bitset.js';

describe('popcountRange (Harley–Seal)', () => {
  test('equals the word-by-word SWAR popcount on any range of any words', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 100 }), fc.nat(), fc.nat(), (words, x, y) => {
        const v = Uint32Array.from(words);
        const a = v.length ? x % (v.length + 1) : 0;
        const b = v.length ? a + (y % (v.length - a + 1)) : 0;
        let want = 0;
        for (let i = a; i < b; i++) want += popcount32(v[i]!);
        expect(popcountRange(v, a, b)).toBe(want);
      }),
    );
  });
  test('all ones: 32 per word, past the counters’ capacity in one range', () => {
    expect(popcountRange(new Uint32Array(1003).fill(0xffffffff), 0, 1003)).toBe(32 * 1003);
  });
});

describe('countAudience over more than one block, every fused shape', () => {
  // 70,001 rows = 2,188 words: two full 1,024-word blocks and a partial last word
  const n = 70_001;
  const f = Array.from({ length: 5 }, () => new Float64Array(n));
  let s = 12345;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 5; k++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      f[k]![i] = s / 2 ** 32;
    }
  }
  const catalogue: TagCatalogue = {
    tags: [0.3, 0.2, 0.25, 0.1, 0.6].map((d, k) => ({ id: `t${k}`, label: `t${k}`, level: 1, rule: { field: `f${k}`, op: '<', value: d } })),
  };
  const index = applyTagCatalogue(catalogue, { ids: Array.from({ length: n }, (_, i) => `s${i}`), columns: Object.fromEntries(f.map((c, k) => [`f${k}`, c])) });
  const has = (k: number, i: number): boolean => f[k]![i]! < [0.3, 0.2, 0.25, 0.1, 0.6][k]!;
  const cases: [string, (i: number) => boolean][] = [
    ['t0', (i) => has(0, i)],
    ['NOT t3', (i) => !has(3, i)],
    ['t0 OR NOT t1', (i) => has(0, i) || !has(1, i)],
    ['NOT (t0 AND t1) OR t2', (i) => !(has(0, i) && has(1, i)) || has(2, i)],
    ['t0 AND (t1 OR t2) AND NOT t3', (i) => has(0, i) && (has(1, i) || has(2, i)) && !has(3, i)],
    ['NOT (t0 AND t1) AND (t2 OR t3)', (i) => !(has(0, i) && has(1, i)) && (has(2, i) || has(3, i))],
    ['(t0 AND t1) OR (t2 AND NOT t3)', (i) => (has(0, i) && has(1, i)) || (has(2, i) && !has(3, i))],
    ['t0 OR t1 OR t2 OR NOT t3', (i) => has(0, i) || has(1, i) || has(2, i) || !has(3, i)],
    ['NOT ((t0 OR NOT t1) AND NOT (t2 OR t3))', (i) => !((has(0, i) || !has(1, i)) && !(has(2, i) || has(3, i)))],
    ['t0 AND t0 AND NOT t0 OR t1', (i) => (has(0, i) && has(0, i) && !has(0, i)) || has(1, i)],
    // five leaves: the postfix program path
    ['(t0 OR t4) AND (t1 OR t2) AND NOT t3', (i) => (has(0, i) || has(4, i)) && (has(1, i) || has(2, i)) && !has(3, i)],
  ];
  for (const [expr, oracle] of cases) {
    test(`countAudience(index, '${expr}') equals the per-row count`, () => {
      let want = 0;
      for (let i = 0; i < n; i++) if (oracle(i)) want++;
      expect(countAudience(index, expr)).toBe(want);
    });
  }
});
