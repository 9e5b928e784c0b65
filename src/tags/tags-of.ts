/**
 * `tagsOf`: the tags one subscriber holds, read from a {@link TagIndex}.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { getBit } from '../internal/bitset.js';
import type { TagIndex } from './tag-index.js';
import { requireModel, requireString } from '../internal/guards.js';

/** Row of `id` in the index, or -1. */
export function rowOf(index: TagIndex, id: string): number {
  return index.ids.indexOf(id);
}

/**
 * The tags a subscriber holds, in catalogue order. Looks the id up by a linear scan (about 10 ms
 * per 10 M ids); for many look-ups read the bitsets directly.
 *
 * @param index - from {@link applyTagCatalogue}
 * @param subscriberId - a subscriber id present in the index
 * @returns tag ids
 * @throws DataError when the id is not in the index
 * @example
 * const index = applyTagCatalogue(
 *   { tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] },
 *   [{ id: 'a', bill: 120 }],
 * );
 * tagsOf(index, 'a') // => ['big']
 * @category Tags
 */
export function tagsOf(index: TagIndex, subscriberId: string): string[] {
  const fn = 'tagsOf';
  requireModel(fn, 'index', index, ['tags/index'], 'applyTagCatalogue', ['ids', 'tagIds', 'bitsets']);
  requireString(fn, 'subscriberId', subscriberId);
  const i = rowOf(index, subscriberId);
  if (i < 0) throw new DataError(`tagsOf: subscriber '${subscriberId}' is not in the index`);
  const out: string[] = [];
  for (let t = 0; t < index.tagIds.length; t++) if (getBit(index.bitsets[t]!, i)) out.push(index.tagIds[t]!);
  return out;
}
