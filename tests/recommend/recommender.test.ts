import { describe, expect, test } from 'vitest';
import {
  AbortError,
  DataError,
  fitAls,
  fitRecommender,
  matrixFromRecords,
  ModelError,
  OptionsError,
  parseModel,
  recommend,
  recommendBatch,
  serializeModel,
  similarOffers,
  updateSubscriber,
} from 'telcokit';
import type { RecommenderModel } from 'telcokit';
import { describeConformance } from '../conformance/harness.js';
import { interactions, offers, subscribers } from './fixtures.js';

const data = { interactions, subscribers, offers };
const model = fitRecommender(data, { als: { factors: 4 }, profile: { maxIter: 30 }, validationUsers: 100 });
const ids = (l: { offerId: string }[]): string[] => l.map((r) => r.offerId);
const t = '2025-04-01T00:00:00Z';

describe('fitRecommender', () => {
  test('fits every component and learns blend weights that sum to 1', () => {
    expect(model.kind).toBe('recommend/hybrid');
    expect(model.options.components).toEqual(['als', 'itemKnn', 'profile', 'popularity', 'ease']);
    expect(model.blend.source).toBe('learned');
    const w = model.blend.weights;
    expect(w.als + w.itemKnn + w.profile + w.popularity + w.ease).toBeCloseTo(1, 12);
    // the learned blend is at least as good as each component on validation
    for (const c of ['als', 'itemKnn', 'profile', 'popularity', 'ease']) expect(model.blend.validationNdcg.hybrid!).toBeGreaterThanOrEqual(model.blend.validationNdcg[c]!);
    expect(model.offerIds).toEqual(offers.map((o) => o.id));
    expect(model.popularity.segmentNames).toEqual(['youth', 'family', 'pro']);
  });
  test('fixed blend weights are kept as given', () => {
    const m = fitRecommender(data, { components: ['itemKnn', 'popularity'], blend: { itemKnn: 2, popularity: 1 } });
    expect(m.blend).toMatchObject({ source: 'fixed', weights: { itemKnn: 2, popularity: 1, als: 0, profile: 0 } });
  });
  test('interactions naming unknown subscribers or offers are reported in problems, not fatal', () => {
    const m = fitRecommender(
      { interactions: [...interactions, { subscriberId: 'ghost', offerId: 'D-10', timestamp: t, kind: 'accept' }, { subscriberId: 'youth-0', offerId: 'nope', timestamp: t, kind: 'accept' }], subscribers, offers },
      { components: ['popularity'] },
    );
    expect(m.problems).toEqual([
      { row: interactions.length, reason: 'unknown subscriber', value: 'ghost' },
      { row: interactions.length + 1, reason: 'unknown offer', value: 'nope' },
    ]);
  });
  test('duplicates are summed into the history', () => {
    const m = fitRecommender({ interactions: [...interactions, interactions[0]!, interactions[0]!] }, { components: ['popularity'] });
    const u = m.subscriberIds.indexOf(interactions[0]!.subscriberId);
    const i = m.offerIds.indexOf(interactions[0]!.offerId);
    const h = m.history;
    let v = 0;
    for (let k = h.indptr[u]!; k < h.indptr[u + 1]!; k++) if (h.indices[k] === i) v = h.data[k]!;
    expect(v).toBe(3);
  });
  test('bad input: negative/NaN weights name the record; empty catalogue; unknown component', () => {
    const bad = [...interactions, { subscriberId: 'pro-1', offerId: 'D-10', timestamp: t, kind: 'accept' as const, weight: -2 }];
    expect(() => fitRecommender({ interactions: bad })).toThrow(DataError);
    expect(() => fitRecommender({ interactions: bad })).toThrow(new RegExp(`interaction ${bad.length - 1} \\(subscriber 'pro-1', offer 'D-10'\\) has weight -2`));
    expect(() => fitRecommender({ interactions: [{ ...interactions[0]!, weight: NaN }] })).toThrow(/weight NaN/);
    expect(() => fitRecommender({ interactions, offers: [] })).toThrow(/catalogue is empty/);
    expect(() => fitRecommender({ interactions: [] })).toThrow(DataError);
    expect(() => fitRecommender(data, { components: ['svd' as 'als'] })).toThrow(/option components must be a non-empty array of 'als', 'itemKnn', 'profile', 'popularity', 'ease', got an array of length 1/);
    expect(() => fitRecommender(data, { blend: { itemKNN: 1 } as never })).toThrow(OptionsError);
    expect(() => fitRecommender(data, { blend: { itemKNN: 1 } as never })).toThrow(/unknown option 'blend.itemKNN'; did you mean 'itemKnn'\?/);
  });
  test('onProgress reports the stages; an aborted signal stops the fit', () => {
    const stages = new Set<string>();
    fitRecommender(data, { als: { factors: 2, maxIter: 2 }, profile: { maxIter: 2 }, onProgress: (p) => stages.add(p.stage) });
    expect([...stages]).toEqual(expect.arrayContaining(['als-iteration', 'profile-epoch', 'blend']));
    const ac = new AbortController();
    ac.abort();
    expect(() => fitRecommender(data, { signal: ac.signal })).toThrow(AbortError);
  });
  test('an all-zero matrix (impressions only) still gives deterministic recommendations', () => {
    const zero = interactions.map((r) => ({ ...r, kind: 'impression' as const }));
    const m = fitRecommender({ interactions: zero, offers });
    expect(m.blend.source).toBe('default');
    const a = recommend(m, 'youth-1', { k: 3 });
    expect(a).toHaveLength(3);
    expect(recommend(m, 'youth-1', { k: 3 })).toEqual(a);
  });
});

