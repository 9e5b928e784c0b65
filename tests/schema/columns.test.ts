import { describe, expect, test } from 'vitest';
import { SubscriberSchema, UsageMonthSchema, renameFields, suggestColumnMapping } from 'telcokit';

describe('suggestColumnMapping', () => {
  test('maps exact, case/punctuation variants and Chinese headers; lists the rest', () => {
    const m = suggestColumnMapping(['用户ID', '账期', 'monthly_fee', 'DATA_MB', '本地通话话费', '备注'], UsageMonthSchema);
    expect(m.mapping).toEqual({ 用户ID: 'subscriberId', 账期: 'month', monthly_fee: 'monthlyFee', DATA_MB: 'dataMB', 本地通话话费: 'localCallFee' });
    expect(m.unmapped).toEqual(['备注']);
    expect(m.missingRequired).toEqual([
      'localVoiceMinutes', 'longDistanceVoiceMinutes', 'roamingVoiceMinutes', 'callsOut', 'callsIn', 'smsCount', 'nightDataMB', 'billedAmount',
    ]);
  });

  test('subscriber-id headers map to `id` on SubscriberSchema; 在网时长 → tenureMonths', () => {
    const m = suggestColumnMapping(['用户ID', '在网时长'], SubscriberSchema);
    expect(m.mapping).toEqual({ 用户ID: 'id', 在网时长: 'tenureMonths' });
  });

  test('user aliases win; two headers for one field are a reported conflict', () => {
    const m = suggestColumnMapping(['fee', 'monthlyFee', 'monthly fee'], UsageMonthSchema, { aliases: { fee: 'monthlyFee' } });
    expect(m.mapping).toEqual({ fee: 'monthlyFee' });
    expect(m.conflicts).toEqual([{ field: 'monthlyFee', headers: ['fee', 'monthlyFee', 'monthly fee'] }]);
    expect(m.unmapped).toEqual(['monthlyFee', 'monthly fee']);
  });

  test('renameFields returns new records and leaves the input alone', () => {
    const input = Object.freeze([Object.freeze({ 月租费: '58', x: 1 })]);
    expect(renameFields(input, { 月租费: 'monthlyFee' })).toEqual([{ monthlyFee: '58', x: 1 }]);
    expect(input[0]).toEqual({ 月租费: '58', x: 1 });
  });
});

describe('suggestColumnMapping options (defineOptions)', () => {
  test('bad options are OptionsErrors naming the option', () => {
    expect(() => suggestColumnMapping(['a'], UsageMonthSchema, { chinese: 'no' as never })).toThrow('suggestColumnMapping: option chinese must be true or false, got "no"');
    expect(() => suggestColumnMapping(['a'], UsageMonthSchema, { aliases: { a: 1 } as never })).toThrow('suggestColumnMapping: option aliases must be an object mapping headers to field names, got an object');
    expect(() => suggestColumnMapping(['a'], UsageMonthSchema, { alias: {} } as never)).toThrow("suggestColumnMapping: unknown option 'alias'; did you mean 'aliases'?");
    expect(suggestColumnMapping(['用户ID'], UsageMonthSchema, { chinese: false }).unmapped).toEqual(['用户ID']);
  });
});
