import { describe, expect, test } from 'vitest';
import * as fc from 'fast-check';
import { quantileSorted as ssQuantileSorted } from 'simple-statistics';
import { quantileOfPresent, quantileSorted } from '../../src/internal/quantile.js';

describe('type-7 quantiles', () => {
  // numpy 2.4.6 (Debian python3-numpy):
  //   import numpy as np
  //   np.quantile([3.5, 1, 10, 2, 4, -7.25], [0, 0.1, 0.25, 0.5, 0.8, 0.9, 1]).tolist()
  //   # => [-7.25, -3.125, 1.25, 2.75, 4.0, 7.0, 10.0]
  const QS = [0, 0.1, 0.25, 0.5, 0.8, 0.9, 1];
  const NUMPY = [-7.25, -3.125, 1.25, 2.75, 4.0, 7.0, 10.0];

  test('quantileSorted(sorted, q) matches numpy.quantile (linear) exactly', () => {
    const sorted = Float64Array.from([3.5, 1, 10, 2, 4, -7.25]).sort();
    expect(QS.map((q) => quantileSorted(sorted, q))).toEqual(NUMPY);
    expect([0, 0.5, 1].map((q) => quantileSorted([5], q))).toEqual([5, 5, 5]);
  });

  test('quantileOfPresent skips NaN, sorts, and is NaN when nothing is present', () => {
    const x = Float64Array.from([NaN, 3.5, 1, NaN, 10, 2, 4, -7.25]);
    expect(QS.map((q) => quantileOfPresent(x, q))).toEqual(NUMPY);
    expect(quantileOfPresent(Float64Array.from([NaN, NaN]), 0.5)).toBeNaN();
    expect(Array.from(x.slice(1, 3))).toEqual([3.5, 1]); // input untouched
  });

  test('quantileSorted gives the same bits as simple-statistics and is monotone in q', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, a, b) => {
          const s = [...xs].sort((u, v) => u - v);
          expect(Object.is(quantileSorted(s, a), ssQuantileSorted(s, a))).toBe(true);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(quantileSorted(s, lo)).toBeLessThanOrEqual(quantileSorted(s, hi));
          expect(quantileSorted(s, lo)).toBeGreaterThanOrEqual(s[0]!);
          expect(quantileSorted(s, hi)).toBeLessThanOrEqual(s[s.length - 1]!);
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });
});
