/**
 * `toSql`: fitted telcokit models as SQL for DuckDB, ClickHouse, Spark SQL and Trino.
 *
 * @module
 */
import { ModelError, OptionsError } from '../errors.js';
import type { GbdtModel } from '../churn/gbdt/schema.js';
import type { LogisticChurnModel } from '../churn/logistic.js';
import type { PipelineModel } from '../features/pipeline/model.js';
import type { KMeansModel } from '../segment/kmeans.js';
import type { KPrototypesModel } from '../segment/kprototypes.js';
import type { TagCatalogue } from '../tags/catalogue.js';
import { checkCatalogue } from '../tags/catalogue.js';
import type { AudienceNode } from '../tags/parse-audience.js';
import type { AlsModel } from '../recommend/als.js';
import { alsToSql } from './recommend-sql.js';
import { hybridToSql } from './hybrid-sql.js';
import type { HybridSqlRules } from './hybrid-sql.js';
import type { RecommenderModel } from '../recommend/model-schemas.js';
import { Chain, STAGE_PREFIX } from './chain.js';
import type { SqlColumnType } from './chain.js';
import { checkSqlText, dialectOf } from './dialect.js';
import type { SqlDialectName } from './dialect.js';
import { OUTPUTS, gbdtToSql, kmeansToSql, kprototypesToSql, logisticToSql } from './heads-sql.js';
import { pipelineToSql } from './pipeline-sql.js';
import { audiencesToSql, isCatalogue, tagsToSql } from './tags-sql.js';

/**
 * What {@link toSql} writes as SQL: a fitted feature pipeline, a churn model (logistic or
 * GBDT), a segment model (k-means or k-prototypes), or a tag catalogue.
 * @category SQL
 */
export type SqlModel = PipelineModel | LogisticChurnModel | GbdtModel | KMeansModel | KPrototypesModel | TagCatalogue | AlsModel | RecommenderModel;

/** Options of {@link toSql}. @category SQL */
export interface ToSqlOptions {
  /** The SQL dialect: `'duckdb'`, `'clickhouse'`, `'spark'` or `'trino'`. */
  dialect: SqlDialectName;
  /**
   * The input relation: a table name (`'subscribers'`), a qualified name as parts
   * (`['lake', 'crm', 'subscribers']`), each part quoted, or `{ sql }`, a relation written in SQL
   * (`{ sql: "read_parquet('s.parquet')" }`), inserted as given: never pass user input there.
   */
  input: string | readonly string[] | { readonly sql: string };
  /**
   * Where the models' column names live in the input table, when they differ: model name →
   * table column (`{ monthlyFee: '月租费' }`). Unlisted names are read as they are.
   */
  columns?: Readonly<Record<string, string>>;
  /**
   * Input columns copied to the output unchanged, first (ids, or fields a later tag rule reads).
   * Default: the pipeline's `idField` when the first model is a pipeline, else none.
   */
  keep?: readonly string[];
  /**
   * Resolved quantile thresholds of the catalogue's quantile rules, keyed as in a TagIndex
   * (`index.thresholds` from `applyTagCatalogue` on a sample). Required when a rule uses a quantile.
   */
  thresholds?: Readonly<Record<string, number>>;
  /** Audience expressions (`'a AND (b OR NOT c)'`) written as boolean columns after the tags: name → expression. */
  audiences?: Readonly<Record<string, string | AudienceNode>>;
  /** Output column names: `churn` (default `'churnProbability'`) and `segment` (default `'segment'`). */
  outputs?: { readonly churn?: string; readonly segment?: string };
  /** Recommender (`recommend/als`): offers per subscriber (default 10). */
  k?: number;
  /**
   * Recommender: a table of subscriber factors — `(subscriberId, f0 …)` from `alsFactorRows` for
   * `recommend/als`, the rows of `hybridSubscriberRows` for `recommend/hybrid`; default inline
   * (≤ 10,000 subscribers).
   */
  subscriberFactors?: string | readonly string[];
  /** Hybrid recommender: a table of the model's histories (rows from `hybridHistoryRows`); default inline (≤ 100,000 rows). */
  history?: string | readonly string[];
  /** Recommender: a table of `(subscriberId, offerId)` pairs left out (offers already held). */
  exclude?: string | readonly string[];
  /** Hybrid recommender: a table of `(subscriberId, offerId)` pairs; when given, each subscriber's candidates are only its pairs. */
  eligible?: string | readonly string[];
  /**
   * Hybrid recommender: the business rules of `recommendBatch` — `exclude` (`'owned'` default,
   * `'none'`, or offer ids), `eligible` (offer ids or a predicate on each offer), `maxPerCategory`;
   * `diversity` other than 0 has no SQL form (an OptionsError naming the rule and the dialect).
   */
  rules?: HybridSqlRules;
}

