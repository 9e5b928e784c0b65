/**
 * Conformance of the ClickHouse path in the embedded engine chDB (ClickHouse 26.7) against the
 * in-process results, on 100,000 synthetic subscribers by default (TELCOKIT_CLICKHOUSE_CONFORMANCE_N
 * to change it): scoring tables (pipeline → logistic churn → k-means → tags, in batches; pipeline →
 * GBDT) with probabilities within 1e-9 and identical segments and tags; tag bitmaps with identical
 * audience counts, pages of ids and seeded samples; k-means fitted in ClickHouse from the same
 * start with identical assignments; exact quantile thresholds; standardisation statistics.
 * Skips with a message when chdb is not installed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  applyPipeline,
  applyTagCatalogue,
  assignSegments,
  countAudience,
  fitChurnModel,
  fitKMeans,
  fitPipeline,
  generateOperator,
  predictChurn,
  queryAudience,
  subscriberFeatures,
  tagsOf,
} from '../../src/index.js';
import type { FeatureMatrix, TagCatalogue, TagIndex } from '../../src/index.js';
import {
  applyModelsClickHouse,
  buildTagBitmapsClickHouse,
  columnStatsClickHouse,
  countAudienceClickHouse,
  encodeSubscribersClickHouse,
  fitKMeansClickHouse,
  quantilesClickHouse,
  queryAudienceClickHouse,
} from '../../src/clickhouse/index.js';
import type { ClickHouseClientLike } from '../../src/clickhouse/index.js';
import { tryChdb, writeRows } from './helpers.js';

const N = Number(process.env.TELCOKIT_CLICKHOUSE_CONFORMANCE_N ?? 100_000);
const opened = await tryChdb();
const skip = 'skip' in opened ? opened.skip : '';
if (skip) console.warn(`tests/clickhouse/conformance: SKIPPED: ${skip}`);
const client = ('client' in opened ? opened.client : null) as ClickHouseClientLike;

let rows: Record<string, unknown>[];
let ids: string[];
let labels: number[];
let numericCols: string[];
beforeAll(async () => {
  if (skip) return;
  const op = generateOperator({ subscribers: N, months: 6, seed: 7, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 0 });
  const f = subscriberFeatures(op.usage);
  const byId = new Map(op.subscribers.map((s) => [s.id, s]));
  // rows in byte order of the ids: the order encodeSubscribersClickHouse numbers them in
  const order = [...f.rowIds.keys()].sort((a, b) => (f.rowIds[a]! < f.rowIds[b]! ? -1 : 1));
  ids = order.map((i) => f.rowIds[i]!);
  const empty = new Set(f.columns.filter((_, j) => order.every((i) => Number.isNaN(f.values[i * f.nCols + j]!))));
  numericCols = f.columns.filter((c) => !empty.has(c));
  rows = order.map((i) => {
    const id = f.rowIds[i]!;
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
  const types: Record<string, string> = { id: 'String', regionCode: 'Nullable(String)', customerType: 'Nullable(String)', planGroup: 'Nullable(String)', paymentPlan: 'Nullable(String)' };
  for (const c of numericCols) types[c] = 'Nullable(Float64)';
  await writeRows(client, 'subscribers', types, rows, 'id');
}, 300_000);
afterAll(async () => {
  if (!skip) await client.close();
});

const STEPS = [
  { type: 'impute' as const, strategy: 'median' as const },
  { type: 'impute' as const, columns: { type: 'categorical' as const }, strategy: 'constant' as const, value: 'unknown' },
  { type: 'log1p' as const, columns: ['dataMB', 'voiceMinutes'] },
  { type: 'oneHot' as const, columns: ['regionCode', 'customerType', 'paymentPlan'], minFrequency: 0.02 },
  { type: 'standardize' as const, columns: { type: 'numeric' as const, pattern: '^(?!.*=)' } },
];

function fitAll() {
  const nTrain = Math.min(20_000, Math.floor(ids.length / 2));
  const train = rows.slice(0, nTrain).map(({ planGroup: _p, ...r }) => r);
  const pipeline = fitPipeline(STEPS, train);
  const X = applyPipeline(pipeline, rows);
  const Xtrain = { ...X, nRows: nTrain, values: X.values.subarray(0, nTrain * X.nCols), rowIds: X.rowIds.slice(0, nTrain) } as FeatureMatrix;
  return { pipeline, X, Xtrain, y: labels.slice(0, nTrain) };
}

/** Reads a table back in `ids` order. */
async function readTable(table: string, cols: readonly string[]): Promise<Record<string, unknown>[]> {
  const r = await client.query({ query: `SELECT ${cols.map((c) => `\`${c}\``).join(', ')} FROM \`${table}\` ORDER BY id`, format: 'JSONEachRow' });
  return r.json<Record<string, unknown>>();
}