describe('recommend', () => {
  test('leaves out owned offers by default and returns k offers with reasons', () => {
    const out = recommend(model, 'youth-1', { k: 3 });
    expect(out).toHaveLength(3);
    expect(ids(out)).not.toContain('D-10');
    expect(ids(out)).not.toContain('C-music');
    for (const r of out) expect(r.reasons.length).toBeGreaterThan(0);
    // the youth segment's next offer in their journey ranks first
    expect(out[0]!.offerId).toBe('C-video');
    // scores are non-increasing
    for (let i = 1; i < out.length; i++) expect(out[i]!.score).toBeLessThanOrEqual(out[i - 1]!.score);
  });
  test('exclude ids / none, eligible list and predicate, maxPerCategory, diversity', () => {
    expect(ids(recommend(model, 'youth-1', { k: 9, exclude: 'none' }))).toContain('D-10');
    expect(ids(recommend(model, 'youth-1', { k: 9, exclude: ['C-video'] }))).not.toContain('C-video');
    expect(ids(recommend(model, 'youth-1', { eligible: ['B-fibre', 'D-50'] })).sort()).toEqual(['B-fibre', 'D-50']);
    const cheap = recommend(model, 'pro-0', { eligible: (o) => o.price < 20 });
    expect(cheap.length).toBeGreaterThan(0);
    for (const r of cheap) expect(offers.find((o) => o.id === r.offerId)!.price).toBeLessThan(20);
    const capped = recommend(model, 'pro-0', { k: 8, maxPerCategory: 1 });
    const cats = capped.map((r) => offers.find((o) => o.id === r.offerId)!.category);
    expect(new Set(cats).size).toBe(cats.length);
    const diverse = recommend(model, 'family-0', { k: 4, diversity: 1 });
    const dcats = diverse.map((r) => offers.find((o) => o.id === r.offerId)!.category);
    expect(new Set(dcats).size).toBe(4);
  });
  test('k larger than the catalogue returns every candidate; k = 0 returns none', () => {
    expect(recommend(model, 'youth-0', { k: 100 })).toHaveLength(offers.length - 1);
    expect(recommend(model, 'youth-0', { k: 0 })).toEqual([]);
    expect(() => recommend(model, 'youth-0', { k: -1 })).toThrow(OptionsError);
    expect(() => recommend(model, 'youth-0', { diversity: 2 })).toThrow(/recommend: option diversity must be a number in \[0, 1\]/);
  });
  test('a subscriber owning every offer gets an empty list', () => {
    const all = offers.map((o) => ({ subscriberId: 'whale', offerId: o.id, timestamp: t, kind: 'accept' as const }));
    const m = fitRecommender({ interactions: [...interactions, ...all], subscribers: [...subscribers, { id: 'whale' }], offers }, { components: ['itemKnn', 'popularity'] });
    expect(recommend(m, 'whale')).toEqual([]);
    expect(recommendBatch(m, ['whale', 'youth-0'], { k: 2 })[0]).toEqual([]);
  });
  test('reasons in words: item-kNN "because you have", ALS "subscribers like you took", segment popularity', () => {
    const knn = fitRecommender(data, { components: ['itemKnn'] });
    expect(recommend(knn, 'youth-0', { k: 1 })[0]).toEqual({ offerId: 'C-music', score: expect.any(Number), reasons: ['because you have 10 GB pack'] });
    const als = fitRecommender(data, { components: ['als'], als: { factors: 3 } });
    expect(recommend(als, 'youth-0', { k: 1 })[0]!.reasons[0]).toMatch(/^subscribers like you took /);
    const pop = fitRecommender(data, { components: ['popularity'] });
    expect(recommend(pop, 'family-0', { k: 1 })[0]!.reasons).toEqual(['popular in your segment']);
    expect(recommend(pop, 'nobody-known', { k: 1 })[0]!.reasons).toEqual(['popular with all subscribers']);
  });
  test('segment popularity ranks by the segment, not by the whole base', () => {
    const pop = fitRecommender(data, { components: ['popularity'] });
    expect(recommend(pop, 'family-0', { k: 1 })[0]!.offerId).toBe('V-family');
    expect(recommend(pop, 'family-1', { k: 1 })[0]!.offerId).toBe('B-fibre');
    expect(recommend(pop, 'pro-0', { k: 1 })[0]!.offerId).toBe('D-50');
  });
  test('an unknown subscriber with interactions is scored like a known one with the same history', () => {
    const m = fitRecommender(data, { components: ['itemKnn', 'popularity'], blend: { itemKnn: 1, popularity: 0.5 } });
    const known = recommend(m, 'pro-2', { k: 5 });
    const hist = interactions.filter((r) => r.subscriberId === 'pro-2').map((r) => ({ ...r, subscriberId: 'new' }));
    const cold = recommend(m, { interactions: hist, segment: 'pro' }, { k: 5 });
    expect(ids(cold)).toEqual(ids(known));
    for (let i = 0; i < 5; i++) expect(cold[i]!.score).toBeCloseTo(known[i]!.score, 12);
  });
  test('cold start: a profile alone gets profile-model scores; a cold offer is reachable through its attributes', () => {
    const young = recommend(model, { profile: { id: 'n1', ageBand: '18-25', monthlySpend: 25, kids: false, segment: 'youth' } }, { k: 3 });
    expect(young).toHaveLength(3);
    expect(young[0]!.reasons).toContain('matches your profile');
    const fam = recommend(model, { profile: { id: 'n2', ageBand: '26-60', monthlySpend: 40, kids: true, segment: 'family' } }, { k: 3 });
    expect(ids(fam)).not.toEqual(ids(young));
    // the never-taken phone still gets a finite score
    const all = recommend(model, { profile: { id: 'n3', ageBand: '26-60', kids: false } }, { k: 9 });
    expect(all.find((r) => r.offerId === 'X-phone')!.score).toBeGreaterThan(-Infinity);
  });
  test('rejects a model of another kind', () => {
    const als = fitAls(interactions, { factors: 2, maxIter: 1 });
    expect(() => recommend(als as unknown as RecommenderModel, 'youth-0')).toThrow(ModelError);
    expect(() => parseModel(serializeModel(als), 'recommend/hybrid')).toThrow(ModelError);
  });
});