const FN = 'toSql';
const KNOWN_OPTIONS = new Set(['dialect', 'input', 'columns', 'keep', 'thresholds', 'audiences', 'outputs', 'k', 'subscriberFactors', 'history', 'exclude', 'eligible', 'rules']);

/** The kind of a model for messages and dispatch. */
function kindOf(m: unknown): string {
  if (isCatalogue(m)) return 'tags/catalogue';
  if (typeof m === 'object' && m !== null && typeof (m as { kind?: unknown }).kind === 'string') return (m as { kind: string }).kind;
  throw new ModelError(`${FN}: expected a fitted telcokit model or a tag catalogue, got ${m === null ? 'null' : Array.isArray(m) ? 'an array' : typeof m}`);
}

const EMITTABLE = ['features/pipeline', 'churn/logistic', 'churn/gbdt', 'segment/kmeans', 'segment/kprototypes', 'tags/catalogue', 'recommend/als', 'recommend/hybrid'];

/** Columns a model reads from its input relation, with their types. */
function needs(m: SqlModel, kind: string): { name: string; type: SqlColumnType }[] {
  switch (kind) {
    case 'features/pipeline':
      return (m as PipelineModel).inputs.map((c) => ({ name: c.name, type: c.type }));
    case 'segment/kprototypes': {
      const k = m as KPrototypesModel;
      return [
        ...k.featureNames.map((name) => ({ name, type: 'numeric' as const })),
        ...k.categoricalNames.map((name) => ({ name, type: 'categorical' as const })),
      ];
    }
    case 'tags/catalogue': {
      const out = new Map<string, SqlColumnType>();
      const visit = (r: unknown): void => {
        const x = r as Record<string, unknown>;
        if ('all' in x) (x.all as unknown[]).forEach(visit);
        else if ('any' in x) (x.any as unknown[]).forEach(visit);
        else if ('not' in x) visit(x.not);
        else {
          const f = x.field as string;
          const text = typeof x.value === 'string' || (Array.isArray(x.in) && x.in.some((v) => typeof v === 'string'));
          if (!out.has(f) || text) out.set(f, text ? 'categorical' : 'exists' in x ? (out.get(f) ?? 'any') : 'numeric');
        }
      };
      for (const t of (m as TagCatalogue).tags) if (t.rule) visit(t.rule);
      return [...out].map(([name, type]) => ({ name, type }));
    }
    default:
      return (m as { featureNames: string[] }).featureNames.map((name) => ({ name, type: 'numeric' as const }));
  }
}