const CATALOGUE: TagCatalogue = {
  tags: [
    { id: 'value', label: 'Value', level: 1 },
    { id: 'high_arpu', label: 'High ARPU', level: 2, parent: 'value', rule: { field: 'arpu', op: '>=', quantile: 0.8 } },
    { id: 'low_arpu', label: 'Low ARPU', level: 2, parent: 'value', rule: { field: 'arpu', op: '<', quantile: 0.2 } },
    { id: 'risk', label: 'Churn risk', level: 1, rule: { field: 'churnProbability', op: '>', value: 0.3 } },
    { id: 'mid_data', label: 'Mid data', level: 1, rule: { field: 'dataMB_log1p', between: [-0.5, 0.5] } },
    { id: 'not_gd', label: 'Not GD', level: 1, rule: { not: { field: 'regionCode=GD', op: '==', value: 1 } } },
    { id: 'busy', label: 'Busy', level: 1, rule: { all: [{ field: 'callsPerMonth', op: '>', value: 0 }, { any: [{ field: 'voiceMinutes_log1p', op: '<=', value: -1 }, { field: 'complaintRate', op: '>', quantile: 0.9 }] }] } },
    { id: 'rare', label: 'Rare', level: 1, rule: { field: 'arpu', op: '>=', quantile: 0.9999 } },
  ],
};
const AUDIENCES = ['risk AND (high_arpu OR busy) AND NOT mid_data', 'value, not_gd', 'NOT (mid_data OR low_arpu)', 'rare', 'rare AND NOT busy', 'high_arpu OR low_arpu OR risk OR busy'];

