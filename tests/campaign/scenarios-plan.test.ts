import { describe, expect, test } from 'vitest';
import { DataError, defaultScenarios, generateOperator, OptionsError, planCampaign, selectTargets, simulateCampaign, type Scenario } from 'telcokit';

const sub = (id: string, extra: Record<string, unknown> = {}) => ({
  id, regionCode: 'GD', cityTier: 1, customerType: 'individual', joinDate: '2020-01-01', planId: 'P', paymentPlan: 'postpaid', status: 'active', networkType: '5G', ...extra,
});
const use = (subscriberId: string, month: string, dataMB: number, billedAmount: number, vasCount = 0) => ({ subscriberId, month, dataMB, billedAmount, vasCount });

describe('selectTargets', () => {
  const subscribers = [
    sub('A', { device: { brand: 'x', model: 'y', os: 'ios', priceTier: 'high', acquisitionDate: '2024-05-02' } }),
    sub('B', { device: { brand: 'x', model: 'y', os: 'ios', priceTier: 'high', acquisitionDate: '2023-01-02' } }),
    sub('C', { cityTier: 2, customerType: 'family', device: { brand: 'x', model: 'y', os: 'ios', priceTier: 'high', acquisitionDate: '2024-06-01' } }),
    sub('D', { status: 'closed' }),
  ];
  const usage = [use('A', '2024-05', 3000, 200), use('A', '2024-06', 1000, 210), use('B', '2024-05', 3000, 90), use('B', '2024-06', 2000, 300, 1), use('C', '2024-05', 800, 160), use('C', '2024-06', 300, 170), use('D', '2024-05', 800, 10), use('D', '2024-06', 10, 10)];
  const data = { subscribers, usage } as never;
  test('launch: new device AND bill > 150 AND tier-1, with reasons', () => {
    const t = selectTargets(defaultScenarios[0]!, data);
    expect(t.map((x) => x.subscriberId)).toEqual(['A']);
    expect(t[0]!.reasons).toEqual(['device acquired 2024-05-02 (1 months before 2024-06)', 'monthly bill 210.00 > 150', 'tier-1 city']);
  });
  test('recall: data fell ≥ 50 % AND no VAS; closed subscribers are never targets', () => {
    const t = selectTargets(defaultScenarios[1]!, data);
    expect(t.map((x) => x.subscriberId)).toEqual(['A', 'C']);
    expect(t[0]!.offers).toEqual(['discounted-data-pack']);
  });
  test('thresholds are parameters', () => {
    const s = { ...defaultScenarios[1]!, params: { minDataDrop: 0.3, maxVasCount: 1 } } as Scenario;
    expect(selectTargets(s, data).map((x) => x.subscriberId)).toEqual(['A', 'B', 'C']);
  });
  test('store traffic: weekday lunchtime pings within 3 km of a store, local time', () => {
    const pings = [
      { subscriberId: 'A', timestamp: '2024-06-05T04:00:00Z', latitude: 23.13, longitude: 113.26 }, // Wed 12:00 at UTC+8, at the store
      { subscriberId: 'B', timestamp: '2024-06-08T04:00:00Z', latitude: 23.13, longitude: 113.26 }, // Saturday
      { subscriberId: 'C', timestamp: '2024-06-05T04:00:00Z', latitude: 23.2, longitude: 113.26 }, // 7.8 km away
    ];
    const t = selectTargets(defaultScenarios[2]!, { subscribers, pings, stores: [{ id: 'store-1', latitude: 23.131, longitude: 113.261 }] } as never);
    expect(t.map((x) => x.subscriberId)).toEqual(['A']);
    expect(t[0]!.reasons[1]).toMatch(/^nearest: store-1 at 0\.1[0-9] km$/);
  });
  test('broadband upsell: the recommender\u2019s broadband offers for high-value households', () => {
    const offers = [{ id: 'O1', category: 'broadband', price: 99 }, { id: 'O2', category: 'vas', price: 5 }];
    const t = selectTargets(defaultScenarios[3]!, { subscribers, usage, offers, recommendations: { C: ['O2', 'O1'], A: ['O1'] } } as never);
    expect(t.map((x) => [x.subscriberId, x.offers])).toEqual([['C', ['O1']]]);
  });
  test('bad scenarios and missing data', () => {
    expect(() => selectTargets({ ...defaultScenarios[0]!, colour: 'red' } as never, data)).toThrow(OptionsError);
    expect(() => selectTargets({ ...defaultScenarios[1]!, params: { minDataDrop: 0.5, maxVasCount: 0, foo: 1 } } as never, data)).toThrow(/foo/);
    expect(() => selectTargets({ ...defaultScenarios[1]!, params: { minDataDrop: 2, maxVasCount: 0 } } as never, data)).toThrow(OptionsError);
    expect(() => selectTargets({ ...defaultScenarios[0]!, kind: 'upsell' } as never, data)).toThrow(OptionsError);
    expect(() => selectTargets(defaultScenarios[2]!, data)).toThrow(DataError);
    expect(() => selectTargets(defaultScenarios[1]!, { subscribers } as never)).toThrow(DataError);
  });
  test('default scenarios are plain JSON', () => {
    expect(JSON.parse(JSON.stringify(defaultScenarios))).toEqual(defaultScenarios);
  });
});

