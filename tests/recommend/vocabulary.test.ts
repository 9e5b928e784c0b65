import { describe, expect, test } from 'vitest';
import { OptionsError, fitAls, fitProfileModel, fitRecommender, parseModel, serializeModel, similarOffers } from 'telcokit';

const interactions = [
  { subscriberId: 'a', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' as const },
  { subscriberId: 'b', offerId: 'y', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' as const },
];
const more = [
  ...interactions,
  { subscriberId: 'a', offerId: 'y', timestamp: '2025-01-02T00:00:00Z', kind: 'accept' as const },
  { subscriberId: 'c', offerId: 'x', timestamp: '2025-01-02T00:00:00Z', kind: 'accept' as const },
];

/** A `'recommend/als'` model as telcokit 0.1 wrote it (version 1: `regularization`, `alpha`, `iterations`). */
const ALS_V1 =
  '{"kind":"recommend/als","version":1,"subscriberIds":["a","b"],"offerIds":["x","y"],' +
  '"options":{"factors":2,"regularization":1,"alpha":5,"confidence":"linear","epsilon":1,"iterations":2,"solver":"cg","cgSteps":3,"seed":0},' +
  '"userFactors":{"$typed":"Float64Array","length":4,"base64":"1vFXcKyzvz+CWZNQUM/vP9EI3mbfueU/QeT7TIYT0T8="},' +
  '"itemFactors":{"$typed":"Float64Array","length":4,"base64":"dCevZqEQnb9bHED8cmLrPxiVMKrIfPA/ZEtFiP3Cwj8="}}';

/** Rewrites a version-2 model's text into the version-1 spelling of its options (the inverse of migrate). */
function toV1(text: string): string {
  return text
    .replace('"version":2', '"version":1')
    .replaceAll('"l2":', '"regularization":')
    .replaceAll('"confidenceAlpha":', '"alpha":')
    .replace(/"maxIter":(\d+),"solver"/g, '"iterations":$1,"solver"')
    .replace(/"maxIter":(\d+),"learningRate"/g, '"epochs":$1,"learningRate"');
}

describe('recommend option vocabulary', () => {
  test('parseModel loads a version-1 ALS model with its options renamed', () => {
    const m = parseModel(ALS_V1, 'recommend/als');
    expect(m.version).toBe(2);
    expect(m.options).toEqual({ factors: 2, l2: 1, confidenceAlpha: 5, confidence: 'linear', epsilon: 1, maxIter: 2, solver: 'cg', cgSteps: 3, seed: 0 });
    expect(serializeModel(m)).toBe(serializeModel(fitAls(interactions, { factors: 2, maxIter: 2 })));
  });

  test('parseModel loads version-1 profile and hybrid models (nested ALS and profile options renamed)', () => {
    const p = fitProfileModel(more, { subscribers: [{ id: 'a', plan: 'gold' }, { id: 'b', plan: 'basic' }, { id: 'c', plan: 'gold' }] }, { maxIter: 2 });
    const v1p = toV1(serializeModel(p));
    expect(v1p).toContain('"epochs":2');
    expect(serializeModel(parseModel(v1p, 'recommend/profile'))).toBe(serializeModel(p));
    const h = fitRecommender(
      { interactions: more, subscribers: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] },
      { components: ['als', 'itemKnn', 'profile', 'popularity'], als: { factors: 2, maxIter: 2 }, profile: { maxIter: 2 }, validationUsers: 0, validation: 'leave-last-out' },
    );
    // a version-1 hybrid had no EASE component (version 3 added it) and no record of its validation split (version 4)
    const v3 = JSON.parse(serializeModel(h)) as { version: number; ease?: unknown; options: { validation?: string }; blend: { validationSplit?: unknown; weights: { ease?: number }; coldWeights: { ease?: number } } };
    delete v3.options.validation;
    delete v3.blend.validationSplit;
    delete v3.ease;
    delete v3.blend.weights.ease;
    delete v3.blend.coldWeights.ease;
    v3.version = 2;
    const v1h = toV1(JSON.stringify(v3));
    expect(v1h).toContain('"iterations":2');
    expect(serializeModel(parseModel(v1h, 'recommend/hybrid'))).toBe(serializeModel(h));
  });

  test('ALS: regularization, alpha and iterations are deprecated spellings of l2, confidenceAlpha and maxIter', () => {
    const a = fitAls(more, { factors: 2, regularization: 0.5, alpha: 3, iterations: 3 });
    const b = fitAls(more, { factors: 2, l2: 0.5, confidenceAlpha: 3, maxIter: 3 });
    expect(serializeModel(a)).toBe(serializeModel(b));
    for (const o of [{ regularization: 1, l2: 1 }, { alpha: 1, confidenceAlpha: 1 }, { iterations: 1, maxIter: 1 }]) {
      expect(() => fitAls(more, o)).toThrow(OptionsError);
    }
  });

  test('profile: epochs and regularization are deprecated spellings of maxIter and l2', () => {
    const a = fitProfileModel(more, {}, { epochs: 2, regularization: 1e-3 });
    const b = fitProfileModel(more, {}, { maxIter: 2, l2: 1e-3 });
    expect(serializeModel(a)).toBe(serializeModel(b));
    expect(() => fitProfileModel(more, {}, { epochs: 2, maxIter: 2 })).toThrow(OptionsError);
  });

  test('fitRecommender names nested options with their group, and refuses typos in blend', () => {
    expect(() => fitRecommender({ interactions: more }, { als: { factors: 0 } })).toThrow(
      /^fitRecommender: option als.factors must be an integer in \[1, 1024\], got 0/,
    );
    expect(() => fitRecommender({ interactions: more }, { als: { factor: 2 } as never })).toThrow(
      "fitRecommender: unknown option 'als.factor'; did you mean 'factors'?",
    );
    expect(() => fitRecommender({ interactions: more }, { blend: { itemKNN: 1 } as never })).toThrow(OptionsError);
    expect(() => fitRecommender({ interactions: more }, { profile: { epochs: 1, maxIter: 1 } })).toThrow(OptionsError);
  });

  test('similarOffers takes { k }; the positional k is a deprecated form with the same result', () => {
    const h = fitRecommender({ interactions: more }, { components: ['itemKnn'] });
    expect(similarOffers(h, 'x', 1)).toEqual(similarOffers(h, 'x', { k: 1 }));
    expect(() => similarOffers(h, 'x', { k: -1 })).toThrow(OptionsError);
    expect(() => similarOffers(h, 'x', 1.5)).toThrow('similarOffers: option k must be an integer in [0, 1e6], got 1.5');
  });

  test('size options above their ceilings and bad seeds are refused before fitting', () => {
    expect(() => fitAls(more, { factors: 1e6 })).toThrow('fitAls: option factors must be an integer in [1, 1024], got 1000000');
    expect(() => fitProfileModel(more, {}, { factors: 5000 })).toThrow(OptionsError);
    for (const seed of [1.5, -1, 2 ** 32]) {
      expect(() => fitAls(more, { seed })).toThrow(OptionsError);
      expect(() => fitRecommender({ interactions: more }, { seed })).toThrow(OptionsError);
    }
  });
});
