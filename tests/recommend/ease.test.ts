/**
 * EASE^R (`fitEase`, `recommendEase`, the hybrid's `ease` component): the closed form against a
 * dense ml-matrix reference, the Cholesky inverse against ml-matrix's LU inverse, λ chosen on
 * validation, round trips, the loader's invariants, bad input, and the blend learner's exact
 * full-catalogue pools.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { Matrix, inverse } from 'ml-matrix';
import {
  DataError,
  EASE_LAMBDA_GRID,
  MAX_EASE_OFFERS,
  DEFAULT_EASE_OFFERS,
  ModelError,
  OptionsError,
  buildInteractionMatrix,
  fitEase,
  fitRecommender,
  parseModel,
  recommend,
  recommendEase,
  serializeModel,
} from 'telcokit';
import type { EaseModel, RecommendInteraction } from 'telcokit';
import { spdInverseInPlace } from '../../src/internal/cholesky.js';
import { blendNdcg, blendPool } from '../../src/recommend/fit-recommender.js';
import { interactions as fixtureInteractions } from './fixtures.js';

const rec = (s: string, o: string, day = 1): RecommendInteraction => ({
  subscriberId: s,
  offerId: o,
  timestamp: `2025-01-${String(day).padStart(2, '0')}T00:00:00Z`,
  kind: 'accept',
});

/** A seeded pseudo-random binary matrix of `users` × `items` as interactions (about `density` filled). */
function randomInteractions(users: number, items: number, density: number, seed: number): RecommendInteraction[] {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  const out: RecommendInteraction[] = [];
  for (let u = 0; u < users; u++) {
    for (let i = 0; i < items; i++) if (next() < density) out.push(rec(`u${u}`, `o${i}`, 1 + ((u + i) % 28)));
  }
  return out;
}

/** The EASE weights by the textbook formula with ml-matrix's (LU) inverse: B = I − P·diag(1/diag P). */
function referenceEase(m: ReturnType<typeof buildInteractionMatrix>, lambda: number): number[][] {
  const n = m.nOffers;
  const X = Matrix.zeros(m.nSubscribers, n);
  for (let u = 0; u < m.nSubscribers; u++) for (let k = m.indptr[u]!; k < m.indptr[u + 1]!; k++) X.set(u, m.indices[k]!, 1);
  const G = X.transpose().mmul(X);
  for (let i = 0; i < n; i++) G.set(i, i, G.get(i, i) + lambda);
  const P = inverse(G);
  const B: number[][] = [];
  for (let i = 0; i < n; i++) {
    B.push([]);
    for (let j = 0; j < n; j++) B[i]!.push(i === j ? 0 : -P.get(i, j) / P.get(j, j));
  }
  return B;
}

describe('spdInverseInPlace (Cholesky)', () => {
  test('matches ml-matrix inverse to 1e-9 on random SPD matrices (n ≤ 40)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 2 ** 30 }), (n, seed) => {
        let s = seed;
        const r = (): number => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
        const M = Matrix.zeros(n, n);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, r());
        const A = M.mmul(M.transpose());
        for (let i = 0; i < n; i++) A.set(i, i, A.get(i, i) + 0.5);
        const a = Float64Array.from(A.to1DArray());
        expect(spdInverseInPlace(a, n)).toBe(-1);
        const ref = inverse(A);
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(a[i * n + j]! - ref.get(i, j))).toBeLessThan(1e-9);
      }),
      { numRuns: 40 },
    );
  });
  test('reports the first non-positive pivot of an indefinite matrix', () => {
    const a = Float64Array.from([4, 2, 0, 2, 1, 0, 0, 0, 1]); // rank-deficient leading 2 × 2 block
    expect(spdInverseInPlace(a, 3)).toBe(1);
  });
});

