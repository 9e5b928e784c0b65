/**
 * `TagIndex`: the result of {@link applyTagCatalogue}, plain data: subscriber ids, tag ids, one bitset
 * per tag, and the quantile thresholds resolved at evaluation. `serializeTagIndex` /
 * `parseTagIndex` store it compactly (bitsets as base64 of their bytes).
 *
 * @module
 */
import { encodeJSON } from '../internal/codec.js';
import { loadModelFrom } from '../internal/load-model.js';
import { tagsModelKinds } from './model-kinds.js';

export { TagIndexSchema } from './tag-index-schema.js';
export type { TagIndex } from './tag-index-schema.js';
import type { TagIndex } from './tag-index-schema.js';

/**
 * Turns a tag index into compact JSON text: ids and tag ids as JSON arrays, each bitset as the
 * base64 of its bytes (10 M subscribers × 10 tags ≈ 17 MB of bitsets in base64).
 *
 * @param index - from {@link applyTagCatalogue}
 * @returns JSON text that {@link parseTagIndex} restores exactly
 * @example
 * const index = applyTagCatalogue({ tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] }, [{ id: 'a', bill: 120 }]);
 * serializeTagIndex(index).length > 0 // => true
 * @category Tags
 */
export function serializeTagIndex(index: TagIndex): string {
  return encodeJSON(index);
}

/**
 * Restores a tag index from {@link serializeTagIndex}'s text and validates it (lengths, bitset
 * sizes, no bits past the last row).
 *
 * @param text - JSON text
 * @returns the index
 * @throws ModelError as {@link parseModel} does (this is `parseModel(text, 'tags/index')` with messages
 *   starting `parseTagIndex:`)
 * @example
 * const index = applyTagCatalogue({ tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] }, [{ id: 'a', bill: 120 }]);
 * parseTagIndex(serializeTagIndex(index)).tagIds // => ['big']
 * @category Tags
 */
export function parseTagIndex(text: string): TagIndex {
  return loadModelFrom(tagsModelKinds, 'parseTagIndex', text, 'tags/index');
}
