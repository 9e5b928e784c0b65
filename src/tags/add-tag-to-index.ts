/**
 * `addTagToIndex`: attaches a tag computed elsewhere (a geo-fence, a campaign list) to an index.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { createBitset, lastWordMask, setBit } from '../internal/bitset.js';
import type { TagIndex } from './tag-index.js';
import { requireArray, requireModel, requireString } from '../internal/guards.js';

/**
 * Returns a new index with one more tag (or that tag replaced), given as subscriber ids or as a
 * bitset over the index's rows (e.g. `geoFenceTag(…, { index }).bitset`). Ids absent from the index
 * are ignored. The new tag can then be used in audience expressions.
 *
 * @param index - from {@link applyTagCatalogue}
 * @param tagId - the tag's id (an identifier usable in expressions)
 * @param members - subscriber ids, or a bitset of `ceil(nRows / 32)` words
 * @returns a new index (the input is not changed)
 * @throws DataError for a bad tag id or a bitset of the wrong size
 * @example
 * const index = applyTagCatalogue({ tags: [{ id: 'big', label: 'Big', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] }, [{ id: 'a', bill: 120 }, { id: 'b', bill: 5 }]);
 * countAudience(addTagToIndex(index, 'cbd_lunch', ['b']), 'cbd_lunch OR big') // => 2
 * @category Tags
 */
export function addTagToIndex(index: TagIndex, tagId: string, members: readonly string[] | Uint32Array): TagIndex {
  const fn = 'addTagToIndex';
  requireModel(fn, 'index', index, ['tags/index'], 'applyTagCatalogue', ['ids', 'tagIds', 'bitsets']);
  requireString(fn, 'tagId', tagId);
  if (!(members instanceof Uint32Array)) requireArray(fn, 'members', members, 'of subscriber ids (or a Uint32Array bitset)');
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(tagId) || ['and', 'or', 'not'].includes(tagId.toLowerCase())) {
    throw new DataError(`${fn}: '${tagId}' is not a valid tag id (letters, digits, _, . and -, starting with a letter or _; not AND/OR/NOT)`);
  }
  let bits: Uint32Array<ArrayBuffer>;
  if (members instanceof Uint32Array) {
    const words = (index.nRows + 31) >>> 5;
    if (members.length !== words) throw new DataError(`${fn}: bitset has ${members.length} words, the index needs ${words}`);
    bits = new Uint32Array(members);
    if (words > 0) bits[words - 1] = bits[words - 1]! & lastWordMask(index.nRows);
  } else {
    const want = new Set(members);
    bits = createBitset(index.nRows);
    for (let i = 0; i < index.ids.length; i++) if (want.has(index.ids[i]!)) setBit(bits, i);
  }
  const k = index.tagIds.indexOf(tagId);
  if (k >= 0) return { ...index, bitsets: index.bitsets.map((b, t) => (t === k ? bits : b)) };
  return { ...index, tagIds: [...index.tagIds, tagId], bitsets: [...index.bitsets, bits] };
}
