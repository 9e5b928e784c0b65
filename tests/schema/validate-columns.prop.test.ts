/**
 * `validateColumns`: a table as columns gets the same verdicts and errors as `validateRecords` on
 * the same rows as records (a row's record holds the columns whose value there is not undefined).
 */
import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, test } from 'vitest';
import { CallEdgeSchema, DataError, OptionsError, UsageMonthSchema, ValidationError, validateColumns, validateRecords } from 'telcokit';
import type { ValidateOptions } from 'telcokit';

const REFINED = z
  .object({ lo: z.number().optional(), hi: z.number().optional(), name: z.string() })
  .refine((o) => o.lo === undefined || o.hi === undefined || o.lo <= o.hi, { message: 'lo exceeds hi', path: ['lo'] });

const SCHEMAS = { edge: CallEdgeSchema, usage: UsageMonthSchema, refined: REFINED } as const;
type Name = keyof typeof SCHEMAS;

const num = (lo: number, hi: number) => fc.oneof(fc.double({ min: lo, max: hi, noNaN: true }).map((x) => Math.round(x * 10) / 10), fc.double({ min: lo, max: hi, noNaN: true }).map((x) => String(Math.round(x * 10) / 10)));
const int = (lo: number, hi: number) => fc.oneof(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi }).map(String));

const base: Record<Name, fc.Arbitrary<Record<string, unknown>>> = {
  edge: fc.record({
    callerId: fc.constantFrom('A', 'B', ' C '),
    calleeId: fc.constantFrom('A', 'B', 'D'),
    month: fc.constantFrom('2024-05', '2024-06'),
    calls: int(0, 9),
    minutes: num(0, 99),
  }),
  usage: fc.record(
    {
      subscriberId: fc.oneof(fc.integer({ min: 1, max: 60 }).map((i) => `S${i}`), fc.constant(' S3 ')),
      month: fc.constantFrom('2024-01', '2024-02'),
      localVoiceMinutes: num(0, 500),
      longDistanceVoiceMinutes: num(0, 50),
      roamingVoiceMinutes: num(0, 5),
      callsOut: int(0, 200),
      callsIn: int(0, 200),
      distinctContacts: int(0, 80),
      smsCount: int(0, 40),
      dataMB: num(0, 5000),
      nightDataMB: num(0, 100),
      monthlyFee: fc.constantFrom('18', 38, '1e2'),
      billedAmount: num(0, 200),
      topUpCount: int(0, 3),
      complaints: int(0, 2),
    },
    { requiredKeys: ['subscriberId', 'month', 'localVoiceMinutes', 'longDistanceVoiceMinutes', 'roamingVoiceMinutes', 'callsOut', 'callsIn', 'smsCount', 'dataMB', 'nightDataMB', 'monthlyFee', 'billedAmount'] },
  ),
  refined: fc.record({ lo: num(0, 9), hi: num(0, 9), name: fc.constantFrom('n', ' ', 'x') }, { requiredKeys: ['name'] }),
};

const junk = fc.oneof(
  fc.constantFrom('', ' ', 'NaN', '1,234', '-1', '1.5', '2024-13', 'abc', '  7  ', '-0'),
  fc.string({ maxLength: 3 }),
  fc.double(),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

/** Rows with random defects: a field deleted, replaced by junk, or an unknown field added. */
function withDefects(rec: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(rec, fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat(), junk, fc.constantFrom('extra', 'other')), { maxLength: 3 })).map(([r, defects]) => {
    const o: Record<string, unknown> = { ...r };
    for (const [what, at, value, name] of defects) {
      const ks = Object.keys(o);
      const k = ks.length > 0 ? ks[at % ks.length]! : 'x';
      if (what === 0) delete o[k];
      else if (what === 1) o[k] = value;
      else o[name] = value;
    }
    return o;
  });
}

const options = fc.record(
  { coerce: fc.boolean(), unknownFields: fc.constantFrom('strip', 'keep', 'error'), key: fc.constantFrom('auto', false), thousandsSeparator: fc.constantFrom(',', ' ') },
  { requiredKeys: [] },
) as fc.Arbitrary<ValidateOptions>;

/** The rows as columns (names in order of first appearance; undefined where a row lacks the field). */
function toColumns(rows: readonly Record<string, unknown>[]): Record<string, unknown[]> {
  const names: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
  return Object.fromEntries(names.map((k) => [k, rows.map((r) => (Object.hasOwn(r, k) ? r[k] : undefined))]));
}

/** Each row of the columns as a record: the columns whose value there is not undefined, in column order. */
function toRecords(cols: Record<string, ArrayLike<unknown>>): Record<string, unknown>[] {
  const names = Object.keys(cols);
  const n = names.length > 0 ? cols[names[0]!]!.length : 0;
  return Array.from({ length: n }, (_, r) => {
    const rec: Record<string, unknown> = {};
    for (const k of names) if (cols[k]![r] !== undefined) rec[k] = cols[k]![r];
    return rec;
  });
}

/** Valid rows seen per schema over a property's runs (so a property whose rows all fail is noticed). */
const validSeen = new Map<z.ZodObject, number>();

