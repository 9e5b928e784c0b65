import { describe, expect, test } from 'vitest';
import { Matrix, solve } from 'ml-matrix';
import { AbortError, buildInteractionMatrix, fitAls, OptionsError, parseModel, serializeModel } from 'telcokit';
import type { RecommendInteraction } from 'telcokit';

// 6 subscribers × 5 offers, some repeated purchases
const pairs: [string, string, number][] = [
  ['u0', 'o0', 1], ['u0', 'o1', 2], ['u1', 'o1', 1], ['u1', 'o2', 1], ['u2', 'o0', 3], ['u2', 'o3', 1],
  ['u3', 'o3', 1], ['u3', 'o4', 1], ['u4', 'o2', 1], ['u4', 'o4', 2], ['u5', 'o0', 1], ['u5', 'o2', 1],
];
const data: RecommendInteraction[] = pairs.map(([s, o, w]) => ({ subscriberId: s, offerId: o, timestamp: '2025-01-01T00:00:00Z', kind: 'accept', weight: w }));

/** Exact least-squares row of Hu et al. with ml-matrix: (BᵀC B + λI)⁻¹ BᵀC p for one row of R. */
function denseRow(B: Matrix, strengths: Map<number, number>, alpha: number, lambda: number): number[] {
  const f = B.columns;
  const A = Matrix.eye(f, f).mul(lambda);
  const b = new Matrix(f, 1);
  for (let j = 0; j < B.rows; j++) {
    const r = strengths.get(j) ?? 0;
    const c = 1 + alpha * r;
    const p = r > 0 ? 1 : 0;
    const y = B.getRow(j);
    for (let a = 0; a < f; a++) {
      b.set(a, 0, b.get(a, 0) + c * p * y[a]!);
      for (let q = 0; q < f; q++) A.set(a, q, A.get(a, q) + c * y[a]! * y[q]!);
    }
  }
  return solve(A, b).getColumn(0);
}

describe('fitAls', () => {
  const m = buildInteractionMatrix(data);
  const f = 3;
  test('the last half-sweep solves each offer row exactly (checked against a dense ml-matrix solve)', () => {
    for (const solver of ['cholesky', 'cg'] as const) {
      // CG reaches the exact solution of an f-dimensional system in f steps
      const model = fitAls(m, { factors: f, maxIter: 4, confidenceAlpha: 2, l2: 0.5, solver, cgSteps: f });
      const X = new Matrix(m.nSubscribers, f);
      for (let u = 0; u < m.nSubscribers; u++) for (let a = 0; a < f; a++) X.set(u, a, model.userFactors[u * f + a]!);
      for (let i = 0; i < m.nOffers; i++) {
        const col = new Map<number, number>();
        for (let k = m.cscIndptr[i]!; k < m.cscIndptr[i + 1]!; k++) col.set(m.cscIndices[k]!, m.cscData[k]!);
        const exact = denseRow(X, col, 2, 0.5);
        for (let a = 0; a < f; a++) expect(model.itemFactors[i * f + a]).toBeCloseTo(exact[a]!, 8);
      }
    }
  });
  test('conjugate gradient with 3 steps converges to the exact alternating solution', () => {
    const exact = fitAls(m, { factors: 4, maxIter: 30, solver: 'cholesky' });
    const cg = fitAls(m, { factors: 4, maxIter: 30, solver: 'cg', cgSteps: 3 });
    // same fixed point: reconstructions agree
    for (let u = 0; u < m.nSubscribers; u++) {
      for (let i = 0; i < m.nOffers; i++) {
        let a = 0;
        let b = 0;
        for (let q = 0; q < 4; q++) {
          a += exact.userFactors[u * 4 + q]! * exact.itemFactors[i * 4 + q]!;
          b += cg.userFactors[u * 4 + q]! * cg.itemFactors[i * 4 + q]!;
        }
        expect(b).toBeCloseTo(a, 3);
      }
    }
  });
  test('observed pairs score above unobserved ones on average', () => {
    const model = fitAls(data, { factors: 4, maxIter: 10 });
    let pos = 0, nPos = 0, neg = 0, nNeg = 0;
    for (let u = 0; u < m.nSubscribers; u++) {
      const own = new Set(Array.from(m.indices.subarray(m.indptr[u]!, m.indptr[u + 1]!)));
      for (let i = 0; i < m.nOffers; i++) {
        let s = 0;
        for (let q = 0; q < 4; q++) s += model.userFactors[u * 4 + q]! * model.itemFactors[i * 4 + q]!;
        if (own.has(i)) {
          pos += s;
          nPos++;
        } else {
          neg += s;
          nNeg++;
        }
      }
    }
    expect(pos / nPos).toBeGreaterThan(neg / nNeg + 0.3);
  });
  test('same seed → same factors bit for bit; another seed differs; round trip', () => {
    const a = fitAls(data, { factors: 3, maxIter: 3, seed: 5 });
    const b = fitAls(data, { factors: 3, maxIter: 3, seed: 5 });
    const c = fitAls(data, { factors: 3, maxIter: 3, seed: 6 });
    expect(serializeModel(a)).toBe(serializeModel(b));
    expect(serializeModel(a)).not.toBe(serializeModel(c));
    const back = parseModel(serializeModel(a), 'recommend/als');
    expect(serializeModel(back)).toBe(serializeModel(a));
    expect(back.userFactors).toBeInstanceOf(Float64Array);
  });
  test('log confidence, onProgress and signal', () => {
    const seen: number[] = [];
    const model = fitAls(data, { factors: 2, maxIter: 3, confidence: 'log', epsilon: 0.5, onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([1, 2, 3]);
    expect(model.options.confidence).toBe('log');
    const ac = new AbortController();
    ac.abort();
    expect(() => fitAls(data, { signal: ac.signal })).toThrow(AbortError);
  });
  test('bad options and an all-zero matrix', () => {
    expect(() => fitAls(data, { factors: 0 })).toThrow(OptionsError);
    expect(() => fitAls(data, { alpha: -1 })).toThrow(/fitAls: option alpha must be a finite number ≥ 0, got -1/);
    expect(() => fitAls(data, { confidenceAlpha: -1 })).toThrow(/fitAls: option confidenceAlpha must be a finite number ≥ 0, got -1/);
    expect(() => fitAls(data, { solver: 'svd' as 'cg' })).toThrow(/fitAls: option solver .*got "svd"/);
    expect(() => fitAls(data, { solver: 'cholesky', regularization: 0 })).toThrow(/cholesky solver needs l2 > 0/);
    const zero = fitAls([{ subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'impression' }], { factors: 2, maxIter: 2 });
    expect(Array.from(zero.userFactors).every(Number.isFinite)).toBe(true);
    expect(Array.from(zero.itemFactors)).toEqual([0, 0]);
  });
});
