import { describe, expect, test } from 'vitest';
import { DataError, DimensionError, OptionsError, trueQiniCoefficient, valueTargeting } from 'telcokit';

describe('valueTargeting', () => {
  test('ranks by uplift × value − cost, skips sleeping dogs, respects the budget (hand-computed)', () => {
    // gains: 9, 19, −26, 2, 0.5
    const r = valueTargeting([0.1, 0.02, -0.05, 0.3, 0.015], { value: [100, 1000, 500, 10, 100], cost: 1, budget: 3 });
    expect(r.selected).toEqual([1, 0, 3]);
    expect(r.incrementalConversions).toBeCloseTo(0.42, 12);
    expect(r.incrementalRevenue).toBeCloseTo(33, 12);
    expect(r.cost).toBe(3);
    expect(r.netGain).toBeCloseTo(30, 12);
    expect(r.roi).toBeCloseTo(10, 12);
    expect(r.negativeGain).toBe(1);
  });
  test('without a budget it stops where the expected gain turns negative', () => {
    expect(valueTargeting([0.1, 0.001, 0.05], { value: 100, cost: 1 }).selected).toEqual([0, 2]);
  });
  test('comparison lists take the same number of contacts by risk and by propensity', () => {
    const r = valueTargeting([0.1, 0.0, -0.1, 0.05], { value: 100, cost: 1, risk: [0.1, 0.9, 0.8, 0.2], propensity: [0.5, 0.1, 0.9, 0.2] });
    expect(r.selected).toEqual([0, 3]);
    expect(r.byRisk!.selected).toEqual([1, 2]);
    expect(r.byRisk!.netGain).toBeCloseTo(-12, 12);
    expect(r.byPropensity!.selected).toEqual([2, 0]);
  });
  test('bad input: budget 0, negative values or costs, misaligned arrays, NaN uplift', () => {
    expect(() => valueTargeting([0.1], { value: 1, budget: 0 })).toThrow(OptionsError);
    expect(() => valueTargeting([0.1], { value: -1 })).toThrow(OptionsError);
    expect(() => valueTargeting([0.1], { value: [-1] })).toThrow(DataError);
    expect(() => valueTargeting([0.1], { value: 1, cost: -0.5 })).toThrow(OptionsError);
    expect(() => valueTargeting([0.1, 0.2], { value: [1] })).toThrow(DimensionError);
    expect(() => valueTargeting([NaN], { value: 1 })).toThrow(DataError);
    expect(() => valueTargeting([0.1], {} as never)).toThrow(OptionsError);
  });
});

describe('trueQiniCoefficient', () => {
  test('1 for the oracle ranking, about 0 for a reversed ranking of symmetric effects', () => {
    expect(trueQiniCoefficient([0.3, 0.1, -0.2, 0], [4, 3, 1, 2])).toBeCloseTo(1, 12);
    expect(trueQiniCoefficient([0.3, 0.1, -0.2], [1, 2, 3])).toBeLessThan(0);
    expect(() => trueQiniCoefficient([0.1], [0.1, 0.2])).toThrow(DimensionError);
  });
});
