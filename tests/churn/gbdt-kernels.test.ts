import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { MISSING_BIN } from '../../src/churn/gbdt/binning';
import { binStride, createGrowWorkspace, gradientsAndRootHistogram, HIST_STRIDE, partition } from '../../src/churn/gbdt/grow-tree';
import { exp } from '../../src/internal/math';

// The GBDT kernels (issue 15) must reproduce the plain algorithms bit for bit: the branch-free
// partition is Hoare's scheme (same final order of every row), and the fused gradient + root
// histogram pass gives the sums of computing the gradients first and then scanning row by row.

/** A workspace over random bin codes (some missing), margins and labels. */
function workspace(n: number, p: number, seed: number, maxBin: number) {
  let s = seed >>> 0;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const stride = binStride(p);
  const bins = new Uint8Array(n * stride);
  for (let k = 0; k < n; k++) for (let f = 0; f < p; f++) bins[k * stride + f] = r() < 0.1 ? MISSING_BIN : Math.floor(r() * maxBin);
  const raw = Float64Array.from({ length: n }, () => 4 * r() - 2);
  const ym = Uint8Array.from({ length: n }, () => (r() < 0.3 ? 1 : 0));
  const nBins = new Int32Array(p).fill(maxBin);
  const ws = createGrowWorkspace(bins, raw, ym, p, nBins, 8);
  for (let k = 0; k < 2 * n; k++) ws.gh[k] = r() - 0.5;
  return ws;
}

/** Hoare's partition of positions start…end, moving a row index alongside (the reference). */
function hoare(bins: Uint8Array, stride: number, order: number[], start: number, end: number, f: number, thr: number, missLeft: boolean): number {
  const left = (k: number) => {
    const b = bins[order[k]! * stride + f]!;
    return b === MISSING_BIN ? missLeft : b <= thr;
  };
  let i = start;
  let j = end - 1;
  for (;;) {
    while (i <= j && left(i)) i++;
    while (i < j && !left(j)) j--;
    if (i >= j) return i;
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
    i++;
    j--;
  }
}

describe('gbdt kernels (internal)', () => {
  test('the branch-free partition leaves every row where Hoare’s scheme does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer(),
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 40 }),
        (n, p, seed, thr, missLeft, maxBin) => {
          const ws = workspace(n, p, seed, maxBin);
          const f = seed >>> 0 ? (seed >>> 0) % p : 0;
          const start = Math.floor(n / 5);
          const end = n - Math.floor(n / 7);
          const before = { bins: ws.bins.slice(), gh: ws.gh.slice(), raw: ws.raw.slice(), ym: ws.ym.slice() };
          const order = Array.from({ length: n }, (_, k) => k);
          const want = hoare(before.bins, ws.stride, order, start, end, f, thr, missLeft);
          expect(partition(ws, start, end, f, thr, missLeft)).toBe(want);
          for (let k = 0; k < n; k++) {
            const o = order[k]!;
            expect(Array.from(ws.bins.subarray(k * ws.stride, (k + 1) * ws.stride))).toEqual(Array.from(before.bins.subarray(o * ws.stride, (o + 1) * ws.stride)));
            expect([ws.gh[2 * k], ws.gh[2 * k + 1], ws.raw[k], ws.ym[k]]).toEqual([before.gh[2 * o], before.gh[2 * o + 1], before.raw[o], before.ym[o]]);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test('gradients and the root histogram in one pass equal the two-pass sums, on every row and on a prefix', () => {
    for (const [n, p, nRows] of [[500, 5, 500], [500, 5, 333], [64, 16, 64], [7, 1, 3]] as const) {
      for (const pass of [1, 2]) {
        const ws = workspace(n, p, 17 * n + p, 30);
        // the second pass reuses the cached all-row counts
        if (pass === 2) gradientsAndRootHistogram(ws, nRows, 1.5, 0.75);
        const { G, H, slot } = gradientsAndRootHistogram(ws, nRows, 1.5, 0.75);
        const hist = ws.hists[slot]!;
        const want = new Float64Array(ws.stride * HIST_STRIDE);
        let G0 = 0;
        let H0 = 0;
        for (let k = 0; k < nRows; k++) {
          const pr = 1 / (1 + exp(-ws.raw[k]!));
          const y = ws.ym[k]! & 1;
          const w = y ? 0.75 : 1.5;
          const g = w * (pr - y);
          const h = w * pr * (1 - pr);
          expect([ws.gh[2 * k], ws.gh[2 * k + 1]]).toEqual([g, h]);
          G0 += g;
          H0 += h;
          for (let f = 0; f < ws.stride; f++) {
            const a = f * HIST_STRIDE + ws.bins[k * ws.stride + f]! * 3;
            want[a] = want[a]! + g;
            want[a + 1] = want[a + 1]! + h;
            want[a + 2] = want[a + 2]! + 1;
          }
        }
        expect([G, H]).toEqual([G0, H0]);
        for (let f = 0; f < p; f++) {
          expect(Array.from(hist.subarray(f * HIST_STRIDE, (f + 1) * HIST_STRIDE))).toEqual(Array.from(want.subarray(f * HIST_STRIDE, (f + 1) * HIST_STRIDE)));
        }
      }
    }
  });
});