/**
 * Writes fitted models as one SQL query over an input table, for DuckDB, ClickHouse, Spark SQL
 * or Trino, with the results of the in-process functions: a feature pipeline (every step type
 * but `custom`, as `applyPipeline`), churn probabilities (`predictChurn` of a logistic model:
 * σ(b + Σ wⱼxⱼ); of a GBDT: σ(baseScore + Σ trees), one `CASE` per tree, NULL following each
 * node's learned direction), segments (`assignSegments`: the argmin of the
 * squared distances, ties to the lowest index, NULL when an input is missing), and a tag
 * catalogue (`applyTagCatalogue`: one boolean column per tag, quantile rules at the given fitted
 * thresholds) with audience expressions; or, alone, a recommender: top `k` offers per subscriber of
 * an ALS model or of the hybrid (`recommendBatch`, with its business rules given as `rules`:
 * exclusions, eligibility, per-category caps; `diversity` has no SQL form).
 *
 * Give one model, or a chain `[pipeline, churnModel, segmentModel, catalogue]`: each model after
 * the first reads the columns the earlier ones produced, and the result has the `keep` columns
 * followed by every model's outputs. The query is a `WITH` of one stage per step.
 *
 * Missing values are SQL NULL (numeric inputs are cast to DOUBLE and NaN read as NULL);
 * numbers are written as DOUBLE literals that parse back to the same doubles; identifiers are
 * always quoted and every name or category from the model or the options is an escaped literal.
 * In DuckDB the scores agree with the in-process ones to about 1e-15 (`exp` and `ln` come from
 * different maths libraries) and segments, tags and audiences are identical; see docs/scale.md.
 *
 * @param model - a model, a tag catalogue, or a chain of them (a pipeline first)
 * @param options - see {@link ToSqlOptions}
 * @returns the SQL text of one `SELECT` (no trailing semicolon)
 * @throws OptionsError for an unknown dialect or option, a name holding NUL, a missing quantile threshold, a rule with no SQL form (`rules.diversity` > 0, naming the dialect)
 * @throws ModelError for a model kind with no SQL emitter, a `custom` pipeline step, a non-finite model number
 * @throws DataError when a model reads a column that no earlier model produces and the input does not give
 * @example
 * const m = fitPipeline([{ type: 'standardize' }], [{ x: 1 }, { x: 3 }]);
 * toSql(m, { dialect: 'duckdb', input: 'subscribers', keep: [] }).includes('(("x" - 2e0) / 1e0) AS "x"')
 * // => true
 * @category SQL
 */
export function toSql(model: SqlModel | readonly SqlModel[], options: ToSqlOptions): string {
  return buildSql(model, options).sql;
}

/** The columns the query's input stage reads from the table: model name, table column, expected type. */
export interface SqlInputColumn {
  readonly name: string;
  readonly column: string;
  readonly type: SqlColumnType;
}