describe.skipIf(skip !== '')(`the ClickHouse path in chDB equals the in-process results (${N} synthetic subscribers)`, () => {
  let index: TagIndex;
  let segments: Int32Array;
  let X: FeatureMatrix;

  test('applyModelsClickHouse(pipeline → logistic → k-means → tags), in 4 batches: probabilities within 1e-9, identical segments and tags', async () => {
    const fitted = fitAll();
    X = fitted.X;
    const churn = fitChurnModel(fitted.Xtrain, fitted.y, { kind: 'logistic' });
    const km = fitKMeans(fitted.Xtrain, { k: 6, seed: 3 });
    const p = predictChurn(churn, X);
    segments = assignSegments(km, X);
    const columns: Record<string, Float64Array | (string | null)[]> = {};
    X.columns.forEach((c, j) => (columns[c] = Float64Array.from({ length: X.nRows }, (_, i) => X.values[i * X.nCols + j]!)));
    columns.churnProbability = p;
    index = applyTagCatalogue(CATALOGUE, { ids, columns });
    const batches: number[] = [];
    const res = await applyModelsClickHouse(client, [fitted.pipeline, churn, km, CATALOGUE], {
      input: 'subscribers',
      table: 'scored',
      idColumn: 'id',
      batches: 4,
      thresholds: index.thresholds,
      onProgress: (e) => batches.push(e.done),
    });
    expect(batches).toEqual([1, 2, 3, 4]);
    expect(res.rows).toBe(ids.length);
    const tagIds = CATALOGUE.tags.map((t) => t.id);
    const out = await readTable('scored', ['id', 'churnProbability', 'segment', ...tagIds]);
    expect(out.map((r) => r.id)).toEqual(ids);
    // compared row by row, asserted once (100,000 expect calls would dominate the test's time)
    let maxDiff = 0;
    let held = 0;
    const bad: string[] = [];
    out.forEach((r, i) => {
      maxDiff = Math.max(maxDiff, Math.abs((r.churnProbability as number) - p[i]!));
      if (r.segment !== segments[i]) bad.push(`${ids[i]}: segment ${String(r.segment)} vs ${segments[i]}`);
      const got = tagIds.filter((t) => r[t] === 1 || r[t] === true).join(',');
      const want = tagsOf(index, ids[i]!).join(',');
      if (got !== want) bad.push(`${ids[i]}: tags ${got} vs ${want}`);
      held += got === '' ? 0 : got.split(',').length;
    });
    expect(bad.slice(0, 5)).toEqual([]);
    console.log(`logistic in chDB: max |ClickHouse − in-process| = ${maxDiff.toExponential(2)} over ${out.length} rows`);
    expect(maxDiff).toBeLessThanOrEqual(1e-9);
    expect(held).toBeGreaterThan(ids.length);
  }, 300_000);

  test('a re-run replaces the table: same row count, no duplicates', async () => {
    const { pipeline } = fitAll();
    await applyModelsClickHouse(client, pipeline, { input: 'subscribers', table: 'features_only', idColumn: 'id', keep: ['id'] });
    await applyModelsClickHouse(client, pipeline, { input: 'subscribers', table: 'features_only', idColumn: 'id', keep: ['id'], batches: 3 });
    const [c] = await (await client.query({ query: 'SELECT count() AS n, uniqExact(id) AS u FROM features_only', format: 'JSONEachRow' })).json<{ n: string; u: string }>();
    expect(Number(c!.n)).toBe(ids.length);
    expect(Number(c!.u)).toBe(ids.length);
  }, 300_000);

  test('pipeline → GBDT: probabilities within 1e-9 (NULL following each node’s learned direction)', async () => {
    const nTrain = Math.min(20_000, Math.floor(ids.length / 2));
    const raw = fitPipeline([STEPS[1]!, STEPS[3]!], rows.slice(0, nTrain).map(({ planGroup: _p, ...r }) => r));
    const Xraw = applyPipeline(raw, rows);
    const XrawTrain = { ...Xraw, nRows: nTrain, values: Xraw.values.subarray(0, nTrain * Xraw.nCols), rowIds: Xraw.rowIds.slice(0, nTrain) } as FeatureMatrix;
    expect(Xraw.values.some(Number.isNaN)).toBe(true);
    const gbdt = fitChurnModel(XrawTrain, labels.slice(0, nTrain), { kind: 'gbdt', nTrees: 40, seed: 1 });
    const p = predictChurn(gbdt, Xraw);
    await applyModelsClickHouse(client, [raw, gbdt], { input: 'subscribers', table: 'gbdt_scores', idColumn: 'id', batches: 2 });
    const out = await readTable('gbdt_scores', ['id', 'churnProbability']);
    let maxDiff = 0;
    expect(out.map((r) => r.id)).toEqual(ids);
    out.forEach((r, i) => (maxDiff = Math.max(maxDiff, Math.abs((r.churnProbability as number) - p[i]!))));
    console.log(`gbdt in chDB: max |ClickHouse − in-process| = ${maxDiff.toExponential(2)} over ${out.length} rows (${gbdt.nTrees} trees)`);
    expect(maxDiff).toBeLessThanOrEqual(1e-9);
  }, 300_000);

  test('tag bitmaps: audience counts, pages of ids and seeded samples equal the in-process TagIndex', async () => {
    expect(await encodeSubscribersClickHouse(client, { input: 'scored', idColumn: 'id' })).toEqual({ added: ids.length, total: ids.length });
    const tagIds = CATALOGUE.tags.map((t) => t.id);
    const built = await buildTagBitmapsClickHouse(client, { input: 'scored', idColumn: 'id', tags: tagIds });
    expect(built.subscribers).toBe(ids.length);
    for (const t of tagIds) expect(built.tags[t]).toBe(countAudience(index, t));
    for (const e of AUDIENCES) {
      const want = countAudience(index, e);
      expect(await countAudienceClickHouse(client, e)).toBe(want);
      for (const page of [{ limit: 50 }, { limit: 25, offset: Math.floor(want / 2) }, { limit: 10, offset: Math.max(0, want - 3) }]) {
        const got = await queryAudienceClickHouse(client, e, page);
        const ref = queryAudience(index, e, page);
        expect(got.total).toBe(ref.total);
        expect(got.ids).toEqual(ref.ids);
        expect(got.numbers).toEqual([...ref.rows]);
      }
      const s = await queryAudienceClickHouse(client, e, { sample: 40, seed: 9, limit: 40 });
      expect(s.ids).toEqual(queryAudience(index, e, { sample: 40, seed: 9 }).ids);
    }
  }, 300_000);

  test('fitKMeansClickHouse from the same start: identical assignments, centroids within 1e-9', async () => {
    // 8 of the standardised features (the benchmark's width), k = 4, at most 12 iterations
    const cols = X.columns.filter((c) => !c.includes('=')).slice(0, 8);
    const idx = cols.map((c) => X.columns.indexOf(c));
    const X8 = { ...X, nCols: 8, columns: cols, values: Float64Array.from({ length: X.nRows * 8 }, (_, t) => X.values[Math.floor(t / 8) * X.nCols + idx[t % 8]!]!) } as FeatureMatrix;
    const start = fitKMeans({ ...X8, nRows: 2000, values: X8.values.subarray(0, 2000 * 8), rowIds: X8.rowIds.slice(0, 2000) } as FeatureMatrix, { k: 4, seed: 4, maxIter: 1 });
    const init = Array.from({ length: 4 }, (_, c) => Array.from(start.centroids.subarray(c * 8, (c + 1) * 8)));
    const local = fitKMeans(X8, { k: 4, init, algorithm: 'lloyd', maxIter: 12 });
    const { model, emptySegments } = await fitKMeansClickHouse(client, { input: 'scored', columns: cols, init, maxIter: 12 });
    expect(emptySegments).toEqual([]);
    expect(model.iterations).toBe(local.iterations);
    expect(model.converged).toBe(local.converged);
    expect(model.sizes).toEqual(local.sizes);
    let maxDiff = 0;
    for (let i = 0; i < local.centroids.length; i++) maxDiff = Math.max(maxDiff, Math.abs(model.centroids[i]! - local.centroids[i]!));
    console.log(`k-means in chDB: ${model.iterations} iterations, max |centroid difference| = ${maxDiff.toExponential(2)}`);
    expect(maxDiff).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(model.inertia - local.inertia) / local.inertia).toBeLessThan(1e-9);
    expect([...assignSegments(model, X8)]).toEqual([...assignSegments(local, X8)]);
  }, 300_000);

  test('quantilesClickHouse gives the catalogue’s quantile thresholds bit for bit; columnStatsClickHouse the standardize step’s mean and scale', async () => {
    const q = await quantilesClickHouse(client, { input: 'scored', column: 'arpu', probabilities: [0.8, 0.2, 0.9999] });
    expect(q).toEqual([index.thresholds['high_arpu#rule']!, index.thresholds['low_arpu#rule']!, index.thresholds['rare#rule']!]);
    const cols = ['arpu', 'dataMB', 'complaintRate'];
    const std = fitPipeline([{ type: 'standardize', columns: cols }], rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? NaN]))));
    const step = std.steps[0] as { mean: number[]; scale: number[] };
    const stats = await columnStatsClickHouse(client, { input: 'subscribers', columns: cols });
    stats.forEach((s, j) => {
      expect(s.missing + s.count).toBe(ids.length);
      expect(Math.abs(s.mean - step.mean[j]!) / Math.abs(step.mean[j]!)).toBeLessThan(1e-12);
      expect(Math.abs(s.std - step.scale[j]!) / step.scale[j]!).toBeLessThan(1e-12);
    });
  }, 300_000);
});
