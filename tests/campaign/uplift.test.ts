/**
 * uplift-fixture.json: 200 rows with tied scores, and scikit-uplift 0.5's figures for them from a
 * numpy transcription of its metric code (sklift is not packaged in Debian):
 *
 * ```python
 * import numpy as np
 * auc = lambda x, y: float(np.trapz(y, x))          # sklearn.metrics.auc is the trapezoid rule
 * def _curve(y, u, t, kind):                        # sklift uplift_curve / qini_curve
 *     y, u, t = np.array(y), np.array(u), np.array(t)
 *     o = np.argsort(u, kind='mergesort')[::-1]; y, u, t = y[o], u[o], t[o]
 *     yc, yt = y.copy(), y.copy(); yc[t == 1] = 0; yt[t == 0] = 0
 *     th = np.r_[np.where(np.diff(u))[0], u.size - 1]
 *     nt = np.cumsum(t)[th].astype(float); Yt = np.cumsum(yt)[th].astype(float); na = th + 1; nc = na - nt; Yc = np.cumsum(yc)[th].astype(float)
 *     if kind == 'uplift':
 *         v = (np.divide(Yt, nt, out=np.zeros_like(Yt), where=nt != 0) - np.divide(Yc, nc, out=np.zeros_like(Yc), where=nc != 0)) * na
 *     else:
 *         v = Yt - Yc * np.divide(nt, nc, out=np.zeros_like(nt), where=nc != 0)
 *     return np.r_[0, na], np.r_[0, v]
 * def norm(a, p):
 *     base = auc([0, p[0][-1]], [0, p[1][-1]]); return (auc(*a) - base) / (auc(*p) - base)
 * def uplift_auc_score(y, u, t):                    # perfect: 2·[y == t] + (y if cr > tn else t)
 *     y, t = np.array(y), np.array(t); cr = np.sum((y == 1) & (t == 0)); tn = np.sum((y == 0) & (t == 1))
 *     return norm(_curve(y, u, t, 'uplift'), _curve(y, 2 * (y == t) + (y if cr > tn else t), t, 'uplift'))
 * def qini_auc_score(y, u, t):                      # negative_effect=True: perfect orders by y·t − y·(1−t)
 *     y, t = np.array(y), np.array(t); return norm(_curve(y, u, t, 'qini'), _curve(y, y * t - y * (1 - t), t, 'qini'))
 * def uplift_at_k(y, u, t, k):                      # strategy='overall'
 *     y, u, t = map(np.array, (y, u, t)); o = np.argsort(u, kind='mergesort')[::-1]; n = int(np.ceil(len(y) * k))
 *     yy, tt = y[o][:n], t[o][:n]; return yy[tt == 1].mean() - yy[tt == 0].mean()
 * rng = np.random.default_rng(5); n = 200
 * t = rng.integers(0, 2, n); x = rng.normal(size=n)
 * y = (rng.random(n) < 0.2 + 0.15 * t * (x > 0) - 0.05 * t * (x < -1)).astype(int)
 * u = np.round(x + rng.normal(scale=0.5, size=n), 1)
 * ```
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  auuc,
  DataError,
  DimensionError,
  fitUpliftModel,
  ModelError,
  OptionsError,
  parseModel,
  predictUplift,
  qiniCoefficient,
  qiniCurve,
  serializeModel,
  sleepingDogs,
  upliftAtK,
  upliftByDecile,
  upliftCurve,
  type UpliftLearner,
} from 'telcokit';
import { createRng } from '../../src/internal/rng';

const fx = JSON.parse(readFileSync(new URL('./uplift-fixture.json', import.meta.url), 'utf8')) as {
  t: number[]; y: number[]; u: number[]; auuc: number; qini: number; upliftAt30: number; qiniX: number[]; qiniY: number[]; upliftY: number[];
};

describe('uplift metrics against scikit-uplift definitions', () => {
  test('curves, with ties, match point for point', () => {
    const q = qiniCurve(fx.y, fx.u, fx.t);
    expect(q.x).toEqual(fx.qiniX);
    q.y.forEach((v, i) => expect(v).toBeCloseTo(fx.qiniY[i]!, 10));
    upliftCurve(fx.y, fx.u, fx.t).y.forEach((v, i) => expect(v).toBeCloseTo(fx.upliftY[i]!, 10));
  });
  test('auuc, qiniCoefficient, upliftAtK match', () => {
    expect(auuc(fx.y, fx.u, fx.t)).toBeCloseTo(fx.auuc, 12);
    expect(qiniCoefficient(fx.y, fx.u, fx.t)).toBeCloseTo(fx.qini, 12);
    expect(upliftAtK(fx.y, fx.u, fx.t, { k: 0.3 })).toBeCloseTo(fx.upliftAt30, 12);
  });
  test('a perfect ranking scores 1, its reverse below 0', () => {
    const y = [1, 0, 0, 1, 1, 0, 0, 1];
    const t = [1, 1, 0, 0, 1, 1, 0, 0];
    const perfect = y.map((v, i) => v * t[i]! - v * (1 - t[i]!));
    expect(qiniCoefficient(y, perfect, t)).toBeCloseTo(1, 12);
    expect(qiniCoefficient(y, perfect.map((v) => -v), t)).toBeLessThan(0);
  });
  test('qiniCoefficient without negative effects uses the two-segment perfect curve', () => {
    // Q = Y_t − Y_c N_t/N_c = 3 − 1 = 2; perfect area = 2·2/2 + (8 − 2)·2 = 14, random = 8·2/2 = 8
    const y = [1, 1, 1, 0, 1, 0, 0, 0];
    const t = [1, 1, 1, 1, 0, 0, 0, 0];
    const u = [8, 7, 6, 5, 4, 3, 2, 1];
    // model curve: x 0..8, y = [0, 1, 2, 3, 3, 3 − 1·4/1 … ] computed by hand below
    const q = qiniCurve(y, u, t);
    expect(q.y).toEqual([0, 1, 2, 3, 3, -1, 1, 5 / 3, 2]);
    const area = q.y.reduce((s, v, i) => (i === 0 ? 0 : s + (v + q.y[i - 1]!) / 2), 0);
    expect(qiniCoefficient(y, u, t, { negativeEffect: false })).toBeCloseTo((area - 8) / (14 - 8), 12);
  });
  test('upliftByDecile: sizes as numpy array_split, sleeping-dog bins flagged', () => {
    const rows = upliftByDecile(fx.y, fx.u, fx.t);
    expect(rows.length).toBe(10);
    expect(rows.reduce((s, r) => s + r.nTreatment + r.nControl, 0)).toBe(200);
    const r3 = upliftByDecile([1, 0, 0, 1, 1, 0, 1], [7, 6, 5, 4, 3, 2, 1], [1, 0, 1, 0, 1, 0, 0], { bins: 3 });
    expect(r3.map((r) => r.nTreatment + r.nControl)).toEqual([3, 2, 2]);
    for (const r of rows) expect(r.sleepingDogs).toBe(r.uplift !== null && r.uplift < 0);
  });
  test('upliftAtK by group', () => {
    // treated by score: rows 0 (y1), 2 (y0); control: 1 (y0), 3 (y1); k = 0.5 → one of each
    expect(upliftAtK([1, 0, 0, 1], [0.9, 0.5, 0.3, 0.1], [1, 0, 1, 0], { k: 0.5, strategy: 'by_group' })).toBe(1);
  });
  test('bad input: lengths, labels, one group, empty top k', () => {
    expect(() => qiniCurve([1, 0], [1], [1, 0])).toThrow(DimensionError);
    expect(() => qiniCurve([1, 0], [1, 2], [1, 2])).toThrow(/treatment labels must be 0\/1/);
    expect(() => auuc([1, 0], [1, 2], [1, 1])).toThrow(DataError);
    expect(() => qiniCurve([1, 0], [NaN, 2], [1, 0])).toThrow(DataError);
    expect(() => upliftAtK([1, 0, 1, 0], [4, 3, 2, 1], [1, 1, 0, 0], { k: 0.25 })).toThrow(DataError);
    expect(() => upliftAtK([1, 0, 1, 0], [4, 3, 2, 1], [1, 1, 0, 0], { k: 4 })).toThrow(OptionsError);
    expect(() => upliftByDecile([1, 0], [1, 2], [1, 0], { bins: 0 })).toThrow(OptionsError);
  });
});

/** A randomised campaign where the contact helps when x0 > 0 and harms when x0 < −1. */
function campaign(n: number, seed: number) {
  const rng = createRng(seed);
  const X: number[][] = [];
  const t: number[] = [];
  const y: number[] = [];
  const tau: number[] = [];
  for (let i = 0; i < n; i++) {
    const x0 = rng.normal();
    const x1 = rng.normal();
    const effect = x0 > 0 ? 0.25 * x0 : x0 < -1 ? -0.1 : 0;
    const base = 0.15 + 0.05 * x1;
    const ti = rng.next() < 0.5 ? 1 : 0;
    const p = Math.min(0.99, Math.max(0.01, base + ti * effect));
    X.push([x0, x1]);
    t.push(ti);
    y.push(rng.next() < p ? 1 : 0);
    tau.push(Math.min(0.99, Math.max(0.01, base + effect)) - Math.min(0.99, Math.max(0.01, base)));
  }
  return { X, t, y, tau };
}

