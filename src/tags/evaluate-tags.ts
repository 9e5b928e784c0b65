/**
 * `applyTagCatalogue`: compiles a tag catalogue to column-wise operations and runs them over every
 * subscriber at once, giving a {@link TagIndex}.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { checkCatalogue } from './catalogue.js';
import type { TagCatalogue } from './catalogue.js';
import { compileCatalogue, profileSource } from './columns.js';
import type { Column, CompileContext, TagProfiles } from './columns.js';
import type { TagIndex } from './tag-index.js';
import { findDuplicateId } from './unique-ids.js';
import { checkOptions } from '../internal/model.js';
import { TagIndexOptionsSchema } from './tag-index-schema.js';
import { TAGS_MODEL_VERSIONS } from './model-kinds.js';

/** Options of {@link applyTagCatalogue}. @category Tags */
export interface EvaluateTagsOptions {
  /** Field holding the subscriber id in record profiles (default `'id'`). */
  idField?: string;
  /**
   * Treat a field the profiles lack as missing for every subscriber instead of throwing (default
   * false), e.g. the default catalogue's `churnProbability` before a churn model exists.
   */
  allowMissingFields?: boolean;
}

/**
 * Evaluates every tag of a catalogue over all subscribers. Each rule leaf is one loop over one
 * column that fills a bitset 32 rows per word; `all`/`any`/`not` are word-wise AND/OR/NOT; a
 * category tag (no rule) is the OR of its children. Nothing is interpreted per subscriber.
 *
 * Quantile thresholds (`{ field, op: '>=', quantile: 0.9 }`) are computed over the evaluated
 * population's non-missing values (linear interpolation, R type 7) and kept in
 * `index.thresholds`, so {@link updateTagIndex} and {@link explainTags} use the same cut.
 *
 * @param catalogue - a tag catalogue (validated here with {@link parseTagCatalogue})
 * @param profiles - records (one per subscriber, with an id field), `{ ids, columns }`, or a FeatureMatrix
 * @param options - see {@link EvaluateTagsOptions}
 * @param options.idField - the id field of record profiles (default `'id'`)
 * @param options.allowMissingFields - treat absent fields as missing instead of throwing (default false)
 * @returns the tag index (rows in the order of `profiles`)
 * @throws ValidationError for an invalid catalogue
 * @throws DataError for duplicate subscriber ids, a field the profiles lack, or a rule whose
 *   threshold type does not fit the field (a number against a text field)
 * @example
 * const index = applyTagCatalogue(
 *   { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] },
 *   [{ id: 'a', bill: 120 }, { id: 'b', bill: 80 }],
 * );
 * tagsOf(index, 'a') // => ['big']
 * @category Tags
 */
export function applyTagCatalogue(catalogue: TagCatalogue, profiles: TagProfiles, options: EvaluateTagsOptions = {}): TagIndex {
  const fn = 'applyTagCatalogue';
  const cat = checkCatalogue(catalogue, fn);
  const resolved = checkOptions(TagIndexOptionsSchema, { idField: options.idField ?? 'id', allowMissingFields: options.allowMissingFields ?? false }, fn);
  const src = profileSource(profiles, resolved.idField, fn);
  const dup = findDuplicateId(src.ids);
  if (dup) throw new DataError(`${fn}: duplicate subscriber id '${src.ids[dup[1]]}' at rows ${dup[0]} and ${dup[1]}`);
  const cache = new Map<string, Column>();
  const thresholds: Record<string, number> = {};
  const ctx: CompileContext = {
    fn,
    n: src.n,
    thresholds,
    frozenThresholds: false,
    column(field, tagId) {
      let c = cache.get(field);
      if (c === undefined) {
        c = src.column(field) ?? (resolved.allowMissingFields ? { kind: 'none' } : undefined);
        if (c === undefined) throw new DataError(`${fn}: tag '${tagId}' uses field '${field}', which the profiles do not have`);
        cache.set(field, c);
      }
      return c;
    },
  };
  const bitsets = compileCatalogue(cat.tags, ctx);
  return {
    kind: 'tags/index',
    version: TAGS_MODEL_VERSIONS['tags/index'],
    options: resolved,
    ids: src.ids.slice(),
    tagIds: cat.tags.map((t) => t.id),
    bitsets,
    nRows: src.n,
    thresholds,
  };
}

/**
 * @deprecated since 0.2: renamed {@link applyTagCatalogue} (`evaluateX` names metrics elsewhere);
 * removed in 0.3.
 * @category Tags
 */
export const evaluateTags: typeof applyTagCatalogue = applyTagCatalogue;
