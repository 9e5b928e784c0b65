import { describe, expect, test } from 'vitest';
import { DataError, OptionsError, SUBSCRIBER_FEATURE_NAMES, subscriberFeatures } from 'telcokit';
import type { FeatureMatrix, Subscriber, UsageMonth } from 'telcokit';

function rec(subscriberId: string, month: string, o: Partial<UsageMonth> = {}): UsageMonth {
  return {
    subscriberId,
    month,
    localVoiceMinutes: 0,
    longDistanceVoiceMinutes: 0,
    roamingVoiceMinutes: 0,
    callsOut: 0,
    callsIn: 0,
    smsCount: 0,
    dataMB: 0,
    nightDataMB: 0,
    monthlyFee: 0,
    billedAmount: 0,
    ...o,
  };
}

const sub = (id: string, o: Partial<Subscriber> = {}): Subscriber => ({
  id,
  regionCode: 'GD',
  cityTier: 2,
  customerType: 'individual',
  joinDate: '2022-04-15',
  planId: 'p1',
  paymentPlan: 'postpaid',
  status: 'active',
  networkType: '4G',
  ...o,
});

// subscriber a: four months given out of order; the 3-month window is 2024-02..2024-04
const usage: UsageMonth[] = [
  rec('a', '2024-04', { billedAmount: 80, dataMB: 380, nightDataMB: 380, localVoiceMinutes: 75, topUpCount: 0, complaints: 3, callsOut: 20, awayWeekdayCalls: 10, appVideoMB: 300, appTravelMB: 100, vasCount: 2, vasFee: 8 }),
  rec('a', '2024-01', { billedAmount: 40, dataMB: 9999, topUpCount: 2 }),
  rec('a', '2024-03', { billedAmount: 60, dataMB: 1000, nightDataMB: 100, localVoiceMinutes: 200, topUpCount: 1, complaints: 0, callsOut: 20, awayWeekdayCalls: 5, vasCount: 1, vasFee: 4 }),
  rec('a', '2024-02', { billedAmount: 50, dataMB: 1000, nightDataMB: 500, localVoiceMinutes: 100, topUpCount: 0, complaints: 0, callsOut: 20, awayWeekdayCalls: 5, vasCount: 0, vasFee: 0 }),
  rec('b', '2024-04', { billedAmount: 20, dataMB: 0, nightDataMB: 0 }),
];

function cell(m: FeatureMatrix, id: string, column: string): number {
  const i = m.rowIds.indexOf(id);
  const j = m.columns.indexOf(column);
  expect(i).toBeGreaterThanOrEqual(0);
  expect(j).toBeGreaterThanOrEqual(0);
  return m.values[i * m.nCols + j]!;
}