function expectSame(schema: z.ZodObject, cols: Record<string, ArrayLike<unknown>>, opts: ValidateOptions): void {
  const c = validateColumns(schema, cols, opts);
  validSeen.set(schema, (validSeen.get(schema) ?? 0) + c.rows);
  const r = validateRecords(schema, toRecords(cols), opts);
  expect(c.errors).toStrictEqual(r.errors);
  expect(c.invalidRows).toStrictEqual(r.invalidRows);
  expect(c.rowsRead).toBe(r.rowsRead);
  expect(c.rows).toBe(r.valid.length);
  const fields = Object.keys(schema.shape);
  const outNames = opts.unknownFields === 'keep' ? [...fields, ...r.unknownFields] : fields;
  for (const f of outNames) {
    const got = Array.from((c.valid as Record<string, ArrayLike<unknown>>)[f]!);
    expect(got, f).toStrictEqual(r.valid.map((v) => (v as Record<string, unknown>)[f]));
  }
  // unknown names: validateRecords lists those a row has a value for; validateColumns every unknown column
  for (const u of r.unknownFields) expect(c.unknownFields).toContain(u);
  for (const u of c.unknownFields) expect(fields).not.toContain(u);
}

describe('validateColumns: the same verdicts and errors as validateRecords', () => {
  for (const name of Object.keys(SCHEMAS) as Name[]) {
    test(`${name}: random rows with random defects, as columns`, () => {
      const row = fc.oneof({ weight: 3, arbitrary: base[name] }, { weight: 2, arbitrary: withDefects(base[name]) });
      fc.assert(
        fc.property(fc.array(row, { maxLength: 25 }), options, (rows, opts) => expectSame(SCHEMAS[name], toColumns(rows), opts)),
        { numRuns: 300 },
      );
      // the rows are mostly valid: the column path (not only zod's) is what was compared
      expect(validSeen.get(SCHEMAS[name])).toBeGreaterThan(300);
    });
  }

  test('typed columns: untouched columns come back as the same arrays; a NaN row is dropped with the records error', () => {
    const cols = {
      callerId: ['a', 'b', 'c', 'a'],
      calleeId: ['b', 'c', 'a', 'b'],
      month: ['2024-05', '2024-05', '2024-05', '2024-06'],
      calls: Int32Array.from([3, 1, 2, 5]),
      minutes: Float64Array.from([12.5, 2, 7, 30]),
    };
    const ok = validateColumns(CallEdgeSchema, cols);
    expect(ok.rows).toBe(4);
    for (const k of Object.keys(cols) as (keyof typeof cols)[]) expect(ok.valid[k]).toBe(cols[k]);
    const withNaN = { ...cols, minutes: Float64Array.from([12.5, NaN, 7, 30]) };
    expectSame(CallEdgeSchema, withNaN, {});
    const r = validateColumns(CallEdgeSchema, withNaN);
    expect(r.invalidRows).toEqual([1]);
    expect(r.valid.minutes).toBeInstanceOf(Float64Array);
    expect(Array.from(r.valid.minutes)).toEqual([12.5, 7, 30]);
    expect(Array.from(r.valid.calls)).toEqual([3, 2, 5]);
  });

  test('a repeated key is an error on the later row, as for records', () => {
    const cols = { callerId: ['a', 'a', 'a'], calleeId: ['b', 'b', 'c'], month: ['2024-05', ' 2024-05', '2024-05'], calls: ['1', '2', '3'], minutes: [1, 2, 3] };
    const r = validateColumns(CallEdgeSchema, cols);
    expect(r.errors).toStrictEqual([{ row: 1, path: ['callerId', 'calleeId', 'month'], reason: 'duplicate key (callerId + calleeId + month) first seen at row 0', value: 'a / b / 2024-05' }]);
    expect(Array.from(r.valid.calls)).toEqual([1, 3]);
    expectSame(CallEdgeSchema, cols, {});
    expectSame(CallEdgeSchema, cols, { rowOffset: 10 });
  });

  test('bad columns, options and strict mode give named errors', () => {
    expect(() => validateColumns(CallEdgeSchema, null as never)).toThrow(DataError);
    expect(() => validateColumns(CallEdgeSchema, [] as never)).toThrow(/for records use validateRecords/);
    expect(() => validateColumns(CallEdgeSchema, { callerId: 'abc' } as never)).toThrow(new DataError("validateColumns: column 'callerId' must be an array or a typed array, got string"));
    expect(() => validateColumns(CallEdgeSchema, { callerId: ['a'], calleeId: ['b', 'c'] })).toThrow(new DataError("validateColumns: column 'calleeId' has 2 rows, column 'callerId' has 1; every column needs one value per row"));
    expect(() => validateColumns({} as never, { a: [1] })).toThrow(DataError);
    expect(() => validateColumns(CallEdgeSchema, { callerId: ['a'] }, { mode: 'loud' as never })).toThrow(OptionsError);
    expect(() => validateColumns(CallEdgeSchema, { callerId: ['a'] }, { mode: 'strict' })).toThrow(ValidationError);
    expect(validateColumns(CallEdgeSchema, {}).rowsRead).toBe(0);
  });
});
