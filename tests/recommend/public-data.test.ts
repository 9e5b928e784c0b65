/**
 * The README protocol of ../shared/data on the two public implicit-feedback sets. Reference
 * figures (README): ms-store popularity HR 0.3616 / NDCG 0.2411, item-kNN 0.7046 / 0.4711,
 * ALS 0.4321 / 0.2908; goodbooks prefix 0.0252 / 0.0114, 0.0595 / 0.0359, 0.0510 / 0.0258.
 * Floors pin what telcokit measured (see docs/recommend.md), a little under the measured figure.
 * The goodbooks ALS and hybrid runs take minutes: set TELCOKIT_SLOW=1 to include them.
 */
import { describe, expect, test } from 'vitest';
import { evaluateRecommender, fitRecommender } from 'telcokit';
import type { RecommenderComponent, RecommenderEvaluation, RecommenderModel, RecommenderOptions } from 'telcokit';
import { loadGoodbooks, loadMsStore } from './datasets.js';

const run = (data: ReturnType<typeof loadMsStore>, components?: RecommenderComponent[], extra: RecommenderOptions = {}): RecommenderEvaluation =>
  evaluateRecommender((d) => fitRecommender(d, { ...(components ? { components } : {}), ...extra }), data, { protocol: 'leave-last-out', k: 10 });

describe('ms-store (2,343 users × 101 items), leave-last-out', () => {
  const data = loadMsStore();
  const pop = run(data, ['popularity']);
  const knn = run(data, ['itemKnn']);
  const als = run(data, ['als']);
  let lambda = 0;
  const ease = evaluateRecommender(
    (d) => {
      const m = fitRecommender(d, { components: ['ease'] });
      lambda = m.ease!.options.lambda;
      return m;
    },
    data,
    { protocol: 'leave-last-out', k: 10 },
  );
  const hybrid = run(data);
  test('evaluates the 2,143 users with ≥ 2 distinct items', () => {
    expect(pop.users).toBe(2143);
  });
  test('popularity and item-kNN reproduce the reference figures', () => {
    expect(pop.model.hitRate).toBeCloseTo(0.3616, 4);
    expect(pop.model.ndcg).toBeCloseTo(0.2411, 4);
    expect(knn.model.hitRate).toBeCloseTo(0.7046, 4);
    expect(knn.model.ndcg).toBeCloseTo(0.4711, 4);
    // the baseline reported beside every model is the same popularity on the same split
    expect(knn.baseline).toEqual(pop.model);
  });
  test('ALS (32 factors, λ 1, α 5, 15 iterations, CG) is close to the reference 0.4321', () => {
    expect(als.model.hitRate).toBeGreaterThan(0.425); // measured 0.4312
    expect(als.model.ndcg).toBeGreaterThan(0.285); // measured 0.2892
  });
  test('EASE with λ chosen on validation (200) is within 0.003 of the README upper bound 0.7018 / 0.4820 (λ swept on the test users)', () => {
    expect(lambda).toBe(200);
    expect(ease.model.hitRate).toBeGreaterThan(0.698); // measured 0.6990
    expect(ease.model.ndcg).toBeGreaterThan(0.479); // measured 0.4801
    expect(ease.model.ndcg).toBeGreaterThan(knn.model.ndcg);
  });
  test('the learned hybrid is at least as good as every component, on HR@10 and on NDCG@10', () => {
    // measured 0.7074 / 0.4870 (npx tsx examples/recommend-public.ts): the blend is learned on a
    // time split of the training data (validation: 'time-split', 143 subscribers) and pruned by the
    // one-standard-error rule to itemKnn 2/3 + popularity 1/3. Before (leave-last-out validation,
    // no pruning): 0.7014 / 0.4841, 7 users below item-kNN's HR.
    expect(hybrid.model.hitRate).toBeCloseTo(0.7074, 4);
    expect(hybrid.model.ndcg).toBeCloseTo(0.487, 4);
    for (const c of [pop, knn, als, ease]) {
      expect(hybrid.model.hitRate).toBeGreaterThanOrEqual(c.model.hitRate);
      expect(hybrid.model.ndcg).toBeGreaterThanOrEqual(c.model.ndcg);
    }
    expect(hybrid.model.map).toBeGreaterThan(0.4);
    expect(hybrid.model.precision).toBeCloseTo(hybrid.model.hitRate / 10, 12);
    expect(hybrid.model.recall).toBeCloseTo(hybrid.model.hitRate, 12);
    expect(hybrid.model.coverage).toBeGreaterThan(pop.model.coverage);
    expect(hybrid.model.novelty).toBeGreaterThan(pop.model.novelty);
  });
  test("with validation: 'leave-last-out' the pruned blend also beats every component (0.7070 / 0.4849)", () => {
    let model: RecommenderModel | undefined;
    const llo = evaluateRecommender((d) => (model = fitRecommender(d, { validation: 'leave-last-out' })), data, { protocol: 'leave-last-out', k: 10 });
    // the full coordinate search wants als 0.05, itemKnn 0.2, popularity 0.2, ease 0.5 (0.7014 /
    // 0.4841 on test); dropping ALS costs 0.0001 of validation NDCG (one standard error 0.0023),
    // dropping anything more costs over one standard error: itemKnn 5/12, popularity 2/12, ease 5/12
    expect(model!.blend.validationSplit).toBe('leave-last-out');
    expect(model!.blend.weights.als).toBe(0);
    expect(model!.blend.validationNdcg['hybrid:unpruned']).toBeGreaterThan(model!.blend.validationNdcg.hybrid!);
    expect(llo.model.hitRate).toBeCloseTo(0.707, 4);
    expect(llo.model.ndcg).toBeCloseTo(0.4849, 4);
    for (const c of [pop, knn, als, ease]) {
      expect(llo.model.hitRate).toBeGreaterThanOrEqual(c.model.hitRate);
      expect(llo.model.ndcg).toBeGreaterThanOrEqual(c.model.ndcg);
    }
  });
});

