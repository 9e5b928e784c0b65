import { describe, expect, test } from 'vitest';
import {
  AbortError,
  DataError,
  DimensionError,
  ModelError,
  OptionsError,
  createFeatureMatrix,
  fitGbdt,
  gbdtFeatureImportance,
  parseModel,
  predictGbdt,
  predictGbdtMargin,
  serializeModel,
} from 'telcokit';
import type { FeatureMatrix, GbdtModel } from 'telcokit';
import { describeConformance } from '../conformance/harness';

/** Small deterministic generator (tests only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** n × p uniform features in [−2, 2] (a share `nanRate` missing) and logistic labels. */
function synth(n: number, p: number, seed: number, nanRate = 0): { X: FeatureMatrix; y: Uint8Array } {
  const r = lcg(seed);
  const v = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = -0.5;
    for (let j = 0; j < p; j++) {
      const x = r() * 4 - 2;
      const miss = r() < nanRate;
      v[i * p + j] = miss ? NaN : x;
      z += (miss ? 0.8 : x) * (j % 2 ? 1 : -1) * (j < 3 ? 1.2 : 0.3);
    }
    y[i] = r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: createFeatureMatrix(v, Array.from({ length: p }, (_, j) => `f${j}`)), y };
}

function logLoss(y: Uint8Array, margin: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const m = margin[i]!;
    s += (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - (y[i] ? m : 0);
  }
  return s / y.length;
}

function leaves(model: GbdtModel, t: number): number[] {
  const out: number[] = [];
  for (let i = model.trees.offsets[t]!; i < model.trees.offsets[t + 1]!; i++) if (model.trees.left[i]! < 0) out.push(i);
  return out;
}

describe('fitGbdt: exact results on hand-checkable data', () => {
  test('fitGbdt on x = 1…4, y = 0,0,1,1 gives one stump at 2.5 with leaves ∓lr·G/H', () => {
    // p = 0.5 everywhere: g = p − y = ±0.5, h = 0.25; left G = 1, H = 0.5 → −0.1 · 1 / 0.5 = −0.2
    const m = fitGbdt([[1], [2], [3], [4]], new Uint8Array([0, 0, 1, 1]), { nTrees: 1, minSamplesLeaf: 1, l2: 0 });
    expect(m.kind).toBe('churn/gbdt');
    expect(m.baseScore).toBe(0);
    expect(Array.from(m.trees.feature)).toEqual([0, -1, -1]);
    expect(Array.from(m.trees.threshold)).toEqual([2.5, 0, 0]);
    expect(Array.from(m.trees.value.subarray(1))).toEqual([-0.2, 0.2]);
    expect(Array.from(m.trees.cover)).toEqual([4, 2, 2]);
    // gain = 1²/0.5 + 1²/0.5 − 0 = 4
    expect(m.trees.gain[0]).toBe(4);
    expect(Array.from(predictGbdtMargin(m, [[0], [2.5], [2.6], [100]]))).toEqual([-0.2, -0.2, 0.2, 0.2]);
  });

  test('fitGbdt with l2 = λ divides by H + λ, and uses the log-odds of the base rate', () => {
    // x = 1…5, y = 0,0,0,1,1: base = log(2/3), p = 0.4, g = 0.4 / −0.6, h = 0.24
    const m = fitGbdt([[1], [2], [3], [4], [5]], [0, 0, 0, 1, 1], { nTrees: 1, minSamplesLeaf: 1, l2: 0.5, learningRate: 0.3 });
    expect(m.baseScore).toBeCloseTo(Math.log(2 / 3), 15);
    expect(m.trees.threshold[0]).toBe(3.5);
    expect(m.trees.value[1]).toBeCloseTo((-0.3 * 1.2) / (0.72 + 0.5), 14);
    expect(m.trees.value[2]).toBeCloseTo((-0.3 * -1.2) / (0.48 + 0.5), 14);
    const gain = 1.2 ** 2 / 1.22 + 1.2 ** 2 / 0.98 - 0;
    expect(m.trees.gain[0]).toBeCloseTo(gain, 12);
    const pr = predictGbdt(m, [[5]])[0]!;
    expect(pr).toBeCloseTo(1 / (1 + Math.exp(-(Math.log(2 / 3) + (0.3 * 1.2) / 0.98))), 14);
  });

  test('minSamplesLeaf, maxLeaves and maxDepth bound every tree', () => {
    const { X, y } = synth(600, 4, 1);
    const m = fitGbdt(X, y, { nTrees: 5, maxLeaves: 7, minSamplesLeaf: 30 });
    for (let t = 0; t < m.nTrees; t++) {
      const ls = leaves(m, t);
      expect(ls.length).toBeLessThanOrEqual(7);
      for (const i of ls) expect(m.trees.cover[i]).toBeGreaterThanOrEqual(30);
    }
    const d = fitGbdt(X, y, { nTrees: 3, maxLeaves: 31, maxDepth: 2, minSamplesLeaf: 5 });
    for (let t = 0; t < d.nTrees; t++) expect(leaves(d, t).length).toBeLessThanOrEqual(4);
  });

  test('fit-time margins agree with predictGbdtMargin (trainLoss after the last tree)', () => {
    const { X, y } = synth(800, 5, 2, 0.1);
    for (const opts of [{}, { subsample: 0.6, colsample: 0.6 }]) {
      const m = fitGbdt(X, y, { nTrees: 15, ...opts });
      expect(m.trainLoss.length).toBe(16);
      expect(m.trainLoss[15]).toBeCloseTo(logLoss(y, predictGbdtMargin(m, X)), 12);
      expect(m.trainLoss[15]!).toBeLessThan(m.trainLoss[0]!);
    }
  });
});

