import { describe, expect, test } from 'vitest';
import { DataError, DimensionError, createFeatureMatrix, detectDrift, ksTest, populationStabilityIndex } from 'telcokit';

// scipy.stats.kstwobign.sf(2 ** 0.5)
const SF_SQRT2 = 0.03663105270711935;
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('populationStabilityIndex', () => {
  test('populationStabilityIndex(ref, cur, { bins: 2 }) = Σ (a − e) ln(a / e) by hand', () => {
    // reference 1..10: median 5.5 → bins (−∞, 5.5], (5.5, ∞), e = [0.5, 0.5]; current 1..8: a = [5/8, 3/8]
    const expected = (0.625 - 0.5) * Math.log(0.625 / 0.5) + (0.375 - 0.5) * Math.log(0.375 / 0.5);
    expect(populationStabilityIndex(range(1, 10), range(1, 8), { bins: 2 })).toBeCloseTo(expected, 14);
    expect(expected).toBeCloseTo(0.0638532, 6);
  });

  test('an empty bin is floored at epsilon', () => {
    const eps = 1e-4;
    const expected = (1 - 0.5) * Math.log(1 / 0.5) + (eps - 0.5) * Math.log(eps / 0.5);
    expect(populationStabilityIndex(range(1, 10), [1, 1, 1], { bins: 2, epsilon: eps })).toBeCloseTo(expected, 12);
  });

  test('identical samples give 0; missing values get their own bin', () => {
    expect(populationStabilityIndex(range(1, 100), range(1, 100))).toBe(0);
    // reference: 1 of 4 missing; current: 2 of 4 missing; finite parts agree on the single bin (bins: 1)
    const expected = (0.5 - 0.75) * Math.log(0.5 / 0.75) + (0.5 - 0.25) * Math.log(0.5 / 0.25);
    expect(populationStabilityIndex([1, 2, 3, NaN], [1, 2, NaN, NaN], { bins: 1 })).toBeCloseTo(expected, 14);
  });

  test('a constant reference column has one bin', () => {
    expect(populationStabilityIndex([5, 5, 5, 5], [5, 5])).toBe(0);
    const expected = (0.5 - 1) * Math.log(0.5) + (0.5 - 1e-4) * Math.log(0.5 / 1e-4);
    expect(populationStabilityIndex([5, 5, 5, 5], [5, 6])).toBeCloseTo(expected, 12);
  });

  test('bad input: empty, ±Infinity, bad bins', () => {
    expect(() => populationStabilityIndex([], [1])).toThrow(DataError);
    expect(() => populationStabilityIndex([1, Infinity], [1])).toThrow(/Infinity/);
    expect(() => populationStabilityIndex([1], [-Infinity])).toThrow(DataError);
    expect(() => populationStabilityIndex([1], [1], { bins: 0 })).toThrow(/bins/);
  });
});

