/**
 * Reference figures for the driver analysis, computed once with numpy 1.24 / statsmodels 0.13.5
 * (Debian bookworm /usr/bin/python3) on the fixed dataset below, independently of our code path
 * (Shapley from OLS fits of every subset on the raw data, not from the correlation matrix):
 *
 * ```python
 * import itertools, math
 * import numpy as np
 * import statsmodels.api as sm
 * X = np.array([[7,6,8,5],[5,4,6,6],[9,7,9,7],[3,5,4,2],[6,6,7,5],[8,5,6,8],[4,3,5,4],[10,9,8,9],
 *               [2,4,3,3],[7,8,7,6],[6,5,8,4],[5,7,5,6],[8,6,9,7],[3,2,4,5],[9,8,7,8]], float)
 * y = np.array([8,5,10,2,7,7,3,10,1,8,6,6,9,3,9], float)
 * p = X.shape[1]
 * def r2(S):
 *     if not S: return 0.0
 *     return sm.OLS(y, sm.add_constant(X[:, list(S)])).fit().rsquared
 * full = r2(range(p))
 * sh = np.zeros(p)
 * for j in range(p):
 *     others = [k for k in range(p) if k != j]
 *     for s in range(p):
 *         for S in itertools.combinations(others, s):
 *             sh[j] += math.factorial(s)*math.factorial(p-s-1)/math.factorial(p)*(r2(S+(j,))-r2(S))
 * R = np.corrcoef(X, rowvar=False); ry = np.array([np.corrcoef(X[:,j], y)[0,1] for j in range(p)])
 * lam, V = np.linalg.eigh(R)
 * L = V @ np.diag(np.sqrt(lam)) @ V.T          # Johnson's Λ*
 * beta = np.linalg.solve(L, ry)
 * eps = (L**2) @ (beta**2)                      # relative weights
 * print(full, eps, sh)
 * ```
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  churnByNpsClass,
  csatScore,
  DataError,
  loyaltyFeatures,
  loyaltyIndex,
  loyaltyProfiles,
  npsClass,
  npsScore,
  OptionsError,
  satisfactionDrivers,
  suggestColumnMapping,
  SurveyResponseSchema,
  validateSurveyResponses,
  ValidationError,
  wilsonInterval,
} from 'telcokit';

const X = [[7, 6, 8, 5], [5, 4, 6, 6], [9, 7, 9, 7], [3, 5, 4, 2], [6, 6, 7, 5], [8, 5, 6, 8], [4, 3, 5, 4], [10, 9, 8, 9], [2, 4, 3, 3], [7, 8, 7, 6], [6, 5, 8, 4], [5, 7, 5, 6], [8, 6, 9, 7], [3, 2, 4, 5], [9, 8, 7, 8]];
const Y = [8, 5, 10, 2, 7, 7, 3, 10, 1, 8, 6, 6, 9, 3, 9];
const ATTRS = ['networkQuality', 'price', 'customerService', 'billingClarity'];
const fixture = Object.freeze(
  X.map((row, i) => Object.freeze({ subscriberId: `S${i}`, date: '2024-03-01', nps: Y[i]!, ...Object.fromEntries(ATTRS.map((a, j) => [a, row[j]!])) })),
);
const REF_R2 = 0.9819283992969876;
const REF_RW = [0.25238427889488163, 0.20162255155892905, 0.30931147164571704, 0.21861009719746036];
const REF_CHANGE_P = 0.08583401331843707; // 2 * scipy.stats.norm.sf(60 / (100 * np.sqrt(0.122)))
const REF_SHAPLEY = [0.30885990679340714, 0.18782126150891412, 0.2811516397333248, 0.2040955912613417];

const resp = (id: string, nps: number, date = '2024-01-01', extra: object = {}) => ({ subscriberId: id, date, nps, ...extra });

describe('satisfactionDrivers', () => {
  const d = satisfactionDrivers(fixture, { attributes: ATTRS, bootstrap: 0 });

  test('Johnson relative weights and exact Shapley values match numpy/statsmodels to 1e-9', () => {
    expect(d.r2).toBeCloseTo(REF_R2, 9);
    d.attributes.forEach((a, j) => {
      expect(Math.abs(a.relativeWeight! - REF_RW[j]!)).toBeLessThan(1e-9);
      expect(Math.abs(a.shapley! - REF_SHAPLEY[j]!)).toBeLessThan(1e-9);
    });
  });

  test('relative weights and Shapley values each sum to R²; ranks follow importance', () => {
    const rw = d.attributes.reduce((s, a) => s + a.relativeWeight!, 0);
    const sh = d.attributes.reduce((s, a) => s + a.shapley!, 0);
    expect(Math.abs(rw - d.r2)).toBeLessThan(1e-12);
    expect(Math.abs(sh - d.r2)).toBeLessThan(1e-12);
    expect(d.attributes.map((a) => a.rank)).toEqual([2, 4, 1, 3]);
  });

  test('the quadrant cuts at importance 1/p and mean performance', () => {
    const perf = ATTRS.map((_, j) => X.reduce((s, r) => s + r[j]!, 0) / X.length);
    expect(d.attributes.map((a) => a.performance)).toEqual(perf);
    const pc = perf.reduce((a, b) => a + b, 0) / 4;
    d.attributes.forEach((a) => {
      const hi = a.importance > 0.25;
      const good = a.performance > pc;
      expect(a.quadrant).toBe(hi ? (good ? 'keep up' : 'fix first') : good ? 'possible overkill' : 'low priority');
    });
  });

  test('bootstrap intervals are seeded, contain the estimate here, and do not mutate the input', () => {
    const a = satisfactionDrivers(fixture, { attributes: ATTRS, bootstrap: 300, seed: 5 });
    const b = satisfactionDrivers(fixture, { attributes: ATTRS, bootstrap: 300, seed: 5 });
    expect(a).toEqual(b);
    const c = satisfactionDrivers(fixture, { attributes: ATTRS, bootstrap: 300, seed: 6 });
    expect(c.attributes[0]!.relativeWeightLower).not.toBe(a.attributes[0]!.relativeWeightLower);
    for (const x of a.attributes) {
      expect(x.relativeWeightLower!).toBeLessThanOrEqual(x.relativeWeightUpper!);
      expect(x.shapleyLower!).toBeLessThanOrEqual(x.shapleyUpper!);
    }
    expect(a.bootstrap.resamples + a.bootstrap.skipped).toBe(300);
  });

  test('Shapley values are invariant to attribute order (property)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(ATTRS, { minLength: 4, maxLength: 4 }), (order) => {
        const r = satisfactionDrivers(fixture, { attributes: order, method: 'shapley', bootstrap: 0 });
        r.attributes.forEach((a) => expect(Math.abs(a.shapley! - REF_SHAPLEY[ATTRS.indexOf(a.attribute)]!)).toBeLessThan(1e-9));
      }),
      { numRuns: 10 },
    );
  });

  describe('bad input', () => {
    test('an attribute with no variance is a DataError naming it', () => {
      const rows = fixture.map((r) => ({ ...r, price: 5 }));
      expect(() => satisfactionDrivers(rows, { attributes: ATTRS, bootstrap: 0 })).toThrow(/attribute 'price' has no variance/);
    });
    test('all respondents identical is a DataError', () => {
      const rows = fixture.map((_, i) => ({ ...fixture[0]!, subscriberId: `S${i}` }));
      expect(() => satisfactionDrivers(rows, { attributes: ATTRS, bootstrap: 0 })).toThrow(/every response has the same nps/);
    });
    test('fewer responses than attributes + 2 is a DataError', () => {
      expect(() => satisfactionDrivers(fixture.slice(0, 5), { attributes: ATTRS, bootstrap: 0 })).toThrow(/5 responses for 4 attributes/);
    });
    test('duplicate responses per subscriber and date are a DataError naming both', () => {
      const rows = [...fixture, { ...fixture[3]!, nps: 4 }];
      expect(() => satisfactionDrivers(rows, { attributes: ATTRS, bootstrap: 0 })).toThrow(/responses\[15\] repeats subscriber "S3" on 2024-03-01 \(first at responses\[3\]\)/);
    });
    test('a missing value is an error unless missing: drop, which counts it', () => {
      const rows = fixture.map((r, i) => (i === 2 ? { ...r, price: undefined } : r));
      expect(() => satisfactionDrivers(rows, { attributes: ATTRS, bootstrap: 0 })).toThrow(/responses\[2\]\.price is missing/);
      const r = satisfactionDrivers(rows, { attributes: ATTRS, bootstrap: 0, missing: 'drop' });
      expect([r.n, r.dropped]).toEqual([14, 1]);
    });
    test('a string rating is a DataError, not coerced', () => {
      const rows = fixture.map((r, i) => (i === 0 ? { ...r, price: '6' } : r));
      expect(() => satisfactionDrivers(rows, { attributes: ATTRS, bootstrap: 0 })).toThrow(DataError);
    });
    test('collinear attributes are a DataError', () => {
      const rows = fixture.map((r) => ({ ...r, coverage: 2 * (r as unknown as { networkQuality: number }).networkQuality + 1 }));
      expect(() => satisfactionDrivers(rows, { attributes: [...ATTRS, 'coverage'], bootstrap: 0 })).toThrow(/collinear/);
    });
    test('options: attributes required, no repeats, not the target, ≤ 12 for Shapley, bounded bootstrap', () => {
      expect(() => satisfactionDrivers(fixture, undefined as never)).toThrow(OptionsError);
      expect(() => satisfactionDrivers(fixture, { attributes: ['price', 'price'] })).toThrow(/twice/);
      expect(() => satisfactionDrivers(fixture, { attributes: ['nps'] })).toThrow(/target/);
      const many = Array.from({ length: 13 }, (_, i) => `a${i}`);
      expect(() => satisfactionDrivers(fixture, { attributes: many })).toThrow(/at most 12 attributes/);
      expect(() => satisfactionDrivers(fixture, { attributes: ATTRS, bootstrap: 1e9 })).toThrow(/option bootstrap must be an integer in \[0, 10000\]/);
    });
  });
});

describe('npsScore', () => {
  // 5 promoters, 3 passives, 2 detractors in January; 2, 3, 5 in February
  const jan = [10, 9, 9, 10, 9, 7, 8, 7, 3, 6].map((v, i) => resp(`J${i}`, v, '2024-01-15'));
  const feb = [10, 9, 7, 8, 7, 0, 5, 6, 2, 4].map((v, i) => resp(`F${i}`, v, '2024-02-10'));

  test('NPS and its trinomial-variance interval match a hand computation', () => {
    const r = npsScore(jan);
    // p+ = 0.5, p- = 0.2: NPS = 30; Var = (0.5 + 0.2 − 0.3²)/10 = 0.061; z = 1.959963984540054
    const se = Math.sqrt(0.061);
    expect(r.overall.nps).toBeCloseTo(30, 12);
    expect(r.overall.se).toBeCloseTo(100 * se, 12);
    expect(r.overall.lower).toBeCloseTo(100 * (0.3 - 1.959963984540054 * se), 9);
    expect(r.overall.upper).toBeCloseTo(100 * (0.3 + 1.959963984540054 * se), 9);
    expect([r.overall.promoters, r.overall.passives, r.overall.detractors]).toEqual([5, 3, 2]);
  });

  test('by period, with the z test of the change between consecutive periods', () => {
    const r = npsScore([...jan, ...feb], { period: 'month' });
    expect(r.periods.map((p) => [p.period, p.nps])).toEqual([
      ['2024-01', 30],
      ['2024-02', -30],
    ]);
    // Feb: p+ = 0.2, p- = 0.5: Var = (0.7 − 0.09)/10 = 0.061
    const se = Math.sqrt(0.061 + 0.061) * 100;
    const ch = r.changes[0]!;
    expect(ch.difference).toBeCloseTo(-60, 12);
    expect(ch.se).toBeCloseTo(se, 10);
    expect(ch.z).toBeCloseTo(-60 / se, 10);
    expect(ch.pValue).toBeCloseTo(REF_CHANGE_P, 9);
  });

  test('by segment and by quarter', () => {
    const rows = [...jan.map((r) => ({ ...r, channel: 'sms' })), ...feb.map((r) => ({ ...r, channel: 'app' }))];
    const r = npsScore(rows, { by: 'channel', period: 'quarter' });
    expect(r.segments.map((s) => [s.segment, s.nps])).toEqual([
      ['app', -30],
      ['sms', 30],
    ]);
    expect(r.periods.map((p) => [p.period, p.n])).toEqual([['2024-Q1', 20]]);
  });

  test('all respondents identical: the variance is 0 and the interval collapses, without NaN', () => {
    const r = npsScore([1, 2, 3].map((i) => resp(`S${i}`, 10)));
    expect([r.overall.nps, r.overall.se, r.overall.lower, r.overall.upper]).toEqual([100, 0, 100, 100]);
  });

  test('the estimate is 100·(P − D)/n and stays in [−100, 100] with lower ≤ nps ≤ upper (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 60 }), (answers) => {
        const r = npsScore(answers.map((v, i) => resp(`S${i}`, v))).overall;
        const P = answers.filter((v) => v >= 9).length;
        const D = answers.filter((v) => v <= 6).length;
        expect(r.nps).toBeCloseTo((100 * (P - D)) / answers.length, 10);
        expect(r.lower).toBeGreaterThanOrEqual(-100);
        expect(r.upper).toBeLessThanOrEqual(100);
        expect(r.lower).toBeLessThanOrEqual(r.nps + 1e-9);
        expect(r.upper).toBeGreaterThanOrEqual(r.nps - 1e-9);
      }),
    );
  });

  describe('bad input', () => {
    test.each([[11], [-1], [7.5], ['9'], [NaN], [null]])('NPS %s is a DataError naming the record', (v) => {
      expect(() => npsScore([resp('a', 9), { subscriberId: 'b', date: '2024-01-01', nps: v }])).toThrow(/responses\[1\]\.nps is .*expected an integer in \[0, 10\]/);
    });
    test('duplicate responses per subscriber and date', () => {
      expect(() => npsScore([resp('a', 9), resp('a', 3)])).toThrow(DataError);
      expect(npsScore([resp('a', 9), resp('a', 3, '2024-02-01')]).overall.n).toBe(2);
    });
    test('no responses, non-arrays and junk options', () => {
      expect(() => npsScore([])).toThrow(DataError);
      expect(() => npsScore(null as never)).toThrow(DataError);
      expect(() => npsScore([resp('a', 9)], { alpha: 2 })).toThrow(OptionsError);
      expect(() => npsScore([resp('a', 9)], { period: 'week' as never })).toThrow(OptionsError);
      expect(() => npsScore([resp('a', 9)], { by: 'segment' })).toThrow(/responses\[0\]\.segment/);
    });
  });

  test('npsClass', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsClass)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    expect(() => npsClass(10.5)).toThrow(DataError);
  });
});

describe('csatScore', () => {
  test('mean with t interval and top-2-box with the Wilson interval of campaign', () => {
    const v = [5, 4, 4, 3, 2, 5, 1, 4, 3, 5];
    const r = csatScore(v.map((x, i) => ({ subscriberId: `S${i}`, date: '2024-01-01', csat: x })));
    expect(r.overall.mean).toBeCloseTo(3.6, 12);
    expect(r.overall.topBoxCount).toBe(6);
    const w = wilsonInterval(6, 10);
    expect([r.overall.topBoxLower, r.overall.topBoxUpper]).toEqual([w.lower, w.upper]);
    // scipy.stats.t.interval(0.95, 9, loc=3.6, scale=np.std(v, ddof=1)/np.sqrt(10)) = (2.6237…, 4.5762…)
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - 3.6) ** 2, 0) / 9);
    expect(r.overall.meanUpper - r.overall.mean).toBeCloseTo(2.2621571627409915 * (sd / Math.sqrt(10)), 9);
  });
  test('out-of-scale answers and topBox ≥ scaleMax', () => {
    expect(() => csatScore([{ subscriberId: 'a', date: '2024-01-01', csat: 6 }])).toThrow(/csat is 6/);
    expect(() => csatScore([{ subscriberId: 'a', date: '2024-01-01', csat: 5 }], { topBox: 5 })).toThrow(OptionsError);
  });
});

describe('SurveyResponseSchema and validateSurveyResponses', () => {
  test('Chinese survey headers map onto the schema', () => {
    const m = suggestColumnMapping(['用户ID', '调查日期', '推荐意愿', '满意度', '网络质量', '资费', '意见建议', '调查渠道'], SurveyResponseSchema);
    expect(m.mapping).toEqual({ 用户ID: 'subscriberId', 调查日期: 'date', 推荐意愿: 'nps', 满意度: 'csat', 网络质量: 'networkQuality', 资费: 'price', 意见建议: 'comment', 调查渠道: 'channel' });
    expect(m.missingRequired).toEqual([]);
  });
  test('valid rows and errors side by side: fractional or out-of-range NPS, duplicates, unknown ids', () => {
    const rows = [
      { subscriberId: 'S1', date: '2024-03-01', nps: '9', comment: '信号 OK, 42' },
      { subscriberId: 'S2', date: '2024-03-01', nps: '7.5' },
      { subscriberId: 'S3', date: '2024-03-01', nps: 11 },
      { subscriberId: 'S1', date: '2024-03-01', nps: 3 },
      { subscriberId: 'S9', date: '2024-03-01', nps: 3 },
    ];
    const r = validateSurveyResponses(rows, { subscriberIds: ['S1', 'S2', 'S3'] });
    expect(r.valid).toEqual([{ subscriberId: 'S1', date: '2024-03-01', nps: 9, comment: '信号 OK, 42' }]);
    expect(r.invalidRows).toEqual([1, 2, 3, 4]);
    expect(r.valid.length + r.invalidRows.length).toBe(r.rowsRead);
    expect(r.errors.find((e) => e.row === 4)!.reason).toMatch(/unknown subscriber/);
    expect(() => validateSurveyResponses(rows, { mode: 'strict' })).toThrow(ValidationError);
  });
});

describe('loyaltyIndex', () => {
  const profiles = Object.freeze([
    { subscriberId: 'A', tenureMonths: 48, rechargeRegularity: 1, services: 3, inNetworkShare: 0.8, complaints: 0, daysSinceTopUp: 5 },
    { subscriberId: 'B', tenureMonths: 2, rechargeRegularity: 0.3, services: 1, inNetworkShare: 0.2, complaints: 4, daysSinceTopUp: 80 },
    { subscriberId: 'C', tenureMonths: 20, rechargeRegularity: 0.8, services: 2, complaints: 1, daysSinceTopUp: 20 },
  ]);
  test('the documented composite, by hand, with tiers', () => {
    const r = loyaltyIndex(profiles);
    const a = 0.25 * (1 - Math.exp(-2)) + 0.15 * 1 + 0.15 * (2 / 3) + 0.15 * 0.8 + 0.15 * 1 + 0.15 * Math.exp(-5 / 30);
    expect(r.scores[0]!.index).toBeCloseTo(100 * a, 10);
    // C has no inNetworkShare: the other weights are renormalised
    const c = (0.25 * (1 - Math.exp(-20 / 24)) + 0.15 * 0.8 + 0.15 * (1 / 3) + 0.15 * 0.5 + 0.15 * Math.exp(-20 / 30)) / 0.85;
    expect(r.scores[2]!.index).toBeCloseTo(100 * c, 10);
    expect(r.scores.map((s) => s.tier)).toEqual(['champion', 'low', 'medium']);
    expect(r.tierCounts).toEqual([{ tier: 'low', count: 1 }, { tier: 'medium', count: 1 }, { tier: 'high', count: 0 }, { tier: 'champion', count: 1 }]);
  });
  test('learned weights put weight on what predicts retention', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      subscriberId: `S${i}`, tenureMonths: i % 50, rechargeRegularity: ((i * 7) % 11) / 10, services: 1 + (i % 3), inNetworkShare: ((i * 3) % 7) / 6, complaints: i % 4, daysSinceTopUp: (i * 13) % 90,
    }));
    const retained = rows.map((r) => (r.complaints <= 1 ? 1 : 0));
    const r = loyaltyIndex(rows, { weights: 'learned', retained });
    expect(r.weights.complaints).toBeGreaterThan(0.5);
    expect(Object.values(r.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  test('agreement with NPS', () => {
    const r = loyaltyIndex(profiles, { surveys: [resp('A', 10), resp('B', 2), resp('C', 8), resp('Z', 5)] });
    expect(r.agreement!.n).toBe(3);
    expect(r.agreement!.unmatched).toBe(1);
    expect(r.agreement!.spearman).toBeCloseTo(1, 12);
  });
  test('bad input', () => {
    expect(() => loyaltyIndex([{ ...profiles[0]!, rechargeRegularity: 1.2 }])).toThrow(/profiles\[0\]\.rechargeRegularity/);
    expect(() => loyaltyIndex([profiles[0]!, profiles[0]!])).toThrow(/repeats/);
    expect(() => loyaltyIndex(profiles, { weights: 'learned' })).toThrow(OptionsError);
    expect(() => loyaltyIndex(profiles, { weights: { tenure: 0 } })).toThrow(OptionsError);
    expect(() => loyaltyIndex(profiles, { tiers: { cuts: [60, 40], names: ['a', 'b', 'c'] } })).toThrow(OptionsError);
  });
  test('loyaltyProfiles from records', () => {
    const p = loyaltyProfiles(
      [{ id: 'S1', joinDate: '2023-01-15', paymentPlan: 'postpaid', secondaryCards: 1 }, { id: 'S2', joinDate: '2024-01-01', paymentPlan: 'prepaid' }],
      [
        { subscriberId: 'S1', month: '2024-01', billedAmount: 30, complaints: 1, vasCount: 2 },
        { subscriberId: 'S2', month: '2024-01', billedAmount: 0, topUpCount: 0 },
        { subscriberId: 'S2', month: '2024-02', billedAmount: 10, topUpCount: 2 },
      ],
      { callEdges: [{ callerId: 'S1', calleeId: 'S2', month: '2024-01' }, { callerId: 'S1', calleeId: 'X', month: '2024-01' }] },
    );
    expect(p).toEqual([
      { subscriberId: 'S1', tenureMonths: 13, rechargeRegularity: 1, services: 3, inNetworkShare: 0.5, complaints: 1, daysSinceTopUp: 45 },
      { subscriberId: 'S2', tenureMonths: 2, rechargeRegularity: 0.5, services: 1, inNetworkShare: 0, complaints: 0, daysSinceTopUp: 15 },
    ]);
    expect(() => loyaltyProfiles([{ id: 'S1', joinDate: '2023-01-15', paymentPlan: 'prepaid' }], [{ subscriberId: 'S7', month: '2024-01' }])).toThrow(/not among the subscribers/);
  });
});

describe('churn link', () => {
  test('churnByNpsClass: rates with Wilson intervals; an unknown subscriber id is a DataError', () => {
    const responses = [resp('a', 2), resp('b', 3), resp('c', 10), resp('d', 9), resp('e', 8), resp('a', 9, '2023-06-01')];
    const outcomes = [{ subscriberId: 'a', churned: 1 }, { subscriberId: 'b', churned: 0 }, { subscriberId: 'c', churned: 0 }, { subscriberId: 'd', churned: false }, { subscriberId: 'e', churned: true }];
    const r = churnByNpsClass(responses, outcomes);
    const w = wilsonInterval(1, 2);
    expect(r.classes[0]).toEqual({ npsClass: 'detractor', n: 2, churned: 1, rate: 0.5, lower: w.lower, upper: w.upper });
    expect(r.classes[2]!.n).toBe(2);
    expect(r.detractorExcess.difference).toBe(0.5);
    expect(() => churnByNpsClass([resp('zz', 4)], outcomes)).toThrow(/unknown subscriber/);
  });
  test('loyaltyFeatures: NaN for the unsurveyed; unknown ids refused', () => {
    const m = loyaltyFeatures(['a', 'b'], { responses: [resp('a', 9)], scores: [{ subscriberId: 'b', index: 40 }] });
    expect(m.columns).toEqual(['surveyed', 'npsAnswer', 'detractor', 'loyaltyIndex']);
    expect(Array.from(m.values)).toEqual([1, 9, 0, NaN, 0, NaN, NaN, 40]);
    expect(() => loyaltyFeatures(['a'], { responses: [resp('q', 9)] })).toThrow(/unknown subscriber/);
  });
});
