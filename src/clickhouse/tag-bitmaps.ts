/**
 * Bitmap audiences in ClickHouse: `encodeSubscribersClickHouse` (a dictionary of subscriber ids
 * to dense UInt32 numbers), `buildTagBitmapsClickHouse` (one `groupBitmap` state per tag, rebuilt
 * atomically), and `countAudienceClickHouse` / `queryAudienceClickHouse` (audience expressions of
 * the `parseAudience` grammar answered with `bitmapAnd` / `bitmapOr` / `bitmapAndnot`).
 *
 * @module
 */
import { DataError, OptionsError, ValidationError } from '../errors.js';
import { MAX_TOP_K } from '../limits.js';
import { createRng } from '../internal/rng.js';
import { sampleSorted } from '../internal/sample.js';
import { checkAudienceAst, parseAudienceAs } from '../tags/parse-audience.js';
import type { AudienceNode } from '../tags/parse-audience.js';
import { checkClient, checkName, exec, requireTable, rows, siblingSql, tableExists, tableSql, text, ident } from './connect-clickhouse.js';
import type { ClickHouseClientLike, TableName } from './connect-clickhouse.js';

/** The reserved tag key of the bitmap of every encoded subscriber (NOT is `bitmapAndnot(all, x)`). */
const ALL = '';
/** Suffix of the staging tables (`<table>__telcokit_staging`). */
export const STAGING_SUFFIX = '__telcokit_staging';

function checkKeys(o: unknown, keys: readonly string[], fn: string): Record<string, unknown> {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new OptionsError(`${fn}: options must be an object`, 'options');
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new OptionsError(`${fn}: unknown option '${k}'`, k);
  return o as Record<string, unknown>;
}

function checkSignal(s: unknown, fn: string): AbortSignal | undefined {
  if (s !== undefined && !(s instanceof AbortSignal)) throw new OptionsError(`${fn}: signal must be an AbortSignal`, 'signal');
  return s;
}

/** Options of {@link encodeSubscribersClickHouse}. @category ClickHouse */
export interface EncodeSubscribersClickHouseOptions {
  /** The table holding the subscribers (required). A name, or `[database, table]`. */
  input: TableName;
  /** Its id column (default `'subscriberId'`), read as text. */
  idColumn?: string;
  /** The dictionary table `(id String, n UInt32)`, ordered by `n` (default `'telcokit_subscriber_dictionary'`); created when missing. */
  dictionary?: TableName;
  signal?: AbortSignal;
}

/**
 * Gives every subscriber id of `input` a dense number `n` (UInt32, from 0) in a dictionary table,
 * the key of the tag bitmaps. Ids already in the dictionary keep their numbers; new ids get the
 * next numbers in the byte order of the ids, so encoding a table into an empty dictionary numbers
 * its subscribers in sorted-id order, and an in-process {@link TagIndex} built over the same rows
 * sorted by id has row `i` = number `i`. Run one encoding at a time per dictionary (numbers are
 * `count() + rank` of the new ids).
 *
 * @param client - from `connectClickHouse` or `openChdb`
 * @param options - `input` (required), `idColumn`, `dictionary`, `signal`
 * @returns the ids added and the dictionary's size after
 * @throws DataError when `input` does not exist, or the dictionary would pass 2³² ids
 * @throws OptionsError for a bad option or name
 * @category ClickHouse
 */