describe('recommendBatch, similarOffers', () => {
  test('recommendBatch(model, ids) equals recommend per id', () => {
    const list = ['youth-3', 'family-2', 'pro-5', 'unknown'];
    const batch = recommendBatch(model, list, { k: 4, maxPerCategory: 2 });
    list.forEach((id, i) => expect(batch[i]).toEqual(recommend(model, id, { k: 4, maxPerCategory: 2 })));
  });
  test('similarOffers uses item-kNN neighbours; profile embeddings for a cold offer', () => {
    const sims = similarOffers(model, 'D-10', { k: 3 });
    expect(sims).toHaveLength(3);
    expect(sims[0]!.offerId).toBe('C-music');
    expect(ids(sims)).not.toContain('D-10');
    expect(similarOffers(model, 'X-phone', { k: 2 })).toHaveLength(2);
    expect(() => similarOffers(model, 'nope')).toThrow(/similarOffers: unknown offer 'nope'/);
  });
});

describe('updateSubscriber', () => {
  test('returns a new model with the new history and a recomputed ALS factor; the input is untouched', () => {
    const before = serializeModel(model);
    const next = updateSubscriber(model, 'youth-0', [{ subscriberId: 'youth-0', offerId: 'C-video', timestamp: t, kind: 'accept' }]);
    expect(serializeModel(model)).toBe(before);
    expect(ids(recommend(next, 'youth-0', { k: 9 }))).not.toContain('C-video');
    const u = model.subscriberIds.indexOf('youth-0');
    const f = model.als!.options.factors;
    expect(Array.from(next.als!.userFactors.subarray(u * f, (u + 1) * f))).not.toEqual(Array.from(model.als!.userFactors.subarray(u * f, (u + 1) * f)));
    // the factor equals the one solved for an unknown subscriber with the same history
    const hist = interactions.filter((r) => r.subscriberId === 'youth-0').concat([{ subscriberId: 'youth-0', offerId: 'C-video', timestamp: t, kind: 'accept' }]);
    const alsOnly = { ...next, blend: { ...next.blend, weights: { als: 1, itemKnn: 0, profile: 0, popularity: 0, ease: 0 } } };
    const a = recommend(alsOnly, 'youth-0', { k: 4 });
    const b = recommend(alsOnly, { interactions: hist }, { k: 4 });
    expect(ids(a)).toEqual(ids(b));
    // round trip of the updated model
    expect(serializeModel(parseModel(serializeModel(next), 'recommend/hybrid'))).toBe(serializeModel(next));
  });
  test('an unknown id is appended; records of another subscriber are rejected', () => {
    const next = updateSubscriber(model, 'newbie', [{ subscriberId: 'newbie', offerId: 'D-10', timestamp: t, kind: 'accept' }]);
    expect(next.subscriberIds.at(-1)).toBe('newbie');
    expect(next.subscriberIds.length).toBe(model.subscriberIds.length + 1);
    expect(ids(recommend(next, 'newbie', { k: 9 }))).not.toContain('D-10');
    expect(() => updateSubscriber(model, 'youth-0', [{ subscriberId: 'pro-0', offerId: 'D-10', timestamp: t, kind: 'accept' }])).toThrow(/updateSubscriber: interaction 0 is for subscriber 'pro-0'/);
  });
});