describe('fitEase', () => {
  const data = randomInteractions(60, 25, 0.2, 7);
  const m = buildInteractionMatrix(data);
  test('equals the dense ml-matrix reference B = I − P·diag(1/diag P) to 1e-9', () => {
    for (const lambda of [0.5, 10, 300]) {
      const model = fitEase(data, { lambda });
      const ref = referenceEase(m, lambda);
      const n = m.nOffers;
      expect(model.offerIds).toEqual(m.offerIds);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(model.weights[i * n + j]! - ref[i]![j]!)).toBeLessThan(1e-9);
    }
  });
  test('a matrix input gives the same weights as its records', () => {
    expect(serializeModel(fitEase(m, { lambda: 10 }))).toBe(serializeModel(fitEase(data, { lambda: 10 })));
  });
  test('hand-computed: two offers always taken together, λ = 1: B_xy = 2/3', () => {
    // X = [[1,1],[1,1]] → G + I = [[3,2],[2,3]], P = [[3,−2],[−2,3]]/5, B_xy = −P_xy/P_yy = 2/3
    const model = fitEase([rec('a', 'x'), rec('a', 'y'), rec('b', 'x'), rec('b', 'y')], { lambda: 1 });
    expect(Array.from(model.weights)).toEqual([0, expect.closeTo(2 / 3, 15), expect.closeTo(2 / 3, 15), 0]);
  });
  test('without lambda, λ is chosen on the leave-last-out validation split from the grid', () => {
    const model = fitEase(data);
    const { trials, users } = model.validation;
    expect(users).toBeGreaterThan(0);
    expect(trials.length).toBeGreaterThanOrEqual(2);
    expect(trials[0]!.lambda).toBe(100);
    for (const t of trials) expect(EASE_LAMBDA_GRID).toContain(t.lambda);
    // the chosen λ has the best validation NDCG of those tried (ties: the first tried)
    const best = trials.reduce((a, b) => (b.ndcg > a.ndcg + 1e-12 ? b : a));
    expect(model.options.lambda).toBe(best.lambda);
    // the weights are those of a fit with that λ given
    expect(Array.from(model.weights)).toEqual(Array.from(fitEase(data, { lambda: best.lambda }).weights));
  });
  test('serializeModel/parseModel round-trips bit for bit', () => {
    const model = fitEase(data, { lambda: 20 });
    const text = serializeModel(model);
    const back = parseModel(text, 'recommend/ease');
    expect(serializeModel(back) === text).toBe(true);
    expect(back.weights).toBeInstanceOf(Float64Array);
    expect(Buffer.from(back.weights.buffer).equals(Buffer.from(model.weights.buffer))).toBe(true);
  });
  test('the loader refuses weights of the wrong size, a non-zero diagonal, non-finite weights, λ ≤ 0', () => {
    const model = fitEase(data, { lambda: 20 });
    const n = model.offerIds.length;
    const bad = (patch: (m: EaseModel) => EaseModel): (() => unknown) => () => parseModel(serializeModel(patch(model)), 'recommend/ease');
    expect(bad((x) => ({ ...x, weights: x.weights.slice(1) }))).toThrow(/weights/);
    expect(bad((x) => ({ ...x, weights: Float64Array.from(x.weights, (v, k) => (k === n + 1 ? 0.5 : v)) }))).toThrow(/diagonal at offer 1/);
    expect(bad((x) => ({ ...x, weights: Float64Array.from(x.weights, (v, k) => (k === 1 ? NaN : v)) }))).toThrow(/weights/);
    expect(bad((x) => ({ ...x, options: { ...x.options, lambda: 0 } }))).toThrow(/lambda/);
    expect(bad((x) => ({ ...x, offerIds: x.offerIds.map(() => 'same') }))).toThrow(/offerIds/);
  });
  test('bad input: λ ≤ 0 or not finite, unknown options, an empty catalogue, a catalogue above MAX_EASE_OFFERS, junk data', () => {
    for (const lambda of [0, -1, NaN, Infinity, '10' as never]) {
      expect(() => fitEase(data, { lambda })).toThrow(OptionsError);
      expect(() => fitEase(data, { lambda })).toThrow(/lambda/);
    }
    expect(() => fitEase(data, { lamda: 1 } as never)).toThrow(OptionsError);
    expect(() => fitEase(data, { validationUsers: 0 })).toThrow(/validationUsers/);
    expect(() => fitEase([])).toThrow(DataError);
    expect(() => fitEase([])).toThrow(/catalogue is empty/);
    const wide = Array.from({ length: MAX_EASE_OFFERS + 1 }, (_, i) => rec('a', `o${i}`));
    expect(() => fitEase(wide, { lambda: 1 })).toThrow(DataError);
    expect(() => fitEase(wide, { lambda: 1 })).toThrow(/8193 offers.*MAX_EASE_OFFERS = 8192/);
    expect(() => fitEase(null as never)).toThrow(DataError);
    expect(() => fitEase([{ subscriberId: 'a' } as never])).toThrow(DataError);
  });
  test('onProgress reports λ then the fit; an aborted signal stops it', () => {
    const stages: string[] = [];
    fitEase(data, { onProgress: (p) => stages.push(p.stage) });
    expect(stages).toEqual(['lambda', 'fit']);
    const ac = new AbortController();
    ac.abort();
    expect(() => fitEase(data, { lambda: 1, signal: ac.signal })).toThrow(/abort/i);
  });
});

