/**
 * The DuckDB path against the in-process path on the same subscribers: history features + churn
 * score (logistic) + segment (k-means) + tags (4 tags, one quantile) from 6 months of usage in
 * Parquet. Each path runs in its own child process so each peak RSS is its own; the in-process
 * path first reads the Parquet into records (that read is reported apart). Models are fitted in
 * process on a 20,000-subscriber sample, as an operator would.
 *
 * Sizes: 200,000 subscribers × 6 months at BENCH_SCALE=1; TELCOKIT_BENCH_SUBSCRIBERS sets the
 * count directly (10,000,000 for the issue's run). DuckDB uses 2 threads and a 2 GB memory limit
 * (spilling beyond it).
 *
 * Larger than the heap: TELCOKIT_BENCH_DUCKDB_HEAP_MB=64 TELCOKIT_BENCH_SKIP_INPROCESS=1 runs the
 * DuckDB path with a 64 MB V8 heap (the usage is ~5× that as doubles at 200,000 subscribers).
 *
 * Run: `flock /tmp/bench.lock npx tsx bench/duckdb.bench.ts` (BENCH_SCALE=0.25 for 50,000).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyPipeline,
  assignSegments,
  applyTagCatalogue,
  fitChurnModel,
  fitKMeans,
  fitPipeline,
  parseModel,
  predictChurn,
  serializeModel,
  subscriberFeatures,
} from '../src/index.js';
import type { FeatureMatrix, PipelineModel, TagCatalogue, UsageMonth } from '../src/index.js';
import { applyModelsDuckDb, closeDuckDb, openDuckDb, queryDuckDb, registerDuckDbTable, streamDuckDbMatrices, subscriberFeaturesDuckDb } from '../src/duckdb/index.js';
import { fmt, scaled } from './util.js';

const N = Number(process.env.TELCOKIT_BENCH_SUBSCRIBERS ?? scaled(200_000));
const MONTHS = 6;
const mode = process.argv[2];
const dir = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'telcokit-bench-duckdb-'));
const usageFile = join(dir, 'usage.parquet');
const modelsFile = join(dir, 'models.json');

/** Usage rows written by DuckDB itself from a hash of (subscriber, month): deterministic, no JS memory. */
const USAGE_SQL = `
SELECT printf('S%08d', s) AS "subscriberId", printf('2024-%02d', m) AS month,
  (hash(s, m, 1) % 600)::DOUBLE AS "localVoiceMinutes", (hash(s, m, 2) % 200)::DOUBLE AS "longDistanceVoiceMinutes",
  (hash(s, m, 3) % 50)::DOUBLE AS "roamingVoiceMinutes", (hash(s, m, 4) % 300)::DOUBLE AS "callsOut", (hash(s, m, 5) % 300)::DOUBLE AS "callsIn",
  (hash(s, m, 6) % 60)::DOUBLE AS "distinctContacts", (hash(s, m, 7) % 40)::DOUBLE AS "smsCount",
  (hash(s, 0, 8) % 8000 * (0.5 + (hash(s, m, 9) % 100) / 100.0))::DOUBLE AS "dataMB", (hash(s, m, 10) % 500)::DOUBLE AS "nightDataMB",
  (hash(s, m, 11) % 4)::DOUBLE AS "vasCount", (hash(s, 0, 12) % 200)::DOUBLE AS "monthlyFee", (hash(s, m, 13) % 1000 / 100.0)::DOUBLE AS "vasFee",
  (hash(s, 0, 14) % 200 + hash(s, m, 15) % 5000 / 100.0)::DOUBLE AS "billedAmount", (hash(s, m, 16) % 3)::DOUBLE AS "topUpCount",
  (CASE WHEN hash(s, m, 17) % 20 = 0 THEN 1 ELSE 0 END)::DOUBLE AS complaints, (hash(s, m, 18) % 3)::DOUBLE AS "serviceCalls",
  (hash(s, m, 19) % 100)::DOUBLE AS "awayWeekdayCalls",
  ${['Video', 'Social', 'Games', 'Travel', 'Shopping', 'News', 'Music', 'Other'].map((c, k) => `(hash(s, m, ${20 + k}) % 800)::DOUBLE AS "app${c}MB"`).join(', ')}
FROM range(${N}) t(s), range(1, ${MONTHS + 1}) u(m)`;

