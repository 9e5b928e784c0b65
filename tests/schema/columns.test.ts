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