/** {@link toSql} with the input columns it reads (internal: the DuckDB runner checks their types). */
export function buildSql(model: SqlModel | readonly SqlModel[], options: ToSqlOptions): { sql: string; inputs: SqlInputColumn[] } {
  if (options === null || typeof options !== 'object') throw new OptionsError(`${FN}: options must be an object with \`dialect\` and \`input\``, 'options');
  for (const k of Object.keys(options)) if (!KNOWN_OPTIONS.has(k)) throw new OptionsError(`${FN}: unknown option '${k}'`, k);
  const d = dialectOf(options.dialect, FN);
  const models: readonly SqlModel[] = Array.isArray(model) ? model : [model as SqlModel];
  if (models.length === 0) throw new OptionsError(`${FN}: no model given`, 'model');
  const kinds = checkChain(models, options);
  const columns = options.columns ?? {};
  const text = (v: string, what: string, option: string): string => {
    if (typeof v !== 'string') throw new OptionsError(`${FN}: ${what} must be a string, got ${typeof v}`, option);
    checkSqlText(v, what, FN, option);
    return v;
  };
  for (const [k, v] of Object.entries(columns)) {
    text(k, 'column name', 'columns');
    text(v, 'column name', 'columns');
  }
  const from = inputRelation(options.input, d.ident, text);
  if (kinds[0] === 'recommend/als') {
    const idColumn = options.keep?.[0] ?? 'subscriberId';
    text(idColumn, '`keep` column', 'keep');
    return { sql: alsToSql(models[0] as AlsModel, d, FN, from, idColumn, options), inputs: [{ name: idColumn, column: idColumn, type: 'any' }] };
  }
  if (kinds[0] === 'recommend/hybrid') {
    const idColumn = options.keep?.[0] ?? 'subscriberId';
    text(idColumn, '`keep` column', 'keep');
    return { sql: hybridToSql(models[0] as RecommenderModel, d, FN, from, idColumn, options), inputs: [{ name: idColumn, column: idColumn, type: 'any' }] };
  }
  const first = models[0]!;
  const keep = [...(options.keep ?? (kinds[0] === 'features/pipeline' ? [(first as PipelineModel).options.idField] : []))];
  keep.forEach((k) => text(k, '`keep` column', 'keep'));
  if (new Set(keep).size !== keep.length) throw new OptionsError(`${FN}: \`keep\` lists a column twice`, 'keep');
  const outputs = { churn: options.outputs?.churn ?? OUTPUTS.churn, segment: options.outputs?.segment ?? OUTPUTS.segment };
  text(outputs.churn, 'output name', 'outputs.churn');
  text(outputs.segment, 'output name', 'outputs.segment');
  const tableCol = (name: string): string => d.ident(Object.hasOwn(columns, name) ? columns[name]! : name);
  const numIn = (name: string): string => {
    const x = `CAST(${tableCol(name)} AS ${d.double})`;
    return `(CASE WHEN ${d.isNan(x)} THEN NULL ELSE ${x} END)`;
  };
  // the input stage: keep columns as they are, then every column the models read that no earlier
  // model produces (numbers as DOUBLE with NaN as NULL); columns read only by later models are
  // carried through the pipeline's stages and left out of the result
  const pipeline = kinds[0] === 'features/pipeline' ? (first as PipelineModel) : null;
  const { inputs, keepTypes } = columnsRead(models, kinds, keep, outputs);
  for (const name of inputs.keys()) text(name, 'model column name', 'model');
  const pipelineInputs = new Set(pipeline ? pipeline.inputs.map((c) => c.name) : []);
  for (const k of keep) {
    if (pipelineInputs.has(k)) {
      throw new OptionsError(`${FN}: \`keep\` column '${k}' is also an input of the pipeline; a column cannot be both copied and transformed under one name`, 'keep');
    }
  }
  const extras = [...inputs.keys()].filter((n) => pipeline !== null && !pipelineInputs.has(n));
  const chain = new Chain(
    d,
    FN,
    [
      ...keep.map((name) => ({ name, type: keepTypes.get(name) ?? 'any', expr: tableCol(name) })),
      ...[...inputs].map(([name, type]) => ({ name, type, expr: type === 'numeric' ? numIn(name) : tableCol(name) })),
    ],
    from,
  );
  const produced: string[] = [];
  let tagIds: string[] | null = null;
  models.forEach((m, i) => {
    const kind = kinds[i]!;
    const before = new Set(chain.cols.map((c) => c.name));
    switch (kind) {
      case 'features/pipeline': {
        const p = m as PipelineModel;
        for (const n of p.featureNames) text(n, 'feature name', 'model');
        pipelineToSql(p, chain, [...keep, ...extras]);
        produced.push(...p.featureNames);
        return;
      }
      case 'churn/logistic':
        logisticToSql(m as LogisticChurnModel, chain, outputs.churn);
        break;
      case 'churn/gbdt':
        gbdtToSql(m as GbdtModel, chain, outputs.churn);
        break;
      case 'segment/kmeans':
        kmeansToSql(m as KMeansModel, chain, outputs.segment);
        break;
      case 'segment/kprototypes': {
        const kp = m as KPrototypesModel;
        kp.categories.forEach((levels) => levels.forEach((l) => text(l, 'category', 'model')));
        kprototypesToSql(kp, chain, outputs.segment);
        break;
      }
      case 'tags/catalogue': {
        const cat = checkCatalogue(m, FN);
        tagsToSql(cat, chain, options.thresholds);
        tagIds = cat.tags.map((t) => t.id);
        break;
      }
    }
    for (const c of chain.cols) if (!before.has(c.name)) produced.push(c.name);
  });
  if (options.audiences !== undefined) {
    if (tagIds === null) throw new OptionsError(`${FN}: \`audiences\` needs a tag catalogue in the chain`, 'audiences');
    for (const a of Object.keys(options.audiences)) text(a, 'audience name', 'audiences');
    const b = new Set(chain.cols.map((c) => c.name));
    audiencesToSql(options.audiences, tagIds, chain);
    for (const c of chain.cols) if (!b.has(c.name)) produced.push(c.name);
  }
  const tableName = (name: string): string => (Object.hasOwn(columns, name) ? columns[name]! : name);
  return {
    sql: chain.query([...keep, ...produced.filter((n) => chain.has(n))]),
    inputs: [
      ...keep.map((name) => ({ name, column: tableName(name), type: keepTypes.get(name) ?? ('any' as SqlColumnType) })),
      ...[...inputs].map(([name, type]) => ({ name, column: tableName(name), type })),
    ],
  };
}


