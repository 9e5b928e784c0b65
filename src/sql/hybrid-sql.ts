/**
 * Internal: the SQL of the hybrid recommender (`recommend/hybrid`), as `recommendBatch` scores it
 * under its business rules: each component's raw score over the candidate offers (ALS, item-kNN,
 * profile, popularity, EASE), z-scored per subscriber over the candidates (population standard
 * deviation; a component constant over them has no say), blended with the model's weights — the
 * cold weights for a subscriber with no history — and the top `k` ranked, ties to the offer first
 * in `offerIds`. The candidates are the offers the rules leave in (`rules.eligible`, not in a
 * `rules.exclude` list; the subscriber's history left out under `exclude: 'owned'`, the default),
 * minus the pairs of the `exclude` table and, when an `eligible` table is named, only its pairs.
 * `rules.maxPerCategory` keeps the best offers of each non-empty category (a window rank per
 * subscriber and category, the same order), which is what the in-process greedy pick gives.
 * `rules.diversity` (MMR: each pick depends on the ones before) has no SQL form: an OptionsError.
 * Subscribers the model does not know get the cold fallback: global popularity and the profile
 * model's embedding of an empty profile.
 */
import { ModelError, OptionsError } from '../errors.js';
import type { RecommenderModel } from '../recommend/model-schemas.js';
import { recommenderCore, resolveRecommendRules } from '../recommend/recommend.js';
import type { OfferSummary } from '../recommend/recommend.js';
import { coldContext } from '../recommend/cold-context.js';
import type { Dialect } from './dialect.js';
import { checkSqlText, intLiteral, numberLiteral } from './dialect.js';
import { MAX_INLINE_OFFERS, MAX_INLINE_SUBSCRIBERS, tableName, topNQuery } from './recommend-sql.js';
import type { RecommendSqlOptions } from './recommend-sql.js';

/** The column marking a subscriber the model knows (1) in the query's own subscriber relation. */
const KNOWN = '__telcokit_isKnown';

/** Rows of history, neighbour or popularity tables written inline at most; more is a ModelError (or load a table). */
export const MAX_INLINE_ROWS = 100_000;

type Weights = { readonly als: number; readonly itemKnn: number; readonly profile: number; readonly popularity: number; readonly ease: number };

/**
 * The business rules of `recommend`/`recommendBatch` that `toSql` writes for a `recommend/hybrid`
 * model, with the same meaning (see `RecommendOptions`).
 * @category SQL
 */
export interface HybridSqlRules {
  /** `'owned'` (default): leave out the subscriber's history; `'none'`; or offer ids to leave out (then the history stays in, as in-process). */
  readonly exclude?: 'owned' | 'none' | readonly string[];
  /** Only these offers (ids), or a predicate on each offer, called once per offer when the SQL is written. */
  readonly eligible?: readonly string[] | ((offer: OfferSummary) => boolean);
  /** At most this many offers per category (an integer ≥ 1 or Infinity; offers with an empty category are not capped). */
  readonly maxPerCategory?: number;
  /** Only 0 (default): maximal-marginal-relevance re-ranking has no SQL form, any other value is an OptionsError. */
  readonly diversity?: number;
}

/** Options of the hybrid SQL (a part of `ToSqlOptions`). */
export interface HybridSqlOptions extends RecommendSqlOptions {
  /** A table of the model's histories `(subscriberId, offerIndex, strength)` (rows from {@link hybridHistoryRows}); default inline. */
  history?: string | readonly string[];
  /** A table of `(subscriberId, offerId)` pairs: when given, only these pairs are candidates (eligibility decided per subscriber, in the warehouse). */
  eligible?: string | readonly string[];
  /** Business rules as `recommendBatch` takes them. */
  rules?: HybridSqlRules;
}

function checkHybrid(model: RecommenderModel, fn: string): void {
  const m = model as Partial<RecommenderModel> | null | undefined;
  if (typeof m !== 'object' || m === null || m.kind !== 'recommend/hybrid' || !Array.isArray(m.subscriberIds) || typeof m.history !== 'object' || m.history === null) {
    throw new ModelError(`${fn}: expected a 'recommend/hybrid' model, got ${m === null ? 'null' : typeof m === 'object' ? `kind ${String(m.kind)}` : typeof m}`);
  }
}

