import { describe, expect, test } from 'vitest';
import {
  applyTagCatalogue,
  assignKPrototypes,
  assignSegments,
  evaluateTags,
  explainGbdt,
  fitGbdt,
  fitKPrototypes,
  fitPipeline,
  kFold,
  loadPipeline,
  OptionsError,
  parsePipeline,
  populationStabilityIndex,
  serializeModel,
  treeShapGbdt,
} from 'telcokit';

describe('renamed functions keep their 0.1 names as deprecated aliases', () => {
  test('evaluateTags is applyTagCatalogue', () => {
    expect(evaluateTags).toBe(applyTagCatalogue);
    const cat = { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>' as const, value: 100 } }] };
    expect(evaluateTags(cat, [{ id: 'a', bill: 120 }]).tagIds).toEqual(applyTagCatalogue(cat, [{ id: 'a', bill: 120 }]).tagIds);
  });

  test('loadPipeline is parsePipeline', () => {
    expect(loadPipeline).toBe(parsePipeline);
    const model = fitPipeline([{ type: 'standardize' }], [{ x: 1 }, { x: 3 }]);
    expect(parsePipeline(serializeModel(model))).toEqual(model);
  });

  test('treeShapGbdt is explainGbdt', () => {
    expect(treeShapGbdt).toBe(explainGbdt);
    const m = fitGbdt([[1], [2], [3], [4]], new Uint8Array([0, 0, 1, 1]), { nTrees: 1, minSamplesLeaf: 1, l2: 0 });
    expect(Array.from(explainGbdt(m, [4]))).toEqual([0.2]);
  });

  test('assignSegments takes a k-prototypes model; assignKPrototypes gives the same labels', () => {
    const data = { numeric: [[1], [1.2], [9], [9.5]], categorical: [['prepaid'], ['prepaid'], ['postpaid'], ['postpaid']] };
    const m = fitKPrototypes(data, { k: 2, seed: 1 });
    expect(Array.from(assignSegments(m, data))).toEqual(Array.from(assignKPrototypes(m, data)));
  });
});

describe('size options have documented ceilings checked before allocating', () => {
  test('populationStabilityIndex bins above MAX_BINS, and kFold folds above MAX_FOLDS, are OptionsError', () => {
    expect(() => populationStabilityIndex([1, 2, 3], [1, 2, 3], { bins: 1e9 })).toThrow(
      'populationStabilityIndex: option bins must be an integer in [1, 1e5], got 1000000000',
    );
    expect(() => kFold(10, { folds: 1e9 })).toThrow(OptionsError);
  });
});
