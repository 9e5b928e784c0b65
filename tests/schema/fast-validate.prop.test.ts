import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, test } from 'vitest';
import { CallEdgeSchema, SubscriberSchema, UsageMonthSchema, readCsv } from 'telcokit';
import { buildFastValidator, fastRowValidatorOf, plainDecimal, setFastValidation } from '../../src/schema/fast-validate.js';
import { createValidationContext, validateBatch, type ValidateOptions } from '../../src/schema/validate.js';

// the specialised per-schema validator must be invisible: same valid rows (same keys in the same
// order, same values and types), same errors, same unknown fields, as the zod-only path

const MIXED = z
  .object({
    code: z.string().min(2).max(6).regex(/^[A-Z]+\d*$/),
    kind: z.enum(['a', 'b', 'c']),
    tag: z.literal(['x', 'y']).optional(),
    flag: z.boolean().optional(),
    small: z.int32().min(-5).optional(),
    big: z.uint32().optional(),
    ratio: z.number().gt(0).lt(1).nullable().optional(),
    note: z.string().nullable(),
    exact: z.string().length(3).optional(),
    coerced: z.coerce.number().optional(),
  })
  .refine((o) => o.small === undefined || o.big === undefined || o.small <= o.big, { message: 'small exceeds big', path: ['small'] });

const SCHEMAS = { usage: UsageMonthSchema, edge: CallEdgeSchema, subscriber: SubscriberSchema, mixed: MIXED } as const;
type Name = keyof typeof SCHEMAS;

const num = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true }).map((x) => String(Math.round(x * 10) / 10));
const int = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map(String);

/** Valid-looking records as CSV would give them (strings). */
const base: Record<Name, fc.Arbitrary<Record<string, unknown>>> = {
  usage: fc
    .record({
      subscriberId: fc.constantFrom('S1', 'S2', 'S3', ' S4 '),
      month: fc.constantFrom('2024-01', '2024-02', '2023-12'),
      localVoiceMinutes: num(0, 500),
      longDistanceVoiceMinutes: num(0, 50),
      roamingVoiceMinutes: num(0, 5),
      callsOut: int(0, 200),
      callsIn: int(0, 200),
      distinctContacts: fc.option(int(0, 80), { nil: '' }),
      smsCount: int(0, 40),
      dataMB: num(0, 5000),
      nightDataMB: num(0, 100),
      monthlyFee: fc.constantFrom('18', '38.0', '1e2', '.5'),
      billedAmount: num(0, 200),
      topUpCount: int(0, 3),
      complaints: fc.option(int(0, 2), { nil: undefined }),
    })
    .map((r) => ({ ...r })),
  edge: fc.record({
    callerId: fc.constantFrom('A', 'B', 'C'),
    calleeId: fc.constantFrom('A', 'B', 'D'),
    month: fc.constantFrom('2024-05', '2024-06'),
    calls: int(0, 9),
    minutes: num(0, 99),
  }),
  subscriber: fc.record({
    id: fc.constantFrom('S1', 'S2'),
    regionCode: fc.constant('GD'),
    cityTier: int(1, 5),
    customerType: fc.constant('individual'),
    joinDate: fc.constantFrom('2020-01-01', '2020-02-30'),
    planId: fc.constant('P'),
    paymentPlan: fc.constant('prepaid'),
    status: fc.constant('active'),
    networkType: fc.constant('5G'),
  }),
  mixed: fc.record(
    {
      code: fc.constantFrom('AB', 'XYZ12', ' QQ9 ', 'ABCDEFG'),
      kind: fc.constantFrom('a', 'b', ' c'),
      tag: fc.constantFrom('x', 'y'),
      flag: fc.constantFrom('true', 'No', 'Y', '0', true, false),
      small: int(-5, 10),
      big: int(0, 10),
      ratio: fc.constantFrom('0.5', '0.25', null),
      note: fc.constantFrom('n', ' ', 'free text'),
      exact: fc.constantFrom('abc', ' abc '),
      coerced: fc.constantFrom('7', 7, 2.5),
    },
    { requiredKeys: ['code', 'kind', 'note'] },
  ),
};