/** The popularity segment a subscriber's raw scores come from: its segment when that segment has counts, else −1 (global counts), as `rawScores`. */
function popSegments(model: RecommenderModel): Int32Array {
  const pop = model.popularity;
  const n = model.offerIds.length;
  const hasCounts = pop.segmentNames.map((_, s) => {
    let tot = 0;
    for (let i = 0; i < n; i++) tot += pop.segmentCounts[s * n + i]!;
    return tot > 0;
  });
  return Int32Array.from(model.subscriberIds, (_, u) => {
    const s = pop.subscriberSegment[u] ?? -1;
    return s >= 0 && hasCounts[s] ? s : -1;
  });
}

/**
 * The hybrid model's per-subscriber numbers as rows `{ subscriberId, popSegment, nHistory, a0 …,
 * p0 … }` (ALS factors `a…` when the model has ALS, profile embeddings `p…` when it has a profile
 * component), to load into the table that `toSql`'s `subscriberFactors` option names.
 * @param model - a `recommend/hybrid` model
 * @returns one row per subscriber of the model
 * @throws ModelError when `model` is not a `recommend/hybrid` model
 * @category SQL
 */
export function hybridSubscriberRows(model: RecommenderModel): Record<string, string | number>[] {
  checkHybrid(model, 'hybridSubscriberRows');
  const seg = popSegments(model);
  const fa = model.als ? model.als.options.factors : 0;
  const fp = model.profile ? model.profile.options.factors : 0;
  return model.subscriberIds.map((id, u) => {
    const nHistory = model.history.indptr[u + 1]! - model.history.indptr[u]!;
    const row: Record<string, string | number> = { subscriberId: id, popSegment: seg[u]!, nHistory };
    for (let j = 0; j < fa; j++) row[`a${j}`] = model.als!.userFactors[u * fa + j]!;
    for (let j = 0; j < fp; j++) row[`p${j}`] = model.profile!.userEmbeddings[u * fp + j]!;
    return row;
  });
}

/**
 * The hybrid model's histories as rows `{ subscriberId, offerIndex, strength }`, to load into the
 * table that `toSql`'s `history` option names.
 * @param model - a `recommend/hybrid` model
 * @returns one row per (subscriber, offer) of the model's history
 * @throws ModelError when `model` is not a `recommend/hybrid` model
 * @category SQL
 */
export function hybridHistoryRows(model: RecommenderModel): { subscriberId: string; offerIndex: number; strength: number }[] {
  checkHybrid(model, 'hybridHistoryRows');
  const h = model.history;
  const out: { subscriberId: string; offerIndex: number; strength: number }[] = [];
  model.subscriberIds.forEach((id, u) => {
    for (let t = h.indptr[u]!; t < h.indptr[u + 1]!; t++) out.push({ subscriberId: id, offerIndex: h.indices[t]!, strength: h.data[t]! });
  });
  return out;
}

/** The weights `blendScores` uses for a subscriber with no history (known or not: both have a profile embedding when the model has a profile component). */
function coldWeightsOf(model: RecommenderModel): Weights {
  const cw = model.blend.coldWeights;
  if (!model.profile) return { als: 0, itemKnn: 0, profile: 0, popularity: 1, ease: 0 };
  if (cw && (cw.profile > 0 || cw.popularity > 0)) return { ...cw, als: 0, itemKnn: 0, ease: 0 };
  return { als: 0, itemKnn: 0, profile: 1, popularity: 0.25, ease: 0 };
}

const inline = (rows: readonly string[], what: string, fn: string, option: string): string => {
  if (rows.length > MAX_INLINE_ROWS) throw new OptionsError(`${fn}: the model has ${rows.length} ${what} rows; at most ${MAX_INLINE_ROWS} are written inline${option ? `: load them into a table and pass its name as ${option}` : ''}`, option || 'model');
  return rows.join('\nUNION ALL ');
};


/** What the CTE writers share: the dialect, the calling function's name, identifier and number literals. */
interface SqlContext {
  readonly d: Dialect;
  readonly fn: string;
  readonly I: (s: string) => string;
  readonly lit: (x: number) => string;
}

/** Popularity raw scores per segment (−1: global counts) and offer, as rawScores computes them. */
function popularityRows(model: RecommenderModel, { fn, I, lit }: SqlContext): string {
  const n = model.offerIds.length;
  const pop = model.popularity;
  const seg = popSegments(model);
  const used = [...new Set([-1, ...seg])].sort((a, b) => a - b);
  let g = 0;
  for (let i = 0; i < n; i++) g = Math.max(g, pop.counts[i]!);
  const eps = 1 / (2 * (g + 1));
  const popRows: string[] = [];
  for (const s of used) {
    for (let i = 0; i < n; i++) {
      const raw = s < 0 ? pop.counts[i]! : pop.segmentCounts[s * n + i]! + eps * pop.counts[i]!;
      popRows.push(`SELECT ${intLiteral(s)} AS ${I('seg')}, ${intLiteral(i)} AS ${I('offerIndex')}, ${lit(raw)} AS ${I('raw')}`);
    }
  }
  return inline(popRows, 'popularity', fn, '');

}

