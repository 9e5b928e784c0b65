import { describe, expect, test } from 'vitest';
import { DimensionError, createFeatureMatrix, fitGbdt, gbdtExpectedValue, predictGbdtMargin, explainGbdt } from 'telcokit';
import type { FeatureMatrix, GbdtModel } from 'telcokit';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** n × p features with a few ties and missing values, labels from an interaction model. */
function synth(n: number, p: number, seed: number, nanRate: number): { X: FeatureMatrix; y: Uint8Array } {
  const r = lcg(seed);
  const v = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) v[i * p + j] = r() < nanRate ? NaN : Math.round(r() * 40) / 10 - 2;
    const a = v[i * p]!;
    const b = v[i * p + 1]!;
    const z = (Number.isNaN(a) ? 1 : a) * (Number.isNaN(b) ? -0.5 : b) + (p > 2 ? v[i * p + 2]! || 0 : 0);
    y[i] = r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: createFeatureMatrix(v, Array.from({ length: p }, (_, j) => `f${j}`)), y };
}

/** v(S) = E[f(x) | x_S] of one tree, following covers down splits on features outside S. */
function condExpectation(m: GbdtModel, t: number, x: ArrayLike<number>, inS: boolean[]): number {
  const { offsets, feature, threshold, left, right, value, missingGoesLeft, cover } = m.trees;
  const a = offsets[t]!;
  const rec = (nd: number): number => {
    const i = a + nd;
    if (left[i]! < 0) return value[i]!;
    const f = feature[i]!;
    if (inS[f]) {
      const v = x[f]!;
      const goLeft = Number.isNaN(v) ? missingGoesLeft[i] === 1 : v <= threshold[i]!;
      return rec(goLeft ? left[i]! : right[i]!);
    }
    const l = a + left[i]!;
    const r = a + right[i]!;
    return (cover[l]! * rec(left[i]!) + cover[r]! * rec(right[i]!)) / cover[i]!;
  };
  return rec(0);
}

function hasRepeatedFeatureOnPath(m: GbdtModel): boolean {
  const { offsets, feature, left, right } = m.trees;
  for (let t = 0; t < m.nTrees; t++) {
    const a = offsets[t]!;
    const walk = (nd: number, seen: Set<number>): boolean => {
      const f = feature[a + nd]!;
      if (f < 0) return false;
      if (seen.has(f)) return true;
      const next = new Set(seen).add(f);
      return walk(left[a + nd]!, next) || walk(right[a + nd]!, next);
    };
    if (walk(0, new Set())) return true;
  }
  return false;
}

/** Shapley values by enumerating all subsets (p small). */
function bruteShap(m: GbdtModel, x: ArrayLike<number>): Float64Array {
  const p = m.featureNames.length;
  const fact = [1];
  for (let k = 1; k <= p; k++) fact.push(fact[k - 1]! * k);
  const v = (mask: number): number => {
    const inS = Array.from({ length: p }, (_, j) => ((mask >> j) & 1) === 1);
    let s = m.baseScore;
    for (let t = 0; t < m.nTrees; t++) s += condExpectation(m, t, x, inS);
    return s;
  };
  const values = Array.from({ length: 1 << p }, (_, mask) => v(mask));
  const phi = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    for (let mask = 0; mask < 1 << p; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let j = 0; j < p; j++) size += (mask >> j) & 1;
      const w = (fact[size]! * fact[p - size - 1]!) / fact[p]!;
      phi[i] = phi[i]! + w * (values[mask | (1 << i)]! - values[mask]!);
    }
  }
  return phi;
}

describe('explainGbdt: exact path-dependent TreeSHAP', () => {
  test('explainGbdt equals brute-force Shapley values of v(S) = E[f(x) | x_S] on small trees (repeated features, NaN)', () => {
    const { X, y } = synth(400, 4, 1, 0.15);
    const m = fitGbdt(X, y, { nTrees: 4, maxLeaves: 10, minSamplesLeaf: 8, learningRate: 0.5 });
    // some path splits the same feature twice (the unwind branch of the algorithm)
    expect(hasRepeatedFeatureOnPath(m)).toBe(true);
    const r = lcg(2);
    for (let k = 0; k < 25; k++) {
      const x = k < 20 ? Array.from(X.values.subarray(k * 4, k * 4 + 4)) : Array.from({ length: 4 }, () => (r() < 0.3 ? NaN : r() * 4 - 2));
      const fast = explainGbdt(m, x);
      const slow = bruteShap(m, x);
      for (let j = 0; j < 4; j++) expect(Math.abs(fast[j]! - slow[j]!)).toBeLessThan(1e-10);
    }
  });

  test('expectedValue + Σφ = margin to 1e-9 on random rows, NaN included', () => {
    const { X, y } = synth(3000, 6, 3, 0.1);
    const m = fitGbdt(X, y, { nTrees: 40, maxLeaves: 31, minSamplesLeaf: 10, subsample: 0.8 });
    const ev = gbdtExpectedValue(m);
    const r = lcg(4);
    const rows: number[][] = [];
    for (let k = 0; k < 60; k++) rows.push(Array.from({ length: 6 }, () => (r() < 0.2 ? NaN : r() * 5 - 2.5)));
    const margins = predictGbdtMargin(m, rows);
    rows.forEach((row, k) => {
      const phi = explainGbdt(m, row);
      const total = phi.reduce((a, b) => a + b, ev);
      expect(Math.abs(total - margins[k]!)).toBeLessThan(1e-9);
    });
  });

  test('a feature the model never splits on gets exactly 0', () => {
    const { X, y } = synth(500, 3, 5, 0);
    const v = new Float64Array(500 * 4);
    for (let i = 0; i < 500; i++) {
      v.set(X.values.subarray(i * 3, i * 3 + 3), i * 4);
      v[i * 4 + 3] = 1;
    }
    const m = fitGbdt(createFeatureMatrix(v, ['a', 'b', 'c', 'const']), y, { nTrees: 10 });
    expect(explainGbdt(m, [0.3, -1, 2, 5])[3]).toBe(0);
  });

  test('gbdtExpectedValue is the mean training margin (covers count training rows)', () => {
    const { X, y } = synth(1000, 4, 6, 0.1);
    // without early stopping every row is a training row (with it, covers count the 90 % grown on)
    const m = fitGbdt(X, y, { nTrees: 20, earlyStopping: false });
    const mg = predictGbdtMargin(m, X);
    expect(gbdtExpectedValue(m)).toBeCloseTo(mg.reduce((a, b) => a + b, 0) / mg.length, 9);
  });

  test('explainGbdt on a row of the wrong length throws DimensionError', () => {
    const m = fitGbdt([[1], [2], [3], [4]], [0, 0, 1, 1], { nTrees: 1, minSamplesLeaf: 1 });
    expect(() => explainGbdt(m, [1, 2])).toThrow(DimensionError);
  });
});