export async function encodeSubscribersClickHouse(client: ClickHouseClientLike, options: EncodeSubscribersClickHouseOptions): Promise<{ added: number; total: number }> {
  const fn = 'encodeSubscribersClickHouse';
  checkClient(client, fn);
  checkKeys(options, ['input', 'idColumn', 'dictionary', 'signal'], fn);
  const signal = checkSignal(options.signal, fn);
  const input = tableSql(options.input, fn, 'input');
  const id = ident(checkName(options.idColumn ?? 'subscriberId', fn, 'idColumn'));
  const dict = tableSql(options.dictionary ?? 'telcokit_subscriber_dictionary', fn, 'dictionary');
  await requireTable(client, fn, input, 'input', signal);
  await exec(client, fn, `CREATE TABLE IF NOT EXISTS ${dict} (id String, n UInt32) ENGINE = MergeTree ORDER BY n`, signal);
  const before = Number((await rows<{ c: unknown }>(client, fn, `SELECT count() AS c FROM ${dict}`, signal))[0]!.c);
  const fresh = Number(
    (await rows<{ c: unknown }>(client, fn, `SELECT uniqExact(toString(${id})) AS c FROM ${input} WHERE ${id} IS NOT NULL AND toString(${id}) NOT IN (SELECT id FROM ${dict})`, signal))[0]!.c,
  );
  if (before + fresh > 0xffffffff) throw new DataError(`${fn}: the dictionary would hold ${before + fresh} ids; bitmaps number at most 2^32`);
  if (fresh > 0) {
    await exec(
      client,
      fn,
      `INSERT INTO ${dict} (id, n) SELECT id, toUInt32(${before} + row_number() OVER (ORDER BY id) - 1) FROM ` +
        `(SELECT DISTINCT toString(${id}) AS id FROM ${input} WHERE ${id} IS NOT NULL AND toString(${id}) NOT IN (SELECT id FROM ${dict}))`,
      signal,
    );
  }
  return { added: fresh, total: before + fresh };
}

/** Options of {@link buildTagBitmapsClickHouse}. @category ClickHouse */
export interface BuildTagBitmapsClickHouseOptions {
  /** A table with one row per subscriber and one boolean column per tag (as `applyModelsClickHouse` writes for a tag catalogue). */
  input: TableName;
  /** The tag ids (= the boolean columns) to (re)build (required, non-empty). */
  tags: readonly string[];
  /** Its id column (default `'subscriberId'`). */
  idColumn?: string;
  /** The dictionary from {@link encodeSubscribersClickHouse} (default `'telcokit_subscriber_dictionary'`). */
  dictionary?: TableName;
  /** The bitmap table `(tag String, ids AggregateFunction(groupBitmap, UInt32))` (default `'telcokit_tag_bitmaps'`). */
  bitmaps?: TableName;
  signal?: AbortSignal;
  /** Called after each tag. */
  onProgress?: (p: { stage: 'tag'; done: number; total: number }) => void;
}

/**
 * Builds one `groupBitmap` state per tag over the dictionary numbers of the subscribers whose tag
 * column is true, plus the bitmap of every encoded subscriber (the universe NOT needs). Tags not
 * listed keep their bitmaps; listed ones are replaced. The new table is filled as a staging table
 * and exchanged with the old one in one step (`EXCHANGE TABLES`, an Atomic database), so readers
 * never see a half-built table, and a failure drops the staging table and leaves the old bitmaps.
 *
 * The bitmap table is an `AggregatingMergeTree` keyed by tag: inserting further states for a tag
 * (`INSERT INTO bitmaps SELECT 'tag', groupBitmapState(n) …`, e.g. from a materialised view over
 * a stream of new tag grants) unions them in; removing members needs a rebuild of that tag.
 *
 * @param client - from `connectClickHouse` or `openChdb`
 * @param options - `input`, `tags` (required), `idColumn`, `dictionary`, `bitmaps`, `signal`, `onProgress`
 * @returns the cardinality of each rebuilt tag and of the universe
 * @throws DataError when a table does not exist, a subscriber is missing from the dictionary, or ClickHouse fails
 * @throws OptionsError for a bad option or name
 * @category ClickHouse
 */
