/**
 * Conformance: a synthetic operator's subscribers scored in process and through toSql in DuckDB —
 * pipeline features, logistic and GBDT churn probabilities (within 1e-9; measured max printed),
 * k-means and k-prototypes segments (identical), tags and audience counts (identical).
 * Size: 3,000 subscribers by default; TELCOKIT_SQL_CONFORMANCE_N=100000 for the size.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  applyPipeline,
  assignSegments,
  countAudience,
  applyTagCatalogue,
  fitChurnModel,
  fitKMeans,
  fitKPrototypes,
  fitPipeline,
  generateOperator,
  predictChurn,
  subscriberFeatures,
  tagsOf,
  toSql,
} from '../../src/index.js';
import type { FeatureMatrix, TagCatalogue } from '../../src/index.js';
import { openDuck } from './duck.js';
import type { Duck } from './duck.js';

const N = Number(process.env.TELCOKIT_SQL_CONFORMANCE_N ?? 3000);

let duck: Duck;
let rows: Record<string, unknown>[];
let ids: string[];
let labels: number[];
beforeAll(async () => {
  duck = await openDuck();
  const op = generateOperator({ subscribers: N, months: 6, seed: 7, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 0 });
  const f = subscriberFeatures(op.usage);
  const byId = new Map(op.subscribers.map((s) => [s.id, s]));
  ids = [...f.rowIds];
  // columns with no value at all (tenure needs join dates the usage lacks) are left out
  const empty = new Set(f.columns.filter((_, j) => ids.every((_, i) => Number.isNaN(f.values[i * f.nCols + j]!))));
  rows = ids.map((id, i) => {
    const s = byId.get(id)!;
    const r: Record<string, unknown> = { id, regionCode: s.regionCode, customerType: s.customerType, planGroup: s.planGroup ?? null, paymentPlan: s.paymentPlan };
    f.columns.forEach((c, j) => {
      if (empty.has(c)) return;
      const v = f.values[i * f.nCols + j]!;
      r[c] = Number.isNaN(v) ? null : v;
    });
    return r;
  });
  labels = ids.map((id) => (byId.get(id)!.status === 'closed' ? 1 : 0));
  await duck.table('subscribers', rows);
}, 120_000);
afterAll(() => duck.close());

const STEPS = [
  { type: 'impute' as const, strategy: 'median' as const },
  { type: 'impute' as const, columns: { type: 'categorical' as const }, strategy: 'constant' as const, value: 'unknown' },
  { type: 'log1p' as const, columns: ['dataMB', 'voiceMinutes'] },
  { type: 'oneHot' as const, columns: ['regionCode', 'customerType', 'paymentPlan'], minFrequency: 0.02 },
  { type: 'standardize' as const, columns: { type: 'numeric' as const, pattern: '^(?!.*=)' } },
];

function fitAll() {
  const nTrain = Math.floor(ids.length / 2);
  const train = rows.slice(0, nTrain).map(({ planGroup: _p, ...r }) => r);
  const pipeline = fitPipeline(STEPS, train);
  const X = applyPipeline(pipeline, rows);
  const Xtrain = { ...X, nRows: nTrain, values: X.values.subarray(0, nTrain * X.nCols), rowIds: X.rowIds.slice(0, nTrain) } as FeatureMatrix;
  const y = labels.slice(0, nTrain);
  return { pipeline, X, Xtrain, y };
}

/** Runs the SQL and returns the rows ordered like `ids`. */
async function run(sql: string): Promise<Record<string, unknown>[]> {
  const got = await duck.rows(sql);
  const at = new Map(got.map((r) => [r.id as string, r]));
  return ids.map((id) => at.get(id)!);
}

