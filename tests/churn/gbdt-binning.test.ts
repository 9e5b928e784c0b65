import { describe, expect, test } from 'vitest';
import { binRows, edgesFromSorted } from '../../src/churn/gbdt/binning';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('gbdt binning (internal)', () => {
  test('edgesFromSorted uses midpoints between distinct values up to maxBins, quantiles beyond', () => {
    expect(Array.from(edgesFromSorted(Float64Array.from([1, 1, 2, 4, 4]), 255))).toEqual([1.5, 3]);
    expect(edgesFromSorted(new Float64Array(0), 255).length).toBe(0);
    expect(edgesFromSorted(Float64Array.from([7, 7, 7]), 255).length).toBe(0);
    const many = Float64Array.from({ length: 1000 }, (_, i) => i);
    const e = edgesFromSorted(many, 4);
    // quartiles of 0…999 by numpy's 'midpoint' method: positions 249.75, 499.5, 749.25
    expect(Array.from(e)).toEqual([249.5, 499.5, 749.5]);
    // infinities and adjacent floats still give edges inside [a, b)
    expect(Array.from(edgesFromSorted(Float64Array.from([-Infinity, 0, Infinity]), 255))).toEqual([-Infinity, 0]);
    const a = 1;
    const b = 1 + Number.EPSILON;
    expect(Array.from(edgesFromSorted(Float64Array.from([a, b]), 255))).toEqual([a]);
  });

  test('binRows: code = number of edges below the value, so code <= b iff value <= edges[b]; NaN → 255', () => {
    const r = lcg(3);
    for (let trial = 0; trial < 120; trial++) {
      const n = 1 + Math.floor(r() * 2000);
      const kind = trial % 5;
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        v[i] =
          kind === 0
            ? (r() - 0.5) * 1e3
            : kind === 1
              ? Math.round(r() * 20) - 10
              : kind === 2
                ? Math.exp(r() * 30) * (r() < 0.5 ? -1 : 1)
                : kind === 3
                  ? [-Infinity, Infinity, 0, -0, 1e-310, -1e-310, 5][Math.floor(r() * 7)]!
                  : Math.tan(r() * 3);
      }
      const e = edgesFromSorted(Float64Array.from(v).sort(), 2 + Math.floor(r() * 254));
      const q = Float64Array.from([...v, NaN, Infinity, -Infinity, e[0] ?? 0, e[e.length - 1] ?? 0]);
      const bins = binRows(q, 1, null, 4, [e]);
      for (let i = 0; i < q.length; i++) {
        const x = q[i]!;
        const want = Number.isNaN(x) ? 255 : e.filter((ed) => ed < x).length;
        if (bins[i * 4] !== want) expect({ trial, x, got: bins[i * 4] }).toEqual({ trial, x, got: want });
      }
    }
  });
});