/** The models' kinds, checked as a chain: each has an emitter, a pipeline comes first, a recommender comes alone, hybrid-only options only with a hybrid. */
function checkChain(models: readonly SqlModel[], options: ToSqlOptions): string[] {
  const kinds = models.map(kindOf);
  kinds.forEach((k, i) => {
    if (!EMITTABLE.includes(k)) {
      throw new ModelError(`${FN}: a model of kind '${k}' has no SQL emitter (SQL is written for ${EMITTABLE.join(', ')})`);
    }
    if (k === 'features/pipeline' && i > 0) throw new ModelError(`${FN}: a feature pipeline must come first in the chain (it is model ${i + 1})`);
  });
  if ((kinds.includes('recommend/als') || kinds.includes('recommend/hybrid')) && models.length > 1) {
    throw new ModelError(`${FN}: a recommender gives several rows per subscriber and must be the only model given`);
  }
  if (kinds[0] !== 'recommend/hybrid') {
    for (const o of ['rules', 'eligible'] as const) {
      if (options[o] !== undefined) throw new OptionsError(`${FN}: option '${o}' applies to a 'recommend/hybrid' model only, not to '${kinds[0]!}'`, o);
    }
  }
  return kinds;
}

/**
 * The columns the chain reads from the input table, with their types: every column a model needs
 * that no earlier model produces; `keep` columns are typed separately and never counted as inputs.
 */
function columnsRead(models: readonly SqlModel[], kinds: readonly string[], keep: readonly string[], outputs: { churn: string; segment: string }): { inputs: Map<string, SqlColumnType>; keepTypes: Map<string, SqlColumnType> } {
  const made = new Set<string>();
  const inputs = new Map<string, SqlColumnType>();
  const keepTypes = new Map<string, SqlColumnType>();
  models.forEach((m, i) => {
    for (const c of needs(m, kinds[i]!)) {
      if (made.has(c.name)) continue;
      if (keep.includes(c.name)) {
        if (!keepTypes.has(c.name) || keepTypes.get(c.name) === 'any') keepTypes.set(c.name, c.type);
        continue;
      }
      const had = inputs.get(c.name);
      if (had === undefined || had === 'any') inputs.set(c.name, c.type);
    }
    if (kinds[i] === 'features/pipeline') for (const f of (m as PipelineModel).featureNames) made.add(f);
    if (kinds[i] === 'churn/logistic' || kinds[i] === 'churn/gbdt') made.add(outputs.churn);
    if (kinds[i] === 'segment/kmeans' || kinds[i] === 'segment/kprototypes') made.add(outputs.segment);
    if (kinds[i] === 'tags/catalogue') for (const t of (m as TagCatalogue).tags) made.add(t.id);
  });
  return { inputs, keepTypes };
}

/** The FROM clause of the input stage. */
function inputRelation(
  input: ToSqlOptions['input'],
  ident: (s: string) => string,
  text: (v: string, what: string, option: string) => string,
): string {
  if (typeof input === 'string') input = [input];
  if (Array.isArray(input)) {
    if (input.length === 0) throw new OptionsError(`${FN}: \`input\` names no table`, 'input');
    for (const part of input as readonly string[]) {
      text(part, 'input table name', 'input');
      if (part.startsWith(STAGE_PREFIX)) throw new OptionsError(`${FN}: input table names may not start with '${STAGE_PREFIX}' (the query's own stages)`, 'input');
    }
    return (input as readonly string[]).map(ident).join('.');
  }
  if (typeof input === 'object' && input !== null && typeof (input as { sql?: unknown }).sql === 'string') {
    const sql = (input as { sql: string }).sql;
    text(sql, 'input SQL', 'input');
    return `(${sql}) AS ${ident(`${STAGE_PREFIX}input`)}`;
  }
  throw new OptionsError(`${FN}: \`input\` must be a table name, its qualified parts, or { sql }`, 'input');
}