/** The subscribers' model numbers (`__telcokit_known`) and histories (`__telcokit_history`), inline or from the given tables. */
function subscriberCtes(model: RecommenderModel, o: HybridSqlOptions, { d, fn, I, lit }: SqlContext, cte: (name: string, body: string) => void): void {
  if (o.subscriberFactors !== undefined) {
    cte('__telcokit_known', `SELECT ${I('t')}.*, 1 AS ${I(KNOWN)} FROM ${tableName(d, o.subscriberFactors, fn, 'subscriberFactors')} AS ${I('t')}`);
  } else {
    if (model.subscriberIds.length > MAX_INLINE_SUBSCRIBERS) {
      throw new OptionsError(`${fn}: the model has ${model.subscriberIds.length} subscribers; at most ${MAX_INLINE_SUBSCRIBERS} are written inline: load hybridSubscriberRows(model) into a table and pass its name as subscriberFactors`, 'subscriberFactors');
    }
    model.subscriberIds.forEach((id) => checkSqlText(id, 'subscriber id', fn, 'model'));
    cte('__telcokit_known', hybridSubscriberRows(model).map((r) => `SELECT ${Object.entries(r).map(([c, v]) => `${typeof v === 'string' ? d.text(v) : c === 'popSegment' || c === 'nHistory' ? intLiteral(v) : lit(v)} AS ${I(c)}`).join(', ')}, 1 AS ${I(KNOWN)}`).join('\nUNION ALL '));
  }
  if (o.history !== undefined) {
    cte('__telcokit_history', `SELECT ${I('subscriberId')}, ${I('offerIndex')}, ${I('strength')} FROM ${tableName(d, o.history, fn, 'history')}`);
  } else {
    const rows = hybridHistoryRows(model).map((r) => `SELECT ${d.text(r.subscriberId)} AS ${I('subscriberId')}, ${intLiteral(r.offerIndex)} AS ${I('offerIndex')}, ${lit(r.strength)} AS ${I('strength')}`);
    // an empty history still needs a typed, empty relation
    cte('__telcokit_history', rows.length > 0 ? inline(rows, 'history', fn, 'history') : `SELECT ${d.text('')} AS ${I('subscriberId')}, 0 AS ${I('offerIndex')}, ${lit(0)} AS ${I('strength')} WHERE 1 = 0`);
  }

}