export async function buildTagBitmapsClickHouse(client: ClickHouseClientLike, options: BuildTagBitmapsClickHouseOptions): Promise<{ subscribers: number; tags: Record<string, number> }> {
  const fn = 'buildTagBitmapsClickHouse';
  checkClient(client, fn);
  checkKeys(options, ['input', 'tags', 'idColumn', 'dictionary', 'bitmaps', 'signal', 'onProgress'], fn);
  const signal = checkSignal(options.signal, fn);
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new OptionsError(`${fn}: onProgress must be a function`, 'onProgress');
  const input = tableSql(options.input, fn, 'input');
  const id = ident(checkName(options.idColumn ?? 'subscriberId', fn, 'idColumn'));
  const dict = tableSql(options.dictionary ?? 'telcokit_subscriber_dictionary', fn, 'dictionary');
  const bitmapsName = options.bitmaps ?? 'telcokit_tag_bitmaps';
  const bitmaps = tableSql(bitmapsName, fn, 'bitmaps');
  if (!Array.isArray(options.tags) || options.tags.length === 0) throw new OptionsError(`${fn}: tags must be a non-empty array of tag ids`, 'tags');
  const tags = options.tags.map((t) => checkName(t, fn, 'tags'));
  if (new Set(tags).size !== tags.length) throw new OptionsError(`${fn}: tags lists a tag twice`, 'tags');
  await requireTable(client, fn, input, 'input', signal);
  await requireTable(client, fn, dict, 'dictionary', signal);
  const missing = Number(
    (await rows<{ c: unknown }>(client, fn, `SELECT count() AS c FROM ${input} WHERE toString(${id}) NOT IN (SELECT id FROM ${dict})`, signal))[0]!.c,
  );
  if (missing > 0) throw new DataError(`${fn}: ${missing} subscribers of ${input} are not in the dictionary ${dict}; run encodeSubscribersClickHouse first`);
  const stage = siblingSql(bitmapsName, STAGING_SUFFIX);
  const had = await tableExists(client, fn, bitmaps, signal);
  const out: Record<string, number> = {};
  try {
    await exec(client, fn, `DROP TABLE IF EXISTS ${stage}`, signal);
    await exec(client, fn, `CREATE TABLE ${stage} (tag String, ids AggregateFunction(groupBitmap, UInt32)) ENGINE = AggregatingMergeTree ORDER BY tag`, signal);
    if (had) {
      await exec(client, fn, `INSERT INTO ${stage} SELECT tag, ids FROM ${bitmaps} WHERE tag NOT IN (${[ALL, ...tags].map(text).join(', ')})`, signal);
    }
    await exec(client, fn, `INSERT INTO ${stage} SELECT ${text(ALL)}, groupBitmapState(n) FROM ${dict}`, signal);
    let done = 0;
    for (const t of tags) {
      await exec(
        client,
        fn,
        `INSERT INTO ${stage} SELECT ${text(t)}, groupBitmapState(d.n) FROM ${input} AS s INNER JOIN ${dict} AS d ON toString(s.${id}) = d.id WHERE s.${ident(t)}`,
        signal,
      );
      options.onProgress?.({ stage: 'tag', done: ++done, total: tags.length });
    }
    const card = await rows<{ tag: string; c: unknown }>(client, fn, `SELECT tag, groupBitmapMerge(ids) AS c FROM ${stage} GROUP BY tag`, signal);
    const byTag = new Map(card.map((r) => [r.tag, Number(r.c)]));
    for (const t of tags) out[t] = byTag.get(t) ?? 0;
    if (had) {
      await exec(client, fn, `EXCHANGE TABLES ${stage} AND ${bitmaps}`, signal);
      await exec(client, fn, `DROP TABLE IF EXISTS ${stage}`);
    } else {
      await exec(client, fn, `RENAME TABLE ${stage} TO ${bitmaps}`, signal);
    }
    return { subscribers: byTag.get(ALL) ?? 0, tags: out };
  } catch (e) {
    await dropQuietly(client, stage);
    throw e;
  }
}

/** Drops a table, ignoring a failure (the connection may be what failed) (internal). */
export async function dropQuietly(client: ClickHouseClientLike, quoted: string): Promise<void> {
  try {
    await client.command({ query: `DROP TABLE IF EXISTS ${quoted}` });
  } catch {
    // the staging table is dropped by the next run (every run starts with DROP TABLE IF EXISTS)
  }
}