describe('recommendEase', () => {
  const data = randomInteractions(60, 25, 0.2, 11);
  const model = fitEase(data, { lambda: 5 });
  test('scores x·B: the top offer is the argmax of the summed weight rows, owned offers left out', () => {
    const n = model.offerIds.length;
    const hist = ['o1', 'o4', 'o9'];
    const idx = hist.map((h) => model.offerIds.indexOf(h));
    const s = new Float64Array(n);
    for (const i of idx) for (let j = 0; j < n; j++) s[j]! += model.weights[i * n + j]!;
    const order = [...Array(n).keys()].filter((j) => !idx.includes(j)).sort((a, b) => s[b]! - s[a]! || a - b);
    const got = recommendEase(Object.freeze(model), Object.freeze(hist), { k: 5 });
    expect(got.map((r) => r.offerId)).toEqual(order.slice(0, 5).map((j) => model.offerIds[j]));
    for (const r of got) expect(r.score).toBe(s[model.offerIds.indexOf(r.offerId)]);
    expect(recommendEase(model, { o1: 1, o4: 1, o9: 1 }, { k: 5 })).toEqual(got);
    expect(recommendEase(model, hist, { k: 30, excludeOwned: false }).map((r) => r.offerId)).toEqual(expect.arrayContaining(hist));
  });
  test('unknown offers in the history are ignored; junk is a named error', () => {
    expect(recommendEase(model, ['nope'], { k: 3 }).length).toBe(3);
    expect(() => recommendEase({ kind: 'recommend/als' } as never, [])).toThrow(ModelError);
    expect(() => recommendEase(null as never, [])).toThrow(ModelError);
    expect(() => recommendEase(model, 'o1' as never)).toThrow(/history/);
    expect(() => recommendEase(model, { o1: -1 })).toThrow(/history/);
    expect(() => recommendEase(model, [], { k: -1 })).toThrow(OptionsError);
  });
});

