import { describe, expect, test } from 'vitest';
import {
  CallEdgeSchema,
  InteractionSchema,
  LocationPingSchema,
  SubscriberSchema,
  UsageMonthSchema,
  OptionsError,
  ValidationError,
  formatIssue,
  validateRecords,
} from 'telcokit';

const usage = (over: Record<string, unknown> = {}) => ({
  subscriberId: 'S1',
  month: '2024-05',
  localVoiceMinutes: '120.5',
  longDistanceVoiceMinutes: '10',
  roamingVoiceMinutes: '0',
  callsOut: '40',
  callsIn: '35',
  smsCount: '12',
  dataMB: '2048',
  nightDataMB: '300',
  monthlyFee: '58',
  billedAmount: '73.4',
  ...over,
});

describe('validateRecords', () => {
  test('coerces CSV strings to numbers and keeps the record typed', () => {
    const r = validateRecords(UsageMonthSchema, [usage()]);
    expect(r.errors).toEqual([]);
    expect(r.valid[0]!.localVoiceMinutes).toBe(120.5);
    expect(r.valid[0]!.billedAmount).toBe(73.4);
    expect(r.rowsRead).toBe(1);
  });

  test('empty strings are missing: optional fields are absent, required ones are reported', () => {
    const r = validateRecords(UsageMonthSchema, [usage({ complaints: '', dataMB: '' })]);
    expect(r.valid).toEqual([]);
    expect(r.errors).toEqual([{ row: 0, path: ['dataMB'], reason: 'required field is missing', value: '' }]);
  });

  test.each([
    ['negative minutes', { localVoiceMinutes: '-3' }, 'localVoiceMinutes', '-3'],
    ['a malformed month', { month: '2024-5' }, 'month', '2024-5'],
    ['an impossible month', { month: '2024-13' }, 'month', '2024-13'],
    ['a NaN string', { dataMB: 'NaN' }, 'dataMB', 'NaN'],
    ['an Infinity string', { dataMB: 'Infinity' }, 'dataMB', 'Infinity'],
    ['a word for a number', { smsCount: 'lots' }, 'smsCount', 'lots'],
    ['a fractional count', { smsCount: '2.5' }, 'smsCount', '2.5'],
    ['thousands separators', { dataMB: '1,024' }, 'dataMB', '1,024'],
    ['night data above all data', { nightDataMB: '5000' }, 'nightDataMB', '5000'],
  ])('reports %s with row, field, reason and value', (_name, over, field, value) => {
    const r = validateRecords(UsageMonthSchema, [usage(), usage({ subscriberId: 'S2', ...over })]);
    expect(r.valid.map((u) => u.subscriberId)).toEqual(['S1']);
    expect(r.invalidRows).toEqual([1]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 1, path: [field], value });
    expect(r.errors[0]!.reason.length).toBeGreaterThan(5);
  });

  test('thousandsSeparator accepts 1,024 as 1024', () => {
    const r = validateRecords(UsageMonthSchema, [usage({ dataMB: '1,024' })], { thousandsSeparator: ',' });
    expect(r.valid[0]!.dataMB).toBe(1024);
  });

  test('real NaN and Infinity numbers are reported too', () => {
    const r = validateRecords(CallEdgeSchema, [{ callerId: 'a', calleeId: 'b', month: '2024-01', calls: 1, minutes: NaN }]);
    expect(r.errors[0]).toMatchObject({ path: ['minutes'], reason: 'not a finite number' });
  });

  test('wrong types and unknown enum values are named', () => {
    const r = validateRecords(InteractionSchema, [
      { subscriberId: 'S1', offerId: 'O1', timestamp: '2024-05-01T10:00:00Z', kind: 'purchase' },
      { subscriberId: 'S1', offerId: 7, timestamp: '2024-05-01', kind: 'click' },
    ]);
    expect(r.valid).toEqual([]);
    expect(r.errors.map((e) => `${e.row}:${e.path.join('.')}`)).toEqual(['0:kind', '1:offerId', '1:timestamp']);
  });

  test('impossible dates are rejected', () => {
    const sub = { id: 'S1', regionCode: 'GD', cityTier: '1', customerType: 'individual', joinDate: '2023-02-30', planId: 'P1', paymentPlan: 'prepaid', status: 'active', networkType: '4G' };
    const r = validateRecords(SubscriberSchema, [sub]);
    expect(r.errors[0]).toMatchObject({ row: 0, path: ['joinDate'], value: '2023-02-30' });
  });

  test('dotted CSV headers fill nested objects and booleans are coerced', () => {
    const sub = {
      id: 'S1', regionCode: 'GD', cityTier: '2', customerType: 'family', joinDate: '2020-02-29', planId: 'P1',
      paymentPlan: 'postpaid', status: 'active', networkType: '5G', secondaryCards: '2',
      'device.brand': 'Huawei', 'device.model': 'Mate', 'device.os': 'harmonyos', 'device.priceTier': 'high',
      'device.acquisitionDate': '2024-03-01', 'device.supports5G': 'yes',
    };
    const r = validateRecords(SubscriberSchema, [sub]);
    expect(r.errors).toEqual([]);
    expect(r.valid[0]!.device).toEqual({ brand: 'Huawei', model: 'Mate', os: 'harmonyos', priceTier: 'high', acquisitionDate: '2024-03-01', supports5G: true });
    expect(r.valid[0]!.secondaryCards).toBe(2);
  });

  test('duplicate keys: the later row is reported, the first is kept', () => {
    const r = validateRecords(UsageMonthSchema, [usage(), usage({ month: '2024-06' }), usage()]);
    expect(r.valid).toHaveLength(2);
    expect(r.errors).toEqual([
      { row: 2, path: ['subscriberId', 'month'], reason: 'duplicate key (subscriberId + month) first seen at row 0', value: 'S1 / 2024-05' },
    ]);
  });

  test('key: false turns the duplicate check off', () => {
    expect(validateRecords(UsageMonthSchema, [usage(), usage()], { key: false }).valid).toHaveLength(2);
  });

  test('unknown fields are stripped and listed, kept, or reported', () => {
    const rows = [{ ...usage(), 套餐: 'x' }];
    const strip = validateRecords(UsageMonthSchema, rows);
    expect(strip.unknownFields).toEqual(['套餐']);
    expect('套餐' in strip.valid[0]!).toBe(false);
    expect((validateRecords(UsageMonthSchema, rows, { unknownFields: 'keep' }).valid[0] as Record<string, unknown>)['套餐']).toBe('x');
    expect(validateRecords(UsageMonthSchema, rows, { unknownFields: 'error' }).errors[0]).toMatchObject({ path: ['套餐'], reason: 'field not in the schema' });
  });

  test('non-objects are reported, not thrown', () => {
    const r = validateRecords(CallEdgeSchema, [null, 3, ['a']]);
    expect(r.invalidRows).toEqual([0, 1, 2]);
    expect(r.errors.every((e) => e.reason === 'expected a record (an object of fields)')).toBe(true);
  });

  test('empty input gives empty output', () => {
    expect(validateRecords(UsageMonthSchema, [])).toEqual({ valid: [], errors: [], invalidRows: [], unknownFields: [], rowsRead: 0 });
  });

  test("strict mode throws one ValidationError listing the first problems", () => {
    const rows = [usage({ month: 'x' }), usage({ subscriberId: 'S2', dataMB: '-1' }), usage({ subscriberId: 'S3', smsCount: 'a' })];
    let err: unknown;
    try {
      validateRecords(UsageMonthSchema, rows, { mode: 'strict', maxErrors: 2 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const v = err as ValidationError;
    expect(v.issues).toHaveLength(3);
    expect(v.message).toMatch(/^validateRecords: 3 invalid record\(s\), 3 problem\(s\):/);
    expect(v.message).toContain("row 0, field 'month'");
    expect(v.message).toContain('… and 1 more');
  });

  test('a ping needs coordinates or a cell id', () => {
    const r = validateRecords(LocationPingSchema, [
      { subscriberId: 'S1', timestamp: '2024-05-01T12:00:00+08:00', latitude: '22.5', longitude: '114.1' },
      { subscriberId: 'S1', timestamp: '2024-05-01T12:05:00+08:00', cellId: 'C9' },
      { subscriberId: 'S1', timestamp: '2024-05-01T12:10:00+08:00' },
    ]);
    expect(r.valid).toHaveLength(2);
    expect(r.errors[0]!.reason).toBe('a ping needs latitude and longitude, or a cellId');
  });

  test('schemas extend: extra fields validate with the same machinery', () => {
    const Ext = UsageMonthSchema.extend({ fiveGMinutes: UsageMonthSchema.shape.dataMB });
    const r = validateRecords(Ext, [usage({ fiveGMinutes: '12' })]);
    expect(r.valid[0]!.fiveGMinutes).toBe(12);
  });

  test('formatIssue reads as a sentence', () => {
    expect(formatIssue({ row: 4, path: ['dataMB'], reason: 'expected a number', value: 'abc' })).toBe(`row 4, field 'dataMB': expected a number (got "abc")`);
  });
});

describe('validateRecords options are declared once (defineOptions)', () => {
  const rows = [usage()];
  const optionsError = (f: () => unknown): [string, string] => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(OptionsError);
      return [(e as OptionsError).option, (e as Error).message];
    }
    throw new Error('expected an OptionsError');
  };
  test('a bad value names the option, the allowed values and the value; nothing is coerced', () => {
    expect(optionsError(() => validateRecords(UsageMonthSchema, rows, { mode: 'strcit' as never }))).toEqual(['mode', "validateRecords: option mode must be 'collect' or 'strict', got \"strcit\""]);
    expect(optionsError(() => validateRecords(UsageMonthSchema, rows, { coerce: 'yes' as never }))).toEqual(['coerce', 'validateRecords: option coerce must be true or false, got "yes"']);
    expect(optionsError(() => validateRecords(UsageMonthSchema, rows, { unknownFields: 'drop' as never }))[1]).toBe("validateRecords: option unknownFields must be 'strip', 'keep' or 'error', got \"drop\"");
    expect(optionsError(() => validateRecords(UsageMonthSchema, rows, { maxErrors: 0 }))[1]).toBe('validateRecords: option maxErrors must be an integer ≥ 1, got 0');
    expect(optionsError(() => validateRecords(UsageMonthSchema, rows, { rowOffset: -1 }))[1]).toBe('validateRecords: option rowOffset must be an integer ≥ 0, got -1');
    expect(optionsError(() => validateRecords(UsageMonthSchema, rows, { key: [] }))[1]).toBe("validateRecords: option key must be 'auto', false, a field name or a non-empty list of field names, got an array of length 0");
    expect(optionsError(() => validateRecords(UsageMonthSchema, rows, { thousandsSeparator: '.' as never }))[0]).toBe('thousandsSeparator');
  });
  test('an unknown option names the nearest known one', () => {
    expect(optionsError(() => validateRecords(UsageMonthSchema, rows, { strict: true } as never))[1]).toMatch(/^validateRecords: unknown option 'strict'/);
    expect(optionsError(() => validateRecords(UsageMonthSchema, rows, { maxError: 3 } as never))[1]).toBe("validateRecords: unknown option 'maxError'; did you mean 'maxErrors'?");
  });
  test("strict mode still throws a ValidationError for bad rows, listing maxErrors problems", () => {
    expect(() => validateRecords(UsageMonthSchema, [usage({ month: 'x' })], { mode: 'strict', maxErrors: 1 })).toThrow(ValidationError);
  });
});