const junk = fc.oneof(
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-inf', '1,234', '1 234.5', '-1', '1.5', '1e999', '2024-13', 'abc', 'TRUE', 'yes', '0x10', '+3', '  7  ', '-0'),
  fc.string({ maxLength: 4 }),
  fc.double(),
  fc.integer({ min: -3, max: 3 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant({}),
);

/** A random defect applied to a record: delete a field, replace it with junk, add an unknown one, or none. */
function withDefects(rec: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  return fc
    .tuple(rec, fc.array(fc.tuple(fc.nat({ max: 3 }), fc.nat(), junk, fc.constantFrom('extra', 'other', 'constructor', 'device.brand', '__proto__')), { maxLength: 3 }), fc.boolean())
    .map(([r, defects, shuffle]) => {
      let keys = Object.keys(r);
      if (shuffle) keys = [...keys].reverse();
      const o: Record<string, unknown> = {};
      for (const k of keys) o[k] = r[k];
      for (const [what, at, value, name] of defects) {
        const ks = Object.keys(o);
        const k = ks.length > 0 ? ks[at % ks.length]! : 'x';
        if (what === 0) delete o[k];
        else if (what === 1) o[k] = value;
        else if (what === 2) Object.defineProperty(o, name, { value, enumerable: true, writable: true, configurable: true });
      }
      return o;
    });
}

const options = fc.record(
  {
    coerce: fc.boolean(),
    unknownFields: fc.constantFrom('strip', 'keep', 'error'),
    key: fc.constantFrom('auto', false),
    thousandsSeparator: fc.constantFrom(',', ' '),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<ValidateOptions>;

function both(schema: z.ZodObject, rows: unknown[], opts: ValidateOptions) {
  const fast = validateBatch(schema, rows, opts, createValidationContext(), 'validateRecords', true);
  const slow = validateBatch(schema, rows, opts, createValidationContext(), 'validateRecords', false);
  return { fast, slow };
}

function expectSame(schema: z.ZodObject, rows: unknown[], opts: ValidateOptions): void {
  const { fast, slow } = both(schema, rows, opts);
  expect(fast.valid).toStrictEqual(slow.valid);
  // key order and exact values (toStrictEqual tells -0 from 0, but not key order)
  expect(fast.valid.map((v) => Object.entries(v))).toStrictEqual(slow.valid.map((v) => Object.entries(v)));
  expect(fast.errors).toStrictEqual(slow.errors);
  expect(fast.invalidRows).toStrictEqual(slow.invalidRows);
  expect(fast.unknownFields).toStrictEqual(slow.unknownFields);
  expect(fast.rowsRead).toBe(slow.rowsRead);
}

describe('specialised ingest validator: the same result as zod alone', () => {
  for (const name of Object.keys(SCHEMAS) as Name[]) {
    test(`${name}: random rows with random defects give the same valid rows and errors`, () => {
      const rowArb = fc.oneof({ weight: 3, arbitrary: base[name] }, { weight: 4, arbitrary: withDefects(base[name]) }, { weight: 1, arbitrary: junk });
      fc.assert(
        fc.property(fc.array(rowArb, { maxLength: 25 }), options, (rows, opts) => expectSame(SCHEMAS[name], rows, opts)),
        { numRuns: 400 },
      );
    });
  }

  test('typed (JSON-style) values take the same path as zod alone', () => {
    const typed = fc.record({
      callerId: fc.oneof(fc.constantFrom('A', 'B', ''), fc.integer()),
      calleeId: fc.constantFrom('A', 'B'),
      month: fc.constantFrom('2024-05', '2024-5'),
      calls: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.constant(2 ** 53)),
      minutes: fc.oneof(fc.double(), fc.constant(-0), fc.constant(0)),
    });
    fc.assert(
      fc.property(fc.array(typed, { maxLength: 20 }), options, (rows, opts) => expectSame(CallEdgeSchema, rows, opts)),
      { numRuns: 300 },
    );
  });

  test('odd records (null prototype, class instance, non-enumerable or undefined fields) give the same result', () => {
    const edge = { callerId: 'A', calleeId: 'B', month: '2024-05', calls: '3', minutes: '1' };
    class Row {
      callerId = 'A';
      calleeId = 'C';
      month = '2024-05';
      calls = '1';
      minutes = '2';
    }
    const hidden = { ...edge, calleeId: 'D' };
    Object.defineProperty(hidden, 'minutes', { value: '5', enumerable: false });
    const inherited = Object.create({ minutes: '7' }) as Record<string, unknown>;
    Object.assign(inherited, { ...edge, calleeId: 'E' });
    delete inherited.minutes;
    const rows = [Object.assign(Object.create(null) as object, edge), new Row(), hidden, inherited, { ...edge, calleeId: 'F', calls: undefined }, { ...edge, calleeId: 'G', extra: undefined }];
    for (const opts of [{}, { coerce: false }, { unknownFields: 'error' as const }]) expectSame(CallEdgeSchema, rows, opts);
    const { fast } = both(CallEdgeSchema, rows, {});
    expect(fast.valid.map((r) => r.calleeId)).toStrictEqual(['B', 'C', 'E', 'G']);
  });

  test('plainDecimal is Number(s) bit for bit on plain decimals, and refuses everything else', () => {
    const plain = fc
      .tuple(fc.constantFrom('', '+', '-'), fc.stringMatching(/^\d{0,15}$/), fc.boolean(), fc.stringMatching(/^\d{0,15}$/))
      .map(([sign, a, dot, b]) => `${sign}${a}${dot ? `.${b}` : ''}`);
    fc.assert(
      fc.property(plain, (s) => {
        const q = plainDecimal(s);
        const digits = s.replace(/[^0-9]/g, '').length;
        if (digits === 0 || digits > 15) expect(q).toBeUndefined();
        else expect(Object.is(q, Number(s))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const s = String(x);
        const q = plainDecimal(s);
        if (q !== undefined) expect(Object.is(q, Number(s))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    for (const s of ['', ' 1', '1 ', '1e3', '1.2.3', '.', '-', '0x10', 'Infinity', '1,000', '1234567890123456']) expect(plainDecimal(s)).toBeUndefined();
    expect(Object.is(plainDecimal('-0'), -0)).toBe(true);
    expect(plainDecimal('.5')).toBe(0.5);
    expect(plainDecimal('5.')).toBe(5);
    expect(plainDecimal('0.1')).toBe(0.1);
    expect(plainDecimal('123.456789012345')).toBe(123.456789012345);
  });

  test('the fast path takes the valid rows (it is not silently off)', () => {
    const fv = buildFastValidator(UsageMonthSchema, true);
    expect(fv).not.toBeNull();
    const row = { subscriberId: ' S1 ', month: '2024-05', localVoiceMinutes: '1.5', longDistanceVoiceMinutes: '0', roamingVoiceMinutes: '0', callsOut: '3', callsIn: '4', smsCount: '0', dataMB: '10', nightDataMB: '2', monthlyFee: '18', billedAmount: '20.5', extra: 'z', complaints: '' };
    const unknown = new Set<string>();
    const out = fv!(row, unknown, false);
    expect(out).toStrictEqual({ subscriberId: 'S1', month: '2024-05', localVoiceMinutes: 1.5, longDistanceVoiceMinutes: 0, roamingVoiceMinutes: 0, callsOut: 3, callsIn: 4, smsCount: 0, dataMB: 10, nightDataMB: 2, monthlyFee: 18, billedAmount: 20.5 });
    expect([...unknown]).toEqual(['extra']);
    // the object refinement: night data above all data goes to zod
    expect(fv!({ ...row, nightDataMB: '11' }, unknown, false)).toBeUndefined();
    // an unknown field under unknownFields: 'error' goes to zod
    expect(fv!(row, unknown, true)).toBeUndefined();
  });

  test('schemas with constructs the builder does not know get no fast path', () => {
    expect(buildFastValidator(SubscriberSchema, true)).toBeNull(); // nested object, ISO dates
    expect(buildFastValidator(z.object({ a: z.string().transform((s) => s.length) }), true)).toBeNull();
    expect(buildFastValidator(z.object({ a: z.number().default(1) }), true)).toBeNull();
    expect(buildFastValidator(z.object({ a: z.string().email() }), true)).toBeNull();
    expect(buildFastValidator(z.object({ a: z.number().multipleOf(2) }), true)).toBeNull();
    expect(buildFastValidator(z.looseObject({ a: z.number() }), true)).toBeNull();
    expect(buildFastValidator(z.object({ a: z.number() }).superRefine(() => undefined), true)).toBeNull();
    expect(buildFastValidator(z.object({ a: z.string() }), true)).not.toBeNull();
    // the schemas of the property tests above do get one (so those tests compare two paths)
    for (const s of [UsageMonthSchema, CallEdgeSchema, MIXED]) for (const c of [true, false]) expect(buildFastValidator(s, c)).not.toBeNull();
  });

  test('readCsv gives the same batches with the fast path', async () => {
    const csv = 'callerId,calleeId,month,calls,minutes\nA,B,2024-05,3,12.5\nA,C,2024-13,1,2\nA,B,2024-05,1,1\nB,C,2024-05,x,1\nC,D,2024-06, 2 ,0\n';
    const batches = [];
    for await (const b of readCsv(csv, CallEdgeSchema, { batchSize: 2 })) batches.push(b);
    expect(batches.flatMap((b) => b.valid)).toStrictEqual([
      { callerId: 'A', calleeId: 'B', month: '2024-05', calls: 3, minutes: 12.5 },
      { callerId: 'C', calleeId: 'D', month: '2024-06', calls: 2, minutes: 0 },
    ]);
    expect(batches.flatMap((b) => b.errors.map((e) => [e.row, e.path.join('.'), e.reason]))).toStrictEqual([
      [1, 'month', 'expected a month as YYYY-MM (01–12)'],
      [2, 'callerId.calleeId.month', 'duplicate key (callerId + calleeId + month) first seen at row 0'],
      [3, 'calls', 'expected a number'],
    ]);
  });
});

describe('CSV rows as field arrays (the readers\' hot path): the same result as records through zod alone', () => {
  const cell = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: junk.map((v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v))) });
  for (const name of ['usage', 'edge', 'mixed'] as const) {
    test(`${name}: field rows under a random header (reordered, unknown and missing columns) = records through zod`, () => {
      const schema = SCHEMAS[name];
      const header = fc
        .tuple(fc.shuffledSubarray(Object.keys(schema.shape), { minLength: 1 }), fc.subarray(['extra', 'constructor', 'device.brand', '7', '__proto__']))
        .chain(([known, extra]) => fc.shuffledSubarray([...known, ...extra], { minLength: known.length + extra.length, maxLength: known.length + extra.length }));
      fc.assert(
        fc.property(header, fc.array(fc.tuple(base[name], fc.array(cell, { minLength: 12, maxLength: 12 })), { maxLength: 20 }), options, (h, recs, opts) => {
          // each row: the base record's values (strings), a random cell replaced by junk or emptied
          const fieldRows = recs.map(([r, cells]) => h.map((k, j) => cells[j % cells.length] ?? (r[k] === undefined || r[k] === null ? '' : String(r[k]))));
          const records = fieldRows.map((f) => {
            const o: Record<string, unknown> = {};
            h.forEach((k, j) => Object.defineProperty(o, k, { value: f[j], enumerable: true, writable: true, configurable: true }));
            return o;
          });
          const asFields = validateBatch(schema, fieldRows, opts, createValidationContext(), 'validateRecords', true, h);
          const slow = validateBatch(schema, records, opts, createValidationContext(), 'validateRecords', false);
          expect(asFields.valid).toStrictEqual(slow.valid);
          expect(asFields.valid.map((v) => Object.entries(v))).toStrictEqual(slow.valid.map((v) => Object.entries(v)));
          expect(asFields.errors).toStrictEqual(slow.errors);
          expect(asFields.invalidRows).toStrictEqual(slow.invalidRows);
          expect(asFields.unknownFields).toStrictEqual(slow.unknownFields);
          expect(asFields.rowsRead).toBe(slow.rowsRead);
        }),
        { numRuns: 300 },
      );
    });
  }

  test('a header with an array-index or __proto__ name, or a repeated name, gets no field-row validator', () => {
    expect(fastRowValidatorOf(CallEdgeSchema, true, ['callerId', 'calleeId', 'month', 'calls', 'minutes'])).not.toBeNull();
    expect(fastRowValidatorOf(CallEdgeSchema, true, ['callerId', 'calleeId', 'month', 'calls', 'minutes', '0'])).toBeNull();
    expect(fastRowValidatorOf(CallEdgeSchema, true, ['callerId', '__proto__', 'month', 'calls', 'minutes'])).toBeNull();
    expect(fastRowValidatorOf(CallEdgeSchema, true, ['callerId', 'callerId', 'month', 'calls', 'minutes'])).toBeNull();
  });

  test('readCsv: the same batches with the fast path on and off, on random CSV text', async () => {
    const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const gen = fc.tuple(
      fc.shuffledSubarray([...Object.keys(UsageMonthSchema.shape), 'extra'], { minLength: 3 }),
      fc.array(fc.tuple(base.usage, fc.array(cell, { minLength: 8, maxLength: 8 })), { maxLength: 30 }),
      fc.integer({ min: 1, max: 7 }),
    );
    await fc.assert(
      fc.asyncProperty(gen, async ([h, recs, batchSize]) => {
        const lines = [h.join(','), ...recs.map(([r, cells]) => h.map((k, j) => quote(cells[j % cells.length] ?? (r[k] === undefined || r[k] === null ? '' : String(r[k])))).join(','))];
        const text = `${lines.join('\n')}\n`;
        const run = async () => {
          const out = [];
          for await (const b of readCsv(text, UsageMonthSchema, { batchSize })) out.push(b);
          return out;
        };
        const fast = await run();
        setFastValidation(false);
        try {
          expect(fast).toStrictEqual(await run());
        } finally {
          setFastValidation(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
