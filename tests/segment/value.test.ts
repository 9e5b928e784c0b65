import { describe, expect, test } from 'vitest';
import {
  DataError,
  DimensionError,
  createFeatureMatrix,
  fitShiftedBetaGeometric,
  lifetimeValue,
  parseModel,
  rfmScores,
  sbgSurvival,
  serializeModel,
  valueScore,
  valueTiers,
} from 'telcokit';
import { rfmSegmentOf } from '../../src/segment/rfm.js';
import { describeConformance } from '../conformance/harness.js';

// Fader & Hardie (2007), "How to project customer retention", Table 1 / Figure: survivors of two
// cohorts of 1000 over years 0–7, and their published MLEs (regular α̂ = 0.704, β̂ = 1.182;
// high end α̂ = 0.668, β̂ = 3.806; log-likelihoods −1680.3 and −1611.2).
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

describe('fitShiftedBetaGeometric', () => {
  test("fitShiftedBetaGeometric reproduces Fader & Hardie's published estimates", () => {
    const r = fitShiftedBetaGeometric(REGULAR);
    expect(r.alpha).toBeCloseTo(0.704, 3);
    expect(r.beta).toBeCloseTo(1.182, 3);
    expect(r.logLikelihood).toBeCloseTo(-1680.3, 1);
    const h = fitShiftedBetaGeometric(HIGH_END);
    expect(h.alpha).toBeCloseTo(0.668, 3);
    expect(h.beta).toBeCloseTo(3.806, 3);
    expect(h.logLikelihood).toBeCloseTo(-1611.2, 1);
    expect(h.converged).toBe(true);
  });

  test('the fitted curve projects the held-out years 8–12 of the regular cohort within 10 %', () => {
    // the paper's later years: 223, 207, 194, 183, 173
    const S = sbgSurvival(fitShiftedBetaGeometric(REGULAR), 12);
    const actual = [223, 207, 194, 183, 173];
    actual.forEach((a, i) => expect(Math.abs(S[8 + i]! * 1000 - a) / a).toBeLessThan(0.1));
  });

  test('sbgSurvival: S(t) = B(α, β+t)/B(α, β); α = β = 1 gives 1/(t+1)', () => {
    const m = { ...fitShiftedBetaGeometric(REGULAR), alpha: 1, beta: 1 };
    expect(Array.from(sbgSurvival(m, 4))).toEqual([1, 1 / 2, 1 / 3, 1 / 4, 1 / 5].map((x, i) => (i === 0 ? 1 : expect.closeTo(x, 15))));
  });

  test('bad survivor counts', () => {
    expect(() => fitShiftedBetaGeometric([1000])).toThrow(DataError);
    expect(() => fitShiftedBetaGeometric([1000, 1200])).toThrow(/survivors cannot increase/);
    expect(() => fitShiftedBetaGeometric([0, 0])).toThrow(DataError);
    expect(() => fitShiftedBetaGeometric([100, 100, 100])).toThrow(/nobody churned/);
    expect(() => fitShiftedBetaGeometric([100, NaN])).toThrow(DataError);
  });

  test('round trip through parseModel', () => {
    const m = fitShiftedBetaGeometric(HIGH_END);
    expect(parseModel(serializeModel(m), 'segment/sbg')).toEqual(m);
  });
});

describe('lifetimeValue', () => {
  const base = fitShiftedBetaGeometric(REGULAR);
  test('a homogeneous cohort (α, β large, θ = α/(α+β)) gives the geometric value m(1+d)/(d+θ)', () => {
    const m = { ...base, alpha: 1e7 * 0.2, beta: 1e7 * 0.8 };
    expect(lifetimeValue(m, { margin: 100, discountRate: 0.1 })).toBeCloseTo((100 * 1.1) / (0.1 + 0.2), 3);
  });

  test('DERL matches the closed form m·B(α,β+n)/B(α,β+n−1)·₂F₁(1, β+n; α+β+n; 1/(1+d))', () => {
    const { alpha: a, beta: b } = base;
    const d = 0.1;
    for (const n of [1, 3, 6]) {
      // B(α, β+n)/B(α, β+n−1) = (β+n−1)/(α+β+n−1); the hypergeometric series by its term ratio
      let term = 1;
      let F = 0;
      for (let k = 0; k < 5000; k++) {
        F += term;
        term *= ((b + n + k) / (a + b + n + k)) / (1 + d);
      }
      const expected = 100 * ((b + n - 1) / (a + b + n - 1)) * F;
      expect(lifetimeValue(base, { margin: 100, discountRate: d, renewals: n - 1 })).toBeCloseTo(expected, 8);
    }
  });

  test('residual value grows with renewals made (the loyal remain)', () => {
    const v = [0, 1, 4, 10].map((r) => lifetimeValue(base, { margin: 10, discountRate: 0.1, renewals: r }));
    for (let i = 1; i < v.length; i++) expect(v[i]!).toBeGreaterThan(v[i - 1]!);
  });

  test('bad options', () => {
    expect(() => lifetimeValue(base, { margin: 10, discountRate: 0 })).toThrow(/discountRate must be > 0/);
    expect(() => lifetimeValue(base, { margin: NaN, discountRate: 0.1 })).toThrow(DataError);
    expect(() => lifetimeValue(base, { margin: 1, discountRate: 0.1, renewals: -1 })).toThrow(DataError);
  });
});

