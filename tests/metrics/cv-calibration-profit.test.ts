import { describe, expect, test } from 'vitest';
import {
  DataError,
  OptionsError,
  applyCalibrator,
  crossValidate,
  fitCalibrator,
  kFold,
  profitCurve,
  stratifiedKFold,
} from 'telcokit';

describe('stratifiedKFold / kFold', () => {
  const y = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // 26 positives
  test('stratifiedKFold(labels): every row tested once, class counts balanced, sizes within one', () => {
    const folds = stratifiedKFold(y, { folds: 5, seed: 3 });
    const seen = new Uint8Array(103);
    for (const f of folds) {
      for (const i of f.test) seen[i]!++;
      expect(f.train.length + f.test.length).toBe(103);
      const pos = Array.from(f.test).filter((i) => y[i] === 1).length;
      expect(pos === 5 || pos === 6).toBe(true);
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
  test('same seed, same folds; another seed, other folds', () => {
    expect(stratifiedKFold(y, { seed: 1 })).toEqual(stratifiedKFold(y, { seed: 1 }));
    expect(stratifiedKFold(y, { seed: 1 })[0]!.test).not.toEqual(stratifiedKFold(y, { seed: 2 })[0]!.test);
  });
  test('more folds than rows → DataError; folds outside [2, MAX_FOLDS] → OptionsError', () => {
    expect(() => kFold(3, { folds: 4 })).toThrow(DataError);
    expect(() => kFold(10, { folds: 1 })).toThrow(OptionsError);
    expect(() => kFold(1e10, { folds: 1e10 })).toThrow('kFold: option folds must be an integer in [2, 1000], got 10000000000');
  });
});

describe('crossValidate', () => {
  const x = Array.from({ length: 60 }, (_, i) => [i % 10, (i * 7) % 13]);
  const y = x.map((r) => (r[0]! >= 5 ? 1 : 0));
  test('crossValidate(fit, m, y): per-fold metrics, mean and sd, out-of-fold scores', () => {
    const cv = crossValidate(() => (t) => Array.from({ length: t.nRows }, (_, i) => t.values[i * 2]! / 10), x, y, { folds: 3, seed: 5 });
    expect(cv.folds.length).toBe(3);
    expect(cv.mean.rocAuc).toBe(1);
    expect(cv.sd.rocAuc).toBe(0);
    expect(cv.oof[7]).toBeCloseTo(0.7, 15);
    expect(cv.folds.reduce((a, f) => a + f.nTest, 0)).toBe(60);
  });
  test('the fit function sees only the training rows', () => {
    const seen: number[] = [];
    crossValidate((train, yt, info) => {
      seen.push(train.nRows);
      expect(yt.length).toBe(train.nRows);
      expect(info.trainIndices.length).toBe(train.nRows);
      return (t) => new Float64Array(t.nRows).map((_, i) => t.values[i * 2]!);
    }, x, y, { folds: 4, scoreScale: 'any' });
    expect(seen).toEqual([45, 45, 45, 45]);
  });
  test('a fold with one class only is named, with its rows in the full matrix', () => {
    // 20 rows, one positive (row 17): in unstratified folds of 4, fold 0's test rows or its training rows lack it
    const xs = Array.from({ length: 20 }, (_, i) => [i]);
    const ys = xs.map((r) => (r[0] === 17 ? 1 : 0));
    const f0 = kFold(20, { folds: 5, seed: 0 })[0]!;
    const inTest = Array.from(f0.test).includes(17);
    const part = inTest ? f0.train : f0.test;
    const rows = Array.from(part.subarray(0, 5)).join(', ') + (part.length > 5 ? ', …' : '');
    const score = () => (t: { nRows: number; values: Float64Array }) => Array.from(t.values);
    expect(() => crossValidate(score, xs, ys, { folds: 5, stratified: false })).toThrow(
      `crossValidate: fold 0 (0-based) of 5: the ${inTest ? 'training' : 'test'} rows (${part.length}: rows ${rows}) hold class 0 only; use fewer folds, or stratified: true`,
    );
    // one negative, two folds: fold 0's training or test rows hold class 1 only
    const ys2 = xs.map((r) => (r[0] === 3 ? 0 : 1)); // one negative
    expect(() => crossValidate(score, xs, ys2, { folds: 2, stratified: false })).toThrow(/^crossValidate: fold \d \(0-based\) of 2: the (training|test) rows .* hold class 1 only/);
  });
  test('a NaN score names the fold and the row in the full matrix, not the test position', () => {
    const splits = stratifiedKFold(y, { folds: 3, seed: 0 });
    const f = splits.findIndex((s) => Array.from(s.test).includes(13));
    const pos = Array.from(splits[f]!.test).indexOf(13);
    const xi = x.map((r, i) => [i, r[0]!]);
    const fit = () => (t: { nRows: number; values: Float64Array }) => Array.from({ length: t.nRows }, (_, i) => (t.values[i * 2] === 13 ? NaN : t.values[i * 2 + 1]!));
    expect(() => crossValidate(fit, xi, y, { folds: 3, scoreScale: 'any' })).toThrow(
      `crossValidate: fold ${f} (0-based) of 3: the scorer returned NaN for row 13 (test position ${pos}); scores must be finite numbers`,
    );
  });
  test('crossValidate(fit, m, y) with a scorer returning margins names the fold and row; scoreScale: any accepts them', () => {
    const xs = Array.from({ length: 8 }, (_, i) => [i]);
    const ys = [0, 0, 0, 0, 1, 1, 1, 1];
    const score = () => (t: { nRows: number; values: Float64Array }) => Array.from(t.values, (v) => v - 3);
    expect(() => crossValidate(score, xs, ys, { folds: 2 })).toThrow(/^crossValidate: fold 0 \(0-based\) of 2: the scorer returned -?\d+ for row \d+ \(test position \d+\), outside \[0, 1\]/);
    expect(crossValidate(score, xs, ys, { folds: 2, scoreScale: 'any' }).mean.rocAuc).toBe(1);
  });
});

describe('fitCalibrator / applyCalibrator', () => {
  test("isotonic is PAVA: [0,1,0,1] at increasing scores → [0, 0.5, 0.5, 1]", () => {
    const c = fitCalibrator([0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], { method: 'isotonic' });
    expect(Array.from(applyCalibrator(c, [0.1, 0.2, 0.3, 0.4]))).toEqual([0, 0.5, 0.5, 1]);
    const out = applyCalibrator(c, [-5, 0.35, 9]); // clipped, interpolated
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(0.75, 14);
    expect(out[2]).toBe(1);
  });
  test('isotonic pools tied scores and is non-decreasing', () => {
    const c = fitCalibrator([1, 0, 0, 1, 1, 0], [1, 1, 2, 3, 3, 3], { method: 'isotonic' });
    const out = Array.from(applyCalibrator(c, [1, 2, 3]));
    // blocks: {1,1}→0.5, {2}→0 violates → pooled {1,1,2} → 1/3; {3,3,3} → 2/3
    expect(out[0]).toBeCloseTo(1 / 3, 15);
    expect(out[1]).toBeCloseTo(1 / 3, 15);
    expect(out[2]).toBeCloseTo(2 / 3, 15);
  });
  test("platt matches scikit-learn's _sigmoid_calibration (A = −4.74474, B = 1.00150)", () => {
    const c = fitCalibrator([0, 1, 0, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(c.method).toBe('platt');
    if (c.method !== 'platt') return;
    expect(c.a).toBeCloseTo(4.74474, 3);
    expect(c.b).toBeCloseTo(-1.0015, 3);
    expect(applyCalibrator(c, [0.5])[0]).toBeCloseTo(1 / (1 + Math.exp(-(c.a * 0.5 + c.b))), 15);
  });
  test('bad input', () => {
    expect(() => fitCalibrator([1, 1], [0.1, 0.2])).toThrow(DataError);
    expect(() => fitCalibrator([0, 1], [0.1, NaN])).toThrow(DataError);
    expect(() => fitCalibrator([0, 1], [0.1, 0.2], { method: 'beta' as never })).toThrow("fitCalibrator: option method must be 'platt' or 'isotonic', got \"beta\"");
  });
  test('fitCalibrator(scores, labels), the deprecated order, is recognised and gives the same model', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
    const labels = [0, 1, 0, 1, 1, 1];
    expect(fitCalibrator(scores, labels)).toEqual(fitCalibrator(labels, scores));
    expect(fitCalibrator(scores, labels, { method: 'isotonic' })).toEqual(fitCalibrator(labels, scores, { method: 'isotonic' }));
    const bools = labels.map((v) => v === 1);
    expect(fitCalibrator(scores, bools)).toEqual(fitCalibrator(bools, scores));
  });
});

describe('profitCurve', () => {
  test('profit(t) = Σ_{s ≥ t} (q · acceptRate · savedValue − offerCost), best cut-off', () => {
    const c = profitCurve([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], { offerCost: 10, acceptRate: 0.5, savedValue: 100 });
    expect(Array.from(c.profit)).toEqual([0, 40, 30, 70, 60]);
    expect(Array.from(c.targeted)).toEqual([0, 1, 2, 3, 4]);
    expect(c.best).toEqual({ threshold: 0.7, targeted: 3, share: 0.75, profit: 70 });
  });
  test('probabilities as outcomes, per-row saved value, ties enter together', () => {
    const c = profitCurve([0.5, 0.2, 0.2], [0.5, 0.2, 0.2], { offerCost: 5, acceptRate: 1, savedValue: [20, 10, 50] });
    // top: 0.5·20 − 5 = 5; then both ties: 5 + (0.2·10 − 5) + (0.2·50 − 5) = 7
    expect(Array.from(c.profit)).toEqual([0, 5, 7]);
    expect(c.best.targeted).toBe(3);
  });
  test('an offer too costly: target nobody', () => {
    const c = profitCurve([1, 0], [0.9, 0.1], { offerCost: 100, acceptRate: 0.1, savedValue: 50 });
    expect(c.best).toEqual({ threshold: Infinity, targeted: 0, share: 0, profit: 0 });
  });
  test('bad input', () => {
    expect(() => profitCurve([2, 0], [0.9, 0.1], { offerCost: 1, acceptRate: 0.5, savedValue: 5 })).toThrow(DataError);
    expect(() => profitCurve([1, 0], [0.9, 0.1], { offerCost: 1, acceptRate: 1.5, savedValue: 5 })).toThrow(OptionsError);
  });
  test('a bad savedValue entry is named savedValue[i], not a score', () => {
    const opts = { offerCost: 1, acceptRate: 0.5 };
    expect(() => profitCurve([1, 0, 1], [0.9, 0.5, 0.1], { ...opts, savedValue: [5, NaN, 7] })).toThrow(
      'profitCurve: savedValue[1] is NaN; saved values must be finite numbers',
    );
    expect(() => profitCurve([1, 0], [0.9, 0.1], { ...opts, savedValue: [Infinity, 3] })).toThrow(/^profitCurve: savedValue\[0\] is Infinity/);
    expect(() => profitCurve([1, 0], [0.9, NaN], { ...opts, savedValue: [5, 3] })).toThrow(/score at index 1/);
  });
});
