import { describe, expect, test } from 'vitest';
import { DataError, OptionsError, checkContact, planCampaign } from 'telcokit';

describe('checkContact', () => {
  test('checkContact(policy, contact) defers a contact out of local quiet hours', () => {
    // 14:30Z is 22:30 at UTC+8: deferred to 08:00 local = 00:00Z next day
    expect(checkContact({ quietHours: { from: '21:00', to: '08:00' }, utcOffsetMinutes: 480 }, { subscriberId: 'S1', channel: 'push', at: '2024-03-04T14:30:00Z' })).toEqual({ allowed: true, sendAt: '2024-03-05T00:00:00.000Z' });
    expect(checkContact({ quietHours: { from: '21:00', to: '08:00' } }, { subscriberId: 'S1', channel: 'push', at: Date.parse('2024-03-04T14:30:00Z') })).toEqual({ allowed: true, sendAt: '2024-03-04T14:30:00.000Z' });
  });

  test('checkContact refuses do-not-disturb subscribers and reached caps (history plus recent)', () => {
    const policy = { doNotDisturb: ['D'], frequencyCaps: [{ channel: 'sms' as const, max: 2, windowDays: 7 }], history: [{ subscriberId: 'S', channel: 'sms' as const, at: '2024-03-01T00:00:00Z' }] };
    expect(checkContact(policy, { subscriberId: 'D', channel: 'sms', at: '2024-03-04T10:00:00Z' })).toEqual({ allowed: false, reason: 'do-not-disturb list' });
    expect(checkContact(policy, { subscriberId: 'S', channel: 'sms', at: '2024-03-04T10:00:00Z' }).allowed).toBe(true);
    expect(checkContact(policy, { subscriberId: 'S', channel: 'sms', at: '2024-03-04T10:00:00Z' }, [{ channel: 'sms', at: '2024-03-03T10:00:00Z' }])).toEqual({ allowed: false, reason: 'frequency cap 2 per 7 days (sms) reached' });
    // the cap is per channel; a push is not counted
    expect(checkContact(policy, { subscriberId: 'S', channel: 'sms', at: '2024-03-04T10:00:00Z' }, [{ channel: 'push', at: '2024-03-03T10:00:00Z' }]).allowed).toBe(true);
    // the history contact leaves the 7-day window
    expect(checkContact(policy, { subscriberId: 'S', channel: 'sms', at: '2024-03-08T00:00:01Z' }, [{ channel: 'sms', at: '2024-03-03T10:00:00Z' }]).allowed).toBe(true);
  });

  test('checkContact and planCampaign agree on the send time (one implementation)', () => {
    const policy = { quietHours: { from: '20:00', to: '09:00' }, utcOffsetMinutes: { default: 0, bySubscriber: { A: -300, B: 330 } }, sendAt: '2024-03-04T02:00:00Z' };
    const plan = planCampaign({ targets: ['A', 'B', 'C'].map((s) => ({ subscriberId: s, campaignId: 'c' })), arms: { control: 0.0001, treatment: 0.9999 }, policy });
    for (const c of plan.contacts) {
      const d = checkContact({ quietHours: policy.quietHours, utcOffsetMinutes: policy.utcOffsetMinutes }, { subscriberId: c.subscriberId, channel: c.channel, at: policy.sendAt });
      expect(d).toEqual({ allowed: true, sendAt: c.sendAt });
    }
    // A at UTC−5: 21:00 local, deferred 12 h; B at UTC+5:30: 07:30, deferred 1.5 h; C at UTC: 02:00, deferred 7 h
    expect(plan.contacts.map((c) => [c.subscriberId, c.sendAt]).sort()).toEqual([
      ['A', '2024-03-04T14:00:00.000Z'],
      ['B', '2024-03-04T03:30:00.000Z'],
      ['C', '2024-03-04T09:00:00.000Z'],
    ]);
  });

  test('bad input is a named error', () => {
    expect(() => checkContact({ quietHours: { from: '7pm', to: '08:00' } }, { subscriberId: 'S', channel: 'sms', at: 0 })).toThrow(OptionsError);
    expect(() => checkContact({}, { subscriberId: 'S', channel: 'fax' as never, at: 0 })).toThrow(DataError);
    expect(() => checkContact({}, { subscriberId: 'S', channel: 'sms', at: 'yesterday' })).toThrow(/contact.at/);
    expect(() => checkContact({}, null as never)).toThrow(DataError);
    expect(() => checkContact({ frequencyCaps: [{ channel: 'sms', max: -1, windowDays: 1 }] }, { subscriberId: 'S', channel: 'sms', at: 0 })).toThrow('checkContact: option policy.frequencyCaps.0.max must be an integer in [0, 1e6], got -1');
  });
});
