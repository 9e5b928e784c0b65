import { describe, expect, test } from 'vitest';
import { AbortError, DataError, OptionsError, createFeatureMatrix, tuneChurnModel } from 'telcokit';
import type { FeatureMatrix } from 'telcokit';
import { mulberry32 } from './synthetic.js';

/** n rows, 3 features; the label is an XOR of the signs of x0 and x1 (plus 10 % flips): a depth-1 tree cannot see it. */
function xorData(n: number, seed: number): { X: FeatureMatrix; y: Uint8Array } {
  const r = mulberry32(seed);
  const v = new Float64Array(n * 3);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = r() - 0.5;
    const b = r() - 0.5;
    v.set([a, b, r()], i * 3);
    const xor = (a > 0) !== (b > 0) ? 1 : 0;
    y[i] = r() < 0.1 ? 1 - xor : xor;
  }
  return { X: createFeatureMatrix(v, ['a', 'b', 'noise']), y };
}

const base = { nTrees: 20, minSamplesLeaf: 3 };

describe('tuneChurnModel: successive halving', () => {
  // Hand trace for N = 9 candidates, factor 3, budget 300 rows, cv 3 (folds need ≥ 10 test rows, so
  // a rung needs ≥ 30 rows): 1 + ⌊log₃ 9⌋ = 3 rungs are required and ⌊300/9⌋ = 33 ≥ 30 allows 3, so
  // rung 0 scores 9 candidates on ⌊300/9⌋ = 33 rows, rung 1 the best ⌈9/3⌉ = 3 on ⌊300/3⌋ = 100
  // rows, rung 2 the best ⌈3/3⌉ = 1 on all 300 rows.
  const { X, y } = xorData(300, 1);
  const t = tuneChurnModel(X, y, { kind: 'gbdt', base, space: { maxDepth: { values: [1, 4] } }, candidates: 9, factor: 3, cv: 3, outerFolds: 0, seed: 5 });

  test('tuneChurnModel(m, y, halving) follows the hand-traced schedule 9 × 33 → 3 × 100 → 1 × 300', () => {
    expect(t.rungs).toEqual([
      { rung: 0, candidates: 9, rows: 33 },
      { rung: 1, candidates: 3, rows: 100 },
      { rung: 2, candidates: 1, rows: 300 },
    ]);
    expect(t.candidates.map((c) => c.scores.length).sort()).toEqual([1, 1, 1, 1, 1, 1, 2, 2, 3]);
    for (const c of t.candidates) {
      expect(c.lastRung).toBe(c.scores.length - 1);
      c.scores.forEach((s, r) => {
        expect(s.rung).toBe(r);
        expect(s.rows).toBe(t.rungs[r]!.rows);
        expect(s.foldScores).toHaveLength(3);
        expect(s.mean).toBeCloseTo(s.foldScores.reduce((a, b) => a + b, 0) / 3, 14);
      });
    }
  });

  test('tuneChurnModel(m, y, halving) promotes exactly the best third of each rung (ties: draw order)', () => {
    for (let r = 0; r < 2; r++) {
      const inRung = t.candidates.filter((c) => c.scores.length > r);
      const ranked = [...inRung].sort((a, b) => b.scores[r]!.mean - a.scores[r]!.mean || a.id - b.id);
      const promoted = inRung.filter((c) => c.scores.length > r + 1).map((c) => c.id).sort();
      expect(promoted).toEqual(ranked.slice(0, t.rungs[r + 1]!.candidates).map((c) => c.id).sort());
    }
    const winner = t.candidates.find((c) => c.scores.length === 3)!;
    expect(t.bestParams).toEqual(winner.params);
    expect(t.bestScore).toBe(winner.scores[2]!.mean);
  });

  test('tuneChurnModel: stumps cannot see an XOR, so every maxDepth 1 candidate drops out and depth 4 wins', () => {
    const depth1 = t.candidates.filter((c) => c.params.maxDepth === 1);
    const depth4 = t.candidates.filter((c) => c.params.maxDepth === 4);
    expect(depth1.length).toBeGreaterThan(0);
    expect(depth4.length).toBeGreaterThanOrEqual(3);
    for (const c of depth1) expect(c.scores).toHaveLength(1);
    expect(t.bestParams.maxDepth).toBe(4);
    expect(t.bestScore).toBeGreaterThan(0.75); // stumps score about 0.5
    expect(t.best).toMatchObject({ kind: 'gbdt', nTrees: 20, minSamplesLeaf: 3, maxDepth: 4, seed: 5 });
    expect(t.model.kind).toBe('churn/gbdt');
    expect((t.model.options as { maxDepth?: number | null }).maxDepth).toBe(4);
    expect(Number.isNaN(t.nestedScore)).toBe(true);
    expect(t.nestedFoldScores).toEqual([]);
  });

  test("tuneChurnModel(search: 'random') scores every candidate once on the budget's rows", () => {
    const r = tuneChurnModel(X, y, { kind: 'gbdt', base, space: { maxDepth: { values: [1, 4] }, learningRate: { min: 0.05, max: 0.5, log: true } }, search: 'random', candidates: 4, cv: 3, budget: 200, outerFolds: 0 });
    expect(r.rungs).toEqual([{ rung: 0, candidates: 4, rows: 200 }]);
    for (const c of r.candidates) {
      expect(c.scores).toHaveLength(1);
      expect(c.params.learningRate as number).toBeGreaterThanOrEqual(0.05);
      expect(c.params.learningRate as number).toBeLessThanOrEqual(0.5);
    }
    const best = Math.max(...r.candidates.map((c) => c.scores[0]!.mean));
    expect(r.bestScore).toBe(best);
  });

  test('tuneChurnModel: the nested estimate repeats the search per outer fold; same seed, same result; input untouched', () => {
    const frozenY = Object.freeze(Array.from(y));
    const o = { kind: 'logistic' as const, space: { l2: { min: 0.001, max: 100, log: true } }, candidates: 3, cv: 3, outerFolds: 3, seed: 2 };
    const before = Float64Array.from(X.values);
    const a = tuneChurnModel(X, frozenY, o);
    const b = tuneChurnModel(X, frozenY, o);
    expect(Array.from(X.values)).toEqual(Array.from(before));
    expect(a.nestedFoldScores).toHaveLength(3);
    expect(a.nestedParams).toHaveLength(3);
    expect(a.nestedScore).toBeCloseTo(a.nestedFoldScores.reduce((s, v) => s + v, 0) / 3, 14);
    // a linear model cannot see an XOR: the honest estimate sits near chance
    expect(Math.abs(a.nestedScore - 0.5)).toBeLessThan(0.15);
    expect(b.nestedFoldScores).toEqual(a.nestedFoldScores);
    expect(b.bestParams).toEqual(a.bestParams);
    expect(b.candidates).toEqual(a.candidates);
  });

  test('tuneChurnModel reports progress up to its total and stops on abort', () => {
    const seen: number[] = [];
    let total = 0;
    tuneChurnModel(X, y, { kind: 'logistic', space: { l2: { values: [0.1, 1, 10] } }, candidates: 3, factor: 3, cv: 3, outerFolds: 2, onProgress: (p) => { seen.push(p.done); total = p.total; } });
    expect(seen.at(-1)).toBe(total);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const ac = new AbortController();
    ac.abort();
    expect(() => tuneChurnModel(X, y, { kind: 'logistic', space: { l2: { values: [1] } }, signal: ac.signal })).toThrow(AbortError);
  });
});