describe('serialisation and determinism', () => {
  test('serializeModel → parseModel round-trips bit for bit and recommends the same', () => {
    const text = serializeModel(model);
    const back = parseModel(text, 'recommend/hybrid');
    expect(serializeModel(back)).toBe(text);
    expect(recommend(back, 'family-3')).toEqual(recommend(model, 'family-3'));
  });
  test('same seed → same model; frozen inputs are not mutated', () => {
    const frozen = { interactions: Object.freeze(interactions.map((r) => Object.freeze({ ...r }))), subscribers: Object.freeze(subscribers.map((s) => Object.freeze({ ...s }))), offers: Object.freeze(offers.map((o) => Object.freeze({ ...o }))) };
    const a = fitRecommender(frozen, { seed: 3, als: { factors: 3 }, profile: { maxIter: 5 } });
    const b = fitRecommender(frozen, { seed: 3, als: { factors: 3 }, profile: { maxIter: 5 } });
    expect(serializeModel(a)).toBe(serializeModel(b));
  });
});

// conformance: subscriber profiles as a FeatureMatrix; predict = recommendBatch over its rows
const numeric = matrixFromRecords(subscribers.map((s) => ({ id: s.id, spend: s.monthlySpend as number, kids: s.kids as boolean })), ['spend', 'kids']);
describeConformance({
  name: 'recommend/hybrid',
  train: numeric,
  fit: (m, seed) => fitRecommender({ interactions, subscribers: m, offers }, { seed, als: { factors: 3, maxIter: 5 }, profile: { maxIter: 5 } }),
  predict: (model, m) => recommendBatch(model, m.rowIds, { k: 3 }),
  skipDimensionCheck: true,
});
