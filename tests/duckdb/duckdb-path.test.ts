/**
 * The telcokit/duckdb path end to end on files: a synthetic operator's usage as CSV with Chinese
 * headers (mapped by suggestColumnMapping) and as Parquet → history features in DuckDB → models
 * applied through toSql → Parquet → streamed back as FeatureMatrix batches; each step equal to
 * the in-process result. Then the bad inputs: missing or truncated files, missing columns, wrong
 * types, abort, and the peer dependency missing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  AbortError,
  DataError,
  DependencyError,
  DimensionError,
  ModelError,
  applyPipeline,
  assignSegments,
  fitChurnModel,
  fitKMeans,
  fitPipeline,
  generateOperator,
  predictChurn,
  subscriberFeatures,
  suggestColumnMapping,
  UsageMonthSchema,
} from '../../src/index.js';
import type { FeatureMatrix } from '../../src/index.js';
import {
  applyModelsDuckDb,
  closeDuckDb,
  openDuckDb,
  queryDuckDb,
  registerDuckDbTable,
  streamDuckDbMatrices,
  subscriberFeaturesDuckDb,
} from '../../src/duckdb/index.js';
import type { TelcoDuckDb } from '../../src/duckdb/index.js';
import { loadDuckDbModule } from '../../src/duckdb/open-duckdb.js';

const dir = mkdtempSync(join(tmpdir(), 'telcokit-duckdb-'));
let db: TelcoDuckDb;
let op: ReturnType<typeof generateOperator>;
const FIELDS = ['subscriberId', 'month', 'localVoiceMinutes', 'longDistanceVoiceMinutes', 'roamingVoiceMinutes', 'callsOut', 'callsIn', 'distinctContacts', 'smsCount', 'dataMB', 'nightDataMB', 'vasCount', 'monthlyFee', 'vasFee', 'billedAmount', 'topUpCount', 'complaints', 'serviceCalls', 'awayWeekdayCalls', 'appVideoMB', 'appSocialMB', 'appGamesMB', 'appTravelMB', 'appShoppingMB', 'appNewsMB', 'appMusicMB', 'appOtherMB'] as const;
const CHINESE: Record<string, string> = { subscriberId: '用户ID', month: '月份', dataMB: '上网流量', nightDataMB: '夜间流量', billedAmount: '出账金额' };

beforeAll(async () => {
  db = await openDuckDb({ threads: 1, memoryLimit: '512MB' });
  op = generateOperator({ subscribers: 1200, months: 6, seed: 11, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 0 });
  const header = FIELDS.map((f) => CHINESE[f] ?? f);
  const lines = [header.join(',')];
  for (const u of op.usage) lines.push(FIELDS.map((f) => String((u as Record<string, unknown>)[f] ?? '')).join(','));
  writeFileSync(join(dir, 'usage.csv'), `${lines.join('\n')}\n`);
}, 120_000);
afterAll(() => {
  closeDuckDb(db);
  rmSync(dir, { recursive: true, force: true });
});

function close(a: unknown, b: number, tol: number): boolean {
  if (a === null) return Number.isNaN(b);
  return typeof a === 'number' && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

describe('telcokit/duckdb on files', () => {
  test('CSV with Chinese headers → Parquet → subscriberFeaturesDuckDb equals subscriberFeatures', async () => {
    const headers = readFileSync(join(dir, 'usage.csv'), 'utf8').split('\n', 1)[0]!.split(',');
    const { mapping } = suggestColumnMapping(headers, UsageMonthSchema);
    expect(mapping['上网流量']).toBe('dataMB');
    const cols = await registerDuckDbTable(db, 'usage_csv', join(dir, 'usage.csv'), { mapping });
    expect(cols.map((c) => c.name)).toContain('dataMB');
    await queryDuckDb(db, `COPY (SELECT * FROM usage_csv) TO '${join(dir, 'usage.parquet')}' (FORMAT parquet)`);
    await registerDuckDbTable(db, 'usage', join(dir, 'usage.parquet'));
    const { rows } = await subscriberFeaturesDuckDb(db, 'usage', { output: { parquet: join(dir, 'features.parquet') } });
    const want = subscriberFeatures(op.usage);
    expect(rows).toBe(want.nRows);
    await registerDuckDbTable(db, 'features', join(dir, 'features.parquet'));
    const got = await queryDuckDb(db, 'SELECT * FROM features ORDER BY "subscriberId"');
    got.forEach((r, i) => {
      expect(r.subscriberId).toBe(want.rowIds[i]);
      want.columns.forEach((c, j) => expect(close(r[c], want.values[i * want.nCols + j]!, 1e-9), `${c} ${i}`).toBe(true));
    });
  }, 120_000);

  test('applyModelsDuckDb writes scores and segments to Parquet; streamDuckDbMatrices reads them back in batches', async () => {
    const F = subscriberFeatures(op.usage);
    const keepCols = F.columns.filter((_, j) => F.values.some((v, k) => k % F.nCols === j && !Number.isNaN(v)));
    const records = F.rowIds.map((id, i) => Object.fromEntries([['id', id], ...keepCols.map((c) => [c, F.values[i * F.nCols + F.columns.indexOf(c)]!])]));
    const pipeline = fitPipeline([{ type: 'impute', strategy: 'median' }, { type: 'standardize' }], records.slice(0, 600));
    const X = applyPipeline(pipeline, records);
    const closed = new Set(op.subscribers.filter((s) => s.status === 'closed').map((s) => s.id));
    const train = { ...X, nRows: 600, values: X.values.slice(0, 600 * X.nCols), rowIds: X.rowIds.slice(0, 600) } as FeatureMatrix;
    const churn = fitChurnModel(train, X.rowIds.slice(0, 600).map((id) => (closed.has(id) ? 1 : 0)), { kind: 'logistic' });
    const km = fitKMeans(train, { k: 4, seed: 2 });
    await queryDuckDb(db, `CREATE OR REPLACE VIEW feats AS SELECT "subscriberId" AS id, * EXCLUDE ("subscriberId") FROM features`);
    const progress: number[] = [];
    const out = join(dir, 'scored.parquet');
    const res = await applyModelsDuckDb(db, [pipeline, churn, km], { input: 'feats', output: { parquet: out } });
    expect(res.rows).toBe(X.nRows);
    await registerDuckDbTable(db, 'scored', out);
    const p = predictChurn(churn, X);
    const seg = assignSegments(km, X);
    const at = new Map(X.rowIds.map((id, i) => [id, i]));
    let seen = 0;
    let worst = 0;
    for await (const m of streamDuckDbMatrices(db, { sql: 'SELECT id, "churnProbability", segment FROM scored' }, { batchSize: 500, onProgress: (e) => progress.push(e.done) })) {
      expect(m.nRows).toBeLessThanOrEqual(500);
      for (let i = 0; i < m.nRows; i++) {
        const k = at.get(m.rowIds[i]!)!;
        worst = Math.max(worst, Math.abs(m.values[i * 2]! - p[k]!));
        expect(m.values[i * 2 + 1]).toBe(seg[k]);
      }
      seen += m.nRows;
    }
    expect(seen).toBe(X.nRows);
    expect(worst).toBeLessThanOrEqual(1e-9);
    expect(progress.at(-1)).toBe(X.nRows);
    expect(progress.length).toBe(Math.ceil(X.nRows / 500));
  }, 120_000);
});

describe('telcokit/duckdb bad input', () => {
  test('a Parquet file that does not exist, or is truncated, is a DataError naming it', async () => {
    await expect(registerDuckDbTable(db, 'x', join(dir, 'nope.parquet'))).rejects.toThrow(DataError);
    await expect(registerDuckDbTable(db, 'x', join(dir, 'nope.parquet'))).rejects.toThrow(/nope\.parquet/);
    const whole = readFileSync(join(dir, 'usage.parquet'));
    writeFileSync(join(dir, 'cut.parquet'), whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(registerDuckDbTable(db, 'x', join(dir, 'cut.parquet'))).rejects.toThrow(DataError);
  });
  test('a missing input column is a DimensionError, a text column where numbers are expected a DataError', async () => {
    const pipeline = fitPipeline([{ type: 'standardize' }], [{ dataMB: 1, fee: 2 }, { dataMB: 3, fee: 5 }]);
    await queryDuckDb(db, `CREATE OR REPLACE TABLE t1 AS SELECT 'a' AS id, 1.0 AS "dataMB"`);
    await expect(applyModelsDuckDb(db, pipeline, { input: 't1', output: { view: 'o' } })).rejects.toThrow(DimensionError);
    await expect(applyModelsDuckDb(db, pipeline, { input: 't1', output: { view: 'o' } })).rejects.toThrow(/no column 'fee'/);
    await queryDuckDb(db, `CREATE OR REPLACE TABLE t2 AS SELECT 'a' AS id, 1.0 AS "dataMB", '12' AS fee`);
    await expect(applyModelsDuckDb(db, pipeline, { input: 't2', output: { view: 'o' } })).rejects.toThrow(/'fee' of 't2' is VARCHAR; the models expect numbers/);
  });
  test('a pipeline with a custom step is a ModelError naming the step, its registered function and the dialect', async () => {
    const pipeline = fitPipeline([{ type: 'custom', name: 'twice', columns: ['dataMB'], outputs: ['y'], fn: 'double' }], [{ dataMB: 1 }, { dataMB: 3 }], {
      customSteps: { double: (c) => ({ y: c.dataMB!.map((v) => 2 * v) }) },
    });
    await queryDuckDb(db, `CREATE OR REPLACE TABLE t3 AS SELECT 'a' AS id, 1.0 AS "dataMB"`);
    await expect(applyModelsDuckDb(db, pipeline, { input: 't3', output: { view: 'o' } })).rejects.toThrow(ModelError);
    await expect(applyModelsDuckDb(db, pipeline, { input: 't3', output: { view: 'o' } })).rejects.toThrow(
      /step 1 \(custom\) 'twice' runs the JavaScript function registered as 'double', which cannot be written as SQL in dialect 'duckdb'/,
    );
  });
  test('an aborted signal stops the work with an AbortError', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(subscriberFeaturesDuckDb(db, 'usage', { output: { view: 'v' }, signal: ac.signal })).rejects.toThrow(AbortError);
    const it = streamDuckDbMatrices(db, 'usage', { columns: ['dataMB'], batchSize: 10, signal: ac.signal });
    await expect(it.next()).rejects.toThrow(AbortError);
  });
  test('@duckdb/node-api missing: a DependencyError saying how to install it', async () => {
    await expect(loadDuckDbModule('openDuckDb', '@duckdb/node-api-not-installed')).rejects.toThrow(DependencyError);
    await expect(loadDuckDbModule('openDuckDb', '@duckdb/node-api-not-installed')).rejects.toThrow(/npm install @duckdb\/node-api/);
  });
});