/** Options of {@link countAudienceClickHouse}. @category ClickHouse */
export interface CountAudienceClickHouseOptions {
  /** The bitmap table (default `'telcokit_tag_bitmaps'`). */
  bitmaps?: TableName;
  /**
   * The tag ids the expression may name (e.g. the catalogue's). A listed tag with no bitmap yet is
   * a DataError; a tag not listed is the parser's positioned ValidationError. Default: the tags
   * that have bitmaps.
   */
  tags?: readonly string[];
  signal?: AbortSignal;
}

/** Options of {@link queryAudienceClickHouse}. @category ClickHouse */
export interface QueryAudienceClickHouseOptions extends CountAudienceClickHouseOptions {
  /** The dictionary (default `'telcokit_subscriber_dictionary'`). */
  dictionary?: TableName;
  /** Most ids to return (default 1,000; at most 10,000 per call: page with `offset`). */
  limit?: number;
  /** Ids to skip first, for paging (default 0). */
  offset?: number;
  /** Draw this many matching subscribers uniformly without replacement (seeded), then page through them. */
  sample?: number;
  /** Seed of the sample (default 0). */
  seed?: number;
}

/** The tags that have bitmaps, and the expression as a bitmap SQL expression over `t0 …` (internal). */
async function compile(
  client: ClickHouseClientLike,
  expression: unknown,
  options: CountAudienceClickHouseOptions,
  fn: string,
  signal: AbortSignal | undefined,
): Promise<{ sql: string; from: string }> {
  const bitmaps = tableSql(options.bitmaps ?? 'telcokit_tag_bitmaps', fn, 'bitmaps');
  if (options.tags !== undefined && (!Array.isArray(options.tags) || options.tags.some((t) => typeof t !== 'string'))) {
    throw new OptionsError(`${fn}: tags must be an array of tag ids`, 'tags');
  }
  if (typeof expression !== 'string' && (expression === null || typeof expression !== 'object')) {
    throw new ValidationError(`${fn}: the expression must be a string or a parsed audience`, [{ row: 0, path: ['expression'], reason: 'not a string', value: expression }]);
  }
  await requireTable(client, fn, bitmaps, 'bitmaps', signal);
  const present = new Set((await rows<{ tag: string }>(client, fn, `SELECT DISTINCT tag FROM ${bitmaps}`, signal)).map((r) => r.tag));
  const known = options.tags ?? [...present].filter((t) => t !== ALL).sort();
  let ast: AudienceNode;
  if (typeof expression === 'string') ast = parseAudienceAs(expression, known, {}, fn);
  else {
    checkAudienceAst(expression, fn);
    ast = expression as AudienceNode;
  }
  const slots = new Map<string, string>();
  let needAll = false;
  const leaf = (name: string, position: number): string => {
    let s = slots.get(name);
    if (s === undefined) {
      if (!known.includes(name)) {
        throw new ValidationError(`${fn}: unknown tag '${name}' at position ${position}`, [{ row: 0, path: ['expression', position], reason: `unknown tag '${name}'`, value: name }]);
      }
      if (!present.has(name)) throw new DataError(`${fn}: tag '${name}' has no bitmap yet in ${bitmaps}; run buildTagBitmapsClickHouse for it`);
      s = `t${slots.size}`;
      slots.set(name, s);
    }
    return s;
  };
  // NOT pushed down by De Morgan is not needed: ANDNOT against the universe is exact
  const gen = (n: AudienceNode): string => {
    switch (n.type) {
      case 'tag':
        return leaf(n.name, n.position);
      case 'not':
        needAll = true;
        return `bitmapAndnot(u, ${gen(n.operand)})`;
      case 'and': {
        const pos = n.operands.filter((o) => o.type !== 'not').map(gen);
        const neg = n.operands.filter((o) => o.type === 'not').map((o) => gen((o as Extract<AudienceNode, { type: 'not' }>).operand));
        let acc: string;
        if (pos.length === 0) {
          needAll = true;
          acc = 'u';
        } else acc = pos.reduce((a, b) => `bitmapAnd(${a}, ${b})`);
        for (const x of neg) acc = `bitmapAndnot(${acc}, ${x})`;
        return acc;
      }
      case 'or':
        return n.operands.map(gen).reduce((a, b) => `bitmapOr(${a}, ${b})`);
    }
  };
  const sql = gen(ast);
  if (needAll && !present.has(ALL)) throw new DataError(`${fn}: ${bitmaps} has no universe bitmap (tag ''), which NOT needs; run buildTagBitmapsClickHouse`);
  const names = [...slots.keys()];
  const cols = [...names.map((t, i) => `groupBitmapMergeStateIf(ids, tag = ${text(t)}) AS t${i}`), ...(needAll ? [`groupBitmapMergeStateIf(ids, tag = ${text(ALL)}) AS u`] : [])];
  const wanted = [...names, ...(needAll ? [ALL] : [])].map(text).join(', ');
  return { sql, from: `(SELECT ${cols.join(', ')} FROM ${bitmaps} WHERE tag IN (${wanted}))` };
}