describe('tuneChurnModel: bad input', () => {
  const { X, y } = xorData(200, 3);
  const run = (o: object) => () => tuneChurnModel(X, y, { kind: 'gbdt', space: { maxDepth: { values: [1, 2] } }, ...o } as never);

  test('an option the learner does not have is an OptionsError naming the nearest one', () => {
    expect(run({ space: { maxLeaf: { values: [4, 8] } } })).toThrow(OptionsError);
    expect(run({ space: { maxLeaf: { values: [4, 8] } } })).toThrow(/space\.maxLeaf is not a tunable option of the gbdt learner; did you mean 'maxLeaves'/);
    expect(run({ space: { seed: { values: [1, 2] } } })).toThrow(/space\.seed is not a tunable option/);
    expect(() => tuneChurnModel(X, y, { kind: 'logistic', space: { maxLeaves: { values: [4] } } })).toThrow(/not a tunable option of the logistic learner/);
  });

  test('an empty list or range, or a range end the learner refuses, is an OptionsError naming space.<option>', () => {
    const err = (o: object): OptionsError => {
      try {
        run(o)();
      } catch (e) {
        return e as OptionsError;
      }
      throw new Error('no error');
    };
    expect(err({ space: { maxLeaves: { values: [] } } }).option).toBe('space.maxLeaves');
    expect(err({ space: { maxLeaves: { values: [] } } }).message).toMatch(/empty list of values/);
    expect(err({ space: { learningRate: { min: 0.3, max: 0.1 } } }).message).toMatch(/space\.learningRate is an empty range/);
    expect(err({ space: { maxLeaves: { min: 4.2, max: 4.8, int: true } } }).message).toMatch(/empty integer range/);
    expect(err({ space: { learningRate: { min: 0, max: 0.3, log: true } } }).message).toMatch(/log-uniform, so min must be > 0/);
    expect(err({ space: { learningRate: { min: 0.1, max: 2 } } }).option).toBe('space.learningRate');
    expect(err({ space: {} }).option).toBe('space');
    expect(err({ space: { maxDepth: { values: [2] } }, base: { maxDepth: 3 } }).message).toMatch(/both in space and in base/);
    expect(err({ search: 'grid' }).option).toBe('search');
    expect(err({ cv: 1 }).option).toBe('cv');
  });

  test('a budget too small for one fold is an OptionsError on budget', () => {
    // cv 5 needs 5 × 10 = 50 rows in each search; with 3 outer folds a search sees 2/3 of the budget: 75
    expect(run({ budget: 60 })).toThrow(OptionsError);
    expect(run({ budget: 60 })).toThrow(/option budget 60 \(60 usable rows, 40 in an outer training fold\) is too small for one fold: 5 folds of at least 10 test rows need 75 rows/);
    expect(run({ budget: 49, outerFolds: 0 })).toThrow(/need 50 rows/);
    expect(() => tuneChurnModel([[1], [2], [3]], [0, 1, 0], { kind: 'logistic', space: { l2: { values: [1] } } })).toThrow(OptionsError);
  });

  test('labels with one class in some fold are a DataError naming the fold', () => {
    // 3 positives among 100 rows and 5 folds: stratification deals them to folds 0–2, so fold 3's test rows hold class 0 only
    const labels = new Uint8Array(100);
    labels[10] = labels[50] = labels[90] = 1;
    const m = createFeatureMatrix(Float64Array.from({ length: 100 }, (_, i) => i), ['x']);
    const call = () => tuneChurnModel(m, labels, { kind: 'logistic', space: { l2: { values: [1] } }, search: 'random', outerFolds: 0 });
    expect(call).toThrow(DataError);
    expect(call).toThrow(/tuneChurnModel: search on all rows, rung 0 \(100 rows\), candidate 0, fold 3 \(0-based\) of 5: the test rows \(20: rows .*\) hold class 0 only/);
  });
});
