import { afterEach, expect, test } from 'vitest';
import fc from 'fast-check';
import { OptionsError, fitRecommender, recommend, recommendBatch } from 'telcokit';
import { setParallelFallbackForTests, setParallelMinSizeForTests } from '../../src/internal/parallel/pool.js';
import { interactions, offers, subscribers } from './fixtures.js';

afterEach(() => {
  setParallelFallbackForTests(false);
  setParallelMinSizeForTests(undefined);
});

// every component (als, itemKnn, profile, popularity, ease): each crosses to the threads in the job
const model = fitRecommender({ interactions, subscribers, offers }, { als: { factors: 4 }, profile: { maxIter: 30 }, validationUsers: 100 });
const known = model.subscriberIds;

test('recommendBatch gives the same lists (ids, scores bit for bit, order) for workers 1, 2, 3 and the fallback, with unknown ids and every rule threads accept', () => {
  expect(model.options.components).toEqual(['als', 'itemKnn', 'profile', 'popularity', 'ease']);
  // the size threshold at 1: every batch of 2+ subscribers is split into parts
  setParallelMinSizeForTests(1);
  const rules = [
    {},
    { exclude: 'none' as const },
    { exclude: [offers[0]!.id, offers[3]!.id] },
    { eligible: offers.filter((_, i) => i % 2 === 0).map((x) => x.id) },
    { eligible: (x: { price: number }) => x.price > 10 },
  ];
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constantFrom(...known), fc.constantFrom('nobody', 'ghost')), { minLength: 2, maxLength: 120 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 0, max: rules.length - 1 }),
      (ids, k, r) => {
        const base = { ...rules[r]!, k, reasons: false };
        const one = recommendBatch(model, ids, base);
        // the one-thread batch is recommend() per id (a check that the baseline itself is right)
        expect(one[0]).toEqual(recommend(model, ids[0]!, base));
        for (const workers of [2, 3] as const) expect(recommendBatch(model, ids, { ...base, workers })).toEqual(one);
        setParallelFallbackForTests(true);
        expect(recommendBatch(model, ids, { ...base, workers: 2 })).toEqual(one);
        setParallelFallbackForTests(false);
      },
    ),
    { numRuns: 30 },
  );
});

test('recommendBatch with reasons, category caps or diversity stays on one thread and still equals workers 1', () => {
  setParallelMinSizeForTests(1);
  const ids = known.slice(0, 40);
  for (const o of [{ reasons: true }, { reasons: false, maxPerCategory: 1 }, { reasons: false, diversity: 0.5 }]) {
    expect(recommendBatch(model, ids, { ...o, k: 5, workers: 2 })).toEqual(recommendBatch(model, ids, { ...o, k: 5 }));
  }
});

test('recommendBatch: a bad workers value or an unknown option is an OptionsError naming it', () => {
  for (const w of [0, 65, 2.5, 'many', null]) {
    expect(() => recommendBatch(model, known.slice(0, 2), { workers: w as never })).toThrow(OptionsError);
    expect(() => recommendBatch(model, known.slice(0, 2), { workers: w as never })).toThrow(/recommendBatch: option workers must be an integer in \[1, 64\] or 'auto'/);
  }
  expect(() => recommendBatch(model, known.slice(0, 2), { worker: 2 } as never)).toThrow(/recommendBatch: unknown option 'worker'; did you mean 'workers'\?/);
});
