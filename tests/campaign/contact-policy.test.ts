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

  test('the policy is declared once: nested fields are named with dots, with the value and the range', () => {
    const contact = { subscriberId: 'S', channel: 'sms' as const, at: 0 };
    const msg = (f: () => unknown): [string, string] => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(OptionsError);
        return [(e as OptionsError).option, (e as Error).message];
      }
      throw new Error('expected an OptionsError');
    };
    expect(msg(() => checkContact({ quietHours: { from: '25:00', to: '08:00' } }, contact))).toEqual(['policy.quietHours.from', 'checkContact: option policy.quietHours.from must be a time HH:MM, got "25:00"']);
    expect(msg(() => checkContact({ frequencyCaps: [{ channel: 'fax' as never, max: 1, windowDays: 1 }] }, contact))).toEqual([
      'policy.frequencyCaps.0.channel',
      "checkContact: option policy.frequencyCaps.0.channel must be 'sms', 'push', 'call' or 'any', got \"fax\"",
    ]);
    expect(msg(() => checkContact({ frequencyCaps: [{ channel: 'sms', max: 1, windowDays: 4000 }] }, contact))).toEqual([
      'policy.frequencyCaps.0.windowDays',
      'checkContact: option policy.frequencyCaps.0.windowDays must be a number in (0, 3660], got 4000',
    ]);
    expect(msg(() => checkContact({ utcOffsetMinutes: 900 }, contact))[1]).toBe('checkContact: option policy.utcOffsetMinutes must be an integer in [-720, 840] or { default, bySubscriber } of such integers, got 900');
    expect(msg(() => checkContact({ quietHour: {} } as never, contact))).toEqual(['policy.quietHour', "checkContact: unknown option 'policy.quietHour'; did you mean 'quietHours'?"]);
    expect(msg(() => checkContact(null as never, contact))[1]).toBe('checkContact: option policy must be an object or undefined, got null');
    const t = [{ subscriberId: 'A', campaignId: 'c' }];
    expect(msg(() => planCampaign({ targets: t, policy: { channels: { sms: { cost: -1 } } } }))).toEqual(['policy.channels.sms.cost', 'planCampaign: option policy.channels.sms.cost must be a finite number ≥ 0, got -1']);
    expect(msg(() => planCampaign({ targets: t, policy: { channels: { fax: { cost: 1 } } as never } }))[1]).toMatch(/^planCampaign: unknown option 'policy\.channels\.fax'/);
    expect(msg(() => planCampaign({ targets: t, policy: { channels: {} } }))[1]).toBe('planCampaign: option policy.channels must be an object of one or more channels { sms?, push?, call? }, each { cost, effect?, reachable? }, got an object');
    expect(msg(() => planCampaign({ targets: t, budget: 0 }))).toEqual(['budget', 'planCampaign: option budget must be a number > 0 or Infinity (or omitted for no budget), got 0']);
    expect(msg(() => planCampaign({ targets: t, policy: { sendAt: 'tomorrow' } }))).toEqual(['policy.sendAt', 'planCampaign: option policy.sendAt must be an ISO timestamp, got "tomorrow"']);
    expect(msg(() => planCampaign({ targets: t, budgt: 5 } as never))[1]).toBe("planCampaign: unknown option 'budgt'; did you mean 'budget'?");
  });

  test('planCampaign keeps the channel order the caller gave (the first of equally good channels wins)', () => {
    const targets = [{ subscriberId: 'A', campaignId: 'c' }];
    const arms = { control: 0.01, treatment: 0.99 };
    const first = (channels: object) => planCampaign({ targets, arms, salt: 'x', policy: { channels } }).contacts.map((c) => c.channel);
    const [pushFirst, smsFirst] = [first({ push: { cost: 1 }, sms: { cost: 1 } }), first({ sms: { cost: 1 }, push: { cost: 1 } })];
    expect(pushFirst.length + smsFirst.length).toBeGreaterThan(0);
    expect(pushFirst.every((c) => c === 'push') && smsFirst.every((c) => c === 'sms')).toBe(true);
  });
});
