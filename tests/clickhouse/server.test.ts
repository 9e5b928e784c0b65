/**
 * The same adapter against a ClickHouse server through `@clickhouse/client` over HTTP: the server
 * CI starts on 127.0.0.1 (Debian's clickhouse-server, 18.16; see .ci/run and
 * scripts/clickhouse-test-server.sh), at TELCOKIT_CLICKHOUSE_URL. Skips with a message when it is
 * unset. On 18.16 the Lloyd step, exact quantiles and column statistics run and equal the
 * in-process figures; the bitmap functions (ClickHouse ≥ 20) and EXCHANGE TABLES / CREATE … EMPTY
 * AS (≥ 23) do not exist there, and the test checks that this surfaces as a DataError quoting the
 * server; on a newer server it checks the whole path instead.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DataError, applyTagCatalogue, countAudience, fitKMeans, fitPipeline } from '../../src/index.js';
import type { TagCatalogue } from '../../src/index.js';
import {
  applyModelsClickHouse,
  buildTagBitmapsClickHouse,
  columnStatsClickHouse,
  connectClickHouse,
  countAudienceClickHouse,
  encodeSubscribersClickHouse,
  fitKMeansClickHouse,
  lloydStepClickHouse,
  quantilesClickHouse,
} from '../../src/clickhouse/index.js';
import type { ClickHouseClientLike } from '../../src/clickhouse/index.js';

const URL = process.env.TELCOKIT_CLICKHOUSE_URL;
if (!URL) console.warn('tests/clickhouse/server: SKIPPED: TELCOKIT_CLICKHOUSE_URL is not set (CI starts Debian’s clickhouse-server on 127.0.0.1 and sets it)');

let client: ClickHouseClientLike;
let version = 0;
const N = 400;
const rows = Array.from({ length: N }, (_, i) => ({ subscriberId: `S${String(i).padStart(4, '0')}`, bill: (i * 37) % 101, data: ((i * 53) % 97) / 3 }));
const DB = `telcokit_test_${process.pid}`;
const T = (name: string): [string, string] => [DB, name];

beforeAll(async () => {
  if (!URL) return;
  client = await connectClickHouse({ url: URL });
  const [v] = await (await client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })).json<{ v: string }>();
  version = Number(v!.v.split('.')[0]);
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS \`${DB}\`` });
  await client.command({ query: `CREATE TABLE \`${DB}\`.subs (subscriberId String, bill Float64, data Float64) ENGINE = MergeTree ORDER BY subscriberId` });
  const values = rows.map((r) => `('${r.subscriberId}', ${r.bill}, ${r.data})`).join(', ');
  await client.command({ query: `INSERT INTO \`${DB}\`.subs VALUES ${values}` });
}, 60_000);
afterAll(async () => {
  if (!URL) return;
  await client.command({ query: `DROP DATABASE IF EXISTS \`${DB}\`` });
  await client.close();
});

describe.skipIf(!URL)(`telcokit/clickhouse against clickhouse-server at ${URL ?? '(unset)'}`, () => {
  test('lloydStepClickHouse and fitKMeansClickHouse equal the in-process k-means from the same start', async () => {
    const X = rows.map((r) => [r.bill, r.data]);
    const init = [[10, 5], [50, 20], [90, 30]];
    const step = await lloydStepClickHouse(client, init, { input: T('subs'), columns: ['bill', 'data'] });
    expect(step.counts.reduce((a, b) => a + b, 0)).toBe(N);
    const local = fitKMeans(X, { k: 3, init, algorithm: 'lloyd' });
    const { model } = await fitKMeansClickHouse(client, { input: T('subs'), columns: ['bill', 'data'], init });
    expect(model.sizes).toEqual(local.sizes);
    expect(model.iterations).toBe(local.iterations);
    for (let i = 0; i < 6; i++) expect(model.centroids[i]).toBeCloseTo(local.centroids[i]!, 9);
  });

  test('quantilesClickHouse and columnStatsClickHouse equal the in-process thresholds and standardize statistics', async () => {
    const cat: TagCatalogue = { tags: [{ id: 'top', label: 'Top', level: 1, rule: { field: 'data', op: '>=', quantile: 0.93 } }] };
    const index = applyTagCatalogue(cat, rows, { idField: 'subscriberId' });
    expect(await quantilesClickHouse(client, { input: T('subs'), column: 'data', probabilities: [0.93] })).toEqual([index.thresholds['top#rule']]);
    const std = fitPipeline([{ type: 'standardize', columns: ['bill'] }], rows.map((r) => ({ bill: r.bill })));
    const [s] = await columnStatsClickHouse(client, { input: T('subs'), columns: ['bill'] });
    const st = std.steps[0] as { mean: number[]; scale: number[] };
    expect(s!.mean).toBeCloseTo(st.mean[0]!, 12);
    expect(s!.std).toBeCloseTo(st.scale[0]!, 12);
  });

  test('tag tables and bitmaps: the whole path on ClickHouse ≥ 23; on older servers a DataError quoting the server', async () => {
    const cat: TagCatalogue = { tags: [{ id: 'big', label: 'Big', level: 1, rule: { field: 'bill', op: '>', value: 60 } }] };
    if (version >= 23) {
      await applyModelsClickHouse(client, cat, { input: T('subs'), table: T('tagged'), batches: 2 });
      await encodeSubscribersClickHouse(client, { input: T('tagged'), dictionary: T('dict') });
      await buildTagBitmapsClickHouse(client, { input: T('tagged'), tags: ['big'], dictionary: T('dict'), bitmaps: T('bitmaps') });
      const index = applyTagCatalogue(cat, rows, { idField: 'subscriberId' });
      expect(await countAudienceClickHouse(client, 'NOT big', { bitmaps: T('bitmaps') })).toBe(countAudience(index, 'NOT big'));
    } else {
      const e = await applyModelsClickHouse(client, cat, { input: T('subs'), table: T('tagged') }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DataError);
      expect((e as Error).message).toMatch(/applyModelsClickHouse: ClickHouse: .*(Syntax error|Unknown)/);
      await client.command({ query: `CREATE TABLE \`${DB}\`.tagged (subscriberId String, big UInt8) ENGINE = MergeTree ORDER BY subscriberId` });
      await client.command({ query: `INSERT INTO \`${DB}\`.tagged SELECT subscriberId, bill > 60 FROM \`${DB}\`.subs` });
      await encodeSubscribersClickHouse(client, { input: T('tagged'), dictionary: T('dict') }).catch(() => undefined);
      await expect(buildTagBitmapsClickHouse(client, { input: T('tagged'), tags: ['big'], dictionary: T('dict'), bitmaps: T('bitmaps') })).rejects.toThrow(DataError);
    }
  });
});
