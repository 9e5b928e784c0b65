/**
 * The hybrid on telcokit's synthetic operator, where the true offer affinities are known:
 * leave-last-out and time-split metrics with the cold-start slice, and the true affinity of what
 * new (never seen) subscribers are offered from their profile alone.
 */
import { describe, expect, test } from 'vitest';
import { evaluateRecommender, fitRecommender, generateOperator, recommend } from 'telcokit';
import type { RecommenderComponent, RecommenderData, RecommenderEvaluation } from 'telcokit';

const op = generateOperator({ subscribers: 3000, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 8, seed: 1 });
const data = { interactions: op.interactions, subscribers: op.subscribers, offers: op.offers };
const fit = (d: RecommenderData) => fitRecommender(d, { segmentField: 'planGroup', validationUsers: 1000 });

describe('synthetic operator (3,000 subscribers, 40 offers)', () => {
  test('leave-last-out: the hybrid beats global popularity on NDCG and MAP; the cold-start slice is reported', () => {
    const ev = evaluateRecommender(fit, data, { protocol: 'leave-last-out', k: 10 });
    console.log('synthetic leave-last-out', JSON.stringify(ev));
    expect(ev.users).toBeGreaterThan(200);
    expect(ev.coldStart.users).toBeGreaterThan(0);
    // the blend is learned to maximise NDCG@10 on validation; hit rate (which ignores rank) stays
    // within noise of popularity: one standard error on 566 users is about 0.018
    expect(ev.model.ndcg).toBeGreaterThan(ev.baseline.ndcg);
    expect(ev.model.map).toBeGreaterThan(ev.baseline.map);
    expect(ev.model.hitRate).toBeGreaterThan(ev.baseline.hitRate - 0.03);
    // validation 'auto' falls back to leave-last-out here (the time split of this training data holds
    // out 21 subscribers with history, under 100)
    expect(ev.model.hitRate).toBeGreaterThan(0.74); // measured 0.7686 (global popularity 0.7792)
    expect(ev.model.ndcg).toBeGreaterThan(0.49); // measured 0.5133 (0.4175)
  });
  test('time split: the cold-start slice covers subscribers with ≤ 2 training offers', () => {
    const ev = evaluateRecommender(fit, data, { protocol: 'time-split', k: 10 });
    console.log('synthetic time-split', JSON.stringify(ev));
    expect(ev.coldStart.users).toBeGreaterThan(0);
    expect(ev.coldStart.users).toBeLessThanOrEqual(ev.users);
    expect(ev.model.hitRate).toBeGreaterThan(0.30); // measured 0.3559 (global popularity 0.1816)
    expect(ev.model.hitRate).toBeGreaterThan(ev.baseline.hitRate);
  });
  test('time split: the hybrid beats segment popularity and EASE; ALS, profile and item-kNN alone are above it (measured, not a target met)', () => {
    const evalWith = (components?: RecommenderComponent[]): RecommenderEvaluation =>
      evaluateRecommender((d) => fitRecommender(d, { segmentField: 'planGroup', validationUsers: 1000, ...(components ? { components } : {}) }), data, { protocol: 'time-split', k: 10 });
    const hybrid = evalWith();
    const seg = evalWith(['popularity']);
    const ease = evalWith(['ease']);
    // measured (413 users): hybrid 0.3559 / 0.1560 (0.3487 / 0.1534 with the leave-last-out
    // validation it had before), segment popularity 0.2300 / 0.1099, EASE 0.2397 / 0.1212; ALS
    // 0.4044 / 0.2099, profile 0.3680 / 0.1595, item-kNN 0.3584 / 0.1638. Which component wins this
    // split changes with the generator's seed (seeds 2, 3, 4: item-kNN, profile, EASE): the test
    // period's warm subscribers mostly click the offers of its last campaigns (O027 is 81 of the 192
    // warm subscribers' relevant offers at seed 1), drawn at random by the generator; see docs/recommend.md.
    expect(hybrid.users).toBe(413);
    expect(hybrid.model.hitRate).toBeCloseTo(0.3559, 4);
    expect(hybrid.model.ndcg).toBeCloseTo(0.156, 4);
    for (const c of [seg, ease]) {
      expect(hybrid.model.hitRate).toBeGreaterThan(c.model.hitRate + 0.05);
      expect(hybrid.model.ndcg).toBeGreaterThan(c.model.ndcg + 0.02);
    }
  });
  test('new subscribers (profile only) are offered higher true affinity than at random', () => {
    const nTrain = 2400;
    const trainIds = new Set(op.subscribers.slice(0, nTrain).map((s) => s.id));
    const model = fitRecommender(
      { interactions: op.interactions.filter((r) => trainIds.has(r.subscriberId)), subscribers: op.subscribers.slice(0, nTrain), offers: op.offers },
      { segmentField: 'planGroup' },
    );
    const O = op.offers.length;
    const col = new Map(op.offers.map((o, j) => [o.id, j]));
    let got = 0;
    let rand = 0;
    let best = 0;
    for (let i = nTrain; i < op.subscribers.length; i++) {
      const recs = recommend(model, { profile: op.subscribers[i]! }, { k: 5 });
      expect(recs).toHaveLength(5);
      got += recs.reduce((s, r) => s + op.truth.offerAffinity[i * O + col.get(r.offerId)!]!, 0) / 5;
      const row = Array.from(op.truth.offerAffinity.subarray(i * O, (i + 1) * O));
      rand += row.reduce((a, b) => a + b, 0) / O;
      best += row.sort((a, b) => b - a).slice(0, 5).reduce((a, b) => a + b, 0) / 5;
    }
    const n = op.subscribers.length - nTrain;
    console.log(`synthetic cold subscribers: mean true affinity of top-5 ${(got / n).toFixed(4)}, random ${(rand / n).toFixed(4)}, oracle ${(best / n).toFixed(4)}`);
    expect(got / n).toBeGreaterThan(1.8 * (rand / n)); // measured 0.0299 vs random 0.0122 (oracle 0.0622)
  });
});
