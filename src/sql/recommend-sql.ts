/**
 * Internal: the SQL of an implicit-ALS recommender (`recommend/als`): the score of an offer for a
 * subscriber is the dot product of their factors, summed left to right as the in-process loops
 * do; offers the subscriber owns are left out; the top `k` per subscriber are ranked by score,
 * ties to the offer that comes first in the model's `offerIds` (as `topKIndices`).
 */
import { ModelError, OptionsError } from '../errors.js';
import type { AlsModel } from '../recommend/als.js';
import type { Dialect } from './dialect.js';
import { checkSqlText, intLiteral, numberLiteral } from './dialect.js';

/** Offer rows written inline; more than this is a ModelError (load them as a table instead). */
export const MAX_INLINE_OFFERS = 10_000;
/** Subscriber rows written inline when no `subscriberFactors` table is given. */
export const MAX_INLINE_SUBSCRIBERS = 10_000;

/** Options of the recommender SQL (a part of `ToSqlOptions`). */
export interface RecommendSqlOptions {
  /** Offers per subscriber (default 10; an integer in 1…1,000). */
  k?: number;
  /** A table of subscriber factors `(subscriberId, f0 … f{F−1})` (rows from {@link alsFactorRows}); default: the model's factors inline (≤ 10,000 subscribers). */
  subscriberFactors?: string | readonly string[];
  /** Offers the subscriber already holds, left out: a table with `subscriberId` and `offerId` columns. */
  exclude?: string | readonly string[];
}

/**
 * The model's subscriber factors as rows `{ subscriberId, f0, f1, … }`, to load into the table
 * that `toSql`'s `subscriberFactors` option names (for more than 10,000 subscribers).
 * @param model - a `recommend/als` model
 * @returns one row per subscriber of the model
 * @throws ModelError when `model` is not a `recommend/als` model
 * @category SQL
 */
export function alsFactorRows(model: AlsModel): Record<string, string | number>[] {
  const m = model as Partial<AlsModel> | null | undefined;
  if (typeof m !== 'object' || m === null || m.kind !== 'recommend/als' || !(m.userFactors instanceof Float64Array) || !Array.isArray(m.subscriberIds)) {
    throw new ModelError(`alsFactorRows: expected a 'recommend/als' model, got ${m === null ? 'null' : typeof m === 'object' ? `kind ${String(m.kind)}` : typeof m}`);
  }
  const f = model.options.factors;
  return model.subscriberIds.map((id, u) => {
    const row: Record<string, string | number> = { subscriberId: id };
    for (let j = 0; j < f; j++) row[`f${j}`] = model.userFactors[u * f + j]!;
    return row;
  });
}

/** A possibly qualified table name, checked and quoted. */
export const tableName = (d: Dialect, t: string | readonly string[], fn: string, option: string): string =>
  (typeof t === 'string' ? [t] : [...t]).map((p) => {
    checkSqlText(p, 'table name', fn, option);
    return d.ident(p);
  }).join('.');

