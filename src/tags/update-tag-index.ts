/**
 * `updateTagIndex`: re-evaluates one subscriber's tags after their profile changed.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { clearBit, getBit, resizeBitset, setBit } from '../internal/bitset.js';
import { checkCatalogue } from './catalogue.js';
import type { TagCatalogue } from './catalogue.js';
import { compileCatalogue, profileSource } from './columns.js';
import type { Column, CompileContext } from './columns.js';
import type { TagIndex } from './tag-index.js';
import { rowOf } from './tags-of.js';

/** Options of {@link updateTagIndex}. @category Tags */
export interface UpdateTagIndexOptions {
  /**
   * Treat a field the profile lacks as missing instead of throwing (default false), as in
   * {@link applyTagCatalogue}. Without it a misspelt field name would silently clear tags.
   */
  allowMissingFields?: boolean;
}

/**
 * Evaluates the catalogue for one subscriber and returns a new index with that subscriber's bits
 * replaced (or a new last row when the id is new). The same compiled rules as
 * {@link applyTagCatalogue} run over a one-row column set, so the result equals a full re-evaluation
 * for that subscriber; quantile thresholds stay those stored in the index (they are population
 * figures, refreshed only by a full `applyTagCatalogue`). Bitsets whose bit does not change are shared
 * with the input index, never mutated.
 *
 * @param index - from {@link applyTagCatalogue} with the same catalogue
 * @param catalogue - the catalogue the index was built from
 * @param subscriberId - the subscriber to update or add
 * @param profile - that subscriber's profile record (its id field is ignored); a key present with
 *   `null`, `undefined` or NaN is a missing value
 * @param options - see {@link UpdateTagIndexOptions}
 * @param options.allowMissingFields - treat fields absent from the profile as missing instead of
 *   throwing (default false)
 * @returns a new index
 * @throws DataError when the catalogue's tags differ from the index's, or a rule reads a field the
 *   profile does not have (unless `options.allowMissingFields`)
 * @example
 * const cat = { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] };
 * const index = applyTagCatalogue(cat, [{ id: 'a', bill: 120 }]);
 * tagsOf(updateTagIndex(index, cat, 'a', { bill: 50 }), 'a') // => []
 * @category Tags
 */
export function updateTagIndex(
  index: TagIndex,
  catalogue: TagCatalogue,
  subscriberId: string,
  profile: Readonly<Record<string, unknown>>,
  options: UpdateTagIndexOptions = {},
): TagIndex {
  const fn = 'updateTagIndex';
  const cat = checkCatalogue(catalogue, fn);
  if (cat.tags.length !== index.tagIds.length || cat.tags.some((t, k) => t.id !== index.tagIds[k])) {
    throw new DataError(`${fn}: the catalogue's tags (${cat.tags.map((t) => t.id).join(', ')}) are not the index's (${index.tagIds.join(', ')})`);
  }
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) {
    throw new DataError(`${fn}: profile must be one subscriber's record, got ${Array.isArray(profile) ? 'an array' : String(profile)}`);
  }
  const bits = rowBits(cat, profile, index.thresholds, fn, options.allowMissingFields === true);
  let row = rowOf(index, subscriberId);
  let ids = index.ids;
  let nRows = index.nRows;
  let bitsets = index.bitsets;
  if (row < 0) {
    row = nRows;
    nRows += 1;
    ids = [...index.ids, subscriberId];
    bitsets = bitsets.map((b) => resizeBitset(b, nRows));
  }
  const grown = bitsets !== index.bitsets;
  const out = bitsets.map((b, t) => {
    const want = bits[t]!;
    if (getBit(b, row) === want) return b;
    const c = grown ? b : b.slice();
    if (want) setBit(c, row);
    else clearBit(c, row);
    return c;
  });
  return { ...index, ids, nRows, bitsets: out, thresholds: { ...index.thresholds } };
}

/**
 * The tag values (catalogue order) of one profile, with the index's quantile thresholds. A field
 * that is not a key of the profile throws unless `allowMissing`.
 */
export function rowBits(
  cat: TagCatalogue,
  profile: Readonly<Record<string, unknown>>,
  thresholds: Record<string, number>,
  fn: string,
  allowMissing: boolean,
): boolean[] {
  const src = profileSource([{ ...profile, __telcokit_id: '_' }], '__telcokit_id', fn);
  const cache = new Map<string, Column>();
  const ctx: CompileContext = {
    fn,
    n: 1,
    thresholds: { ...thresholds },
    frozenThresholds: true,
    column(field, tagId) {
      let c = cache.get(field);
      if (c === undefined) {
        if (!allowMissing && !Object.hasOwn(profile, field)) {
          throw new DataError(`${fn}: tag '${tagId}' uses field '${field}', which the profile does not have (pass { allowMissingFields: true } to treat it as missing)`);
        }
        c = src.column(field) ?? { kind: 'none' };
        cache.set(field, c);
      }
      return c;
    },
  };
  return compileCatalogue(cat.tags, ctx).map((b) => (b[0]! & 1) === 1);
}