/** goodbooks EASE (λ 50) floors, a little under the measured 0.0670 / 0.0385 (README reference 0.0680 / 0.0395, numpy). */
const GOODBOOKS_EASE_HR = 0.066;
const GOODBOOKS_EASE_NDCG = 0.038;

describe('goodbooks-10k prefix (10,485 users × 6,978 books), leave-last-out', () => {
  const data = loadGoodbooks();
  test('popularity and item-kNN reproduce the reference figures', () => {
    const knn = run(data, ['itemKnn']);
    expect(knn.users).toBe(8826);
    // popularity ties are broken by first appearance here: 0.0254 against the reference 0.0252
    expect(knn.baseline.hitRate).toBeCloseTo(0.0254, 4);
    expect(knn.baseline.ndcg).toBeCloseTo(0.0114, 4);
    expect(knn.model.hitRate).toBeCloseTo(0.0595, 4);
    expect(knn.model.ndcg).toBeCloseTo(0.036, 4);
  });
  test.skipIf(!process.env.TELCOKIT_SLOW)('EASE with λ = 50 (slow: one dense 6,978 × 6,978 solve)', () => {
    const ease = run(data, ['ease'], { ease: { lambda: 50 } });
    expect(ease.model.hitRate).toBeGreaterThan(GOODBOOKS_EASE_HR);
    expect(ease.model.ndcg).toBeGreaterThan(GOODBOOKS_EASE_NDCG);
    // above the pre-EASE default hybrid's 0.0650 / 0.0376 and item-kNN's 0.0595 / 0.0360
    expect(ease.model.hitRate).toBeGreaterThan(0.065);
  }, 3_600_000);
  test.skipIf(!process.env.TELCOKIT_SLOW)('the hybrid with EASE asked for (λ 50) is above EASE alone and the default hybrid (slow: two dense solves)', () => {
    const hybrid = run(data, ['als', 'itemKnn', 'popularity', 'ease'], { ease: { lambda: 50 } });
    // measured 0.0696 / 0.0403 (blend als 2/9, itemKnn 4/9, ease 3/9, learned on leave-last-out:
    // one timestamp): above EASE alone (measured 0.0670 / 0.0385), the default hybrid without EASE
    // (0.0650 / 0.0376) and the README's EASE upper bound (0.0680 / 0.0395, λ swept on the test users)
    expect(hybrid.model.hitRate).toBeCloseTo(0.0696, 4);
    expect(hybrid.model.ndcg).toBeCloseTo(0.0403, 4);
    expect(hybrid.model.hitRate).toBeGreaterThan(0.067);
    expect(hybrid.model.ndcg).toBeGreaterThan(0.0385);
  }, 3_600_000);
  test.skipIf(!process.env.TELCOKIT_SLOW)('ALS and the learned hybrid (slow)', () => {
    const als = run(data, ['als']);
    expect(als.model.hitRate).toBeGreaterThan(0.045); // measured 0.0469
    const hybrid = run(data);
    // measured 0.0650 / 0.0376 (as before EASE and the one-standard-error pruning): the default
    // components are ALS, item-kNN and popularity (the training catalogue, 6,853 offers, is over DEFAULT_EASE_OFFERS); one
    // timestamp, so validation 'auto' uses leave-last-out; the blend is ALS 1/2 + item-kNN 1/2
    expect(hybrid.model.hitRate).toBeCloseTo(0.065, 4);
    expect(hybrid.model.ndcg).toBeCloseTo(0.0376, 4);
    for (const c of [als, run(data, ['itemKnn'])]) {
      expect(hybrid.model.hitRate).toBeGreaterThanOrEqual(c.model.hitRate);
      expect(hybrid.model.ndcg).toBeGreaterThanOrEqual(c.model.ndcg);
    }
  }, 600_000);
});
