import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CallEdgeSchema, SubscriberSchema, UsageMonthSchema, validateRecords } from 'telcokit';

const anyValue = fc.oneof(
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constantFrom('NaN', 'Infinity', '', ' ', '1,000', '2024-05', '-1', '1e3'),
);
const anyRecord = fc.oneof(
  fc.dictionary(fc.constantFrom('subscriberId', 'month', 'dataMB', 'nightDataMB', 'callsOut', 'id', 'calls', 'minutes', 'callerId', 'calleeId', 'x'), anyValue),
  anyValue,
  fc.array(anyValue, { maxLength: 3 }),
);

describe('validateRecords properties', () => {
  test('collect mode never throws, and valid + invalid rows account for every input row', () => {
    fc.assert(
      fc.property(fc.array(anyRecord, { maxLength: 30 }), fc.constantFrom(UsageMonthSchema, CallEdgeSchema, SubscriberSchema), (rows, schema) => {
        const r = validateRecords(schema as typeof CallEdgeSchema, rows);
        expect(r.rowsRead).toBe(rows.length);
        expect(r.valid.length + r.invalidRows.length).toBe(rows.length);
        expect(new Set(r.invalidRows).size).toBe(r.invalidRows.length);
        expect(new Set(r.errors.map((e) => e.row))).toEqual(new Set(r.invalidRows));
      }),
      { numRuns: 300 },
    );
  });

  test('valid call edges survive a round trip through strings', () => {
    const edge = fc.record({
      callerId: fc.string({ minLength: 1 }).filter((s) => s.trim().length > 0 && s.trim() === s),
      calleeId: fc.constant('B'),
      month: fc.constantFrom('2024-01', '1999-12'),
      calls: fc.nat(),
      minutes: fc.double({ min: 0, max: 1e9, noNaN: true }),
    });
    fc.assert(
      fc.property(edge, (e) => {
        const asStrings = Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
        const r = validateRecords(CallEdgeSchema, [asStrings]);
        expect(r.errors).toEqual([]);
        expect(r.valid[0]).toEqual(e);
      }),
    );
  });
});
