/**
 * The hybrid recommender's SQL in DuckDB with and without business rules, against
 * `recommendBatch` in process on the same subscribers and rules: top 10 offers per subscriber of a
 * synthetic operator (40 offers), the model's numbers loaded as tables (`hybridSubscriberRows`,
 * `hybridHistoryRows`). Rules: `maxPerCategory: 1` with an `eligible` predicate (price), and the
 * same with a per-subscriber `eligible` pairs table (2 offers in 3).
 *
 * Sizes: 20,000 subscribers at BENCH_SCALE=1. DuckDB on 2 threads. Each figure is the median of 3
 * runs; ratios are against the in-process run with the same rules, measured in the same run.
 *
 * Run: `flock /tmp/bench.lock npx tsx bench/hybrid-sql.bench.ts` (BENCH_SCALE=0.25 for 5,000).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { fitRecommender, generateOperator, hybridHistoryRows, hybridSubscriberRows, recommend, recommendBatch, toSql } from '../src/index.js';
import type { HybridSqlRules, RecommendOptions } from '../src/index.js';
import { fmt, scaled, table } from './util.js';

const N = scaled(20_000);
const op = generateOperator({ subscribers: N, months: 3, seed: 5, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 6 });
const model = fitRecommender({ interactions: op.interactions, subscribers: op.subscribers, offers: op.offers }, { als: { factors: 8, maxIter: 5 }, profile: { maxIter: 10 }, validationUsers: 500, seed: 2 });
const ids = model.subscriberIds;
const medianPrice = [...model.offerPrices].sort((a, b) => a - b)[Math.floor(model.offerPrices.length / 2)]!;
const allowed = (u: number): string[] => model.offerIds.filter((_, i) => (i + u) % 3 !== 0);
const priceOf = new Map(model.offerIds.map((id, i) => [id, model.offerPrices[i]!]));

const inst = await DuckDBInstance.create(':memory:', { threads: '2' });
const con = await inst.connect();
const q = (s: string): string => `"${s.replaceAll('"', '""')}"`;
async function load(name: string, rows: readonly Record<string, string | number>[]): Promise<void> {
  const cols = Object.keys(rows[0]!);
  await con.run(`CREATE OR REPLACE TABLE ${q(name)} (${cols.map((c) => `${q(c)} ${typeof rows[0]![c] === 'string' ? 'VARCHAR' : 'DOUBLE'}`).join(', ')})`);
  const app = await con.createAppender(name);
  for (const r of rows) {
    for (const c of cols) {
      const v = r[c]!;
      if (typeof v === 'string') app.appendVarchar(v);
      else app.appendDouble(v);
    }
    app.endRow();
  }
  app.closeSync();
}
await load('subs', ids.map((subscriberId) => ({ subscriberId })));
await load('known', hybridSubscriberRows(model));
await load('hist', hybridHistoryRows(model));
await load('allowed', ids.flatMap((subscriberId, u) => allowed(u).map((offerId) => ({ subscriberId, offerId }))));

const median = async (f: () => unknown): Promise<number> => {
  const ts: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    await f();
    ts.push((performance.now() - t0) / 1000);
  }
  return ts.sort((a, b) => a - b)[1]!;
};
const sqlRun = (extra: Record<string, unknown>) => async () => (await con.runAndReadAll(`SELECT count(*) FROM (${toSql(model, { dialect: 'duckdb', input: 'subs', k: 10, subscriberFactors: 'known', history: 'hist', ...extra })})`)).getRows();

const caps: HybridSqlRules = { maxPerCategory: 1, eligible: (o) => o.price <= medianPrice };
const rows: Record<string, string>[] = [];
for (const [name, extra, inProcess] of [
  ['no rules', {}, () => recommendBatch(model, ids, { k: 10, reasons: false })],
  ['caps 1 + eligible predicate', { rules: caps }, () => recommendBatch(model, ids, { k: 10, reasons: false, ...(caps as RecommendOptions) })],
  ['… + eligible pairs table', { rules: caps, eligible: 'allowed' }, () => ids.map((id, u) => recommend(model, id, { k: 10, reasons: false, maxPerCategory: 1, eligible: allowed(u).filter((o) => priceOf.get(o)! <= medianPrice) }))],
] as const) {
  const tSql = await median(sqlRun(extra));
  const tJs = await median(inProcess);
  rows.push({ rules: name, 'DuckDB s': fmt(tSql), 'in-process s': fmt(tJs), 'DuckDB / in-process': fmt(tSql / tJs) });
}
console.log(`hybrid SQL in DuckDB (2 threads) vs recommendBatch: ${N.toLocaleString('en-US')} subscribers, ${model.offerIds.length} offers, k = 10`);
table(rows);
con.closeSync();