/**
 * Counts the subscribers matching an audience expression (the {@link parseAudience} grammar) from
 * the tag bitmaps: one aggregation over the bitmap rows of the named tags, combined with
 * `bitmapAnd` / `bitmapOr` / `bitmapAndnot` (NOT is ANDNOT against the universe bitmap), and
 * `bitmapCardinality`. Equal to `countAudience` over a TagIndex of the same tags.
 *
 * @param client - from `connectClickHouse` or `openChdb`
 * @param expression - e.g. `'heavy_data AND (traveller OR roamer) AND NOT churn_risk'`, or its AST
 * @param options - `bitmaps`, `tags`, `signal`
 * @returns the number of matching subscribers
 * @throws ValidationError on a syntax error or an unknown tag (with its position)
 * @throws DataError for a tag with no bitmap yet, a bitmap table that does not exist, or a ClickHouse failure
 * @category ClickHouse
 */
export async function countAudienceClickHouse(client: ClickHouseClientLike, expression: string | AudienceNode, options: CountAudienceClickHouseOptions = {}): Promise<number> {
  const fn = 'countAudienceClickHouse';
  checkClient(client, fn);
  checkKeys(options, ['bitmaps', 'tags', 'signal'], fn);
  const signal = checkSignal(options.signal, fn);
  const { sql, from } = await compile(client, expression, options, fn, signal);
  return Number((await rows<{ c: unknown }>(client, fn, `SELECT bitmapCardinality(${sql}) AS c FROM ${from}`, signal))[0]!.c);
}

/** Most ids one call returns (a sample's ranks for the page travel in the query text, which ClickHouse caps at 256 KiB by default). */
const MAX_PAGE = 10_000;

/** Bitmaps at most this large may be ClickHouse's unsorted small-set form: sorted before picking by rank. */
const SMALL_SET = 32;

/**
 * Selects the subscribers matching an audience expression from the tag bitmaps: ids in dictionary
 * order (ascending `n`; with a dictionary from {@link encodeSubscribersClickHouse}, sorted-id
 * order), with the total count. `sample` draws that many matches uniformly without replacement
 * with the same seeded draw as `queryAudience` (ranks drawn in TypeScript, the members at those
 * ranks picked in ClickHouse), so the same seed gives the same subscribers; `offset` and `limit`
 * then page through the result. Only the page's numbers and ids leave the server.
 *
 * @param client - from `connectClickHouse` or `openChdb`
 * @param expression - an audience expression or its AST
 * @param options - `bitmaps`, `dictionary`, `tags`, `limit` (default 1,000), `offset`, `sample`, `seed`, `signal`
 * @returns `{ ids, numbers, total }`: the page's subscriber ids, their dictionary numbers, and the match count
 * @throws ValidationError on a syntax error or an unknown tag (with its position)
 * @throws DataError for a tag with no bitmap yet, a missing table, or a ClickHouse failure
 * @throws OptionsError for a negative or fractional limit, offset or sample, a limit over 10,000, or a sample over 1,000,000
 * @category ClickHouse
 */
