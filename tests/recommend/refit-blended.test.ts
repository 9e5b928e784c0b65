/**
 * `fitRecommender(…, { refit: 'blended' })`: the components the blend gives no weight are not
 * refitted on all interactions, and every ranking is the same as with `refit: 'all'`.
 */
import { describe, expect, test } from 'vitest';
import { OptionsError, evaluateRecommender, fitRecommender, generateOperator, parseModel, recommend, recommendBatch, serializeModel } from 'telcokit';
import type { RecommenderData, RecommenderModel, RecommenderOptions } from 'telcokit';

const op = generateOperator({ subscribers: 2000, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 8, seed: 5 });
const data: RecommenderData = { interactions: op.interactions, subscribers: op.subscribers, offers: op.offers };
const base: RecommenderOptions = { segmentField: 'planGroup', seed: 3, validationUsers: 800 };

/** The model without the parts `refit` may change: the component list and the left-out components. */
function sameParts(all: RecommenderModel, blended: RecommenderModel): void {
  expect(blended.blend).toEqual(all.blend);
  expect(blended.history).toEqual(all.history);
  expect(blended.popularity).toEqual(all.popularity);
  for (const c of blended.options.components) if (c !== 'popularity') expect(blended[c]).toEqual(all[c]);
}

describe("fitRecommender refit: 'blended'", () => {
  const all = fitRecommender(data, base);
  const blended = fitRecommender(data, { ...base, refit: 'blended' });

  test("leaves out exactly the components with zero warm weight (profile: and zero cold weight), keeps the others bit for bit", () => {
    const w = all.blend.weights;
    const expected = all.options.components.filter(
      (c) => c === 'itemKnn' || c === 'popularity' || w[c] > 0 || (c === 'profile' && all.blend.coldWeights.profile > 0),
    );
    expect(blended.options.components).toEqual(expected);
    // the learned blend of this data drops at least one component, so the test compares something
    expect(blended.options.components.length).toBeLessThan(all.options.components.length);
    for (const c of ['als', 'itemKnn', 'profile', 'ease'] as const) {
      if (expected.includes(c)) expect(blended[c]).not.toBeNull();
      else expect(blended[c]).toBeNull();
    }
    sameParts(all, blended);
  });

  test('recommend and recommendBatch give the same lists, reasons and scores, warm, cold and unknown subscribers', () => {
    const ids = [...all.subscriberIds.slice(0, 300), 'nobody-known'];
    for (const id of ids) expect(recommend(blended, id, { k: 5, maxPerCategory: 2 })).toEqual(recommend(all, id, { k: 5, maxPerCategory: 2 }));
    const profile = { ...op.subscribers[0]!, id: 'new' };
    expect(recommend(blended, { profile }, { k: 5 })).toEqual(recommend(all, { profile }, { k: 5 }));
    expect(recommendBatch(blended, all.subscriberIds.slice(300, 900), { k: 10 })).toEqual(recommendBatch(all, all.subscriberIds.slice(300, 900), { k: 10 }));
  });

  test('evaluateRecommender gives the same metrics with either refit', () => {
    const a = evaluateRecommender((d) => fitRecommender(d, base), data, { k: 5 });
    const b = evaluateRecommender((d) => fitRecommender(d, { ...base, refit: 'blended' }), data, { k: 5 });
    expect(b).toEqual(a);
  });

  test('a fixed blend leaves out ALS and EASE at weight 0 and keeps the profile model for cold start', () => {
    const fixed = fitRecommender(data, { ...base, blend: { itemKnn: 1, popularity: 0.5 }, refit: 'blended' });
    expect(fixed.options.components).toEqual(['itemKnn', 'profile', 'popularity']);
    expect(fixed.blend.coldWeights.profile).toBeGreaterThan(0);
    const full = fitRecommender(data, { ...base, blend: { itemKnn: 1, popularity: 0.5 } });
    for (const id of [...full.subscriberIds.slice(0, 100), 'nobody-known']) expect(recommend(fixed, id, { k: 5 })).toEqual(recommend(full, id, { k: 5 }));
  });

  test('the smaller model round-trips through serializeModel/parseModel bit for bit', () => {
    const text = serializeModel(blended);
    expect(parseModel(text, 'recommend/hybrid')).toEqual(blended);
    expect(serializeModel(parseModel(text, 'recommend/hybrid'))).toBe(text);
  });

  test('refit must be all or blended', () => {
    expect(() => fitRecommender(data, { ...base, refit: 'some' as 'all' })).toThrow(OptionsError);
    expect(() => fitRecommender(data, { ...base, refit: 'some' as 'all' })).toThrow(/refit/);
  });
});