const CATALOGUE: TagCatalogue = {
  tags: [
    { id: 'high_arpu', label: 'High ARPU', level: 1, rule: { field: 'arpu', op: '>=', quantile: 0.9 } },
    { id: 'risk', label: 'Churn risk', level: 1, rule: { field: 'churnProbability', op: '>', value: 0.5 } },
    { id: 'dropping', label: 'Data dropping', level: 1, rule: { field: 'dataDropRatio', op: '>', value: 0.3 } },
    { id: 'traveller', label: 'Traveller', level: 1, rule: { field: 'awayWeekdayCallShare', op: '>=', value: 0.3 } },
  ],
};
const FEATURES = ['arpu', 'arpuTrend', 'billVolatility', 'dataMB', 'voiceMinutes', 'dataDropRatio', 'nightDataShare', 'vasIntensity', 'topUpFrequency', 'complaintRate', 'callsPerMonth', 'awayWeekdayCallShare'];

function rss(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Reads usage Parquet into UsageMonth records (the in-process path's input). */
async function readUsage(where: string, limit?: number): Promise<UsageMonth[]> {
  const db = await openDuckDb({ threads: 2 });
  const out: UsageMonth[] = [];
  const sql = `SELECT * FROM read_parquet('${where}')${limit ? ` WHERE "subscriberId" < printf('S%08d', ${limit})` : ''}`;
  const res = await db.connection.stream(sql);
  const names = res.columnNames();
  for (;;) {
    const chunk = await res.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const cols = names.map((_, j) => chunk.getColumnValues(j));
    for (let i = 0; i < chunk.rowCount; i++) {
      const r: Record<string, unknown> = {};
      names.forEach((n, j) => (r[n] = cols[j]![i]));
      out.push(r as unknown as UsageMonth);
    }
  }
  closeDuckDb(db);
  return out;
}

function featureRecords(F: FeatureMatrix): Record<string, unknown>[] {
  const idx = FEATURES.map((c) => F.columns.indexOf(c));
  return F.rowIds.map((id, i) => Object.fromEntries([['id', id], ...FEATURES.map((c, k) => [c, F.values[i * F.nCols + idx[k]!]!])]));
}

async function prepare(): Promise<void> {
  const db = await openDuckDb({ threads: 2 });
  await queryDuckDb(db, `COPY (${USAGE_SQL}) TO '${usageFile}' (FORMAT parquet, COMPRESSION zstd)`);
  closeDuckDb(db);
  // models fitted in process on a sample of 20,000 subscribers
  const F = subscriberFeatures(await readUsage(usageFile, Math.min(N, 20_000)));
  const rec = featureRecords(F);
  const pipeline = fitPipeline([{ type: 'impute', strategy: 'median' }, { type: 'standardize' }], rec);
  const X = applyPipeline(pipeline, rec);
  const arpu = X.columns.indexOf('arpu');
  const drop = X.columns.indexOf('dataDropRatio');
  // a synthetic label: low spend with a usage drop churns
  const y = X.rowIds.map((_, i) => (X.values[i * X.nCols + drop]! - X.values[i * X.nCols + arpu]! > 1 ? 1 : 0));
  const churn = fitChurnModel(X, y, { kind: 'logistic' });
  const km = fitKMeans(X, { k: 8, seed: 1 });
  writeFileSync(modelsFile, JSON.stringify({ pipeline: serializeModel(pipeline), churn: serializeModel(churn), km: serializeModel(km) }));
}

function loadModels() {
  const m = JSON.parse(readFileSync(modelsFile, 'utf8')) as Record<string, string>;
  return { pipeline: parseModel(m.pipeline!, 'features/pipeline') as PipelineModel, churn: parseModel(m.churn!, 'churn/logistic'), km: parseModel(m.km!, 'segment/kmeans') };
}

async function runDuck(): Promise<void> {
  const { pipeline, churn, km } = loadModels();
  const t0 = performance.now();
  const db = await openDuckDb({ threads: 2, memoryLimit: '2GB', tempDirectory: join(dir, 'spill') });
  await registerDuckDbTable(db, 'usage', usageFile);
  await subscriberFeaturesDuckDb(db, 'usage', { output: { view: 'features' } });
  await queryDuckDb(db, `CREATE VIEW feats AS SELECT "subscriberId" AS id, * EXCLUDE ("subscriberId") FROM features`);
  // the tag's quantile threshold over the whole population, by DuckDB's quantile_cont (type 7, as applyTagCatalogue)
  const thresholds = { 'high_arpu#rule': await arpuQuantile(db) };
  const res = await applyModelsDuckDb(db, [pipeline, churn, km, CATALOGUE], { input: 'feats', output: { parquet: join(dir, 'scored-duck.parquet') }, thresholds });
  const seconds = (performance.now() - t0) / 1000;
  // one batch streamed back, as an in-process step would read it
  let n = 0;
  for await (const m of streamDuckDbMatrices(db, { sql: `SELECT id, "churnProbability" FROM read_parquet('${join(dir, 'scored-duck.parquet')}') LIMIT 1000` })) n += m.nRows;
  closeDuckDb(db);
  console.log(JSON.stringify({ mode: 'duckdb', seconds, rows: res.rows, check: n, rssMB: rss() }));
}

/** The 0.9 quantile of the standardized arpu over all subscribers (R type 7), as applyTagCatalogue computes it. */
async function arpuQuantile(db: Awaited<ReturnType<typeof openDuckDb>>): Promise<number> {
  const { pipeline } = loadModels();
  const st = pipeline.steps.find((s) => s.type === 'standardize')!;
  const imp = pipeline.steps.find((s) => s.type === 'impute')!;
  const j = st.type === 'standardize' ? st.columns.indexOf('arpu') : -1;
  const fill = imp.type === 'impute' ? (imp.fill[imp.columns.indexOf('arpu')] as number) : 0;
  const [{ q }] = (await queryDuckDb(db, `SELECT quantile_cont((COALESCE(arpu, ${fill}) - ${st.type === 'standardize' ? st.mean[j] : 0}) / ${st.type === 'standardize' ? st.scale[j] : 1}, 0.9) AS q FROM features`)) as [{ q: number }];
  return q;
}

async function runInProcess(): Promise<void> {
  const { pipeline, churn, km } = loadModels();
  const t0 = performance.now();
  const usage = await readUsage(usageFile);
  const tRead = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const F = subscriberFeatures(usage);
  const X = applyPipeline(pipeline, featureRecords(F));
  const p = predictChurn(churn, X);
  const seg = assignSegments(km, X);
  const columns: Record<string, Float64Array> = {};
  X.columns.forEach((c, j) => (columns[c] = Float64Array.from({ length: X.nRows }, (_, i) => X.values[i * X.nCols + j]!)));
  columns.churnProbability = p;
  const index = applyTagCatalogue(CATALOGUE, { ids: X.rowIds, columns });
  const seconds = (performance.now() - t1) / 1000;
  console.log(JSON.stringify({ mode: 'in-process', seconds, readSeconds: tRead, rows: X.nRows, check: seg.length + index.nRows, rssMB: rss() }));
}

/** The DuckDB child's V8 heap cap (MB): set TELCOKIT_BENCH_DUCKDB_HEAP_MB=64 to show the data never enters the heap. */
const DUCK_HEAP = Number(process.env.TELCOKIT_BENCH_DUCKDB_HEAP_MB ?? 16384);

function child(m: string): Record<string, number | string> {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${m === 'duckdb' ? DUCK_HEAP : 16384}`, '--import', 'tsx', fileURLToPath(import.meta.url), m, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${m} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number | string>;
}

if (mode === 'duckdb') await runDuck();
else if (mode === 'in-process') await runInProcess();
else {
  const t = performance.now();
  await prepare();
  console.log(`data: ${fmt(N)} subscribers × ${MONTHS} months = ${fmt(N * MONTHS)} usage rows, ${fmt(statSync(usageFile).size / 2 ** 20)} MB Parquet (written in ${fmt((performance.now() - t) / 1000)} s, models fitted on ${fmt(Math.min(N, 20_000))})`);
  const duck = child('duckdb');
  const inproc = process.env.TELCOKIT_BENCH_SKIP_INPROCESS === '1' ? null : child('in-process');
  console.table([
    { path: `DuckDB (2 threads, Node heap cap ${fmt(DUCK_HEAP)} MB): features + score + segment + tags → Parquet`, seconds: fmt(duck.seconds as number), 'peak RSS MB': fmt(duck.rssMB as number), rows: duck.rows },
    ...(inproc
      ? [
          { path: 'in-process: same work from records in memory', seconds: fmt(inproc.seconds as number), 'peak RSS MB': fmt(inproc.rssMB as number), rows: inproc.rows },
          { path: '  (+ reading the Parquet into records first)', seconds: fmt(inproc.readSeconds as number), 'peak RSS MB': '', rows: '' },
        ]
      : []),
  ]);
  if (inproc) console.log(`ratio DuckDB / in-process (compute only): ${fmt((duck.seconds as number) / (inproc.seconds as number))}×; peak RSS ratio ${fmt((duck.rssMB as number) / (inproc.rssMB as number))}×`);
  rmSync(dir, { recursive: true, force: true });
}