describe(`toSql chains in DuckDB equal the in-process results (${N} synthetic subscribers)`, () => {
  test('pipeline → logistic churn → k-means: probabilities within 1e-9, identical segments', async () => {
    const { pipeline, X, Xtrain, y } = fitAll();
    const churn = fitChurnModel(Xtrain, y, { kind: 'logistic' });
    const km = fitKMeans(Xtrain, { k: 6, seed: 3 });
    const p = predictChurn(churn, X);
    const seg = assignSegments(km, X);
    const out = await run(toSql([pipeline, churn, km], { dialect: 'duckdb', input: 'subscribers' }));
    let maxDiff = 0;
    out.forEach((r, i) => {
      maxDiff = Math.max(maxDiff, Math.abs((r.churnProbability as number) - p[i]!));
      expect(r.segment).toBe(seg[i]);
    });
    console.log(`logistic: max |DuckDB − in-process| = ${maxDiff.toExponential(2)} over ${out.length} rows`);
    expect(maxDiff).toBeLessThanOrEqual(1e-9);
    expect(Object.keys(out[0]!)).toEqual(['id', ...X.columns, 'churnProbability', 'segment']);
  }, 120_000);

  test('pipeline → GBDT churn: probabilities within 1e-9 (NULL following each node’s learned direction)', async () => {
    const { pipeline, Xtrain, y } = fitAll();
    // the GBDT sees missing values: no imputation, so NULL reaches the trees
    const raw = fitPipeline([STEPS[1]!, STEPS[3]!], rows.slice(0, Xtrain.nRows).map(({ planGroup: _p, ...r }) => r));
    const Xraw = applyPipeline(raw, rows);
    const XrawTrain = { ...Xraw, nRows: Xtrain.nRows, values: Xraw.values.subarray(0, Xtrain.nRows * Xraw.nCols), rowIds: Xraw.rowIds.slice(0, Xtrain.nRows) } as FeatureMatrix;
    expect(Xraw.values.some(Number.isNaN)).toBe(true);
    const gbdt = fitChurnModel(XrawTrain, y, { kind: 'gbdt', nTrees: 40, seed: 1 });
    const p = predictChurn(gbdt, Xraw);
    const out = await run(toSql([raw, gbdt], { dialect: 'duckdb', input: 'subscribers' }));
    let maxDiff = 0;
    out.forEach((r, i) => (maxDiff = Math.max(maxDiff, Math.abs((r.churnProbability as number) - p[i]!))));
    console.log(`gbdt: max |DuckDB − in-process| = ${maxDiff.toExponential(2)} over ${out.length} rows (${gbdt.nTrees} trees)`);
    expect(maxDiff).toBeLessThanOrEqual(1e-9);
    expect(pipeline.kind).toBe('features/pipeline');
  }, 120_000);

  test('k-prototypes on raw numbers and categories: identical segments', async () => {
    const num = ['arpu', 'dataMB', 'callsPerMonth'];
    const cats = ['regionCode', 'customerType'];
    const ok = rows.filter((r) => num.every((c) => r[c] !== null));
    const data = { numeric: ok.map((r) => num.map((c) => r[c] as number)), categorical: ok.map((r) => cats.map((c) => r[c] as string)) };
    const model = fitKPrototypes(
      { numeric: data.numeric.slice(0, 800), categorical: data.categorical.slice(0, 800) },
      { k: 5, seed: 2 },
    );
    const renamed = { ...model, featureNames: num, categoricalNames: cats };
    const want = assignSegments(renamed, data);
    const got = await duck.rows(`${toSql(renamed, { dialect: 'duckdb', input: 'subscribers', keep: ['id'] })}`);
    const at = new Map(got.map((r) => [r.id as string, r.segment]));
    ok.forEach((r, i) => expect(at.get(r.id as string)).toBe(want[i]));
  }, 120_000);

  test('tags (value, quantile, between, in, exists, not, categories) and audience counts are identical', async () => {
    const { pipeline, X, Xtrain, y } = fitAll();
    const churn = fitChurnModel(Xtrain, y, { kind: 'logistic' });
    const p = predictChurn(churn, X);
    const catalogue: TagCatalogue = {
      tags: [
        { id: 'value', label: 'Value', level: 1 },
        { id: 'high_arpu', label: 'High ARPU', level: 2, parent: 'value', rule: { field: 'arpu', op: '>=', quantile: 0.8 } },
        { id: 'low_arpu', label: 'Low ARPU', level: 2, parent: 'value', rule: { field: 'arpu', op: '<', quantile: 0.2 } },
        { id: 'risk', label: 'Churn risk', level: 1, rule: { field: 'churnProbability', op: '>', value: 0.3 } },
        { id: 'mid_data', label: 'Mid data', level: 1, rule: { field: 'dataMB_log1p', between: [-0.5, 0.5] } },
        { id: 'family', label: 'Family plan', level: 1, rule: { field: 'planGroup', in: ['family', 'postpaid-family', 'prepaid-basic'] } },
        { id: 'no_group', label: 'No plan group', level: 1, rule: { field: 'planGroup', exists: false } },
        { id: 'not_gd', label: 'Not GD', level: 1, rule: { not: { field: 'regionCode=GD', '==': undefined, op: '==', value: 1 } as never } },
        { id: 'busy', label: 'Busy', level: 1, rule: { all: [{ field: 'callsPerMonth', op: '>', value: 0 }, { any: [{ field: 'voiceMinutes_log1p', op: '<=', value: -1 }, { field: 'complaintRate', op: '>', quantile: 0.9 }] }] } },
      ],
    };
    // 'not_gd': a plain rule (the cast above only keeps the literal short)
    (catalogue.tags[7] as { rule: unknown }).rule = { not: { field: 'regionCode=GD', op: '==', value: 1 } };
    const columns: Record<string, Float64Array | (string | null)[]> = {};
    X.columns.forEach((c, j) => (columns[c] = Float64Array.from({ length: X.nRows }, (_, i) => X.values[i * X.nCols + j]!)));
    columns.churnProbability = p;
    columns.planGroup = rows.map((r) => r.planGroup as string | null);
    const index = applyTagCatalogue(catalogue, { ids, columns });
    const audiences = { a1: 'risk AND (high_arpu OR busy) AND NOT family', a2: 'value, not_gd', a3: 'NOT (mid_data OR no_group)' };
    const sql = toSql([pipeline, churn, catalogue], { dialect: 'duckdb', input: 'subscribers', keep: ['id', 'planGroup'], thresholds: index.thresholds, audiences });
    const out = await run(sql);
    const tagIds = catalogue.tags.map((t) => t.id);
    let held = 0;
    out.forEach((r, i) => {
      const want = tagsOf(index, ids[i]!);
      const got = tagIds.filter((t) => r[t] === true);
      expect(got).toEqual(want);
      held += got.length;
    });
    expect(held).toBeGreaterThan(out.length);
    for (const [name, e] of Object.entries(audiences)) {
      const [{ n }] = (await duck.rows(`SELECT count(*)::INTEGER AS n FROM (${sql}) WHERE "${name}"`)) as [{ n: number }];
      expect(n).toBe(countAudience(index, e));
      expect(n).toBeGreaterThan(0);
    }
  }, 120_000);
});