describe('planCampaign', () => {
  const many = (campaignId: string, n: number, uplift = 0.05, value = 100) => Array.from({ length: n }, (_, i) => ({ subscriberId: `S${i}`, campaignId, expectedUplift: uplift, value }));
  test('control groups, channel choice by net gain, reasons for every exclusion', () => {
    const plan = planCampaign({
      targets: [...many('launch', 200, 0.02, 100), ...many('recall', 100, 0.05, 100)],
      arms: { control: 0.2, treatment: 0.8 },
      policy: { channels: { sms: { cost: 0.05 }, call: { cost: 2, effect: 1.5 }, push: { cost: 0.01, effect: 0.8, reachable: ['S1', 'S2'] } }, doNotDisturb: ['S3'] },
      offer: 'pack',
    });
    // everyone is accounted for exactly once per campaign
    const seen = [...plan.contacts.map((c) => c.campaignId + c.subscriberId), ...plan.control.map((c) => c.campaignId + c.subscriberId), ...plan.excluded.map((c) => c.campaignId + c.subscriberId)];
    expect(seen.length).toBe(300);
    expect(new Set(seen).size).toBe(300);
    // S3 is on the do-not-disturb list in both campaigns
    expect(plan.excluded.filter((e) => e.subscriberId === 'S3').map((e) => e.reason)).toEqual(['do-not-disturb list', 'do-not-disturb list']);
    // recall (0.05 × 100) beats launch (0.02 × 100) in arbitration; a subscriber is contacted at most once
    const ids = plan.contacts.map((c) => c.subscriberId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(plan.excluded.some((e) => e.campaignId === 'launch' && e.reason.startsWith("arbitration: campaign 'recall'"))).toBe(true);
    // channel by expected net gain: call 0.05·1.5·100 − 2 = 5.5 beats sms 5 − 0.05 = 4.95 and push 4 − 0.01
    const recall = plan.contacts.filter((c) => c.campaignId === 'recall');
    expect(recall.every((c) => c.channel === 'call')).toBe(true);
    expect(plan.control.length).toBeGreaterThan(30);
    expect(plan.tests['recall']!.targets.length).toBe(plan.tests['recall']!.treatment.length);
  });
  test('budget, sleeping dogs, caps and quiet hours', () => {
    const targets = [
      { subscriberId: 'A', campaignId: 'c', expectedUplift: 0.1, value: 100 },
      { subscriberId: 'B', campaignId: 'c', expectedUplift: 0.05, value: 100 },
      { subscriberId: 'C', campaignId: 'c', expectedUplift: -0.02, value: 100 },
      { subscriberId: 'D', campaignId: 'c', expectedUplift: 0.2, value: 100 },
    ];
    const plan = planCampaign({
      targets,
      arms: { control: 0.001, treatment: 0.999 },
      budget: 1,
      policy: {
        channels: { sms: { cost: 0.5 } },
        sendAt: '2024-06-05T14:00:00Z', // 22:00 at UTC+8
        utcOffsetMinutes: 480,
        quietHours: { from: '21:00', to: '08:00' },
        frequencyCaps: [{ channel: 'sms', max: 1, windowDays: 7 }],
        history: [{ subscriberId: 'D', channel: 'sms', at: '2024-06-03T10:00:00Z' }],
      },
    });
    expect(plan.contacts.map((c) => c.subscriberId)).toEqual(['A', 'B']);
    expect(plan.totalCost).toBe(1);
    expect(plan.contacts[0]!.sendAt).toBe('2024-06-06T00:00:00.000Z'); // deferred to 08:00 local
    const reason = Object.fromEntries(plan.excluded.map((e) => [e.subscriberId, e.reason]));
    expect(reason['C']).toMatch(/sleeping dog/);
    expect(reason['D']).toMatch(/frequency cap/);
  });
  test('the plan drives the simulator', () => {
    const op = generateOperator({ subscribers: 400, seed: 3, pingsPerSubscriber: 0, callEdges: false, impressionsPerSubscriber: 0 });
    const targets = selectTargets(defaultScenarios[1]!, op);
    const plan = planCampaign({ targets: targets.map((t) => ({ subscriberId: t.subscriberId, campaignId: 'recall', reasons: t.reasons })), arms: { control: 0.5, treatment: 0.5 } });
    const sim = simulateCampaign(op, { scenario: 'recall', ...plan.tests['recall']! }, { seed: 1 });
    expect(sim.subscriberIds.length + sim.excluded.length).toBe(targets.length);
  });
  test('bad input', () => {
    const t = [{ subscriberId: 'A', campaignId: 'c' }];
    expect(() => planCampaign({ targets: t, budget: 0 })).toThrow(OptionsError);
    expect(() => planCampaign({ targets: t, arms: { control: 1 } })).toThrow(OptionsError);
    expect(() => planCampaign({ targets: t, arms: { control: 0.5, treatment: 0.6 } })).toThrow(OptionsError);
    expect(() => planCampaign({ targets: t, policy: { channels: { sms: { cost: -1 } } } })).toThrow(OptionsError);
    expect(() => planCampaign({ targets: t, policy: { channels: { fax: { cost: 1 } } as never } })).toThrow(OptionsError);
    expect(() => planCampaign({ targets: t, policy: { quietHours: { from: '21:00', to: '08:00' } } })).toThrow(/sendAt/);
    expect(() => planCampaign({ targets: [...t, ...t] })).toThrow(DataError);
    expect(() => planCampaign({ targets: [{ subscriberId: 'A', campaignId: 'c', value: -1 }] })).toThrow(DataError);
    expect(() => planCampaign({ targets: t, policy: { colour: 1 } as never })).toThrow(OptionsError);
  });
});
