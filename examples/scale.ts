/**
 * From laptop to cluster (docs/scale.md): a synthetic operator's usage written to Parquet,
 * history features, churn scores, segments and tags computed by DuckDB from the file, and the
 * same SQL printed for ClickHouse, Spark and Trino.
 *
 * Run: `npx tsx examples/scale.ts` (SCALE_SUBSCRIBERS=50000 for a bigger file).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyTagCatalogue,
  fitChurnModel,
  fitKMeans,
  fitPipeline,
  applyPipeline,
  generateOperator,
  predictChurn,
  subscriberFeaturesSql,
  toSql,
} from 'telcokit';
import type { TagCatalogue } from 'telcokit';
import {
  applyModelsDuckDb,
  closeDuckDb,
  openDuckDb,
  queryDuckDb,
  registerDuckDbTable,
  streamDuckDbMatrices,
  subscriberFeaturesDuckDb,
} from 'telcokit/duckdb';

const n = Number(process.env.SCALE_SUBSCRIBERS ?? 5000);
const dir = mkdtempSync(join(tmpdir(), 'telcokit-scale-'));

// 1. A synthetic operator, its usage written to CSV and then, by DuckDB, to Parquet.
const op = generateOperator({ subscribers: n, months: 6, seed: 1, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 0 });
const fields = Object.keys(op.usage[0]!);
writeFileSync(join(dir, 'usage.csv'), [fields.join(','), ...op.usage.map((u) => fields.map((f) => String((u as Record<string, unknown>)[f] ?? '')).join(','))].join('\n'));
const db = await openDuckDb({ threads: 2, memoryLimit: '1GB' });
await registerDuckDbTable(db, 'usage_csv', join(dir, 'usage.csv'));
await queryDuckDb(db, `COPY usage_csv TO '${join(dir, 'usage.parquet')}' (FORMAT parquet)`);

// 2. History features in DuckDB, straight from the Parquet file.
await registerDuckDbTable(db, 'usage', join(dir, 'usage.parquet'));
await subscriberFeaturesDuckDb(db, 'usage', { output: { table: 'features' } });
const FEATURES = ['arpu', 'dataMB', 'voiceMinutes', 'dataDropRatio', 'nightDataShare', 'callsPerMonth', 'complaintRate'];
await queryDuckDb(db, `CREATE VIEW feats AS SELECT "subscriberId" AS id, ${FEATURES.map((f) => `"${f}"`).join(', ')} FROM features`);

// 3. Models fitted in process on a sample streamed back from DuckDB.
const sample: Record<string, unknown>[] = [];
for await (const m of streamDuckDbMatrices(db, { sql: 'SELECT * FROM feats USING SAMPLE 2000 ROWS (reservoir, 7) ORDER BY id' }, { batchSize: 1000 })) {
  for (let i = 0; i < m.nRows; i++) sample.push(Object.fromEntries([['id', m.rowIds[i]], ...m.columns.map((c, j) => [c, m.values[i * m.nCols + j]])]));
}
const closed = new Set(op.subscribers.filter((s) => s.status === 'closed').map((s) => s.id));
const pipeline = fitPipeline([{ type: 'impute', strategy: 'median' }, { type: 'log1p', columns: ['dataMB', 'voiceMinutes'] }, { type: 'standardize' }], sample);
const X = applyPipeline(pipeline, sample);
const churn = fitChurnModel(X, X.rowIds.map((id) => (closed.has(id) ? 1 : 0)), { kind: 'logistic' });
const segments = fitKMeans(X, { k: 5, seed: 1 });
const catalogue: TagCatalogue = {
  tags: [
    { id: 'high_value', label: 'High value', level: 1, rule: { field: 'arpu', op: '>=', quantile: 0.8 } },
    { id: 'at_risk', label: 'At risk', level: 1, rule: { field: 'churnProbability', op: '>', value: 0.3 } },
    { id: 'dropping', label: 'Usage dropping', level: 1, rule: { field: 'dataDropRatio', op: '>', value: 0.2 } },
  ],
};
// quantile thresholds are fitted on the sample too (applyTagCatalogue keeps them in index.thresholds)
const sampleCols: Record<string, Float64Array> = { churnProbability: predictChurn(churn, X) };
X.columns.forEach((c, j) => (sampleCols[c] = Float64Array.from({ length: X.nRows }, (_, i) => X.values[i * X.nCols + j]!)));
const { thresholds } = applyTagCatalogue(catalogue, { ids: X.rowIds, columns: sampleCols });

// 4. Every subscriber scored by DuckDB through the emitted SQL, written to Parquet.
const models = [pipeline, churn, segments, catalogue] as const;
const audiences = { winback: 'high_value AND at_risk AND dropping' };
const { rows } = await applyModelsDuckDb(db, [...models], { input: 'feats', output: { parquet: join(dir, 'scored.parquet') }, thresholds, audiences });
await registerDuckDbTable(db, 'scored', join(dir, 'scored.parquet'));
const [counts] = await queryDuckDb(
  db,
  `SELECT count(*) AS subscribers, count(*) FILTER (WHERE winback) AS winback, round(avg("churnProbability"), 4) AS "meanChurn", count(DISTINCT segment) AS segments FROM scored`,
);
console.log(`scored ${rows} subscribers →`, counts);
closeDuckDb(db);

// 5. The same work as SQL for the cluster engines.
for (const dialect of ['clickhouse', 'spark', 'trino'] as const) {
  const features = subscriberFeaturesSql({ dialect, input: ['lake', 'usage'] });
  const scoring = toSql([...models], { dialect, input: ['lake', 'features'], thresholds, audiences });
  console.log(`${dialect}: features SQL ${features.length} characters, scoring SQL ${scoring.length} characters; scoring begins:\n${scoring.split('\n').slice(0, 6).join('\n')}\n  …`);
}
rmSync(dir, { recursive: true, force: true });