describe('the hybrid with EASE', () => {
  test('EASE is a default component on small catalogues and round-trips inside the hybrid', () => {
    const model = fitRecommender({ interactions: fixtureInteractions }, { als: { factors: 2 } });
    expect(model.options.components).toContain('ease');
    expect(model.ease).not.toBeNull();
    const n = model.offerIds.length;
    expect(model.ease!.weights.length).toBe(n * n);
    const text = serializeModel(model);
    expect(serializeModel(parseModel(text, 'recommend/hybrid'))).toBe(text);
    const broken = { ...model, ease: null };
    expect(() => parseModel(serializeModel(broken), 'recommend/hybrid')).toThrow(/ease/);
  });
  test("components: ['ease'] equals fitEase with the same λ, subscriber by subscriber", () => {
    const data = randomInteractions(80, 20, 0.2, 3);
    const hybrid = fitRecommender({ interactions: data }, { components: ['ease'], ease: { lambda: 7 } });
    const alone = fitEase(data, { lambda: 7 });
    expect(Array.from(hybrid.ease!.weights)).toEqual(Array.from(alone.weights));
    const u = hybrid.subscriberIds[5]!;
    const hist = data.filter((r) => r.subscriberId === u).map((r) => r.offerId);
    expect(recommend(hybrid, u, { k: 5, reasons: false }).map((r) => r.offerId)).toEqual(recommendEase(alone, hist, { k: 5 }).map((r) => r.offerId));
  });
  test('bad input: ease.lambda ≤ 0 names the option; asking for EASE above MAX_EASE_OFFERS is a DataError', () => {
    expect(() => fitRecommender({ interactions: fixtureInteractions }, { ease: { lambda: 0 } })).toThrow(/ease\.lambda/);
    const wide = Array.from({ length: MAX_EASE_OFFERS + 1 }, (_, i) => rec('a', `o${i}`));
    expect(() => fitRecommender({ interactions: wide }, { components: ['ease'] })).toThrow(DataError);
  });
  test('the default hybrid fits EASE up to DEFAULT_EASE_OFFERS offers and leaves it out above (each λ is a dense solve)', () => {
    expect(DEFAULT_EASE_OFFERS).toBe(2048);
    const small = fitRecommender({ interactions: fixtureInteractions }, { validationUsers: 0 });
    expect(small.options.components).toContain('ease');
    // 2,049 offers over two subscribers: the default components stop short of EASE
    const wide = Array.from({ length: DEFAULT_EASE_OFFERS + 1 }, (_, i) => rec(i % 2 ? 'a' : 'b', `o${i}`));
    const big = fitRecommender({ interactions: wide }, { components: undefined, als: { factors: 2, maxIter: 1 }, validationUsers: 0 });
    expect(big.options.components).not.toContain('ease');
    expect(big.ease).toBeNull();
  }, 60_000);
  test('a version-2 hybrid (before EASE) loads with ease: null and blend weight 0', () => {
    const model = fitRecommender({ interactions: fixtureInteractions }, { components: ['itemKnn', 'popularity'] });
    const raw = JSON.parse(serializeModel(model)) as Record<string, unknown> & { options: Record<string, unknown>; blend: Record<string, unknown> & { weights: Record<string, number>; coldWeights: Record<string, number> } };
    delete raw.ease;
    delete raw.blend.weights.ease;
    delete raw.blend.coldWeights.ease;
    delete raw.options.validation;
    delete raw.blend.validationSplit;
    raw.version = 2;
    const back = parseModel(JSON.stringify(raw), 'recommend/hybrid');
    expect(back.version).toBe(4);
    expect(back.options.validation).toBe('leave-last-out');
    expect(back.ease).toBeNull();
    expect(back.blend.weights.ease).toBe(0);
    expect(recommend(back, 'youth-1', { k: 3 })).toEqual(recommend(model, 'youth-1', { k: 3 }));
  });
});

describe('blend pools rank the held-out offer against the full catalogue', () => {
  test('pool rank = brute-force rank over every offer, for any weights on the grid', () => {
    const grid = [0, 0.02, 0.1, 0.5, 1, 3];
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 300 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 2 ** 30 }),
        fc.array(fc.constantFrom(...grid), { minLength: 4, maxLength: 4 }),
        (n, nC, seed, wl) => {
          let s = seed;
          // coarse values so ties happen
          const r = (): number => Math.round((((s = (s * 16807) % 2147483647) / 2147483647) - 0.5) * 8) / 2;
          const zc = Array.from({ length: nC }, () => Float64Array.from({ length: n }, r));
          const skip = Uint8Array.from({ length: n }, () => (r() > 1.5 ? 1 : 0));
          const target = seed % n;
          skip[target] = 0;
          const w = Float64Array.from(wl.slice(0, nC));
          if (w.every((x) => x === 0)) w[0] = 1;
          const pool = blendPool(zc, skip, target)!;
          const score = (j: number): number => {
            let v = 0;
            for (let c = 0; c < nC; c++) v += w[c]! * zc[c]![j]!;
            return v;
          };
          let rank = 1;
          for (let j = 0; j < n; j++) {
            if (j === target || skip[j]) continue;
            if (score(j) > score(target) || (score(j) === score(target) && j < target)) rank++;
          }
          const want = rank <= 10 ? 1 / Math.log2(rank + 1) : 0;
          expect(blendNdcg(w, [pool], nC)).toBe(want);
        },
      ),
      { numRuns: 300 },
    );
  });
});
