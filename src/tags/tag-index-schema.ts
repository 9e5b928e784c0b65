/**
 * The zod schema of a `tags/index` model, apart from the functions that build and query it, so
 * that `parseModel` loads no tag engine. It states the index's invariants: one id per row, unique
 * subscriber and tag ids, one bitset of ceil(nRows / 32) words per tag with no bit past the last
 * row.
 *
 * @module
 */
import * as z from 'zod';
import { zUint32Array } from '../internal/model.js';
import { findDuplicateId } from './unique-ids.js';

/** Resolved options of the evaluation that made an index; `evaluateTags` checks its options with it too. */
export const TagIndexOptionsSchema = /* @__PURE__ */ (() => z.strictObject({ idField: z.string().min(1), allowMissingFields: z.boolean() }))();

const stringArray = /* @__PURE__ */ (() => z.custom<string[]>(
  (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
    return true;
  },
  { message: 'expected an array of strings' },
))();

/**
 * The zod schema of a {@link TagIndex} (model kind `'tags/index'`, version 1).
 * @category Tags
 */
export const TagIndexSchema = /* @__PURE__ */ (() => z
  .object({
    kind: z.literal('tags/index'),
    version: z.number().int().positive(),
    options: TagIndexOptionsSchema,
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
    const dup = findDuplicateId(x.ids);
    if (dup) ctx.addIssue({ code: 'custom', path: ['ids', dup[1]], message: `duplicate subscriber id ${JSON.stringify(x.ids[dup[1]])} (also row ${dup[0]})` });
    for (const [key, v] of Object.entries(x.thresholds)) {
      if (Number.isNaN(v)) ctx.addIssue({ code: 'custom', path: ['thresholds', key], message: 'must not be NaN' });
    }
  }))();

/**
 * Which subscribers hold which tags: one bitset per tag over the subscriber ids. Plain data;
 * `serializeModel` and `parseModel` handle it too (kind `'tags/index'`).
 * @category Tags
 */
export type TagIndex = z.infer<typeof TagIndexSchema>;
