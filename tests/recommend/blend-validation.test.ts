/**
 * The hybrid's blend learner: the paired standard error, the one-standard-error pruning of the
 * searched blend, and the validation split (`validation: 'auto' | 'time-split' | 'leave-last-out'`).
 */
import { describe, expect, test } from 'vitest';
import { OptionsError, fitRecommender, parseModel, recommend, serializeModel } from 'telcokit';
import type { RecommendInteraction } from 'telcokit';
import { pairedDifference, searchBlend, simplestWithinOneSe, type BlendPool } from '../../src/recommend/fit-recommender.js';
import { interactions as fixtureInteractions } from './fixtures.js';

/**
 * A two-offer pool, two components: the target (offer 5) against one competitor (offer 1, which
 * wins ties). `t` and `o` are the target's and the competitor's z-scores per component.
 */
const pool = (t: [number, number], o: [number, number], weight = 1): BlendPool => ({ items: Int32Array.from([5, 1]), z: Float64Array.from([...t, ...o]), base: 0, weight });
/** A ranks the target first, B ties it (so the competitor, a lower index, wins). */
const aRight = (): BlendPool => pool([1, 0], [0, 0]);
/** Only a blend with w_B > 0.05 w_A ranks the target first. */
const helps = (): BlendPool => pool([0, 1], [0.1, -1]);
/** A ranks the target first, a blend with w_B > 0.05 w_A does not. */
const hurts = (): BlendPool => pool([1, -1], [0.9, 1]);
/** Neither component nor any blend ranks the target first. */
const wrong = (): BlendPool => pool([0, 0], [1, 0]);
const times = (n: number, f: () => BlendPool): BlendPool[] => Array.from({ length: n }, f);
/** NDCG@10 of rank 2. */
const SECOND = 1 / Math.log2(3);

describe('pairedDifference', () => {
  test('mean and standard error of the per-subscriber NDCG difference, by hand', () => {
    // A alone: ranks 1, 1, 2; B alone: ranks 2, 2, 1 (gains 1, 1, 1/log2 3 against 1/log2 3, 1/log2 3, 1)
    const set = [aRight(), aRight(), helps()];
    const A = Float64Array.from([1, 0]);
    const B = Float64Array.from([0, 1]);
    const d = [1 - SECOND, 1 - SECOND, SECOND - 1];
    const mean = d.reduce((a, b) => a + b, 0) / 3;
    const se = Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0)) / 3;
    const got = pairedDifference(A, B, set, 2);
    expect(got.mean).toBeCloseTo(mean, 15);
    expect(got.se).toBeCloseTo(se, 15);
    // weights: Σ v_i d_i / Σ v_i and √(Σ v_i² (d_i − d̄)²) / Σ v_i
    const weighted = [pool([1, 0], [0, 0], 2), aRight(), helps()];
    const wMean = (2 * d[0]! + d[1]! + d[2]!) / 4;
    const wSe = Math.sqrt((2 * (d[0]! - wMean)) ** 2 + (d[1]! - wMean) ** 2 + (d[2]! - wMean) ** 2) / 4;
    const gw = pairedDifference(A, B, weighted, 2);
    expect(gw.mean).toBeCloseTo(wMean, 15);
    expect(gw.se).toBeCloseTo(wSe, 15);
    expect(pairedDifference(A, A, set, 2)).toEqual({ mean: 0, se: 0 });
  });
});

describe('one-standard-error pruning of the searched blend', () => {
  const all = [true, true];
  test('a blend that gains one subscriber net (3 helped, 2 hurt) is noise: A alone is kept', () => {
    const set = [...times(60, aRight), ...times(3, helps), ...times(2, hurts), ...times(35, wrong)];
    const full = searchBlend(all, set, 2, undefined, 'test');
    expect(full.w[1]).toBeGreaterThan(0.05 * full.w[0]!); // the search takes B in: 63 first places against 62
    expect(full.best).toBeCloseTo((63 + 37 * SECOND) / 100, 12);
    const pruned = simplestWithinOneSe(full, all, set, 2, undefined, 'test');
    // gain 1 × (1 − 1/log2 3) / 100 = 0.0037 against a standard error of √5 × 0.369 / 100 ≈ 0.0082
    expect(pruned.dropped).toBe(1);
    expect(Array.from(pruned.w)).toEqual([1, 0]);
    expect(pruned.best).toBeCloseTo((62 + 38 * SECOND) / 100, 12);
  });
  test('a blend that helps 20 subscribers and hurts none is kept', () => {
    const set = [...times(60, aRight), ...times(20, helps), ...times(20, wrong)];
    const full = searchBlend(all, set, 2, undefined, 'test');
    const pruned = simplestWithinOneSe(full, all, set, 2, undefined, 'test');
    expect(pruned.dropped).toBe(0);
    expect(Array.from(pruned.w)).toEqual(Array.from(full.w));
    expect(pruned.best).toBeCloseTo((80 + 20 * SECOND) / 100, 12);
  });
  test('a single-component best is left alone', () => {
    const set = [...times(10, aRight), ...times(5, wrong)];
    const full = searchBlend(all, set, 2, undefined, 'test');
    expect(Array.from(full.w)).toEqual([1, 0]);
    expect(simplestWithinOneSe(full, all, set, 2, undefined, 'test')).toEqual({ ...full, dropped: 0 });
  });
});

