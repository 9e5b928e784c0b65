import { describe, expect, test } from 'vitest';
import { OptionsError, fitChurnModel, fitGbdt, parseModel, predictChurn, serializeModel } from 'telcokit';

const X = [[0], [1], [2], [3], [0.5], [2.5]];
const y = [0, 0, 1, 1, 0, 1];

/**
 * A `'churn/logistic'` model as telcokit 0.1 wrote it (version 1: options spelled `lambda`,
 * `maxIterations`, `tolerance`), fitted on [[0],[1],[2],[3]] / [0,0,1,1] with lambda 0.1.
 */
const V1 =
  '{"kind":"churn/logistic","version":1,"options":{"C":null,"lambda":0.1,"classWeight":null,"maxIterations":200,"tolerance":0.00001},' +
  '"featureNames":["x0"],"coefficients":{"$typed":"Float64Array","length":1,"base64":"hnL+Rm4f+D8="},"intercept":-2.2615102920342327,' +
  '"featureMeans":{"$typed":"Float64Array","length":1,"base64":"AAAAAAAA+D8="},"featureSds":{"$typed":"Float64Array","length":1,"base64":"qPSXm3fj8T8="},' +
  '"convergence":{"converged":true,"iterations":6,"gradientNorm":3.174050339227463e-8,"loss":0.35603219764839245},"separable":true,"nTrain":4,"positiveRate":0.5}';

describe('churn option vocabulary', () => {
  test('parseModel loads a version-1 logistic model with its options renamed', () => {
    const m = parseModel(V1, 'churn/logistic');
    expect(m.version).toBe(2);
    expect(m.options).toEqual({ C: null, l2: 0.1, classWeight: null, maxIter: 200, tol: 1e-5 });
    const refit = fitChurnModel([[0], [1], [2], [3]], [0, 0, 1, 1], { kind: 'logistic', l2: 0.1 });
    expect(serializeModel(m)).toBe(serializeModel(refit));
    expect(predictChurn(m, [[1.5]])[0]).toBe(predictChurn(refit, [[1.5]])[0]);
  });

  test('logistic: lambda, maxIterations and tolerance are deprecated spellings of l2, maxIter and tol', () => {
    const a = fitChurnModel(X, y, { kind: 'logistic', lambda: 0.2, maxIterations: 50, tolerance: 1e-6 });
    const b = fitChurnModel(X, y, { kind: 'logistic', l2: 0.2, maxIter: 50, tol: 1e-6 });
    expect(serializeModel(a)).toBe(serializeModel(b));
    expect(b.options).toMatchObject({ l2: 0.2, maxIter: 50, tol: 1e-6, C: null });
  });

  test('logistic: an alias with its canonical name, or C with l2, is an OptionsError', () => {
    for (const o of [{ lambda: 1, l2: 1 }, { maxIterations: 5, maxIter: 5 }, { tolerance: 1e-3, tol: 1e-3 }, { C: 1, l2: 1 }, { C: 1, lambda: 1 }]) {
      expect(() => fitChurnModel(X, y, { kind: 'logistic', ...o })).toThrow(OptionsError);
    }
    expect(() => fitChurnModel(X, y, { kind: 'logistic', C: 1, l2: 1 })).toThrow(
      "fitChurnModel: options 'C' and 'l2' contradict each other; give one (C maps to l2 = 1/(C·S), S the summed row weights)",
    );
  });

  test('C = 1/(l2·n) gives the same fit as l2 (the documented mapping, no class weights)', () => {
    const a = fitChurnModel(X, y, { kind: 'logistic', C: 1 / (0.5 * X.length) });
    const b = fitChurnModel(X, y, { kind: 'logistic', l2: 0.5 });
    expect(a.intercept).toBeCloseTo(b.intercept, 12);
    expect(a.coefficients[0]).toBeCloseTo(b.coefficients[0]!, 12);
  });

  test('unknown option keys name the nearest option', () => {
    expect(() => fitChurnModel(X, y, { kind: 'logistic', maxiter: 5 } as never)).toThrow(
      "fitChurnModel: unknown option 'maxiter'; did you mean 'maxIter'?",
    );
    expect(() => fitGbdt(X, y, { nTree: 5 } as never)).toThrow("fitGbdt: unknown option 'nTree'; did you mean 'nTrees'?");
  });

  test('missing or null options are OptionsError, not TypeError', () => {
    expect(() => fitChurnModel(X, y, undefined as never)).toThrow(OptionsError);
    expect(() => fitChurnModel(X, y, null as never)).toThrow(OptionsError);
    expect(() => fitGbdt(X, y, null as never)).toThrow(OptionsError);
  });

  test('seeds 1.5, -1 and 2**32 are refused; 2**32 - 1 is accepted', () => {
    for (const seed of [1.5, -1, 2 ** 32]) {
      expect(() => fitGbdt(X, y, { seed, nTrees: 1 })).toThrow(OptionsError);
      expect(() => fitChurnModel(X, y, { kind: 'logistic', seed })).toThrow(OptionsError);
    }
    expect(fitGbdt(X, y, { seed: 2 ** 32 - 1, nTrees: 1, minSamplesLeaf: 1 }).options.seed).toBe(2 ** 32 - 1);
  });

  test('size options above their ceilings are refused before any allocation', () => {
    expect(() => fitGbdt(X, y, { nTrees: 1e9 })).toThrow(/option nTrees must be an integer in \[1, 1e5\], got 1000000000/);
    expect(() => fitGbdt(X, y, { maxLeaves: 1e7 })).toThrow(/option maxLeaves must be an integer in \[2, 65536\]/);
    expect(() => fitGbdt(X, y, { maxBins: 1e6 })).toThrow(/option maxBins must be an integer in \[2, 255\]/);
    expect(() => fitChurnModel(X, y, { kind: 'logistic', maxIter: 1e12 })).toThrow(OptionsError);
  });
});