describe('fitUpliftModel', () => {
  const train = campaign(6000, 1);
  const test_ = campaign(4000, 2);
  const learners: UpliftLearner[] = ['t', 's', 'x', 'class-transform'];
  test.each(learners)('learner %s ranks the true effects (correlation with τ > 0.3) and round-trips', (learner) => {
    const base = learner === 's' ? ({ kind: 'gbdt', nTrees: 60, seed: 1 } as const) : ({ kind: 'logistic' } as const);
    const m = fitUpliftModel(train.X, train.t, train.y, { learner, base });
    const u = predictUplift(m, test_.X);
    const corr = correlation(u, test_.tau);
    expect(corr).toBeGreaterThan(0.3);
    const back = parseModel(serializeModel(m), 'campaign/uplift');
    expect(serializeModel(back)).toBe(serializeModel(m));
    expect(Array.from(predictUplift(back, test_.X))).toEqual(Array.from(u));
  });
  test('gbdt T-learner finds the sleeping dogs', () => {
    const m = fitUpliftModel(train.X, train.t, train.y, { learner: 't', base: { kind: 'gbdt', nTrees: 80, seed: 3 } });
    const u = predictUplift(m, test_.X);
    const dogs = sleepingDogs(u, { threshold: -0.03 });
    expect(dogs.length).toBeGreaterThan(0);
    // the truly harmed (x0 < −1, about 16 % of the base) are over-represented among the flagged
    const harmed = dogs.filter((i) => test_.tau[i]! < 0).length / dogs.length;
    const base = test_.tau.filter((v) => v < 0).length / test_.tau.length;
    expect(harmed).toBeGreaterThan(1.5 * base);
    const meanTau = (rows: number[]) => rows.reduce((s, i) => s + test_.tau[i]!, 0) / rows.length;
    expect(meanTau(dogs)).toBeLessThan(meanTau(test_.tau.map((_, i) => i)));
  });
  test('same data and seed → the same model; frozen inputs are not mutated', () => {
    const X = Object.freeze(train.X.slice(0, 2000).map((r) => Object.freeze(r)));
    const t = Object.freeze(train.t.slice(0, 2000));
    const y = Object.freeze(train.y.slice(0, 2000));
    const o = { learner: 'x' as const, base: { kind: 'gbdt' as const, nTrees: 20, seed: 9 } };
    expect(serializeModel(fitUpliftModel(X, t, y, o))).toBe(serializeModel(fitUpliftModel(X, t, y, o)));
  });
  test('bad input', () => {
    const X = [[0], [1], [2], [3]];
    expect(() => fitUpliftModel(X, [1, 1, 0, 2], [0, 1, 0, 1])).toThrow(/treatment at index 3/);
    expect(() => fitUpliftModel(X, [1, 1, 1, 1], [0, 1, 0, 1])).toThrow(DataError);
    expect(() => fitUpliftModel(X, [1, 1, 0, 0], [1, 1, 0, 1])).toThrow(/all 1/);
    expect(() => fitUpliftModel(X, [1, 1, 0], [1, 0, 0, 1])).toThrow(DimensionError);
    expect(() => fitUpliftModel(X, [1, 0, 1, 0], [1, 0, 0, 1], { learner: 'r' as never })).toThrow(OptionsError);
    const m = fitUpliftModel(X, [1, 0, 1, 0], [1, 0, 0, 1]);
    expect(() => predictUplift(m, [[1, 2]])).toThrow(DimensionError);
    expect(() => predictUplift({ kind: 'churn/gbdt' } as never, X)).toThrow(ModelError);
    expect(() => sleepingDogs([0, NaN])).toThrow(DataError);
  });
});

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
