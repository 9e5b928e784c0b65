import { describe, expect, test } from 'vitest';
import {
  DataError,
  OptionsError,
  DimensionError,
  averagePrecision,
  crossValidate,
  evaluateBinary,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
} from 'telcokit';

// Reference values: scikit-learn 1.2.1 (roc_auc_score, average_precision_score, log_loss,
// brier_score_loss, precision_recall_curve) on the same inputs.
const y = [0, 0, 1, 1];
const s = [0.1, 0.4, 0.35, 0.8];

describe('rocAuc / averagePrecision', () => {
  test('rocAuc matches scikit-learn: roc_auc_score([0,0,1,1],[0.1,0.4,0.35,0.8]) = 0.75', () => {
    expect(rocAuc(y, s)).toBe(0.75);
  });
  test('averagePrecision matches average_precision_score = 0.8333…', () => {
    expect(averagePrecision(y, s)).toBeCloseTo(0.8333333333333333, 15);
  });
  test('ties count one half (Mann–Whitney midranks)', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    // pairs (pos, neg): (0.5 vs 0.5)=½, (0.5 vs 0.2)=1, (0.9 vs 0.5)=1, (0.9 vs 0.2)=1 → 3.5/4
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBe(0.875);
    // sklearn: average_precision_score([0,1,0,1],[0.5,0.5,0.2,0.9]) = 0.5*1 + 0.5*(2/3) = 0.8333
    expect(averagePrecision([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])).toBeCloseTo(0.8333333333333333, 15);
  });
  test('rocAuc is invariant to monotone transforms and booleans work as labels', () => {
    expect(rocAuc([false, false, true, true], s.map((v) => Math.log(v)))).toBe(0.75);
  });
  test('bad input: one class, non-0/1 labels, NaN scores, lengths', () => {
    expect(() => rocAuc([1, 1], [0.1, 0.2])).toThrow(DataError);
    expect(() => rocAuc([0, 2], [0.1, 0.2])).toThrow(/index 1/);
    expect(() => rocAuc([0, 1], [NaN, 0.2])).toThrow(DataError);
    expect(() => rocAuc([0, 1], [Infinity, 0.2])).toThrow(DataError);
    expect(() => rocAuc([0, 1, 1], [0.1, 0.2])).toThrow(DimensionError);
  });
});