export async function queryAudienceClickHouse(
  client: ClickHouseClientLike,
  expression: string | AudienceNode,
  options: QueryAudienceClickHouseOptions = {},
): Promise<{ ids: string[]; numbers: number[]; total: number }> {
  const fn = 'queryAudienceClickHouse';
  checkClient(client, fn);
  checkKeys(options, ['bitmaps', 'tags', 'signal', 'dictionary', 'limit', 'offset', 'sample', 'seed'], fn);
  const signal = checkSignal(options.signal, fn);
  for (const key of ['limit', 'offset', 'sample'] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) throw new OptionsError(`${fn}: ${key} must be a non-negative integer, got ${String(v)}`, key);
  }
  const limit = options.limit ?? 1000;
  if (limit > MAX_PAGE) throw new OptionsError(`${fn}: limit must be at most ${MAX_PAGE}, got ${limit}; page with offset`, 'limit');
  if (options.sample !== undefined && options.sample > MAX_TOP_K) throw new OptionsError(`${fn}: sample must be at most ${MAX_TOP_K}, got ${options.sample}`, 'sample');
  const seed = options.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new OptionsError(`${fn}: seed must be a finite number`, 'seed');
  const offset = options.offset ?? 0;
  const dict = tableSql(options.dictionary ?? 'telcokit_subscriber_dictionary', fn, 'dictionary');
  const { sql, from } = await compile(client, expression, options, fn, signal);
  await requireTable(client, fn, dict, 'dictionary', signal);
  const total = Number((await rows<{ c: unknown }>(client, fn, `SELECT bitmapCardinality(${sql}) AS c FROM ${from}`, signal))[0]!.c);
  const members = total <= SMALL_SET ? `arraySort(bitmapToArray(${sql}))` : `bitmapToArray(${sql})`;
  let pageSql: string | null;
  let expected: number;
  if (options.sample === undefined) {
    const from0 = Math.min(offset, total);
    const to = Math.min(total, from0 + limit);
    expected = Math.max(0, to - from0);
    pageSql = to <= from0 ? null : total <= SMALL_SET ? `arraySlice(${members}, ${from0 + 1}, ${to - from0})` : `bitmapToArray(subBitmap(${sql}, toUInt32(${from0}), toUInt32(${to - from0})))`;
  } else {
    const k = Math.min(options.sample, total);
    const ranks = options.sample < total ? Array.from(sampleSorted(total, k, createRng(seed))) : Array.from({ length: total }, (_, i) => i);
    const page = ranks.slice(Math.min(offset, k), Math.min(k, Math.min(offset, k) + limit));
    expected = page.length;
    pageSql = page.length === 0 ? null : `arrayMap(r -> arrayElement(${members}, r + 1), CAST([${page.join(', ')}] AS Array(UInt64)))`;
  }
  if (pageSql === null) return { ids: [], numbers: [], total };
  // the page's numbers are looked up in the dictionary on the server (ascending n: the page's order)
  const found = await rows<{ id: string; n: unknown }>(client, fn, `SELECT id, n FROM ${dict} WHERE n IN (SELECT arrayJoin(${pageSql}) FROM ${from}) ORDER BY n`, signal);
  if (found.length !== expected) {
    throw new DataError(`${fn}: ${expected - found.length} members of the audience are not in the dictionary ${dict}; the bitmaps were built from another dictionary`);
  }
  const ids = found.map((r) => r.id);
  const numbers = found.map((r) => Number(r.n));
  return { ids, numbers, total };
}