/** 150 subscribers × 4 accepts of offers `o0`…`o9`, subscriber s starting on day 1 + s mod 7, one day apart. */
function staggered(sameTime = false): RecommendInteraction[] {
  const out: RecommendInteraction[] = [];
  for (let s = 0; s < 150; s++) {
    for (let k = 0; k < 4; k++) {
      const day = 1 + (s % 7) + k;
      out.push({ subscriberId: `s${s}`, offerId: `o${(s * 3 + k * (1 + (s % 4))) % 10}`, timestamp: sameTime ? '2025-01-01T00:00:00Z' : `2025-01-${String(day).padStart(2, '0')}T00:00:00Z`, kind: 'accept' });
    }
  }
  return out;
}

/** Subscribers of the time split, counted independently: history before the 80 % cut of the positive (accept, click) records and a new offer after it. */
function timeSplitWarm(all: readonly RecommendInteraction[]): number {
  const recs = all.filter((r) => r.kind === 'accept' || r.kind === 'click');
  const order = recs.map((_, i) => i).sort((a, b) => Date.parse(recs[a]!.timestamp) - Date.parse(recs[b]!.timestamp) || a - b);
  const cut = Math.floor(order.length * 0.8);
  const before = new Map<string, Set<string>>();
  for (const i of order.slice(0, cut)) before.set(recs[i]!.subscriberId, (before.get(recs[i]!.subscriberId) ?? new Set()).add(recs[i]!.offerId));
  const warm = new Set<string>();
  for (const i of order.slice(cut)) {
    const r = recs[i]!;
    if (before.has(r.subscriberId) && !before.get(r.subscriberId)!.has(r.offerId)) warm.add(r.subscriberId);
  }
  return warm.size;
}

describe('the validation split', () => {
  const opts = { components: ['itemKnn', 'popularity'] as const };
  test("'time-split' learns on the subscribers with history before the 80 % time cut and a new offer after it", () => {
    const recs = staggered();
    const m = fitRecommender({ interactions: recs }, { ...opts, components: [...opts.components], validation: 'time-split' });
    expect(m.options.validation).toBe('time-split');
    expect(m.blend.source).toBe('learned');
    expect(m.blend.validationSplit).toBe('time-split');
    const want = timeSplitWarm(recs);
    expect(want).toBeGreaterThan(10);
    expect(m.blend.validationUsers).toBe(want);
    // the model round-trips bit for bit
    expect(serializeModel(parseModel(serializeModel(m), 'recommend/hybrid'))).toBe(serializeModel(m));
  });
  test("'auto' takes the time split only with 100 or more such subscribers, and never with one timestamp", () => {
    const recs = staggered();
    const auto = fitRecommender({ interactions: recs }, { components: [...opts.components] });
    expect(auto.options.validation).toBe('auto');
    // fewer than 100 warm time-split subscribers here: leave-last-out, every subscriber with ≥ 2 offers
    expect(timeSplitWarm(recs)).toBeLessThan(100);
    expect(auto.blend.validationSplit).toBe('leave-last-out');
    expect(auto.blend.validationUsers).toBe(150);
    const llo = fitRecommender({ interactions: staggered(true) }, { components: [...opts.components], validation: 'auto' });
    expect(llo.blend.validationSplit).toBe('leave-last-out');
  });
  test("an explicit 'time-split' cuts the input order when there is one timestamp; with fewer than 10 subscribers to hold out it falls back to leave-last-out", () => {
    // one timestamp, records subscriber by subscriber: after the cut almost every subscriber is new
    const same = staggered(true);
    expect(timeSplitWarm(same)).toBeLessThan(10);
    const forced = fitRecommender({ interactions: same }, { components: [...opts.components], validation: 'time-split' });
    expect(forced.options.validation).toBe('time-split');
    expect(forced.blend.validationSplit).toBe('leave-last-out');
    expect(forced.blend.validationUsers).toBe(150);
    // the hand-built fixture has 10 such subscribers (its impressions are not positive): its time split is used
    const fx = fitRecommender({ interactions: fixtureInteractions }, { components: [...opts.components], validation: 'time-split' });
    expect(timeSplitWarm(fixtureInteractions)).toBe(10);
    expect(fx.blend.validationSplit).toBe('time-split');
    expect(fx.blend.validationUsers).toBe(10);
    expect(recommend(fx, 'youth-1', { k: 2 })).toHaveLength(2);
  });
  test('a fixed blend records no validation split; a bad validation option is an OptionsError naming it', () => {
    const m = fitRecommender({ interactions: fixtureInteractions }, { components: ['itemKnn', 'popularity'], blend: { itemKnn: 1 } });
    expect(m.blend.validationSplit).toBeNull();
    for (const v of ['random', 1, null]) {
      try {
        fitRecommender({ interactions: fixtureInteractions }, { validation: v as never });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(OptionsError);
        expect((e as OptionsError).option).toBe('validation');
      }
    }
  });
});