/** The whole query for a hybrid model over the subscribers of `from` (its `idColumn` names them). */
export function hybridToSql(model: RecommenderModel, d: Dialect, fn: string, from: string, idColumn: string, o: HybridSqlOptions): string {
  checkHybrid(model, fn);
  const k = o.k ?? 10;
  if (!Number.isInteger(k) || k < 1 || k > 1000) throw new OptionsError(`${fn}: k must be an integer in 1…1000, got ${String(k)}`, 'k');
  const n = model.offerIds.length;
  if (n > MAX_INLINE_OFFERS) throw new ModelError(`${fn}: the model has ${n} offers; at most ${MAX_INLINE_OFFERS} are written inline`);
  const lit = (x: number): string => numberLiteral(x, fn, `'recommend/hybrid' number`);
  const I = (s: string): string => d.ident(s);
  const col = (t: string, c: string): string => `${I(t)}.${I(c)}`;
  model.offerIds.forEach((id) => checkSqlText(id, 'offer id', fn, 'model'));
  const fa = model.als ? model.als.options.factors : 0;
  const fp = model.profile ? model.profile.options.factors : 0;
  const rules = resolveRecommendRules(model, o.rules, fn, 'rules.');
  if (rules.diversity > 0) {
    throw new OptionsError(`${fn}: rule 'diversity' (maximal-marginal-relevance re-ranking: each pick depends on the offers picked before it) cannot be expressed in dialect '${d.name}'; use diversity 0, or re-rank the SQL's top offers in-process`, 'rules.diversity');
  }
  const capped = rules.maxPerCategory !== Infinity;
  // categories as small integers (first seen first; the empty category is never capped): the
  // category text never reaches the SQL, so any category the model holds is safe
  const catIndex = new Map<string, number>();
  const categoryOf = (v: number): number => {
    const c = model.offerCategories[v] ?? '';
    if (c === '') return -1;
    if (!catIndex.has(c)) catIndex.set(c, catIndex.size);
    return catIndex.get(c)!;
  };
  const warm = model.blend.weights;
  const cold = coldWeightsOf(model);
  const ctes: string[] = [];
  const cte = (name: string, body: string): void => void ctes.push(`${I(name)} AS (\n${body}\n)`);
  const ctx: SqlContext = { d, fn, I, lit };

  // offers the rules leave in: index, id, category number (with caps), ALS factors, profile bias and embedding
  const offerRow = (v: number): string => {
    const cols = [`${d.text(model.offerIds[v]!)} AS ${I('offerId')}`, `${intLiteral(v)} AS ${I('offerIndex')}`];
    if (capped) cols.push(`${intLiteral(categoryOf(v))} AS ${I('category')}`);
    for (let j = 0; j < fa; j++) cols.push(`${lit(model.als!.itemFactors[v * fa + j]!)} AS ${I(`va${j}`)}`);
    if (model.profile) cols.push(`${lit(model.profile.itemBias[v]!)} AS ${I('vbias')}`);
    for (let j = 0; j < fp; j++) cols.push(`${lit(model.profile!.itemEmbeddings[v * fp + j]!)} AS ${I(`vp${j}`)}`);
    return `SELECT ${cols.join(', ')}`;
  };
  const candidates = model.offerIds.map((_, v) => v).filter((v) => !rules.baseSkip[v]);
  // no offer left: a typed, empty relation
  cte('__telcokit_offers', candidates.length > 0 ? candidates.map(offerRow).join('\nUNION ALL ') : `${offerRow(0)} WHERE 1 = 0`);

  cte('__telcokit_popularity', popularityRows(model, ctx));
  subscriberCtes(model, o, ctx, cte);

  // every subscriber of the input, with the cold defaults for ids the model does not know
  const coldEmb = model.profile ? coldContext(recommenderCore(model), new Int32Array(0), new Float64Array(0), undefined, -1).profileEmb! : new Float64Array(0);
  // a subscriber is known when the join found its row: the flag is NULL otherwise, or 0 in
  // ClickHouse (whose LEFT JOIN fills missing columns with their type's default, not NULL)
  const known = `COALESCE(${col('u', KNOWN)}, 0) = 1`;
  const subCols = [
    `${col('s', idColumn)} AS ${I('subscriberId')}`,
    `CASE WHEN ${known} THEN ${col('u', 'popSegment')} ELSE -1 END AS ${I('seg')}`,
    `CASE WHEN ${known} THEN ${col('u', 'nHistory')} ELSE 0 END AS ${I('nh')}`,
    ...Array.from({ length: fa }, (_, j) => `${col('u', `a${j}`)} AS ${I(`a${j}`)}`),
    ...Array.from({ length: fp }, (_, j) => `CASE WHEN ${known} THEN ${col('u', `p${j}`)} ELSE ${lit(coldEmb[j]!)} END AS ${I(`p${j}`)}`),
  ];
  cte('__telcokit_subs', `SELECT DISTINCT ${subCols.join(', ')}\n  FROM ${from} AS ${I('s')}\n  LEFT JOIN ${I('__telcokit_known')} AS ${I('u')} ON ${col('u', 'subscriberId')} = ${col('s', idColumn)}`);

  // raw component scores over the candidates
  const raw: Partial<Record<keyof Weights, string>> = {};
  if (model.als) raw.als = Array.from({ length: fa }, (_, j) => `${col('s', `a${j}`)} * ${col('v', `va${j}`)}`).join(' + ');
  if (model.profile) raw.profile = [col('v', 'vbias'), ...Array.from({ length: fp }, (_, j) => `${col('s', `p${j}`)} * ${col('v', `vp${j}`)}`)].join(' + ');
  raw.popularity = col('p', 'raw');
  let knnJoin = '';
  if (model.itemKnn) {
    const nb = model.itemKnn;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let t = nb.indptr[i]!; t < nb.indptr[i + 1]!; t++) rows.push(`SELECT ${intLiteral(i)} AS ${I('fromIndex')}, ${intLiteral(nb.indices[t]!)} AS ${I('toIndex')}, ${lit(nb.similarities[t]!)} AS ${I('sim')}`);
    }
    cte('__telcokit_neighbours', rows.length > 0 ? inline(rows, 'neighbour', fn, '') : `SELECT 0 AS ${I('fromIndex')}, 0 AS ${I('toIndex')}, ${lit(0)} AS ${I('sim')} WHERE 1 = 0`);
    const r = nb.options.binary ? '1' : col('h', 'strength');
    cte('__telcokit_knn', `SELECT ${col('h', 'subscriberId')} AS ${I('subscriberId')}, ${col('nb', 'toIndex')} AS ${I('offerIndex')}, SUM(${r} * ${col('nb', 'sim')}) AS ${I('score')}\n  FROM ${I('__telcokit_history')} AS ${I('h')}\n  JOIN ${I('__telcokit_neighbours')} AS ${I('nb')} ON ${col('nb', 'fromIndex')} = ${col('h', 'offerIndex')}\n  GROUP BY ${col('h', 'subscriberId')}, ${col('nb', 'toIndex')}`);
    raw.itemKnn = `COALESCE(${col('kn', 'score')}, 0)`;
    knnJoin = `\n  LEFT JOIN ${I('__telcokit_knn')} AS ${I('kn')} ON ${col('kn', 'subscriberId')} = ${col('s', 'subscriberId')} AND ${col('kn', 'offerIndex')} = ${col('v', 'offerIndex')}`;
  }
  let easeJoin = '';
  if (model.ease) {
    // EASE: Σ over the history of strength · B[h, offer], the item–item weights written as a sparse table
    const b = model.ease.weights;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) if (b[i * n + j] !== 0) rows.push(`SELECT ${intLiteral(i)} AS ${I('fromIndex')}, ${intLiteral(j)} AS ${I('toIndex')}, ${lit(b[i * n + j]!)} AS ${I('w')}`);
    }
    cte('__telcokit_ease_weights', rows.length > 0 ? inline(rows, 'EASE weight', fn, '') : `SELECT 0 AS ${I('fromIndex')}, 0 AS ${I('toIndex')}, ${lit(0)} AS ${I('w')} WHERE 1 = 0`);
    const r = model.ease.options.binary ? '1' : col('h', 'strength');
    cte('__telcokit_ease', `SELECT ${col('h', 'subscriberId')} AS ${I('subscriberId')}, ${col('eb', 'toIndex')} AS ${I('offerIndex')}, SUM(${r} * ${col('eb', 'w')}) AS ${I('score')}\n  FROM ${I('__telcokit_history')} AS ${I('h')}\n  JOIN ${I('__telcokit_ease_weights')} AS ${I('eb')} ON ${col('eb', 'fromIndex')} = ${col('h', 'offerIndex')}\n  GROUP BY ${col('h', 'subscriberId')}, ${col('eb', 'toIndex')}`);
    raw.ease = `COALESCE(${col('ea', 'score')}, 0)`;
    easeJoin = `\n  LEFT JOIN ${I('__telcokit_ease')} AS ${I('ea')} ON ${col('ea', 'subscriberId')} = ${col('s', 'subscriberId')} AND ${col('ea', 'offerIndex')} = ${col('v', 'offerIndex')}`;
  }
  const comps = (['als', 'itemKnn', 'profile', 'popularity', 'ease'] as const).filter((c) => raw[c] !== undefined && (warm[c] > 0 || cold[c] > 0));
  // per subscriber: the history left out (exclude: 'owned'), the `exclude` pairs left out, only the
  // `eligible` pairs kept — anti and semi joins in ClickHouse (no correlated subqueries), NOT EXISTS / EXISTS elsewhere
  const filters: { table: string; their: string; ours: string; keep: boolean }[] = [];
  if (rules.excludeOwned) filters.push({ table: I('__telcokit_history'), their: 'offerIndex', ours: 'offerIndex', keep: false });
  if (o.exclude !== undefined) filters.push({ table: tableName(d, o.exclude, fn, 'exclude'), their: 'offerId', ours: 'offerId', keep: false });
  if (o.eligible !== undefined) filters.push({ table: tableName(d, o.eligible, fn, 'eligible'), their: 'offerId', ours: 'offerId', keep: true });
  const on = (alias: string, their: string, ours: string): string => `${col(alias, 'subscriberId')} = ${col('s', 'subscriberId')} AND ${col(alias, their)} = ${col('v', ours)}`;
  const joins = d.name === 'clickhouse'
    ? filters.map((f, i) => `\n  LEFT ${f.keep ? 'SEMI' : 'ANTI'} JOIN ${f.table} AS ${I(`x${i}`)} ON ${on(`x${i}`, f.their, f.ours)}`).join('')
    : '';
  const where = d.name === 'clickhouse' || filters.length === 0
    ? ''
    : `\n  WHERE ${filters.map((f, i) => `${f.keep ? '' : 'NOT '}EXISTS (SELECT 1 FROM ${f.table} AS ${I(`x${i}`)} WHERE ${on(`x${i}`, f.their, f.ours)})`).join('\n    AND ')}`;
  cte('__telcokit_raw', `SELECT ${col('s', 'subscriberId')} AS ${I('subscriberId')}, ${col('s', 'nh')} AS ${I('nh')}, ${col('v', 'offerId')} AS ${I('offerId')}, ${col('v', 'offerIndex')} AS ${I('offerIndex')}${capped ? `, ${col('v', 'category')} AS ${I('category')}` : ''}${comps.map((c) => `,\n    (${raw[c]}) AS ${I(`r_${c}`)}`).join('')}
  FROM ${I('__telcokit_subs')} AS ${I('s')}
  CROSS JOIN ${I('__telcokit_offers')} AS ${I('v')}
  JOIN ${I('__telcokit_popularity')} AS ${I('p')} ON ${col('p', 'seg')} = ${col('s', 'seg')} AND ${col('p', 'offerIndex')} = ${col('v', 'offerIndex')}${knnJoin}${easeJoin}${joins}${where}`);
  const w = `OVER (PARTITION BY ${I('subscriberId')})`;
  cte('__telcokit_moments', `SELECT *${comps.map((c) => `,\n    AVG(${I(`r_${c}`)}) ${w} AS ${I(`m_${c}`)}, ${d.stddevPop(I(`r_${c}`))} ${w} AS ${I(`s_${c}`)}`).join('')}\n  FROM ${I('__telcokit_raw')}`);
  // Σ_c w_c z_c in the engine's component order; a component that is constant over the candidates adds 0
  const blend = (wt: Weights, hasHistory: boolean): string => {
    const terms = comps
      .filter((c) => wt[c] > 0 && (hasHistory || (c !== 'als' && c !== 'itemKnn' && c !== 'ease')))
      .map((c) => `CASE WHEN ${I(`s_${c}`)} > ${lit(1e-12)} * (ABS(${I(`m_${c}`)}) + 1) THEN ${lit(wt[c])} * ((${I(`r_${c}`)} - ${I(`m_${c}`)}) / ${I(`s_${c}`)}) ELSE 0 END`);
    return terms.length === 0 ? lit(0) : terms.reduce((acc, t) => `(${acc} + ${t})`, lit(0));
  };
  const score = `CASE WHEN ${I('nh')} > 0 THEN ${blend(warm, true)} ELSE ${blend(cold, false)} END AS ${I('score')}`;
  if (!capped) {
    cte('__telcokit_scored', `  SELECT ${I('subscriberId')}, ${I('offerId')}, ${I('offerIndex')}, ${score}\n  FROM ${I('__telcokit_moments')}`);
  } else {
    // per-category caps: the offer's rank in its category (score first, ties to the lower offer
    // index — the order of the whole ranking); the in-process greedy pick in that order skips an
    // offer exactly when its category already holds maxPerCategory better ones
    cte('__telcokit_blended', `  SELECT ${I('subscriberId')}, ${I('offerId')}, ${I('offerIndex')}, ${I('category')}, ${score}\n  FROM ${I('__telcokit_moments')}`);
    cte('__telcokit_category_rank', `  SELECT ${I('subscriberId')}, ${I('offerId')}, ${I('offerIndex')}, ${I('category')}, ${I('score')},\n    row_number() OVER (PARTITION BY ${I('subscriberId')}, ${I('category')} ORDER BY ${I('score')} DESC, ${I('offerIndex')}) AS ${I('categoryRank')}\n  FROM ${I('__telcokit_blended')}`);
    cte('__telcokit_scored', `  SELECT ${I('subscriberId')}, ${I('offerId')}, ${I('offerIndex')}, ${I('score')}\n  FROM ${I('__telcokit_category_rank')}\n  WHERE ${I('category')} < 0 OR ${I('categoryRank')} <= ${intLiteral(Math.min(rules.maxPerCategory, k))}`);
  }
  return topNQuery(d, `WITH\n${ctes.join(',\n')}\n`, k);
}
