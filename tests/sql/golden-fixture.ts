/** A small hand-sized chain for the golden-SQL tests: a pipeline, a logistic model, k-means and tags. */
import { fitChurnModel, fitKMeans, fitPipeline, applyPipeline } from '../../src/index.js';
import type { TagCatalogue } from '../../src/index.js';

export function goldenChain() {
  const records = [
    { id: 'a', dataMB: 100, region: 'GD', plan: 'A' },
    { id: 'b', dataMB: null, region: "O'Brien `x`", plan: 'B' },
    { id: 'c', dataMB: 300, region: 'GD', plan: 'A' },
    { id: 'd', dataMB: 50, region: null, plan: 'B' },
  ];
  const pipeline = fitPipeline(
    [
      { type: 'impute', columns: ['dataMB'], indicator: true },
      { type: 'log1p', columns: ['dataMB'] },
      { type: 'oneHot', columns: ['region'] },
      { type: 'ordinal', columns: ['plan'] },
      { type: 'derive', outputs: { heavy: 'dataMB_log1p > 5' } },
      { type: 'standardize', columns: ['dataMB_log1p'] },
    ],
    records,
  );
  const X = applyPipeline(pipeline, records);
  // learned numbers fixed by hand, so the golden text does not move when a fit's last bits do
  const steps = pipeline.steps.map((s) => (s.type === 'standardize' ? { ...s, mean: [4.75], scale: [0.625] } : s));
  const fitted = fitChurnModel(X, [0, 1, 1, 0], { kind: 'logistic' });
  const churn = { ...fitted, intercept: -0.5, coefficients: Float64Array.from(fitted.featureNames, (_, j) => (j % 2 === 0 ? 1 : -1) * (j + 1) / 8) };
  const km0 = fitKMeans(X, { k: 2, seed: 1 });
  const km = { ...km0, centroids: Float64Array.from(km0.centroids, (_, i) => (i % 3) - 0.25) };
  const catalogue: TagCatalogue = {
    tags: [
      { id: 'risk', label: 'Risk', level: 1, rule: { field: 'churnProbability', op: '>=', value: 0.5 } },
      { id: 'heavy.user', label: 'Heavy', level: 1, rule: { any: [{ field: 'heavy', op: '==', value: 1 }, { field: 'dataMB_log1p', op: '>', quantile: 0.75 }] } },
    ],
  };
  return { pipeline: { ...pipeline, steps }, churn, km, catalogue, thresholds: { 'heavy.user#rule.any.1': 0.5 } };
}
