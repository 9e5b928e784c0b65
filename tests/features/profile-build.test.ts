import { describe, expect, test } from 'vitest';
import { DEFAULT_TAG_FIELDS, DataError, buildProfiles, applyTagCatalogue, defaultTagCatalogue } from 'telcokit';
import type { CallEdge, Subscriber, UsageMonth } from 'telcokit';

function rec(subscriberId: string, month: string, o: Partial<UsageMonth> = {}): UsageMonth {
  return {
    subscriberId, month, localVoiceMinutes: 0, longDistanceVoiceMinutes: 0, roamingVoiceMinutes: 0,
    callsOut: 0, callsIn: 0, smsCount: 0, dataMB: 0, nightDataMB: 0, monthlyFee: 0, billedAmount: 0, ...o,
  };
}
const sub = (id: string, o: Partial<Subscriber> = {}): Subscriber => ({
  id, regionCode: 'GD', cityTier: 2, customerType: 'individual', joinDate: '2022-01-01', planId: 'p1',
  paymentPlan: 'postpaid', status: 'active', networkType: '4G', ...o,
});
const dev = (priceTier: 'low' | 'mid' | 'high' | 'premium', acquisitionDate: string, supports5G: boolean) =>
  ({ brand: 'Acme', model: 'X', os: 'android' as const, priceTier, acquisitionDate, supports5G });

const subscribers = [
  sub('s3', { device: dev('premium', '2024-03-01', true), secondaryCards: 2 }),
  sub('s1', { device: dev('low', '2021-01-01', false) }),
  sub('s2', { device: dev('mid', '2023-01-01', false), networkType: '5G' }),
];
const usage = [
  rec('s1', '2024-04', { billedAmount: 10, dataMB: 100, vasCount: 0, appVideoMB: 10, appSocialMB: 10, appGamesMB: 10, appTravelMB: 10, appShoppingMB: 10, appNewsMB: 10, appMusicMB: 10, appOtherMB: 10 }),
  rec('s2', '2024-04', { billedAmount: 20, dataMB: 200, vasCount: 1, appVideoMB: 50, appTravelMB: 50 }),
  rec('s3', '2024-04', { billedAmount: 30, dataMB: 300, nightDataMB: 150, vasCount: 2, appTravelMB: 80 }),
];
const edges: CallEdge[] = [
  { callerId: 's1', calleeId: 's3', month: '2024-04', calls: 3, minutes: 30 },
  { callerId: 's2', calleeId: 's3', month: '2024-04', calls: 2, minutes: 20 },
  { callerId: 's3', calleeId: 'offnet', month: '2024-04', calls: 1, minutes: 5 },
];

