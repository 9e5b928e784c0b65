import { describe, expect, test } from 'vitest';
import { DataError, DimensionError, OptionsError, adjustedRandIndex, assignKPrototypes, fitKPrototypes, parseModel, serializeModel } from 'telcokit';
import { describeConformance } from '../conformance/harness.js';
import { blobs, rand } from './helpers.js';

/** Two numeric blobs that overlap, told apart by plan and device categories (70 % consistent). */
function mixed(n: number, seed: number) {
  const { m, truth } = blobs(n, [[0, 0], [1.5, 1.5]], { seed, sd: 1 });
  const u = rand(seed + 7);
  const plans = ['prepaid', 'postpaid'];
  const devices = ['feature', 'smart5g'];
  const categorical = Array.from(truth, (t) => [u() < 0.9 ? plans[t]! : plans[1 - t]!, u() < 0.9 ? devices[t]! : devices[1 - t]!]);
  return { m, truth, categorical };
}

describe('fitKPrototypes', () => {
  test('fitKPrototypes({ numeric, categorical }) recovers groups the numbers alone blur', () => {
    const { m, truth, categorical } = mixed(1000, 3);
    const model = fitKPrototypes({ numeric: m, categorical, categoricalNames: ['plan', 'device'] }, { k: 2, seed: 1, gamma: 2 });
    const lab = assignKPrototypes(model, { numeric: m, categorical });
    expect(adjustedRandIndex(lab, truth)).toBeGreaterThan(0.6);
    expect(model.categories).toEqual([
      ['postpaid', 'prepaid'],
      ['feature', 'smart5g'],
    ]);
    expect(model.converged).toBe(true);
    // the modes follow the groups: one prototype is prepaid+feature, the other postpaid+smart5g
    const modes = [0, 1].map((c) => [model.categories[0]![model.modes[c * 2]!], model.categories[1]![model.modes[c * 2 + 1]!]].join('+'));
    expect(modes.sort()).toEqual(['postpaid+smart5g', 'prepaid+feature']);
  });

  test('cost = Σ squared numeric distance + γ · mismatches (hand-computed)', () => {
    const data = { numeric: [[0], [2], [10], [12]], categorical: [['a'], ['b'], ['c'], ['c']] };
    const model = fitKPrototypes(data, { k: 2, gamma: 3, seed: 0 });
    // prototypes {1, mode a (tie a/b → first level)} and {11, c}: 1 + 1 + 3 (one mismatch) + 1 + 1
    expect(model.cost).toBe(7);
    expect([...model.sizes].sort()).toEqual([2, 2]);
  });

  test('records: numeric and categorical fields are inferred or given', () => {
    const records = [
      { id: 'a', arpu: 10, plan: 'prepaid' },
      { id: 'b', arpu: 11, plan: 'prepaid' },
      { id: 'c', arpu: 50, plan: 'postpaid' },
      { id: 'd', arpu: 52, plan: 'postpaid' },
    ];
    const model = fitKPrototypes(records, { k: 2, seed: 2 });
    expect(model.featureNames).toEqual(['arpu']);
    expect(model.categoricalNames).toEqual(['plan']);
    const lab = assignKPrototypes(model, records);
    expect(lab[0]).toBe(lab[1]);
    expect(lab[2]).toBe(lab[3]);
    expect(lab[0]).not.toBe(lab[2]);
    // an unseen level is a mismatch everywhere; the numbers decide
    expect(assignKPrototypes(model, [{ arpu: 51, plan: 'hybrid' }])[0]).toBe(lab[2]);
  });

  test('records: a numeric id field (or the idField given) is not a feature', () => {
    const records = [
      { id: 1, x: 0, plan: 'a' },
      { id: 2, x: 0.1, plan: 'a' },
      { id: 1000, x: 9, plan: 'b' },
      { id: 1001, x: 9.2, plan: 'b' },
    ];
    const model = fitKPrototypes(records, { k: 2, seed: 0 });
    expect(model.featureNames).toEqual(['x']);
    expect(model.categoricalNames).toEqual(['plan']);
    const byKey = records.map((r) => ({ key: r.id, x: r.x, plan: r.plan }));
    expect(fitKPrototypes(byKey, { k: 2, idField: 'key' }).featureNames).toEqual(['x']);
    const lab = assignKPrototypes(model, records);
    expect(lab[0]).toBe(lab[1]);
    expect(lab[2]).toBe(lab[3]);
    expect(lab[0]).not.toBe(lab[2]);
  });

  test('constant numeric columns: gamma falls back to 1 and the categories split the rows', () => {
    const data = { numeric: [[1], [1], [1], [1]], categorical: [['a'], ['a'], ['b'], ['b']] };
    const model = fitKPrototypes(data, { k: 2 });
    expect(model.options.gamma).toBe(1);
    expect([...model.sizes].sort()).toEqual([2, 2]);
    expect(Array.from(model.centroids)).toEqual([1, 1]);
    const lab = assignKPrototypes(model, data);
    expect(lab[0]).toBe(lab[1]);
    expect(lab[2]).toBe(lab[3]);
    expect(lab[0]).not.toBe(lab[2]);
    expect(model.cost).toBe(0);
    // an explicit gamma = 0 ignores the categories: only one distinct row, so k = 2 is refused
    expect(() => fitKPrototypes(data, { k: 2, gamma: 0 })).toThrow(/only 1 distinct rows \(categories ignored: gamma = 0\)/);
  });

  test('no segment is left empty, even when maxIter stops the fit', () => {
    const { m, categorical } = mixed(300, 5);
    for (const maxIter of [1, 2, 100]) {
      const model = fitKPrototypes({ numeric: m, categorical }, { k: 6, seed: 3, maxIter, gamma: 0.5 });
      expect(model.sizes.every((v) => v > 0)).toBe(true);
      expect(model.sizes.reduce((a, b) => a + b, 0)).toBe(300);
    }
  });

  test('categorical only: k-modes', () => {
    const model = fitKPrototypes({ numeric: [], categorical: [['x', 'y'], ['x', 'y'], ['z', 'w'], ['z', 'w']] }, { k: 2 });
    expect(model.options.gamma).toBe(1);
    expect(model.cost).toBe(0);
  });

  test('round trip through serializeModel / parseModel', () => {
    const { m, categorical } = mixed(200, 4);
    const model = fitKPrototypes({ numeric: m, categorical }, { k: 3 });
    const back = parseModel(serializeModel(model), 'segment/kprototypes');
    expect(serializeModel(back)).toBe(serializeModel(model));
  });

  test('bad input', () => {
    expect(() => fitKPrototypes({ numeric: [], categorical: [] }, { k: 1 })).toThrow(DataError);
    expect(() => fitKPrototypes({ numeric: [[1], [NaN]], categorical: [['a'], ['b']] }, { k: 1 })).toThrow(DataError);
    expect(() => fitKPrototypes({ numeric: [[1], [2]], categorical: [['a'], [null as unknown as string]] }, { k: 1 })).toThrow(/missing category at row 1/);
    expect(() => fitKPrototypes({ numeric: [[1], [2]], categorical: [['a']] }, { k: 1 })).toThrow(DimensionError);
    expect(() => fitKPrototypes({ numeric: [[1], [1]], categorical: [['a'], ['a']] }, { k: 2 })).toThrow(/only 1 distinct rows/);
    expect(() => fitKPrototypes({ numeric: [[1], [2]], categorical: [['a'], ['b']] }, { k: 2, gamma: -1 })).toThrow(OptionsError);
    const model = fitKPrototypes({ numeric: [[1], [2]], categorical: [['a'], ['b']] }, { k: 2 });
    expect(() => assignKPrototypes(model, { numeric: [[1]], categorical: [['a', 'b']] })).toThrow(DimensionError);
  });
});

const fixture = mixed(300, 9);
describeConformance({
  name: 'segment/kprototypes',
  train: fixture.m,
  fit: (m, seed) => fitKPrototypes({ numeric: m, categorical: fixture.categorical }, { k: 3, seed }),
  predict: (model, m) => assignKPrototypes(model, { numeric: m, categorical: fixture.categorical }),
});