/** The whole query for an ALS model over the subscribers of `from` (its `idColumn` names them). */
export function alsToSql(model: AlsModel, d: Dialect, fn: string, from: string, idColumn: string, o: RecommendSqlOptions): string {
  const k = o.k ?? 10;
  if (!Number.isInteger(k) || k < 1 || k > 1000) throw new OptionsError(`${fn}: k must be an integer in 1…1000, got ${String(k)}`, 'k');
  const f = model.options.factors;
  const m = model.offerIds.length;
  if (m > MAX_INLINE_OFFERS) throw new ModelError(`${fn}: the model has ${m} offers; at most ${MAX_INLINE_OFFERS} are written inline`);
  const lit = (x: number): string => numberLiteral(x, fn, `'recommend/als' factor`);
  const I = (s: string): string => d.ident(s);
  const fcols = Array.from({ length: f }, (_, j) => `f${j}`);
  model.offerIds.forEach((id) => checkSqlText(id, 'offer id', fn, 'model'));
  const offers = model.offerIds.map(
    (id, v) => `SELECT ${d.text(id)} AS ${I('offerId')}, ${intLiteral(v)} AS ${I('offerIndex')}, ${fcols.map((c, j) => `${lit(model.itemFactors[v * f + j]!)} AS ${I(`v_${c}`)}`).join(', ')}`,
  );
  let subs: string;
  if (o.subscriberFactors !== undefined) {
    subs = `SELECT ${I('subscriberId')}, ${fcols.map((c) => `${I(c)} AS ${I(`u_${c}`)}`).join(', ')} FROM ${tableName(d, o.subscriberFactors, fn, 'subscriberFactors')}`;
  } else {
    if (model.subscriberIds.length > MAX_INLINE_SUBSCRIBERS) {
      throw new OptionsError(
        `${fn}: the model has ${model.subscriberIds.length} subscribers; at most ${MAX_INLINE_SUBSCRIBERS} are written inline: load alsFactorRows(model) into a table and pass its name as subscriberFactors`,
        'subscriberFactors',
      );
    }
    model.subscriberIds.forEach((id) => checkSqlText(id, 'subscriber id', fn, 'model'));
    subs = model.subscriberIds
      .map((id, u) => `SELECT ${d.text(id)} AS ${I('subscriberId')}, ${fcols.map((c, j) => `${lit(model.userFactors[u * f + j]!)} AS ${I(`u_${c}`)}`).join(', ')}`)
      .join('\nUNION ALL ');
  }
  const dot = fcols.map((c) => `${I('u')}.${I(`u_${c}`)} * ${I('v')}.${I(`v_${c}`)}`).join(' + ');
  const excl = o.exclude === undefined
    ? ''
    : `\n  WHERE NOT EXISTS (SELECT 1 FROM ${tableName(d, o.exclude, fn, 'exclude')} AS ${I('x')} WHERE ${I('x')}.${I('subscriberId')} = ${I('s')}.${I(idColumn)} AND ${I('x')}.${I('offerId')} = ${I('v')}.${I('offerId')})`;
  const scored = `SELECT ${I('s')}.${I(idColumn)} AS ${I('subscriberId')}, ${I('v')}.${I('offerId')}, ${I('v')}.${I('offerIndex')}, (${dot}) AS ${I('score')}
  FROM ${from} AS ${I('s')}
  JOIN ${I('__telcokit_subscribers')} AS ${I('u')} ON ${I('u')}.${I('subscriberId')} = ${I('s')}.${I(idColumn)}
  CROSS JOIN ${I('__telcokit_offers')} AS ${I('v')}${excl}`;
  const head = `WITH\n${I('__telcokit_offers')} AS (\n${offers.join('\nUNION ALL ')}\n),\n${I('__telcokit_subscribers')} AS (\n${subs}\n),\n${I('__telcokit_scored')} AS (\n  ${scored}\n)\n`;
  return topNQuery(d, head, k);
}

/**
 * The top `k` rows per subscriber of `__telcokit_scored` (subscriberId, offerId, offerIndex, score),
 * ranked by score, ties to the lower offer index, in the dialect's top-N form.
 */
export function topNQuery(d: Dialect, head: string, k: number): string {
  const I = (s: string): string => d.ident(s);
  const order = `ORDER BY ${I('score')} DESC, ${I('offerIndex')}`;
  const rank = `row_number() OVER (PARTITION BY ${I('subscriberId')} ${order})`;
  const cols = `${I('subscriberId')}, ${I('rank')}, ${I('offerId')}, ${I('score')}`;
  switch (d.topN) {
    case 'qualify':
      return `${head}SELECT ${I('subscriberId')}, ${rank} AS ${I('rank')}, ${I('offerId')}, ${I('score')}\nFROM ${I('__telcokit_scored')}\nQUALIFY ${rank} <= ${intLiteral(k)}`;
    case 'limitBy':
      return `${head}SELECT ${cols} FROM (\n  SELECT ${I('subscriberId')}, ${rank} AS ${I('rank')}, ${I('offerId')}, ${I('score')}, ${I('offerIndex')}\n  FROM ${I('__telcokit_scored')}\n  ORDER BY ${I('subscriberId')}, ${I('score')} DESC, ${I('offerIndex')}\n  LIMIT ${intLiteral(k)} BY ${I('subscriberId')}\n)`;
    default:
      return `${head}SELECT ${cols} FROM (\n  SELECT ${I('subscriberId')}, ${rank} AS ${I('rank')}, ${I('offerId')}, ${I('score')}\n  FROM ${I('__telcokit_scored')}\n) AS ${I('__telcokit_ranked')}\nWHERE ${I('rank')} <= ${intLiteral(k)}`;
  }
}
