/**
 * `TagIndex`: the result of {@link applyTagCatalogue}, plain data: subscriber ids, tag ids, one bitset
 * per tag, and the quantile thresholds resolved at evaluation. `serializeTagIndex` /
 * `parseTagIndex` store it compactly (bitsets as base64 of their bytes).
 *
 * @module
 */
import * as z from 'zod';
import { ModelError } from '../errors.js';
import { decodeJSON, encodeJSON } from '../internal/codec.js';
import { zUint32Array } from '../internal/model.js';

const stringArray = z.custom<string[]>(
  (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
    return true;
  },
  { message: 'expected an array of strings' },
);

/**
 * The zod schema of a {@link TagIndex} (model kind `'tags/index'`, version 1).
 * @category Tags
 */
export const TagIndexSchema = z
  .object({
    kind: z.literal('tags/index'),
    version: z.literal(1),
    /** Subscriber ids, one per row, in index order. */
    ids: stringArray,
    /** Tag ids, one per bitset. */
    tagIds: stringArray,
    /** One bitset per tag: `ceil(nRows / 32)` words, bit `i` of word `i >>> 5` is row `i`. */
    bitsets: z.array(zUint32Array),
    /** Number of subscribers (rows). */
    nRows: z.number().int().min(0),
    /** Quantile thresholds resolved at evaluation, keyed `tagId#rulePath` (e.g. `heavy_data#rule.any.1`). */
    thresholds: z.record(z.string(), z.number()),
  })
  .strict()
  .superRefine((x, ctx) => {
    if (x.ids.length !== x.nRows) ctx.addIssue({ code: 'custom', path: ['ids'], message: `${x.ids.length} ids for nRows ${x.nRows}` });
    if (x.bitsets.length !== x.tagIds.length) {
      ctx.addIssue({ code: 'custom', path: ['bitsets'], message: `${x.bitsets.length} bitsets for ${x.tagIds.length} tags` });
    }
    const words = (x.nRows + 31) >>> 5;
    x.bitsets.forEach((b, t) => {
      if (b.length !== words) ctx.addIssue({ code: 'custom', path: ['bitsets', t], message: `bitset has ${b.length} words, expected ${words}` });
      else if (words > 0 && x.nRows % 32 !== 0 && b[words - 1]! >>> (x.nRows % 32) !== 0) {
        ctx.addIssue({ code: 'custom', path: ['bitsets', t], message: 'bits set past the last row' });
      }
    });
    if (new Set(x.tagIds).size !== x.tagIds.length) ctx.addIssue({ code: 'custom', path: ['tagIds'], message: 'duplicate tag ids' });
  });

/**
 * Which subscribers hold which tags: one bitset per tag over the subscriber ids. Plain data;
 * `serializeModel` and `parseModel` handle it too (kind `'tags/index'`).
 * @category Tags
 */
export type TagIndex = z.infer<typeof TagIndexSchema>;

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
 * @throws ModelError when the text is not a valid version-1 tag index
 * @example
 * const index = applyTagCatalogue({ tags: [{ id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } }] }, [{ id: 'a', bill: 120 }]);
 * parseTagIndex(serializeTagIndex(index)).tagIds // => ['big']
 * @category Tags
 */
export function parseTagIndex(text: string): TagIndex {
  let raw: unknown;
  try {
    raw = decodeJSON(text);
  } catch (e) {
    throw new ModelError(`parseTagIndex: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const kind = (raw as { kind?: unknown } | null)?.kind;
  if (kind !== 'tags/index') throw new ModelError(`parseTagIndex: expected kind 'tags/index', got ${JSON.stringify(kind)}`);
  const version = (raw as { version?: unknown }).version;
  if (typeof version === 'number' && version > 1) {
    throw new ModelError(`parseTagIndex: tag index version ${version} is newer than this telcokit supports (1); upgrade telcokit`);
  }
  const parsed = TagIndexSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ModelError(`parseTagIndex: malformed tag index at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
