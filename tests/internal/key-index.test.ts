import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { createKeyIndex } from '../../src/internal/key-index.js';
import { validateRecords } from '../../src/schema/validate.js';
import { CallEdgeSchema } from '../../src/schema/call-edge.js';

/** The reference: one joined string per key (the check validateRecords made before the index), values free of the separator. */
function reference(fields: readonly string[], records: readonly Record<string, unknown>[]): number[] {
  const seen = new Map<string, number>();
  return records.map((r, row) => {
    const k = fields.map((f) => String(r[f])).join('\u0000');
    const first = seen.get(k);
    if (first !== undefined) return first;
    seen.set(k, row);
    return -1;
  });
}

describe('createKeyIndex', () => {
  test('first rows of one-, two- and three-field keys, by hand', () => {
    const idx = createKeyIndex(['a', 'b', 'c']);
    const rows = [
      { a: 'x', b: 'y', c: 1 },
      { a: 'x', b: 'y', c: 2 },
      { a: 'x', b: 'y', c: '1' }, // String(1) === '1': the same key, as with the joined string
      { a: 'y', b: 'x', c: 1 },
      { a: 'x', b: 'y', c: 2 },
    ];
    expect(rows.map((r, i) => idx.firstSeen(r, 10 + i))).toEqual([-1, -1, 10, -1, 11]);
    const one = createKeyIndex(['id']);
    expect([{ id: 'a' }, { id: 'b' }, { id: 'a' }, {}, { id: undefined }].map((r, i) => one.firstSeen(r, i))).toEqual([-1, -1, 0, -1, 3]);
  });

  test('values that contain the separator no longer collide', () => {
    const idx = createKeyIndex(['a', 'b']);
    expect(idx.firstSeen({ a: 'p\u0000q', b: 'r' }, 0)).toBe(-1);
    expect(idx.firstSeen({ a: 'p', b: 'q\u0000r' }, 1)).toBe(-1);
  });

  test('row numbers beyond 2³¹ are kept exactly', () => {
    const idx = createKeyIndex(['a', 'b']);
    const big = Number.MAX_SAFE_INTEGER - 1;
    expect(idx.firstSeen({ a: 1, b: 2 }, big)).toBe(-1);
    expect(idx.firstSeen({ a: 1, b: 2 }, big + 1)).toBe(big);
  });

  test('property: the same first rows as the joined-string check, through table growth', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom('a', 'b', 'c', '7', '', 'é', '用户'));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(value, value, value, value), { maxLength: 3000 }),
        fc.constantFrom(0, 1, 'rows' as const),
        (nFields, tuples, hint) => {
          const fields = ['f0', 'f1', 'f2', 'f3'].slice(0, nFields);
          const records = tuples.map((t) => ({ f0: t[0], f1: t[1], f2: t[2], f3: t[3] }));
          // no size hint, a too-small one, and the number of rows (tables sized up front)
          const idx = createKeyIndex(fields, hint === 'rows' ? records.length : hint);
          expect(records.map((r, i) => idx.firstSeen(r, i))).toEqual(reference(fields, records));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('validateRecords duplicate keys through the index', () => {
  test('a repeated call edge is reported against its first row, across 5,000 distinct edges', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ callerId: `S${i % 700}`, calleeId: `S${(i * 7) % 911}`, month: `2024-0${1 + (i % 6)}`, calls: 1, minutes: 2 }));
    rows.push({ ...rows[1234]! }, { ...rows[17]!, calls: '3' as unknown as number });
    const r = validateRecords(CallEdgeSchema, rows);
    expect(r.valid.length).toBe(5000);
    expect(r.invalidRows).toEqual([5000, 5001]);
    expect(r.errors.map((e) => e.reason)).toEqual(['duplicate key (callerId + calleeId + month) first seen at row 1234', 'duplicate key (callerId + calleeId + month) first seen at row 17']);
  });
});
