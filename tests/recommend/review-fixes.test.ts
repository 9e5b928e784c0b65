import { describe, expect, test } from 'vitest';
import { OptionsError, buildInteractionMatrix, fitRecommender, recommend, similarOffers } from 'telcokit';
import type { RecommendInteraction } from 'telcokit';

const at = (d: number) => `2025-01-${String(d).padStart(2, '0')}T00:00:00Z`;

describe('recommend edge cases', () => {
  test('buildInteractionMatrix reports records of an unknown kind instead of skipping them silently', () => {
    const m = buildInteractionMatrix([
      { subscriberId: 'a', offerId: 'x', timestamp: at(1), kind: 'accept' },
      { subscriberId: 'a', offerId: 'y', timestamp: at(2), kind: 'purchase' as never },
    ]);
    expect(m.problems).toEqual([{ row: 1, reason: 'unknown kind', value: 'purchase' }]);
  });

  test('maxPerCategory widens the candidate pool when the best offers share one category', () => {
    // 150 popular offers in category c0, 150 less popular ones each in its own category
    const offers = Array.from({ length: 300 }, (_, i) => ({ id: `o${i}`, category: i < 150 ? 'c0' : `c${i}`, price: 1 }));
    const interactions: RecommendInteraction[] = [];
    for (let i = 0; i < 300; i++) {
      const takers = i < 150 ? 20 : 2;
      for (let u = 0; u < takers; u++) interactions.push({ subscriberId: `u${u}`, offerId: `o${i}`, timestamp: at(1 + (u % 20)), kind: 'accept' });
    }
    interactions.push({ subscriberId: 'new', offerId: 'o0', timestamp: at(21), kind: 'accept' });
    const model = fitRecommender({ interactions, offers }, { components: ['popularity'] });
    const recs = recommend(model, 'new', { k: 5, maxPerCategory: 1 });
    expect(recs).toHaveLength(5);
    expect(new Set(recs.map((r) => offers.find((o) => o.id === r.offerId)!.category)).size).toBe(5);
  });

  test('an unknown exclude value is an error, not "exclude nothing"', () => {
    const model = fitRecommender({ interactions: [{ subscriberId: 'a', offerId: 'x', timestamp: at(1), kind: 'accept' }] }, { components: ['popularity'] });
    expect(() => recommend(model, 'a', { exclude: 'all' as never })).toThrow(OptionsError);
  });

  test('similarOffers for an offer nobody took uses the profile model, not ALS noise', () => {
    const offers = [
      { id: 'x', category: 'plan' as const, price: 10, attributes: { tier: 'a' } },
      { id: 'y', category: 'plan' as const, price: 10, attributes: { tier: 'a' } },
      { id: 'cold', category: 'vas' as const, price: 3, attributes: { tier: 'b' } },
    ];
    const interactions: RecommendInteraction[] = [];
    for (let u = 0; u < 30; u++) for (const o of u % 2 ? ['x'] : ['x', 'y']) interactions.push({ subscriberId: `u${u}`, offerId: o, timestamp: at(1 + (u % 20)), kind: 'accept' });
    const model = fitRecommender({ interactions, offers }, { components: ['als', 'profile'], seed: 1 });
    const sims = similarOffers(model, 'cold', { k: 2 });
    expect(sims).toHaveLength(2);
    for (const s of sims) expect(Number.isFinite(s.score)).toBe(true);
  });
});

describe('time order does not depend on the host time zone', () => {
  test('an offset-less ISO time is read as UTC', async () => {
    const { parseInstant } = await import('../../src/recommend/split.js');
    expect(parseInstant('2025-03-30T01:30:00')).toBe(Date.UTC(2025, 2, 30, 1, 30));
    expect(parseInstant('2025-03-30T01:30:00+08:00')).toBe(Date.UTC(2025, 2, 29, 17, 30));
    expect(parseInstant('2025-03-30')).toBe(Date.UTC(2025, 2, 30));
  });
});
