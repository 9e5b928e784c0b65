/**
 * One conformance case per model kind. The table is typed `satisfies Record<ModelKind, …>`, so a
 * kind added to a model-kinds table without a case here fails `tsc --noEmit` (and a case for a
 * kind that does not exist fails too).
 */
import {
  applyCalibrator,
  applyPipeline,
  assignKPrototypes,
  assignSegments,
  createFeatureMatrix,
  createProfileState,
  evaluateTags,
  fitAls,
  fitCalibrator,
  fitChurnModel,
  fitGbdt,
  fitItemKnn,
  fitEase,
  fitKMeans,
  fitKPrototypes,
  fitPipeline,
  fitPopularity,
  fitProfileModel,
  fitRecommender,
  fitShiftedBetaGeometric,
  fitUpliftModel,
  matrixFromRows,
  predictChurn,
  predictGbdt,
  predictUplift,
  profileStateMeans,
  recommendBatch,
  sbgSurvival,
  tagsOf,
  updateProfile,
} from 'telcokit';
import type { FeatureMatrix, ModelKind, ModelOf, TagCatalogue, UsageMonth } from 'telcokit';
import { interactions, offers, subscribers } from '../recommend/fixtures.js';

/** What the suite needs to know about one kind. */
export interface ConformanceCase<M, I, O> {
  /** Fits a model with this seed from the case's frozen training data. */
  fit: (seed: number) => M;
  /** The input `predict` takes (deep-frozen by the suite before use). */
  input: I;
  /**
   * The kind's predict/apply function on `input`. Kinds without one (the standalone recommend
   * components, read only inside a hybrid) return their learned block, whose length is checked.
   */
  predict: (model: M, input: I) => O;
  /** Length of `predict`'s output (rows, items, or learned numbers) and what it must equal. */
  outputLength: (o: O) => number;
  expectedLength: (model: M) => number;
  /** `input` with one column too few, for kinds whose predict takes a matrix: must throw DimensionError. */
  wrongWidth?: I;
  /**
   * A fit with an invalid option: must throw OptionsError. `{ none }` says why a kind has no
   * option to get wrong.
   */
  badOptions: (() => unknown) | { none: string };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCase = ConformanceCase<any, any, any>;

function kase<K extends ModelKind, I, O>(_kind: K, c: ConformanceCase<ModelOf<K>, I, O>): AnyCase {
  return c;
}

/** Small deterministic generator (tests only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** n × p features in [−2, 2] and labels from a logistic of their sum. */
function synth(n: number, p: number, seed: number): { X: FeatureMatrix; y: number[] } {
  const r = lcg(seed);
  const rows = Array.from({ length: n }, () => Array.from({ length: p }, () => 4 * r() - 2));
  const y = rows.map((row) => (r() < 1 / (1 + Math.exp(-(row[0]! - row[1]!))) ? 1 : 0));
  return { X: matrixFromRows(rows, { columns: Array.from({ length: p }, (_, j) => `x${j}`) }), y };
}

/** A copy of `m` with the last column dropped. */
export function dropLastColumn(m: FeatureMatrix): FeatureMatrix {
  const q = m.nCols - 1;
  const values = new Float64Array(m.nRows * q);
  for (let i = 0; i < m.nRows; i++) for (let j = 0; j < q; j++) values[i * q + j] = m.values[i * m.nCols + j]!;
  return createFeatureMatrix(values, m.columns.slice(0, q), m.rowIds);
}

const churn = synth(120, 4, 1);
const blobs = synth(60, 3, 2);
const categorical = Array.from({ length: 60 }, (_, i) => [i % 2 === 0 ? 'prepaid' : 'postpaid', i % 3 === 0 ? '5g' : '4g']);
const scores = Array.from({ length: 40 }, (_, i) => ((i * 37) % 40) / 40);
const scoreLabels = scores.map((s, i) => (s + ((i * 13) % 7) / 14 > 0.6 ? 1 : 0));
const catalogue: TagCatalogue = {
  tags: [
    { id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } },
    { id: 'heavy', label: 'Heavy data', level: 1, rule: { field: 'dataMB', op: '>=', value: 5000 } },
  ],
};
const tagProfiles = Array.from({ length: 50 }, (_, i) => ({ id: `s${i}`, bill: (i * 17) % 200, dataMB: (i * 731) % 9000 }));
const usage = (month: string, dataMB: number): UsageMonth => ({
  subscriberId: 'a',
  month,
  localVoiceMinutes: 100,
  longDistanceVoiceMinutes: 5,
  roamingVoiceMinutes: 0,
  callsOut: 30,
  callsIn: 25,
  smsCount: 4,
  dataMB,
  nightDataMB: dataMB / 10,
  monthlyFee: 39,
  billedAmount: 41.5,
});
const history = [usage('2024-01', 1200), usage('2024-02', 1500), usage('2024-03', 900)];
const pipelineTrain = matrixFromRows(
  Array.from({ length: 40 }, (_, i) => [i % 7, Math.sin(i) * 10, i % 3 === 0 ? NaN : i]),
  { columns: ['a', 'b', 'c'] },
);
const pipelineCustomSteps = {
  spread: (c: Readonly<Record<string, Float64Array>>, n: number) => ({ bc: Float64Array.from({ length: n }, (_, i) => c.b![i]! - c.c![i]!) }),
};
const pipelineTarget = Array.from({ length: 40 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
const treatment = churn.y.map((_, i) => (i % 2 === 0 ? 1 : 0));
const survivors = [1000, 631, 468, 382, 326, 289, 262, 241];
const subscriberIds = subscribers.map((s) => s.id);

export const CASES = {
  'features/pipeline': kase('features/pipeline', {
    // a custom step by registered name: the model stores 'spread', the function comes at fit and apply
    fit: (seed) =>
      fitPipeline(
        [
          { type: 'impute', strategy: 'median', indicator: true },
          { type: 'winsorize', columns: ['b'], lower: 0.1, upper: 0.9 },
          { type: 'custom', name: 'b minus c', columns: ['b', 'c'], outputs: ['bc'], fn: 'spread' },
          { type: 'targetEncode', columns: ['a'] },
          { type: 'standardize' },
        ],
        pipelineTrain,
        { seed, target: pipelineTarget, customSteps: pipelineCustomSteps },
      ),
    input: pipelineTrain,
    predict: (m, x) => applyPipeline(m, x, { customSteps: pipelineCustomSteps }),
    outputLength: (o) => o.nRows,
    expectedLength: () => pipelineTrain.nRows,
    wrongWidth: dropLastColumn(pipelineTrain),
    badOptions: () => fitPipeline([{ type: 'standardize' }], pipelineTrain, { seed: 1.5 }),
  }),
  'features/profile-state': kase('features/profile-state', {
    fit: () => createProfileState(history, { halfLifeMonths: 2 }),
    input: usage('2024-04', 2000),
    predict: (s, month) => profileStateMeans(updateProfile(s, month)),
    outputLength: (o) => Object.keys(o).length,
    expectedLength: (s) => Object.keys(s.sums).length,
    badOptions: () => createProfileState(history, { halfLifeMonths: 0 }),
  }),
  'metrics/calibrator': kase('metrics/calibrator', {
    fit: () => fitCalibrator(scores, scoreLabels, { method: 'isotonic' }),
    input: scores,
    predict: (m, s) => applyCalibrator(m, s),
    outputLength: (o) => o.length,
    expectedLength: () => scores.length,
    badOptions: () => fitCalibrator(scores, scoreLabels, { method: 'beta' as never }),
  }),
  'segment/kmeans': kase('segment/kmeans', {
    fit: (seed) => fitKMeans(blobs.X, { k: 3, seed }),
    input: blobs.X,
    predict: (m, x) => assignSegments(m, x),
    outputLength: (o) => o.length,
    expectedLength: () => blobs.X.nRows,
    wrongWidth: dropLastColumn(blobs.X),
    badOptions: () => fitKMeans(blobs.X, { k: 0 }),
  }),
  'segment/kprototypes': kase('segment/kprototypes', {
    fit: (seed) => fitKPrototypes({ numeric: blobs.X, categorical }, { k: 3, seed }),
    input: { numeric: blobs.X, categorical },
    predict: (m, d) => assignKPrototypes(m, d),
    outputLength: (o) => o.length,
    expectedLength: () => blobs.X.nRows,
    wrongWidth: { numeric: dropLastColumn(blobs.X), categorical },
    badOptions: () => fitKPrototypes({ numeric: blobs.X, categorical }, { k: 2.5 }),
  }),
  'segment/sbg': kase('segment/sbg', {
    fit: () => fitShiftedBetaGeometric(survivors),
    input: 12,
    predict: (m, periods) => sbgSurvival(m, periods),
    outputLength: (o) => o.length,
    expectedLength: () => 13,
    badOptions: { none: 'fitShiftedBetaGeometric takes no options (its stored options are {})' },
  }),
  'tags/index': kase('tags/index', {
    fit: () => evaluateTags(catalogue, tagProfiles),
    input: tagProfiles.map((p) => p.id),
    predict: (index, ids) => ids.map((id) => tagsOf(index, id)),
    outputLength: (o) => o.length,
    expectedLength: () => tagProfiles.length,
    badOptions: () => evaluateTags(catalogue, tagProfiles, { idField: 7 as never }),
  }),
  'churn/logistic': kase('churn/logistic', {
    fit: (seed) => fitChurnModel(churn.X, churn.y, { kind: 'logistic', seed }),
    input: churn.X,
    predict: (m, x) => predictChurn(m, x),
    outputLength: (o) => o.length,
    expectedLength: () => churn.X.nRows,
    wrongWidth: dropLastColumn(churn.X),
    badOptions: () => fitChurnModel(churn.X, churn.y, { kind: 'logistic', C: -1 }),
  }),
  'churn/gbdt': kase('churn/gbdt', {
    fit: (seed) => fitGbdt(churn.X, churn.y, { nTrees: 8, subsample: 0.8, colsample: 0.8, seed }),
    input: churn.X,
    predict: (m, x) => predictGbdt(m, x),
    outputLength: (o) => o.length,
    expectedLength: () => churn.X.nRows,
    wrongWidth: dropLastColumn(churn.X),
    badOptions: () => fitGbdt(churn.X, churn.y, { maxBins: 1000 }),
  }),
  'recommend/hybrid': kase('recommend/hybrid', {
    fit: (seed) =>
      fitRecommender({ interactions, subscribers, offers }, { seed, als: { factors: 3, iterations: 4 }, profile: { epochs: 4 }, validationUsers: 12 }),
    input: subscriberIds,
    predict: (m, ids) => recommendBatch(m, ids, { k: 3 }),
    outputLength: (o) => o.length,
    expectedLength: () => subscriberIds.length,
    badOptions: () => fitRecommender({ interactions, subscribers, offers }, { blend: { itemKnn: -1 } as never }),
  }),
  'recommend/als': kase('recommend/als', {
    fit: (seed) => fitAls(interactions, { factors: 3, iterations: 4, seed }),
    input: null,
    predict: (m) => m.userFactors,
    outputLength: (o) => o.length,
    expectedLength: (m) => m.subscriberIds.length * m.options.factors,
    badOptions: () => fitAls(interactions, { solver: 'svd' as never }),
  }),
  'recommend/item-knn': kase('recommend/item-knn', {
    fit: () => fitItemKnn(interactions, { neighbours: 3 }),
    input: null,
    predict: (m) => m.indptr,
    outputLength: (o) => o.length,
    expectedLength: (m) => m.offerIds.length + 1,
    badOptions: () => fitItemKnn(interactions, { similarity: 'jaccard' as never }),
  }),
  'recommend/ease': kase('recommend/ease', {
    fit: (seed) => fitEase(interactions, { seed }),
    input: null,
    predict: (m) => m.weights,
    outputLength: (o) => o.length,
    expectedLength: (m) => m.offerIds.length ** 2,
    badOptions: () => fitEase(interactions, { lambda: 0 }),
  }),
  'recommend/popularity': kase('recommend/popularity', {
    fit: () => fitPopularity(interactions, { segments: Object.fromEntries(subscribers.map((s) => [s.id, String(s.segment)])) }),
    input: null,
    predict: (m) => m.segmentCounts,
    outputLength: (o) => o.length,
    expectedLength: (m) => m.segmentNames.length * m.offerIds.length,
    badOptions: () => fitPopularity(interactions, { segments: { 'youth-0': 3 } as never }),
  }),
  'recommend/profile': kase('recommend/profile', {
    fit: (seed) => fitProfileModel(interactions, { subscribers, offers }, { factors: 3, epochs: 4, seed }),
    input: null,
    predict: (m) => m.itemEmbeddings,
    outputLength: (o) => o.length,
    expectedLength: (m) => m.offerIds.length * m.options.factors,
    badOptions: () => fitProfileModel(interactions, { subscribers, offers }, { learningRate: 0 }),
  }),
  'campaign/uplift': kase('campaign/uplift', {
    fit: () => fitUpliftModel(churn.X, treatment, churn.y, { learner: 't' }),
    input: churn.X,
    predict: (m, x) => predictUplift(m, x),
    outputLength: (o) => o.length,
    expectedLength: () => churn.X.nRows,
    wrongWidth: dropLastColumn(churn.X),
    badOptions: () => fitUpliftModel(churn.X, treatment, churn.y, { learner: 'q' as never }),
  }),
} satisfies Record<ModelKind, AnyCase>;