describe('curves', () => {
  test('precisionRecallCurve matches precision_recall_curve (reversed, without the (1, 0) end point)', () => {
    const c = precisionRecallCurve(y, s);
    expect(Array.from(c.precision)).toEqual([1, 0.5, 2 / 3, 0.5]);
    expect(Array.from(c.recall)).toEqual([0.5, 0.5, 1, 1]);
    expect(Array.from(c.thresholds)).toEqual([0.8, 0.4, 0.35, 0.1]);
  });
  test('rocCurve starts at (0,0) with threshold +∞ and its trapezoid area is rocAuc', () => {
    const c = rocCurve(y, s);
    expect(Array.from(c.fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(c.tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(c.thresholds[0]).toBe(Infinity);
    let area = 0;
    for (let k = 1; k < c.fpr.length; k++) area += ((c.fpr[k]! - c.fpr[k - 1]!) * (c.tpr[k]! + c.tpr[k - 1]!)) / 2;
    expect(area).toBeCloseTo(0.75, 15);
  });
});

describe('evaluateBinary', () => {
  const e = evaluateBinary(y, s);
  test('log loss and Brier match scikit-learn', () => {
    expect(e.logLoss).toBeCloseTo(0.47228795380917615, 14); // log_loss
    expect(e.brier).toBeCloseTo(0.158125, 14); // brier_score_loss
  });
  test('the doc examples show the exact values returned', () => {
    expect(evaluateBinary([0, 0, 1, 1], [0.25, 0.5, 0.5, 0.75]).brier).toBe(0.15625);
    expect(evaluateBinary([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).brier).toBe(0.15812500000000002);
  });
  test('fewer rows than groups: min(groups, n) groups of one row, topDecileLift is a number', () => {
    const r = evaluateBinary(y, s); // 4 rows, 10 groups asked
    expect(r.lift.length).toBe(4);
    expect(r.lift.map((g) => g.count)).toEqual([1, 1, 1, 1]);
    // best-scored row (0.8) is a positive: rate 1 over base rate 0.5
    expect(r.topDecileLift).toBe(2);
    expect(r.lift.map((g) => g.positives)).toEqual([1, 0, 1, 0]);
    expect(r.lift[3]!.cumulativeGain).toBe(1);
    expect(r.lift.every((g) => Number.isFinite(g.lift) && Number.isFinite(g.cumulativeLift))).toBe(true);
    // the crossValidate example: 2 folds of 4 rows, perfectly ranked
    const cv = crossValidate(() => (t) => Array.from(t.values), [[0], [1], [2], [3], [4], [5], [6], [7]], [0, 0, 0, 0, 1, 1, 1, 1], { folds: 2, scoreScale: 'any' });
    expect(cv.mean.topDecileLift).toBe(2);
  });
  test('confusion at threshold 0.5 and the derived rates', () => {
    expect(e.confusion).toEqual({ tp: 1, fp: 0, tn: 2, fn: 1 });
    expect(e.precision).toBe(1);
    expect(e.recall).toBe(0.5);
    expect(e.f1).toBeCloseTo(2 / 3, 15);
    expect(e.accuracy).toBe(0.75);
    expect(e.specificity).toBe(1);
    const low = evaluateBinary(y, s, { threshold: 0.3 });
    expect(low.confusion).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0 });
  });
  test('KS = max(TPR − FPR) = 0.5 here', () => {
    expect(e.ks).toBe(0.5);
    expect(e.ksThreshold).toBe(0.8);
  });
  test('lift by group: top half of [0.8, 0.4 | 0.35, 0.1] holds 1 of 2 positives', () => {
    const g = evaluateBinary(y, s, { groups: 2 });
    expect(g.lift.map((r) => r.positives)).toEqual([1, 1]);
    expect(g.lift[0]!.lift).toBe(1);
    expect(g.lift[1]!.cumulativeGain).toBe(1);
    expect(g.topDecileLift).toBe(1);
    // perfect ranking: the top half is all positives → lift 2
    expect(evaluateBinary([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1], { groups: 2 }).topDecileLift).toBe(2);
  });
  test('deciles cover every row; cumulative gains end at 1', () => {
    const n = 1003;
    const yy = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const ss = Array.from({ length: n }, (_, i) => ((i * 37) % 101) / 101);
    const r = evaluateBinary(yy, ss);
    expect(r.lift.reduce((a, b) => a + b.count, 0)).toBe(n);
    expect(r.lift[9]!.cumulativeGain).toBe(1);
    expect(r.lift[9]!.cumulativeLift).toBeCloseTo(1, 14);
  });
  test('calibration table: bins, means and observed rates; ECE', () => {
    const c = evaluateBinary([0, 1, 1, 0], [0.05, 0.15, 0.95, 1], { bins: 2 });
    expect(c.calibration).toEqual([
      { lower: 0, upper: 0.5, count: 2, meanPredicted: 0.1, observedRate: 0.5 },
      { lower: 0.5, upper: 1, count: 2, meanPredicted: 0.975, observedRate: 0.5 },
    ]);
    expect(c.ece).toBeCloseTo(0.5 * 0.4 + 0.5 * 0.475, 14);
  });
  test("evaluateBinary(y, margins) throws a DataError naming the score; scoreScale: 'any' computes AUCs, probability metrics NaN", () => {
    expect(() => evaluateBinary(y, [0.2, 1, 0.5, 3])).toThrow(/^evaluateBinary: score 3 at index 3 is outside \[0, 1\]/);
    expect(() => evaluateBinary(y, [-2, 1, 0.5, 3])).toThrow(DataError);
    expect(() => evaluateBinary(y, [0.2, 0.3, 0.5, 0.1], { scoreScale: 'margins' as never })).toThrow(OptionsError);
    const m = evaluateBinary(y, [-2, 1, 0.5, 3], { scoreScale: 'any' });
    expect(m.rocAuc).toBe(0.75);
    expect(m.logLoss).toBeNaN();
    expect(m.brier).toBeNaN();
    expect(m.calibration).toEqual([]);
  });
});