describe('valueScore and valueTiers', () => {
  test('valueScore with a churn hazard: ARPU × (1 − qᴴ)/(1 − q) (hand-computed)', () => {
    expect(Array.from(valueScore({ arpu: [50, 50], churnProbability: [0, 0.5] }, { horizonMonths: 2 }))).toEqual([100, 75]);
    // p = 0.1, r = 0, H = 12: Σ 0.9ᵗ for t < 12 = (1 − 0.9¹²)/0.1
    expect(valueScore({ arpu: [30], churnProbability: [0.1] }, { horizonMonths: 12 })[0]).toBeCloseTo((30 * (1 - 0.9 ** 12)) / 0.1, 10);
    // with discounting q = 0.9/1.01
    const q = 0.9 / 1.01;
    expect(valueScore({ arpu: [30], churnProbability: [0.1] }, { horizonMonths: 12, discountRate: 0.01 })[0]).toBeCloseTo((30 * (1 - q ** 12)) / (1 - q), 10);
  });

  test('valueScore with tenure: ARPU × min(tenure, horizon)', () => {
    expect(Array.from(valueScore({ arpu: [20, 20], expectedTenureMonths: [10, 100] }))).toEqual([200, 1200]);
  });

  test('valueScore bad input', () => {
    expect(() => valueScore({ arpu: [1] })).toThrow(DataError);
    expect(() => valueScore({ arpu: [1, 2], churnProbability: [0.1] })).toThrow(DimensionError);
    expect(() => valueScore({ arpu: [NaN], churnProbability: [0.1] })).toThrow(DataError);
    expect(() => valueScore({ arpu: [1], churnProbability: [1.5] })).toThrow(DataError);
  });

  test('valueTiers by quantiles (numpy-style interpolation) and by cut-offs', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const t = valueTiers(v);
    // quantile 0.5 = 5.5, 0.8 = 8.2
    expect(t.cutoffs).toEqual([5.5, expect.closeTo(8.2, 12)]);
    expect(t.counts).toEqual({ low: 5, mid: 3, high: 2 });
    expect(t.tiers.slice(4, 9)).toEqual(['low', 'mid', 'mid', 'mid', 'high']);
    expect(valueTiers([10, 20, 30, 40, 50], { cutoffs: [25, 45] }).tiers).toEqual(['low', 'low', 'mid', 'mid', 'high']);
    expect(valueTiers([1, 5, 9], { cutoffs: [5], names: ['basic', 'premium'] }).tiers).toEqual(['basic', 'premium', 'premium']);
  });

  test('valueTiers bad input', () => {
    expect(() => valueTiers([])).toThrow(DataError);
    expect(() => valueTiers([1, NaN])).toThrow(DataError);
    expect(() => valueTiers([1, 2], { cutoffs: [5, 1] })).toThrow(/ascending/);
    expect(() => valueTiers([1, 2], { quantiles: [1.5] })).toThrow(DataError);
    expect(() => valueTiers([1, 2], { cutoffs: [1], names: ['a', 'b', 'c'] })).toThrow(DataError);
  });
});

describe('rfmScores', () => {
  test('rfmScores gives quintile scores and the standard segment names (doc example)', () => {
    const recs = [1, 2, 3, 4, 5].map((i) => ({ id: `s${i}`, recencyDays: i * 10, frequency: 6 - i, monetary: 100 * (6 - i) }));
    const r = rfmScores(recs);
    expect(Array.from(r.recency)).toEqual([5, 4, 3, 2, 1]);
    expect(Array.from(r.frequency)).toEqual([5, 4, 3, 2, 1]);
    expect(r.codes).toEqual(['555', '444', '333', '222', '111']);
    expect(r.segments).toEqual(['champions', 'loyal', 'need attention', 'hibernating', 'hibernating']);
    expect(r.cutoffs.recency).toEqual([18, 26, expect.closeTo(34, 12), expect.closeTo(42, 12)]);
    expect(r.counts).toEqual({ champions: 1, loyal: 1, 'need attention': 1, hibernating: 2 });
    expect(r.ids).toEqual(['s1', 's2', 's3', 's4', 's5']);
  });

  test('ties share a score; custom field names', () => {
    const recs = Array.from({ length: 10 }, (_, i) => ({ lastTopUp: i < 5 ? 3 : 30, topUps: i, spend: 5 }));
    const r = rfmScores(recs, { recencyField: 'lastTopUp', frequencyField: 'topUps', monetaryField: 'spend' });
    expect(new Set(Array.from(r.recency.slice(0, 5))).size).toBe(1);
    expect(new Set(Array.from(r.monetary)).size).toBe(1);
    expect(r.recency[0]).toBeGreaterThan(r.recency[9]!);
  });

  test('the recency × frequency grid names all 25 cells', () => {
    expect(rfmSegmentOf(5, 5)).toBe('champions');
    expect(rfmSegmentOf(1, 5)).toBe("can't lose");
    expect(rfmSegmentOf(2, 3)).toBe('at risk');
    expect(rfmSegmentOf(3, 1)).toBe('about to sleep');
    expect(rfmSegmentOf(5, 1)).toBe('new');
    expect(rfmSegmentOf(4, 1)).toBe('promising');
    expect(rfmSegmentOf(4, 2)).toBe('potential loyalist');
    const names = new Set<string>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) names.add(rfmSegmentOf(r, f));
    expect(names.size).toBe(10);
  });

  test('bad input', () => {
    expect(() => rfmScores([])).toThrow(DataError);
    expect(() => rfmScores([{ recencyDays: 1, frequency: 2 }])).toThrow(/monetary = undefined/);
    expect(() => rfmScores([{ recencyDays: -1, frequency: 2, monetary: 3 }])).toThrow(DataError);
  });
});

// sBG as an estimator: train = survivor counts in one column; "predict" = survival for each row's period
describeConformance({
  name: 'segment/sbg',
  train: createFeatureMatrix(Float64Array.from(REGULAR), ['survivors']),
  fit: (m) => fitShiftedBetaGeometric(Array.from(m.values)),
  predict: (model, m) => sbgSurvival(model, m.nRows - 1),
  skipDimensionCheck: true,
});