describe('fitGbdt: missing values, constant columns, hard data', () => {
  test('learns to send NaN right when missing rows are positive, left when negative', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, NaN, NaN, NaN, NaN];
    const yPos = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
    const a = fitGbdt(x.map((v) => [v]), yPos, { nTrees: 1, minSamplesLeaf: 1, maxLeaves: 2 });
    expect(a.trees.threshold[0]).toBe(4.5);
    expect(a.trees.missingGoesLeft[0]).toBe(0);
    const yNeg = [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1];
    const b = fitGbdt(x.map((v) => [v]), yNeg, { nTrees: 1, minSamplesLeaf: 1, maxLeaves: 2 });
    expect(b.trees.threshold[0]).toBe(4.5);
    expect(b.trees.missingGoesLeft[0]).toBe(1);
    expect(predictGbdtMargin(b, [[NaN]])[0]).toBe(predictGbdtMargin(b, [[1]])[0]);
  });

  test('splits missing versus present when only missingness is informative', () => {
    const x = [1, 2, 3, 4, NaN, NaN, NaN, NaN];
    const m = fitGbdt(x.map((v) => [v]), [0, 0, 0, 0, 1, 1, 1, 1], { nTrees: 1, minSamplesLeaf: 1 });
    expect(m.trees.threshold[0]).toBe(Infinity);
    expect(m.trees.missingGoesLeft[0]).toBe(0);
    expect(Array.from(predictGbdt(m, [[1e300], [NaN]])).map((p) => p > 0.5)).toEqual([false, true]);
  });

  test('NaN never seen in training follows the bigger child', () => {
    const m = fitGbdt([[1], [2], [3], [4], [5]], [0, 0, 0, 1, 1], { nTrees: 1, minSamplesLeaf: 1 });
    expect(m.trees.missingGoesLeft[0]).toBe(1);
    expect(predictGbdtMargin(m, [[NaN]])[0]).toBe(predictGbdtMargin(m, [[1]])[0]);
  });

  test('constant columns are never split on; an all-constant matrix predicts the base rate', () => {
    const { X, y } = synth(400, 3, 3);
    const v = new Float64Array(400 * 4);
    for (let i = 0; i < 400; i++) {
      v[i * 4] = 7;
      v.set(X.values.subarray(i * 3, i * 3 + 3), i * 4 + 1);
    }
    const m = fitGbdt(createFeatureMatrix(v, ['c', 'a', 'b', 'd']), y, { nTrees: 10 });
    expect(gbdtFeatureImportance(m, 'split')[0]).toBe(0);
    const c = fitGbdt(
      Array.from({ length: 50 }, () => [3, NaN]),
      Array.from({ length: 50 }, (_, i) => (i < 10 ? 1 : 0)),
      { nTrees: 5 },
    );
    expect(c.trees.feature.every((f) => f === -1)).toBe(true);
    const pr = predictGbdt(c, [[3, NaN], [0, 1]]);
    expect(pr[0]).toBeCloseTo(0.2, 12);
    expect(pr[1]).toBe(pr[0]);
  });

  test('perfectly separable data: finite margins and a perfect ranking', () => {
    const x = Array.from({ length: 200 }, (_, i) => [i]);
    const y = x.map(([v]) => (v! >= 100 ? 1 : 0));
    const m = fitGbdt(x, y, { nTrees: 100, l2: 0 });
    const mg = predictGbdtMargin(m, x);
    expect(mg.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < 200; i++) expect(mg[i]! > 0).toBe(y[i] === 1);
  });

  test('0.5 % positives: finite probabilities that rank positives higher; balanced weights centre the base score', () => {
    const n = 4000;
    const r = lcg(9);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      const pos = i % 200 === 0;
      rows.push([r() + (pos ? 1.5 : 0), r(), r()]);
      y.push(pos ? 1 : 0);
    }
    const m = fitGbdt(rows, y, { nTrees: 30 });
    const pr = predictGbdt(m, rows);
    expect(pr.every((p) => p > 0 && p < 1)).toBe(true);
    let mp = 0;
    let mn = 0;
    for (let i = 0; i < n; i++) {
      if (y[i]) mp += pr[i]! / 20;
      else mn += pr[i]! / (n - 20);
    }
    expect(mp).toBeGreaterThan(5 * mn);
    const b = fitGbdt(rows, y, { nTrees: 5, classWeight: 'balanced' });
    expect(b.baseScore).toBeCloseTo(0, 14);
    const w = fitGbdt(rows, y, { nTrees: 5, classWeight: { 0: 1, 1: 199 } });
    expect(w.baseScore).toBeCloseTo(0, 14);
  });
});

