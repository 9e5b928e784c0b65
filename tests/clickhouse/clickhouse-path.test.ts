/**
 * telcokit/clickhouse in the embedded engine chDB, on small tables: bitmaps against the
 * in-process TagIndex (small-set and roaring bitmaps, NOT, pages, samples, incremental rebuilds),
 * and the bad inputs of the issue: a table that does not exist, a tag with no bitmap yet, an
 * unknown tag (the parser's position), hostile identifiers, a connection failing mid-way and an
 * abort (the old table kept, no staging table left), ClickHouse's own guards, the peer
 * dependencies missing, and junk arguments to every export (named errors only).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { AbortError, DataError, DependencyError, ModelError, OptionsError, ValidationError, applyTagCatalogue, countAudience, fitPipeline, isTelcoError, queryAudience } from '../../src/index.js';
import type { TagCatalogue, TagIndex } from '../../src/index.js';
import * as ch from '../../src/clickhouse/index.js';
import {
  applyModelsClickHouse,
  buildTagBitmapsClickHouse,
  connectClickHouse,
  countAudienceClickHouse,
  encodeSubscribersClickHouse,
  lloydStepClickHouse,
  openChdb,
  quantilesClickHouse,
  queryAudienceClickHouse,
} from '../../src/clickhouse/index.js';
import type { ClickHouseClientLike } from '../../src/clickhouse/index.js';
import { tryChdb, writeRows } from './helpers.js';

const opened = await tryChdb();
const skip = 'skip' in opened ? opened.skip : '';
if (skip) console.warn(`tests/clickhouse/clickhouse-path: SKIPPED: ${skip}`);
const client = ('client' in opened ? opened.client : null) as ClickHouseClientLike;

const N = 700;
const rows = Array.from({ length: N }, (_, i) => ({ subscriberId: `S${String(i).padStart(5, '0')}`, bill: (i * 37) % 101, data: ((i * 53) % 97) / 3 }));
const CATALOGUE: TagCatalogue = {
  tags: [
    { id: 'big', label: 'Big', level: 1, rule: { field: 'bill', op: '>', value: 60 } },
    { id: 'heavy', label: 'Heavy', level: 1, rule: { field: 'data', op: '>=', value: 10 } },
    { id: 'tiny', label: 'Tiny', level: 1, rule: { field: 'bill', op: '<', value: 2 } },
    { id: 'none', label: 'None', level: 1, rule: { field: 'bill', op: '>', value: 1000 } },
  ],
};
const TAGS = CATALOGUE.tags.map((t) => t.id);
let index: TagIndex;

async function count(sql: string): Promise<number> {
  const r = await (await client.query({ query: sql, format: 'JSONEachRow' })).json<Record<string, unknown>>();
  return Number(Object.values(r[0]!)[0]);
}

beforeAll(async () => {
  if (skip) return;
  await writeRows(client, 'subs', { subscriberId: 'String', bill: 'Float64', data: 'Float64' }, rows, 'subscriberId');
  index = applyTagCatalogue(CATALOGUE, rows, { idField: 'subscriberId' });
  await applyModelsClickHouse(client, CATALOGUE, { input: 'subs', table: 'tagged', batches: 3 });
  await encodeSubscribersClickHouse(client, { input: 'tagged' });
  await buildTagBitmapsClickHouse(client, { input: 'tagged', tags: TAGS });
}, 120_000);
afterAll(async () => {
  if (!skip) await client.close();
});

describe.skipIf(skip !== '')('bitmap audiences in chDB equal the in-process TagIndex', () => {
  test('countAudienceClickHouse and queryAudienceClickHouse agree on fixed expressions (small sets and roaring bitmaps, NOT, empty)', async () => {
    for (const e of ['big', 'tiny', 'none', 'NOT none', 'big AND NOT heavy', 'NOT big', 'tiny OR (big AND heavy)', 'NOT tiny AND NOT big', 'tiny, NOT heavy', 'none OR tiny']) {
      const want = countAudience(index, e);
      expect(await countAudienceClickHouse(client, e)).toBe(want);
      for (const page of [{ limit: 5 }, { limit: 7, offset: 3 }, { limit: 1000 }, { limit: 4, offset: want }]) {
        const got = await queryAudienceClickHouse(client, e, page);
        const ref = queryAudience(index, e, page);
        expect(got).toEqual({ ids: ref.ids, numbers: [...ref.rows], total: ref.total });
      }
      for (const seed of [0, 5]) {
        const got = await queryAudienceClickHouse(client, e, { sample: 9, seed, limit: 9 });
        expect(got.ids).toEqual(queryAudience(index, e, { sample: 9, seed }).ids);
      }
    }
  }, 120_000);

  test('property: random expressions over the four tags count the same in ClickHouse and in-process', async () => {
    const leaf = fc.constantFrom(...TAGS);
    const expr = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom(' AND ', ' OR ', ', '), tie('e')).map(([a, op, b]) => `(${a}${op}${b})`),
        tie('e').map((a) => `NOT ${a}`),
      ),
    })).e;
    await fc.assert(
      fc.asyncProperty(expr, async (e) => {
        expect(await countAudienceClickHouse(client, e)).toBe(countAudience(index, e));
      }),
      { numRuns: 25, seed: 42 },
    );
  }, 120_000);

  test('buildTagBitmapsClickHouse rebuilds only the listed tags; an insert of more states unions them in', async () => {
    // 'heavy' rebuilt from a table where nobody is heavy: only its bitmap changes
    await client.command({ query: 'DROP TABLE IF EXISTS tagged2' });
    await client.command({ query: 'CREATE TABLE tagged2 ENGINE = MergeTree ORDER BY subscriberId AS SELECT subscriberId, 0 AS heavy FROM tagged' });
    const r = await buildTagBitmapsClickHouse(client, { input: 'tagged2', tags: ['heavy'] });
    expect(r.tags).toEqual({ heavy: 0 });
    expect(await countAudienceClickHouse(client, 'heavy')).toBe(0);
    expect(await countAudienceClickHouse(client, 'big')).toBe(countAudience(index, 'big'));
    // the documented insert path: more members of a tag, merged by the AggregatingMergeTree
    await client.command({ query: "INSERT INTO telcokit_tag_bitmaps SELECT 'heavy', groupBitmapState(toUInt32(n)) FROM telcokit_subscriber_dictionary WHERE n < 10" });
    expect(await countAudienceClickHouse(client, 'heavy')).toBe(10);
    await buildTagBitmapsClickHouse(client, { input: 'tagged', tags: ['heavy'] });
    expect(await countAudienceClickHouse(client, 'heavy')).toBe(countAudience(index, 'heavy'));
  }, 120_000);

  test('encodeSubscribersClickHouse keeps the numbers it gave and appends new ids', async () => {
    await writeRows(client, 'more', { subscriberId: 'String' }, [{ subscriberId: 'S00003' }, { subscriberId: 'Z1' }, { subscriberId: 'A1' }]);
    expect(await encodeSubscribersClickHouse(client, { input: 'more' })).toEqual({ added: 2, total: N + 2 });
    const r = await (await client.query({ query: "SELECT id, n FROM telcokit_subscriber_dictionary WHERE id IN ('S00003', 'A1', 'Z1') ORDER BY n", format: 'JSONEachRow' })).json<{ id: string; n: number }>();
    expect(r.map((x) => [x.id, Number(x.n)])).toEqual([['S00003', 3], ['A1', N], ['Z1', N + 1]]);
  });
});

describe.skipIf(skip !== '')('bad input', () => {
  test('a table that does not exist: DataError naming it', async () => {
    await expect(countAudienceClickHouse(client, 'big', { bitmaps: 'nosuch' })).rejects.toThrow(/table `nosuch` \(option bitmaps\) does not exist/);
    await expect(applyModelsClickHouse(client, CATALOGUE, { input: 'nosuch', table: 'x' })).rejects.toThrow(DataError);
    await expect(lloydStepClickHouse(client, [[1, 2]], { input: 'nosuch', columns: ['bill', 'data'] })).rejects.toThrow(/`nosuch`.*does not exist/);
    await expect(quantilesClickHouse(client, { input: 'subs', column: 'nosuch', probabilities: [0.5] })).rejects.toThrow(/quantilesClickHouse: ClickHouse: .*nosuch/);
  });

  test('a tag with no bitmap yet is a DataError; an unknown tag is the parser’s ValidationError with its position', async () => {
    await expect(countAudienceClickHouse(client, 'big AND fresh', { tags: [...TAGS, 'fresh'] })).rejects.toThrow(/tag 'fresh' has no bitmap yet/);
    const e = await countAudienceClickHouse(client, 'big AND heavvy').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as Error).message).toMatch(/unknown tag 'heavvy' at position 8; did you mean 'heavy'\?/);
    await expect(queryAudienceClickHouse(client, 'big AND (heavy')).rejects.toThrow(ValidationError);
    await expect(queryAudienceClickHouse(client, 'big', { limit: -1 })).rejects.toThrow(OptionsError);
    await expect(queryAudienceClickHouse(client, 'big', { limit: 20_000 })).rejects.toThrow(/limit must be at most 10000/);
  });

  test('hostile identifiers: table, column and dictionary names with quotes, backticks, semicolons, comments, unicode are quoted', async () => {
    // no '/': chDB (clickhouse-local) reads a table name containing one as a file path
    const hostile = "we`ird'; DROP TABLE subs; -- \\ 表 \u{1F600}";
    const col = "b`i'll -- ;";
    await writeRows(client, hostile, { subscriberId: 'String', [col]: 'Float64', data: 'Float64' }, rows.map((r) => ({ subscriberId: r.subscriberId, [col]: r.bill, data: r.data })));
    const step = await lloydStepClickHouse(client, [[10, 5], [80, 20]], { input: hostile, columns: [col, 'data'] });
    expect(step.counts.reduce((a, b) => a + b, 0)).toBe(N);
    const q = await quantilesClickHouse(client, { input: hostile, column: col, probabilities: [0.5] });
    expect(q).toEqual(await quantilesClickHouse(client, { input: 'subs', column: 'bill', probabilities: [0.5] }));
    await encodeSubscribersClickHouse(client, { input: hostile, dictionary: `${hostile} dict` });
    expect(await count('SELECT count() FROM subs')).toBe(N);
    await expect(lloydStepClickHouse(client, [[1]], { input: 'subs', columns: ['bi\u0000ll'] })).rejects.toThrow(/NUL/);
  });

  test('a connection failing mid-way: DataError, the old table kept, no staging table left (applyModelsClickHouse and buildTagBitmapsClickHouse)', async () => {
    const before = await count('SELECT sum(cityHash64(subscriberId, big, heavy)) FROM tagged');
    for (const failAt of [2, 3, 4]) {
      let calls = 0;
      const flaky: ClickHouseClientLike = {
        query: (p) => client.query(p),
        command: (p) => {
          if (/^INSERT/.test(p.query) && ++calls === failAt) return Promise.reject(new Error('socket hang up'));
          return client.command(p);
        },
        close: () => Promise.resolve(),
      };
      const err = await applyModelsClickHouse(flaky, CATALOGUE, { input: 'subs', table: 'tagged', batches: 4 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      expect((err as Error).message).toMatch(/applyModelsClickHouse: ClickHouse: socket hang up/);
      expect(await count('SELECT sum(cityHash64(subscriberId, big, heavy)) FROM tagged')).toBe(before);
      expect(await count('EXISTS TABLE tagged__telcokit_staging')).toBe(0);
      calls = 0;
      await expect(buildTagBitmapsClickHouse(flaky, { input: 'tagged', tags: TAGS })).rejects.toThrow(/socket hang up/);
      expect(await count('EXISTS TABLE telcokit_tag_bitmaps__telcokit_staging')).toBe(0);
      expect(await countAudienceClickHouse(client, 'big OR tiny')).toBe(countAudience(index, 'big OR tiny'));
    }
  });

  test('an abort between batches: AbortError, the old table kept, no staging table left', async () => {
    const before = await count('SELECT count() FROM tagged');
    const ac = new AbortController();
    const err = await applyModelsClickHouse(client, CATALOGUE, { input: 'subs', table: 'tagged', batches: 3, signal: ac.signal, onProgress: () => ac.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(await count('SELECT count() FROM tagged')).toBe(before);
    expect(await count('EXISTS TABLE tagged__telcokit_staging')).toBe(0);
  });

  test('ClickHouse’s own guards: a log1p of a value ≤ −1 stops the query; NaN in a k-means column is a DataError', async () => {
    const p = fitPipeline([{ type: 'log1p', columns: ['x'] }], [{ x: 1 }, { x: 2 }]);
    await writeRows(client, 'neg', { subscriberId: 'String', x: 'Float64' }, [{ subscriberId: 'a', x: 3 }, { subscriberId: 'b', x: -5 }]);
    await expect(applyModelsClickHouse(client, p, { input: 'neg', table: 'negout' })).rejects.toThrow(/a value of column 'x' is <= -1 and has no log1p/);
    expect(await count('EXISTS TABLE negout')).toBe(0);
    await client.command({ query: 'INSERT INTO neg VALUES (\'c\', nan)' });
    await expect(lloydStepClickHouse(client, [[0], [1]], { input: 'neg', columns: ['x'] })).rejects.toThrow(/no nearest centroid/);
  });

  test('a peer dependency not installed: DependencyError saying how to install it', async () => {
    const e = await connectClickHouse({ url: 'http://127.0.0.1:1' }, 'telcokit-test-no-such-client').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DependencyError);
    expect((e as Error).message).toMatch(/connectClickHouse: telcokit-test-no-such-client is not installed; install the optional peer dependency with `npm install telcokit-test-no-such-client`/);
    await expect(openChdb(undefined, 'telcokit-test-no-such-chdb')).rejects.toThrow(/openChdb: telcokit-test-no-such-chdb is not installed/);
    await expect(connectClickHouse({ url: 'ftp://x' })).rejects.toThrow(OptionsError);
  });

  test('a server that cannot be reached: DataError from the first query', async () => {
    const c = await connectClickHouse({ url: 'http://127.0.0.1:9', requestTimeoutMs: 2000 });
    await expect(lloydStepClickHouse(c, [[1]], { input: 'subs', columns: ['bill'] })).rejects.toThrow(/lloydStepClickHouse: ClickHouse: /);
    await c.close();
  });
});

describe('every export of telcokit/clickhouse answers junk with a named error', () => {
  const JUNK: readonly unknown[] = [undefined, null, {}, [], Object.freeze([Object.freeze({ x: 1 })]), 'x', 42];
  for (const [name, f] of Object.entries(ch)) {
    if (typeof f !== 'function') continue;
    test(`${name}(junk…)`, async () => {
      for (const a of JUNK) {
        for (const b of JUNK) {
          if (name === 'openChdb' && (a === undefined || a === 'x')) continue; // opens a session (in ./x): valid
          if (name === 'connectClickHouse' && b !== undefined) continue; // the second argument is the module specifier (tests only)
          try {
            await (f as (...x: unknown[]) => unknown)(a, b, b);
          } catch (e) {
            if (!isTelcoError(e)) throw new Error(`${name}(${String(a)}, ${String(b)}) threw a raw ${(e as Error).name}: ${(e as Error).message}`, { cause: e });
          }
        }
      }
    });
  }
});

describe('a pipeline with a custom step', () => {
  test('applyModelsClickHouse refuses it with a ModelError naming the step, its function and the dialect, before any query', async () => {
    const calls: string[] = [];
    const record = async (x: unknown): Promise<never> => {
      calls.push(JSON.stringify(x));
      throw new Error('no query should run');
    };
    const fake = { query: record, command: record, close: async () => {} } as unknown as ClickHouseClientLike;
    const pipeline = fitPipeline([{ type: 'custom', name: 'twice', columns: ['bill'], outputs: ['y'], fn: 'double' }, { type: 'select', columns: ['y'] }], rows, {
      idField: 'subscriberId',
      customSteps: { double: (c) => ({ y: c.bill!.map((v) => 2 * v) }) },
    });
    await expect(applyModelsClickHouse(fake, pipeline, { input: 'rows', table: 'out' })).rejects.toThrow(ModelError);
    await expect(applyModelsClickHouse(fake, pipeline, { input: 'rows', table: 'out' })).rejects.toThrow(
      /step 1 \(custom\) 'twice' runs the JavaScript function registered as 'double', which cannot be written as SQL in dialect 'clickhouse'/,
    );
    expect(calls).toEqual([]);
  });
});