describe('ksTest', () => {
  test('ksTest(a, b) on tiny samples: D by hand, p-value as scipy', () => {
    // D: the ECDFs differ most at x = 2.0: F_a = 1, F_b = 3/6
    // p: scipy.stats.kstwobign.sf(sqrt(5·6/11) · 0.5) = 0.502914033641129
    const r = ksTest([0.1, 0.4, 0.7, 1.5, 2.0], [0.3, 0.9, 1.1, 2.5, 3.0, 3.5]);
    expect(r.statistic).toBe(0.5);
    expect(r.pValue).toBeCloseTo(0.502914033641129, 10);
    expect([r.n, r.m]).toEqual([5, 6]);
  });

  test('the Kolmogorov tail matches scipy.stats.kstwobign.sf on both series branches', () => {
    // disjoint samples: D = 1 and λ = sqrt(nm / (n + m))
    expect(ksTest([1, 2], [3, 4]).pValue).toBeCloseTo(0.26999967167735456, 12); // λ = 1
    expect(ksTest([1, 2, 3, 4], [5, 6, 7, 8]).pValue).toBeCloseTo(SF_SQRT2, 12); // λ = √2
    const a = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90];
    const r3 = ksTest(a, a.map((v) => v + 25)); // D = 0.3, λ = 0.3·√5
    expect(r3.statistic).toBeCloseTo(0.3, 12);
    // scipy.stats.kstwobign.sf(0.3 * 5 ** 0.5) = 0.7590978384203948
    expect(r3.pValue).toBeCloseTo(0.7590978384203948, 10);
  });

  test('ties and identical samples; NaN is left out', () => {
    const r = ksTest([1, 1, 2, 2], [1, 2, 2, 2]);
    expect(r.statistic).toBeCloseTo(0.25, 14);
    const same = ksTest([3, 1, 2], [1, 2, 3]);
    expect(same.statistic).toBe(0);
    expect(same.pValue).toBe(1);
    expect(ksTest([1, NaN, 2], [1, 2]).n).toBe(2);
  });

  test('bad input: all missing, ±Infinity', () => {
    expect(() => ksTest([NaN], [1])).toThrow(DataError);
    expect(() => ksTest([], [1])).toThrow(DataError);
    expect(() => ksTest([Infinity], [1])).toThrow(/Infinity/);
  });
});

describe('detectDrift', () => {
  const n = 500;
  const ref = new Float64Array(n * 4);
  const cur = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) / n;
    ref.set([u, u, 7, NaN], i * 4);
    cur.set([u, u * 1.2 + 0.3, 7, NaN], i * 4); // column b shifted
  }
  const R = createFeatureMatrix(ref, ['a', 'b', 'const', 'missing']);
  const C = createFeatureMatrix(cur, ['a', 'b', 'const', 'missing']);

  test('detectDrift(ref, cur) flags the shifted feature and leaves the rest stable', () => {
    const report = detectDrift(R, C);
    expect(report.flagged).toEqual(['b']);
    const byName = Object.fromEntries(report.features.map((f) => [f.feature, f]));
    expect(byName.a!.level).toBe('stable');
    expect(byName.a!.psi).toBe(0);
    expect(byName.b!.level).toBe('alert');
    expect(byName.b!.psi).toBeGreaterThan(0.25);
    expect(byName.const!.psi).toBe(0);
    expect(byName.const!.pValue).toBe(1);
    expect(byName.missing!.psi).toBe(0);
    expect(byName.missing!.ks).toBeNaN();
  });

  test('thresholds are configurable; warn level between them', () => {
    const psiB = detectDrift(R, C).features[1]!.psi;
    const r = detectDrift(R, C, { psiWarn: psiB / 2, psiAlert: psiB * 2, ksAlpha: 0 });
    expect(r.features[1]!.level).toBe('warn');
    const only = detectDrift(R, C, { columns: ['a'] });
    expect(only.features.map((f) => f.feature)).toEqual(['a']);
  });

  test('columns are matched by name, in any order', () => {
    const swapped = createFeatureMatrix(new Float64Array(C.values.length), ['missing', 'const', 'b', 'a']);
    for (let i = 0; i < n; i++) for (let j = 0; j < 4; j++) swapped.values[i * 4 + (3 - j)] = C.values[i * 4 + j]!;
    expect(detectDrift(R, swapped)).toEqual(detectDrift(R, C));
  });

  test('bad input: missing column, empty matrix, bad thresholds, Infinity; number[][] accepted', () => {
    expect(() => detectDrift(R, createFeatureMatrix(new Float64Array(n), ['a']))).toThrow(DimensionError);
    expect(() => detectDrift([], [[1]])).toThrow(DataError);
    expect(() => detectDrift(R, C, { psiWarn: 0.3, psiAlert: 0.2 })).toThrow(/psiWarn/);
    expect(() => detectDrift([[1], [Infinity]], [[1]])).toThrow(/column x0/);
    expect(detectDrift([[1], [2]], [[1], [2]]).flagged).toEqual([]);
  });
});