describe('buildProfiles', () => {
  const out = buildProfiles({ subscribers, usage, callEdges: edges, churned: ['offnet'] });

  test('buildProfiles(data) gives one row and one record per subscriber, sorted by id', () => {
    expect(out.matrix.rowIds).toEqual(['s1', 's2', 's3']);
    expect(out.profiles.map((p) => p.id)).toEqual(['s1', 's2', 's3']);
    expect(out.scores.columns).toEqual(['consumptionPower', 'socialInfluence', 'devicePreference', 'contentPreference']);
    for (const c of ['arpu', 'pageRank', 'churnedContactShare', 'devicePriceRank', 'appConcentration', 'consumptionPowerScore']) expect(out.matrix.columns).toContain(c);
  });

  test('profile records carry the field names the tag engine reads', () => {
    for (const p of out.profiles) {
      for (const f of [...Object.keys(DEFAULT_TAG_FIELDS), 'travelAppShare', 'deviceBrand', 'deviceOs', 'topAppCategory']) expect(p).toHaveProperty(f);
    }
    const s3 = out.profiles[2]!;
    expect(s3.deviceIs5G).toBe(true);
    expect(s3.device5GOn4GPlan).toBe(true);
    expect(s3.networkType).toBe('4G');
    expect(s3.travelAppShare).toBe(1);
    expect(s3.topAppCategory).toBe('travel');
    expect(s3.churnProbability).toBeNaN();
    expect(s3.nightDataShare).toBe(0.5);
    expect(out.profiles[0]!.deviceIs5G).toBe(false);
    // the default tag catalogue evaluates on them
    const tags = applyTagCatalogue(defaultTagCatalogue, out.profiles);
    expect(tags).toBeDefined();
  });

  test('scores follow their documented formulas (hand-computed)', () => {
    const col = (s: string) => Array.from({ length: 3 }, (_, i) => out.scores.values[i * 4 + out.scores.columns.indexOf(s)]);
    // every consumption component ranks s1 < s2 < s3 → percentile ranks 0, 0.5, 1
    expect(col('consumptionPower')).toEqual([0, 50, 100]);
    // price rank 0 < 1 < 3, 5G 0 = 0 < 1, newness s1 < s2 < s3
    expect(col('devicePreference')).toEqual([0, 50, 100]);
    // s3 has top PageRank, contacts and minutes; s1 (30 minutes) above s2 (20 minutes), same PageRank and contacts
    expect(col('socialInfluence')).toEqual([50, 0, 100]);
    // content: s1 spread evenly over 8 categories → 0; s2 half-half → (0.5 − 1/8)/(1 − 1/8) = 3/7; s3 one category → 100
    const content = col('contentPreference');
    expect(content[0]).toBeCloseTo(0, 12);
    expect(content[1]).toBeCloseTo((300 / 7), 10);
    expect(content[2]).toBeCloseTo(100, 12);
  });

  test('without a call graph, social influence falls back to usage calls and contacts', () => {
    const u = usage.map((r, i) => ({ ...r, callsIn: i, callsOut: i, distinctContacts: 3 - i }));
    const o = buildProfiles({ subscribers, usage: u });
    expect(o.matrix.columns).not.toContain('pageRank');
    const social = [0, 1, 2].map((i) => o.scores.values[i * 4 + 1]);
    expect(social).toEqual([50, 50, 50]);
  });

  test('subscribers without usage or calls get NaN levels and zero degrees', () => {
    const o = buildProfiles({ subscribers: [...subscribers, sub('s4')], usage, callEdges: edges });
    const p = o.profiles[3]!;
    expect(p.id).toBe('s4');
    expect(p.arpu).toBeNaN();
    expect(p.outMinutes).toBe(0);
    expect(p.deviceBrand).toBe('');
    expect(o.scores.values[3 * 4 + 3]).toBeNaN();
  });

  test('is deterministic and does not mutate its input', () => {
    const frozen = { subscribers: Object.freeze(subscribers.map((s) => Object.freeze({ ...s }))), usage: Object.freeze(usage.map((u) => Object.freeze({ ...u }))), callEdges: Object.freeze(edges.map((e) => Object.freeze({ ...e }))) };
    const a = buildProfiles(frozen);
    const b = buildProfiles(frozen);
    expect(Array.from(a.matrix.values)).toEqual(Array.from(b.matrix.values));
  });

  test('bad input: no subscribers, duplicated usage months', () => {
    expect(() => buildProfiles({ subscribers: [], usage })).toThrow(DataError);
    expect(() => buildProfiles({ subscribers, usage: [...usage, rec('s1', '2024-04')] })).toThrow(/duplicated/);
  });
});

describe('buildProfiles errors', () => {
  test('an error inside a step names buildProfiles first', async () => {
    const { buildProfiles } = await import('telcokit');
    const sub = { id: 'S1', regionCode: 'GD', cityTier: 1, customerType: 'individual' as const, joinDate: '2020-01-01', planId: 'P', paymentPlan: 'prepaid' as const, status: 'active' as const, networkType: '4G' as const };
    expect(() => buildProfiles({ subscribers: [sub], usage: [] }, { windowMonths: 0 })).toThrow(/^buildProfiles: option windowMonths must be an integer in \[1, 1200\], got 0/);
  });
});
