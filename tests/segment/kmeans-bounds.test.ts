import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { adjustedRandIndex, assignSegments, fitKMeans } from 'telcokit';
import { down32, up32 } from '../../src/segment/kmeans-kernel.js';
import { blobs } from './helpers.js';

/** The next float32 above f (f a finite float32), by stepping its bit pattern. */
function nextUp32(f: number): number {
  const b = new Float32Array([f]);
  const u = new Int32Array(b.buffer);
  if (f === 0) return 1.401298464324817e-45;
  u[0] = f > 0 ? u[0]! + 1 : u[0]! - 1;
  return b[0]!;
}

describe('k-means float32 bounds: outward rounding', () => {
  test('up32(x) is the smallest float32 ≥ x and down32(x) the largest ≤ x', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const u = up32(x);
        const d = down32(x);
        expect(Math.fround(u)).toBe(u);
        expect(Math.fround(d)).toBe(d);
        expect(u >= x).toBe(true);
        expect(d <= x).toBe(true);
        if (d === x) expect(u).toBe(x);
        else if (Number.isFinite(d)) expect(nextUp32(d)).toBe(u); // adjacent: nothing float32 strictly between
      }),
      { numRuns: 5000 },
    );
  });

  test('edge values: zero, the smallest subnormal, beyond the float32 range, infinities', () => {
    expect(up32(0)).toBe(0);
    expect(down32(0)).toBe(0);
    expect(up32(1e-50)).toBe(1.401298464324817e-45);
    expect(down32(1e-50)).toBe(0);
    expect(down32(-1e-50)).toBe(-1.401298464324817e-45);
    expect(up32(-1e-50)).toBe(-0);
    expect(down32(1e300)).toBe(3.4028234663852886e38);
    expect(up32(1e300)).toBe(Infinity);
    expect(up32(-1e300)).toBe(-3.4028234663852886e38);
    expect(down32(-Infinity)).toBe(-Infinity);
    expect(up32(Infinity)).toBe(Infinity);
    // 0.1 is not a float32: the two roundings bracket it
    expect(down32(0.1)).toBe(0.09999999403953552);
    expect(up32(0.1)).toBe(0.10000000149011612);
  });
});

describe('k-means with float32 bounds keeps the float64 partition', () => {
  test("'hamerly' (Hamerly's bounds, float32) equals plain 'lloyd' bit for bit on overlapping clusters, many k", () => {
    const { m } = blobs(6000, [[0, 0, 0, 0], [1.5, 1.5, 0, 0], [0, 1.5, 1.5, 0], [0, 0, 1.5, 1.5], [1.5, 0, 0, 1.5], [1, 1, 1, 1]], { sd: 1, seed: 21 });
    for (const k of [2, 4, 8, 12]) {
      const a = fitKMeans(m, { k, seed: 7, tol: 0, maxIter: 300, algorithm: 'lloyd' });
      const b = fitKMeans(m, { k, seed: 7, tol: 0, maxIter: 300, algorithm: 'hamerly' });
      expect(Array.from(assignSegments(b, m))).toEqual(Array.from(assignSegments(a, m)));
      expect(Array.from(b.centroids)).toEqual(Array.from(a.centroids));
      expect(b.inertia).toBe(a.inertia);
      expect(b.iterations).toBe(a.iterations);
    }
  });

  test('distances far beyond the float32 range still cluster correctly (bounds become loose, never wrong)', () => {
    const { m, truth } = blobs(600, [[0, 0], [10, 10], [0, 10]], { sd: 1, seed: 3 });
    const big = { ...m, values: m.values.map((v) => v * 1e60) };
    const a = fitKMeans(big, { k: 3, seed: 1, tol: 0, algorithm: 'lloyd' });
    const b = fitKMeans(big, { k: 3, seed: 1, tol: 0, algorithm: 'hamerly' });
    expect(Array.from(assignSegments(b, big))).toEqual(Array.from(assignSegments(a, big)));
    expect(adjustedRandIndex(assignSegments(b, big), truth)).toBeGreaterThan(0.9);
  });
});