describe('subscriberFeatures', () => {
  const subscribers = [sub('c'), sub('a', { device: { brand: 'Huawei', model: 'Mate 60', os: 'harmonyos', priceTier: 'high', acquisitionDate: '2023-10-01', supports5G: true }, secondaryCards: 2 }), sub('b', { cityTier: 1 })];
  const m = subscriberFeatures(usage, { subscribers });

  test('subscriberFeatures(usage, { subscribers }) gives one row per subscriber sorted by id, readable columns', () => {
    expect(m.rowIds).toEqual(['a', 'b', 'c']);
    expect(m.columns).toEqual(SUBSCRIBER_FEATURE_NAMES);
    for (const name of ['arpu', 'arpuTrend', 'dataDropRatio', 'voiceDropRatio', 'nightDataShare', 'appShare_video', 'appShare_travel', 'monthlyBill', 'device5GOn4GPlan', 'awayWeekdayCallShare']) {
      expect(m.columns).toContain(name);
    }
  });

  test('ARPU, trend and volatility over the window (hand-computed)', () => {
    const mean = (50 + 60 + 80) / 3;
    expect(cell(m, 'a', 'arpu')).toBeCloseTo(mean, 12);
    // OLS slope of (−2, 50), (−1, 60), (0, 80): Sxy = 30, Sxx = 2
    expect(cell(m, 'a', 'arpuTrend')).toBeCloseTo(15, 12);
    const sd = Math.sqrt(((50 - mean) ** 2 + (60 - mean) ** 2 + (80 - mean) ** 2) / 3);
    expect(cell(m, 'a', 'billVolatility')).toBeCloseTo(sd / mean, 12);
    expect(cell(m, 'a', 'monthlyBill')).toBe(80);
  });

  test('drop ratios: 1 − last / mean of prior window months', () => {
    expect(cell(m, 'a', 'dataDropRatio')).toBeCloseTo(0.62, 12); // 1 − 380 / 1000 (January is outside the window)
    expect(cell(m, 'a', 'voiceDropRatio')).toBeCloseTo(0.5, 12); // 1 − 75 / 150
    expect(cell(m, 'b', 'dataDropRatio')).toBeNaN(); // no prior months
  });

  test('shares, rates and recency', () => {
    expect(cell(m, 'a', 'nightDataShare')).toBeCloseTo(980 / 2380, 12);
    expect(cell(m, 'a', 'voiceDataMix')).toBeCloseTo(375 / (375 + 2380), 12);
    expect(cell(m, 'a', 'topUpFrequency')).toBeCloseTo(1 / 3, 12);
    expect(cell(m, 'a', 'topUpRecencyMonths')).toBe(1);
    expect(cell(m, 'a', 'complaintRate')).toBeCloseTo(1, 12);
    expect(cell(m, 'a', 'awayWeekdayCallShare')).toBeCloseTo(20 / 60, 12);
    expect(cell(m, 'a', 'appShare_video')).toBeCloseTo(0.75, 12);
    expect(cell(m, 'a', 'appShare_travel')).toBeCloseTo(0.25, 12);
    expect(cell(m, 'a', 'appShare_games')).toBe(0);
    expect(cell(m, 'a', 'vasIntensity')).toBeCloseTo(1, 12);
    expect(cell(m, 'a', 'vasSpendShare')).toBeCloseTo(12 / 190, 12);
    expect(cell(m, 'b', 'nightDataShare')).toBeNaN(); // no data at all
    expect(cell(m, 'b', 'appShare_video')).toBeNaN();
    expect(cell(m, 'b', 'topUpRecencyMonths')).toBeNaN();
  });

  test('master-data features: tenure, bucket, device, 5G on a 4G plan', () => {
    expect(cell(m, 'a', 'tenureMonths')).toBe(24);
    expect(cell(m, 'a', 'tenureBucket')).toBe(3);
    expect(cell(m, 'a', 'deviceAgeMonths')).toBe(6);
    expect(cell(m, 'a', 'deviceIs5G')).toBe(1);
    expect(cell(m, 'a', 'device5GOn4GPlan')).toBe(1);
    expect(cell(m, 'a', 'secondaryCards')).toBe(2);
    expect(cell(m, 'b', 'cityTier')).toBe(1);
    expect(cell(m, 'b', 'deviceIs5G')).toBeNaN();
    expect(cell(m, 'c', 'monthsObserved')).toBe(0);
    expect(cell(m, 'c', 'arpu')).toBeNaN();
    expect(cell(m, 'c', 'tenureMonths')).toBe(24);
  });

  test('windowMonths and asOf move the window; later records are ignored', () => {
    const m6 = subscriberFeatures(usage, { windowMonths: 6 });
    expect(cell(m6, 'a', 'arpu')).toBeCloseTo(57.5, 12);
    const early = subscriberFeatures(usage, { asOf: '2024-03', windowMonths: 2 });
    expect(cell(early, 'a', 'monthlyBill')).toBe(60);
    expect(cell(early, 'a', 'dataDropRatio')).toBeCloseTo(0, 12);
    expect(cell(early, 'b', 'monthsObserved')).toBe(0);
  });

  test('halfLifeMonths adds decayed means', () => {
    const d = subscriberFeatures(usage, { halfLifeMonths: 1 });
    // weights 1/8, 1/4, 1/2, 1 for January..April
    expect(cell(d, 'a', 'arpu_ewm')).toBeCloseTo((40 / 8 + 50 / 4 + 60 / 2 + 80) / (1 / 8 + 1 / 4 + 1 / 2 + 1), 12);
  });

  test('is deterministic and does not mutate its input', () => {
    const frozen = usage.map((u) => Object.freeze({ ...u }));
    Object.freeze(frozen);
    const a = subscriberFeatures(frozen);
    const b = subscriberFeatures([...frozen].reverse());
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
  });

  test('bad input: duplicated months, malformed months, Infinity, empty usage', () => {
    expect(() => subscriberFeatures([...usage, rec('a', '2024-03')])).toThrow(DataError);
    expect(() => subscriberFeatures([...usage, rec('a', '2024-03')])).toThrow(/"a" in month 2024-03/);
    expect(() => subscriberFeatures([rec('a', '2024-13')])).toThrow(/not YYYY-MM/);
    expect(() => subscriberFeatures([rec('a', '2024-01', { dataMB: Infinity })])).toThrow(/dataMB = Infinity/);
    expect(() => subscriberFeatures([])).toThrow(/usage is empty/);
    expect(() => subscriberFeatures(usage, { windowMonths: 0 })).toThrow(OptionsError);
    expect(() => subscriberFeatures(usage, { subscribers: [sub('a'), sub('a')] })).toThrow(/twice/);
    const empty = subscriberFeatures([], { asOf: '2024-04', subscribers: [sub('z')] });
    expect(empty.rowIds).toEqual(['z']);
    expect(cell(empty, 'z', 'arpu')).toBeNaN();
  });

  test('NaN in a field is missing for that month', () => {
    const m2 = subscriberFeatures([rec('a', '2024-01', { billedAmount: 10 }), rec('a', '2024-02', { billedAmount: NaN })]);
    expect(cell(m2, 'a', 'arpu')).toBe(10);
    expect(cell(m2, 'a', 'monthlyBill')).toBeNaN();
  });
});