describe('fitGbdt: early stopping, progress, abort, determinism', () => {
  test('early stopping on a held-out stratified split stops before nTrees', () => {
    const { X, y } = synth(3000, 4, 4);
    const all = fitGbdt(X, y, { nTrees: 300, learningRate: 0.5, earlyStopping: true, nIterNoChange: 5, keepAllTrees: true });
    expect(all.options.earlyStopping).toBe(true);
    expect(all.nTrees).toBeLessThan(300);
    expect(all.validLoss.length).toBe(all.nTrees + 1);
    expect(all.bestIteration).toBeLessThanOrEqual(all.nTrees - 5);
    const best = all.validLoss[all.bestIteration]!;
    expect(Math.min(...all.validLoss)).toBe(best);
    // by default the model is cut back to its best iteration: the same first trees, no more
    const m = fitGbdt(X, y, { nTrees: 300, learningRate: 0.5, earlyStopping: true, nIterNoChange: 5 });
    expect(m.nTrees).toBe(all.bestIteration);
    expect(m.bestIteration).toBe(all.bestIteration);
    expect(Array.from(m.validLoss)).toEqual(Array.from(all.validLoss));
    const cut = all.trees.offsets[m.nTrees]!;
    expect(Array.from(m.trees.value)).toEqual(Array.from(all.trees.value.subarray(0, cut)));
    // 'auto' turns it on from 1,000 rows
    expect(fitGbdt(X, y, { nTrees: 2 }).options.earlyStopping).toBe(true);
    const small = synth(999, 4, 4);
    expect(fitGbdt(small.X, small.y, { nTrees: 2 }).options.earlyStopping).toBe(false);
    expect(fitGbdt(small.X, small.y, { nTrees: 2 }).validLoss.length).toBe(0);
  });

  test('default maxLeaves adapts to the rows grown on: clamp(round(√n_fit / 7.5), 4, 31)', () => {
    // 3,000 rows, early stopping on: n_fit = 2,700, √2700 / 7.5 = 6.93 → 7
    const { X, y } = synth(3000, 4, 4);
    expect(fitGbdt(X, y, { nTrees: 1 }).options.maxLeaves).toBe(7);
    // without early stopping n_fit = 3,000: √3000 / 7.5 = 7.30 → 7; 999 rows: 4.21 → 4
    expect(fitGbdt(X, y, { nTrees: 1, earlyStopping: false }).options.maxLeaves).toBe(7);
    const small = synth(999, 4, 4);
    expect(fitGbdt(small.X, small.y, { nTrees: 1 }).options.maxLeaves).toBe(4);
    // a given value is kept
    expect(fitGbdt(X, y, { nTrees: 1, maxLeaves: 31 }).options.maxLeaves).toBe(31);
  });

  test('onProgress reports each tree; an AbortSignal stops the fit', () => {
    const { X, y } = synth(300, 3, 5);
    const seen: number[] = [];
    fitGbdt(X, y, {
      nTrees: 4,
      onProgress: (p) => {
        expect(p.stage).toBe('tree');
        expect(p.total).toBe(4);
        expect(Number.isFinite(p.metrics?.trainLoss)).toBe(true);
        seen.push(p.done);
      },
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    const ac = new AbortController();
    ac.abort();
    expect(() => fitGbdt(X, y, { signal: ac.signal })).toThrow(AbortError);
    const ac2 = new AbortController();
    let calls = 0;
    expect(() =>
      fitGbdt(X, y, {
        nTrees: 50,
        signal: ac2.signal,
        onProgress: () => {
          if (++calls === 3) ac2.abort();
        },
      }),
    ).toThrow(/fitGbdt: aborted/);
    expect(calls).toBe(3);
  });

  test('same seed → identical serializeModel text; another seed → another model', () => {
    const { X, y } = synth(2000, 5, 6, 0.05);
    const o = { nTrees: 8, subsample: 0.7, colsample: 0.6, earlyStopping: true as const, seed: 5 };
    const a = serializeModel(fitGbdt(X, y, o));
    expect(serializeModel(fitGbdt(X, y, o))).toBe(a);
    expect(serializeModel(fitGbdt(X, y, { ...o, seed: 6 }))).not.toBe(a);
  });
});

describe('fitGbdt / predictGbdt: bad input and model loading', () => {
  const { X, y } = synth(200, 3, 7);
  test('rejects bad labels, lengths and options', () => {
    expect(() => fitGbdt(X, y.subarray(1))).toThrow(DimensionError);
    expect(() => fitGbdt([[1], [2]], [0, 2])).toThrow(/fitGbdt: label at index 1 is 2/);
    expect(() => fitGbdt([[1], [2]], [1, 1])).toThrow(DataError);
    expect(() => fitGbdt([], [])).toThrow(DataError);
    expect(() => fitGbdt(X, y, { learningRate: 0 })).toThrow(/fitGbdt: option learningRate must be a number in \(0, 1\], got 0/);
    expect(() => fitGbdt(X, y, { maxBins: 256 })).toThrow(OptionsError);
    expect(() => fitGbdt(X, y, { subsample: 1.5 })).toThrow(OptionsError);
    expect(() => fitGbdt(X, y, { classWeight: { 0: 1, 1: -1 } })).toThrow(OptionsError);
  });

  test('predict on a wrong column count throws DimensionError naming the function', () => {
    const m = fitGbdt(X, y, { nTrees: 2 });
    expect(() => predictGbdt(m, [[1, 2]])).toThrow(/predictGbdt: matrix has 2 columns, model expects 3/);
    expect(() => predictGbdtMargin(m, [[1, 2, 3, 4]])).toThrow(DimensionError);
  });

  test('parseModel rejects another kind, a newer version and malformed trees', () => {
    const m = fitGbdt(X, y, { nTrees: 3 });
    const text = serializeModel(m);
    expect(parseModel(text, 'churn/gbdt').nTrees).toBe(3);
    expect(() => parseModel(text, 'churn/logistic')).toThrow(ModelError);
    const raw = JSON.parse(text) as Record<string, unknown>;
    expect(() => parseModel(JSON.stringify({ ...raw, kind: 'churn/logistic' }))).toThrow(ModelError);
    expect(() => parseModel(JSON.stringify({ ...raw, version: 3 }))).toThrow(/newer/);
    // version 1 (before keepAllTrees) loads, keeping all its trees
    const { keepAllTrees: _k, ...v1Options } = m.options;
    void _k;
    const v1 = parseModel(JSON.stringify({ ...raw, version: 1, options: v1Options }), 'churn/gbdt');
    expect(v1.version).toBe(2);
    expect(v1.options.keepAllTrees).toBe(true);
    const bad = { ...m, trees: { ...m.trees, left: m.trees.left.map((l) => (l > 0 ? 0 : l)) } };
    expect(() => parseModel(serializeModel(bad))).toThrow(/malformed/);
    const short = { ...m, trees: { ...m.trees, value: m.trees.value.subarray(1).slice() } };
    expect(() => parseModel(serializeModel(short))).toThrow(ModelError);
  });

  test('options with class weights, depth limits and early stopping round-trip bit for bit', () => {
    for (const o of [{ classWeight: { 0: 1, 1: 3 } }, { classWeight: 'balanced' as const, maxDepth: 3 }, { earlyStopping: true }]) {
      const m = fitGbdt(X, y, { nTrees: 3, ...o });
      const text = serializeModel(m);
      expect(serializeModel(parseModel(text))).toBe(text);
    }
  });

  test('gbdtFeatureImportance counts splits and sums gains', () => {
    const m = fitGbdt(X, y, { nTrees: 5 });
    const split = gbdtFeatureImportance(m, 'split');
    const gain = gbdtFeatureImportance(m);
    let internal = 0;
    let totalGain = 0;
    for (let i = 0; i < m.trees.feature.length; i++) {
      if (m.trees.feature[i]! >= 0) {
        internal++;
        totalGain += m.trees.gain[i]!;
      }
    }
    expect(split.reduce((a, b) => a + b, 0)).toBe(internal);
    expect(gain.reduce((a, b) => a + b, 0)).toBeCloseTo(totalGain, 9);
    expect(() => gbdtFeatureImportance(m, 'cover' as 'gain')).toThrow(DataError);
  });
});

const conf = synth(300, 5, 8, 0.1);
describeConformance({
  name: 'churn/gbdt',
  train: conf.X,
  fit: (train, seed) => fitGbdt(train, conf.y, { nTrees: 8, subsample: 0.8, colsample: 0.8, seed }),
  predict: (model, m) => predictGbdt(model, m),
});
