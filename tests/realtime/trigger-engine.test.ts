import { describe, expect, test } from 'vitest';
import { AbortError, DataError, OptionsError, ValidationError } from 'telcokit';
import { createTriggerEngine } from 'telcokit/realtime';
import type { TriggerAction, TriggerRuleInput, TriggerRejection, TriggerSuppression } from 'telcokit/realtime';

const MALL = { lat: 31.2304, lon: 121.4737 };
const FAR = { latitude: 31.3, longitude: 121.47 }; // about 7.7 km north of MALL
const AT = { latitude: MALL.lat, longitude: MALL.lon };
const geoRule: TriggerRuleInput = { id: 'mall-lunch', kind: 'geoFenceEntry', center: MALL, radiusKm: 1, days: ['mon'], from: '11:30', to: '13:30', utcOffsetMinutes: 480, offer: 'lunch-10' };
const loc = (sid: string, ts: string, p: { latitude: number; longitude: number }) => ({ type: 'location' as const, subscriberId: sid, timestamp: ts, ...p });
const usage = (sid: string, ts: string, dataMB: number) => ({ type: 'usage' as const, subscriberId: sid, timestamp: ts, dataMB });
const bal = (sid: string, ts: string, balance: number) => ({ type: 'balance' as const, subscriberId: sid, timestamp: ts, balance });
const ids = (a: readonly TriggerAction[]) => a.map((x) => x.id);

function pushAll(engine: ReturnType<typeof createTriggerEngine>, events: readonly unknown[]): TriggerAction[] {
  const out: TriggerAction[] = [];
  for (const e of events) out.push(...engine.push(e));
  return out;
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object') {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

describe('createTriggerEngine rules', () => {
  test('geoFenceEntry fires when a ping outside is followed by one inside, in the local window', () => {
    const e = createTriggerEngine([geoRule]);
    // 2024-03-04 is a Monday; 04:00Z = 12:00 at UTC+8
    const out = pushAll(e, [loc('a', '2024-03-04T03:50:00Z', FAR), loc('a', '2024-03-04T04:00:00Z', AT)]);
    expect(out).toEqual([
      {
        id: 'mall-lunch|19786|a',
        ruleId: 'mall-lunch',
        kind: 'geoFenceEntry',
        subscriberId: 'a',
        eventTime: '2024-03-04T04:00:00.000Z',
        sendAt: '2024-03-04T04:00:00.000Z',
        channel: 'push',
        offer: 'lunch-10',
        campaignId: null,
        period: 19786,
        detail: { latitude: MALL.lat, longitude: MALL.lon },
      },
    ]);
  });

  test('geoFenceEntry does not fire on a first ping inside, outside the hours, or on another weekday', () => {
    const e = createTriggerEngine([geoRule]);
    const out = pushAll(e, [
      loc('first', '2024-03-04T04:00:00Z', AT), // no earlier ping outside
      loc('early', '2024-03-04T02:00:00Z', FAR),
      loc('early', '2024-03-04T03:00:00Z', AT), // 11:00 local, before 11:30
      loc('tue', '2024-03-05T03:50:00Z', FAR),
      loc('tue', '2024-03-05T04:00:00Z', AT), // Tuesday
    ]);
    expect(e.flush()).toEqual([]);
    expect(out).toEqual([]);
  });

  test('usageDrop compares a window with the mean of the subscriber\'s previous windows', () => {
    const rule: TriggerRuleInput = { id: 'recall', kind: 'usageDrop', metric: 'dataMB', window: { type: 'tumbling', sizeMinutes: 1440 }, baselineWindows: 3, dropFraction: 0.5 };
    const e = createTriggerEngine([rule]);
    // daily totals 100, 200, 300, 120, 90: day 4's baseline (100+200+300)/3 = 200, 120 ≥ 100 → no;
    // day 5's baseline (200+300+120)/3 = 206.67, 90 < 103.33 → fires
    const out = pushAll(e, [
      usage('s', '2024-03-01T10:00:00Z', 60),
      usage('s', '2024-03-01T20:00:00Z', 40),
      usage('s', '2024-03-02T10:00:00Z', 200),
      usage('s', '2024-03-03T10:00:00Z', 300),
      usage('s', '2024-03-04T10:00:00Z', 120),
      usage('s', '2024-03-05T10:00:00Z', 90),
    ]);
    expect(out).toEqual([]); // day 5's window is still open
    const fired = e.flush();
    expect(ids(fired)).toEqual(['recall|19787|s']);
    expect(fired[0]!.eventTime).toBe('2024-03-05T23:59:59.999Z');
    expect(fired[0]!.detail.total).toBe(90);
    expect(fired[0]!.detail.baseline).toBeCloseTo(620 / 3, 12);
    expect(fired[0]!.detail.windowStart).toBe(Date.parse('2024-03-05T00:00:00Z'));
  });

  test('usageDrop waits for minBaselineWindows previous windows', () => {
    const rule: TriggerRuleInput = { id: 'r', kind: 'usageDrop', metric: 'dataMB', window: { type: 'tumbling', sizeMinutes: 60 }, baselineWindows: 3, minBaselineWindows: 1, dropFraction: 0.5 };
    const e = createTriggerEngine([rule]);
    pushAll(e, [usage('s', '2024-03-01T10:00:00Z', 100), usage('s', '2024-03-01T11:00:00Z', 40)]);
    const fired = e.flush();
    expect(fired.map((a) => [a.detail.total, a.detail.baseline])).toEqual([[40, 100]]);
  });

  test('a sliding window counts an event in every window that holds it', () => {
    const rule: TriggerRuleInput = { id: 'r', kind: 'usageDrop', metric: 'dataMB', window: { type: 'sliding', sizeMinutes: 120, slideMinutes: 60 }, baselineWindows: 2, dropFraction: 0.9 };
    const e = createTriggerEngine([rule]);
    // windows [9,11) = 10, [10,12) = 10 + 10, [11,13) = 10 + 0.5, [12,14) = 0.5
    pushAll(e, [usage('s', '2024-03-01T10:00:00Z', 10), usage('s', '2024-03-01T11:00:00Z', 10), usage('s', '2024-03-01T12:00:00Z', 0.5)]);
    const fired = e.flush();
    // [12,14): 0.5 < 0.1 × mean(20, 10.5) = 1.525 → fires; [11,13): 10.5 ≥ 0.1 × 15 → no
    expect(fired.map((a) => [a.detail.windowStart, a.detail.total, a.detail.baseline])).toEqual([[Date.parse('2024-03-01T12:00:00Z'), 0.5, 15.25]]);
  });

  test('balanceBelow fires once per subscriber per day (oncePer)', () => {
    const e = createTriggerEngine([{ id: 'low', kind: 'balanceBelow', field: 'balance', threshold: 5 }]);
    const out = pushAll(e, [bal('a', '2024-03-04T08:00:00Z', 3), bal('a', '2024-03-04T09:00:00Z', 2), bal('a', '2024-03-04T10:00:00Z', 8), bal('a', '2024-03-05T08:00:00Z', 1), bal('b', '2024-03-05T09:00:00Z', 5)]);
    expect(ids(out)).toEqual(['low|19786|a', 'low|19787|a']);
    expect(e.stats().deduplicated).toBe(1);
    expect(out.map((a) => a.detail.value)).toEqual([3, 1]);
  });

  test("oncePer 'hour' follows the engine's utcOffsetMinutes", () => {
    const e = createTriggerEngine([{ id: 'q', kind: 'balanceBelow', field: 'quotaRemainingMB', threshold: 100, oncePer: 'hour' }], { utcOffsetMinutes: 330 });
    const out = pushAll(e, [
      { type: 'balance', subscriberId: 'a', timestamp: '2024-03-04T08:20:00Z', quotaRemainingMB: 50 }, // 13:50 local
      { type: 'balance', subscriberId: 'a', timestamp: '2024-03-04T08:35:00Z', quotaRemainingMB: 40 }, // 14:05 local: a new hour
    ]);
    expect(out.map((a) => a.period)).toEqual([Math.floor((Date.parse('2024-03-04T08:20:00Z') + 330 * 60_000) / 3_600_000), Math.floor((Date.parse('2024-03-04T08:35:00Z') + 330 * 60_000) / 3_600_000)]);
  });

  test('tagOn fires on off → on only', () => {
    const e = createTriggerEngine([{ id: 't', kind: 'tagOn', tag: 'traveller', oncePer: 'forever' }]);
    const tag = (sid: string, ts: string, on: boolean, t = 'traveller') => ({ type: 'tag', subscriberId: sid, timestamp: ts, tag: t, on });
    const out = pushAll(e, [tag('a', '2024-03-04T08:00:00Z', true), tag('b', '2024-03-04T08:00:00Z', false), tag('b', '2024-03-04T09:00:00Z', true, 'other'), tag('b', '2024-03-04T10:00:00Z', true), tag('b', '2024-03-04T11:00:00Z', true)]);
    expect(ids(out)).toEqual(['t|0|b']);
  });
});

describe('createTriggerEngine contact policy', () => {
  const rules: TriggerRuleInput[] = [
    { id: 'low', kind: 'balanceBelow', field: 'balance', threshold: 5, channel: 'sms' },
    { id: 'quota', kind: 'balanceBelow', field: 'quotaRemainingMB', threshold: 10, channel: 'sms' },
  ];

  test('do-not-disturb subscribers are suppressed and reported', () => {
    const seen: TriggerSuppression[] = [];
    const e = createTriggerEngine(rules, { contactPolicy: { doNotDisturb: ['a'] }, onSuppressed: (s) => seen.push(s) });
    expect(pushAll(e, [bal('a', '2024-03-04T08:00:00Z', 1), bal('b', '2024-03-04T08:00:00Z', 1)]).map((a) => a.subscriberId)).toEqual(['b']);
    expect(seen).toEqual([{ ruleId: 'low', subscriberId: 'a', eventTime: '2024-03-04T08:00:00.000Z', reason: 'do-not-disturb list' }]);
    expect(e.stats().suppressed).toBe(1);
  });

  test('a frequency cap counts the history and the engine\'s own actions across rules', () => {
    const e = createTriggerEngine(rules, {
      contactPolicy: { frequencyCaps: [{ channel: 'sms', max: 2, windowDays: 7 }], history: [{ subscriberId: 'a', channel: 'sms', at: '2024-03-01T00:00:00Z' }] },
    });
    const out = pushAll(e, [
      bal('a', '2024-03-04T08:00:00Z', 1), // history 1 + 0 → sent
      { type: 'balance', subscriberId: 'a', timestamp: '2024-03-04T09:00:00Z', quotaRemainingMB: 1 }, // 2 in 7 days → capped
      bal('a', '2024-03-08T08:00:00Z', 1), // the history contact left the window (> 7 days) → sent
    ]);
    expect(ids(out)).toEqual(['low|19786|a', 'low|19790|a']);
    expect(e.stats().suppressed).toBe(1);
  });

  test('quiet hours defer sendAt to their end in the subscriber\'s local time', () => {
    const e = createTriggerEngine(rules, { contactPolicy: { quietHours: { from: '21:00', to: '08:00' }, utcOffsetMinutes: { default: 0, bySubscriber: { a: 480 } } } });
    const out = pushAll(e, [bal('a', '2024-03-04T14:30:00Z', 1), bal('b', '2024-03-04T14:30:00Z', 1)]);
    // a: 22:30 local → 08:00 local next day = 00:00Z; b: 14:30 UTC is outside quiet hours
    expect(out.map((a) => a.sendAt)).toEqual(['2024-03-05T00:00:00.000Z', '2024-03-04T14:30:00.000Z']);
    expect(out[0]!.eventTime).toBe('2024-03-04T14:30:00.000Z');
  });

  test('contactPolicy.sendAt and channels are refused, not ignored', () => {
    expect(() => createTriggerEngine(rules, { contactPolicy: { sendAt: '2024-03-04T00:00:00Z' } })).toThrow(OptionsError);
    expect(() => createTriggerEngine(rules, { contactPolicy: { quietHours: { from: '25:00', to: '08:00' } } })).toThrow(/quietHours.from/);
  });
});

describe('createTriggerEngine event time', () => {
  test('events out of order within maxOutOfOrdernessMs are processed in event-time order', () => {
    const events = [loc('a', '2024-03-04T04:00:00Z', AT), loc('a', '2024-03-04T03:59:00Z', FAR), loc('a', '2024-03-04T04:10:00Z', FAR)];
    // without a bound, the ping outside arrives late and is reported, so there is no entry
    const late: TriggerRejection[] = [];
    const strictOrder = createTriggerEngine([geoRule], { onLate: (r) => late.push(r) });
    expect(pushAll(strictOrder, events).concat(strictOrder.flush())).toEqual([]);
    expect(late.map((r) => r.offset)).toEqual([1]);
    expect(strictOrder.stats().late).toBe(1);
    // with a 5-minute bound the two pings are reordered: outside at 03:59, inside at 04:00
    const bounded = createTriggerEngine([geoRule], { maxOutOfOrdernessMs: 5 * 60_000 });
    const out = pushAll(bounded, events);
    expect(ids(out)).toEqual(['mall-lunch|19786|a']);
    expect(out[0]!.eventTime).toBe('2024-03-04T04:00:00.000Z');
    expect(bounded.stats().late).toBe(0);
  });

  test('the watermark is max event time − bound − 1 ms: an event at exactly the watermark is late', () => {
    const e = createTriggerEngine([{ id: 'low', kind: 'balanceBelow', field: 'balance', threshold: 5 }], { maxOutOfOrdernessMs: 1000 });
    const t0 = Date.parse('2024-03-04T08:00:10Z');
    e.push(bal('a', '2024-03-04T08:00:10Z', 9));
    expect(e.stats().watermark).toBe(t0 - 1001);
    // t = W + 1: on time, and no on-time event can come before it, so it is processed at once
    expect(ids(e.push({ type: 'balance', subscriberId: 'b', timestamp: t0 - 1000, balance: 1 }))).toEqual(['low|19786|b']);
    expect(e.push({ type: 'balance', subscriberId: 'c', timestamp: t0 - 1001, balance: 1 })).toEqual([]); // t = W: late
    expect(e.push({ type: 'balance', subscriberId: 'd', timestamp: t0 - 999, balance: 1 })).toEqual([]); // t = W + 2: waits
    expect(e.stats()).toMatchObject({ late: 1, buffered: 2 });
    expect(ids(e.flush())).toEqual(['low|19786|d']);
  });

  test('a late event within allowedLatenessMs re-fires its window; past it, it is counted and reported', () => {
    const rule: TriggerRuleInput = { id: 'r', kind: 'usageDrop', metric: 'dataMB', window: { type: 'tumbling', sizeMinutes: 60 }, baselineWindows: 2, dropFraction: 0.5 };
    const late: TriggerRejection[] = [];
    const e = createTriggerEngine([rule], { allowedLatenessMs: 30 * 60_000, onLate: (r) => late.push(r) });
    pushAll(e, [usage('s', '2024-03-01T08:10:00Z', 100), usage('s', '2024-03-01T09:10:00Z', 100), usage('s', '2024-03-01T11:20:00Z', 100)]);
    // watermark 11:19:59.999: the [10:00, 11:00) window ended 20 minutes ago, within the lateness
    const refired = e.push(usage('s', '2024-03-01T10:30:00Z', 10));
    expect(refired.map((a) => [a.detail.windowStart, a.detail.total, a.detail.baseline])).toEqual([[Date.parse('2024-03-01T10:00:00Z'), 10, 100]]);
    expect(e.stats().lateAccepted).toBe(1);
    // [09:00, 10:00) ended 80 minutes before the watermark: past the lateness
    expect(e.push(usage('s', '2024-03-01T09:30:00Z', 1))).toEqual([]);
    expect(e.stats()).toMatchObject({ late: 1, lateAccepted: 1 });
    expect(late.map((r) => r.offset)).toEqual([4]);
    expect(late[0]!.reason).toMatch(/behind the watermark/);
  });
});

describe('createTriggerEngine run, checkpoints and faults', () => {
  const rules: TriggerRuleInput[] = [
    { id: 'low', kind: 'balanceBelow', field: 'balance', threshold: 5, oncePer: 'hour' },
    { id: 'drop', kind: 'usageDrop', metric: 'dataMB', window: { type: 'tumbling', sizeMinutes: 60 }, baselineWindows: 2, dropFraction: 0.5 },
  ];
  const events: unknown[] = [];
  for (let h = 0; h < 48; h++) {
    const ts = `2024-03-0${1 + Math.floor(h / 24)}T${String(h % 24).padStart(2, '0')}:15:00Z`;
    for (const s of ['a', 'b', 'c']) {
      events.push(usage(s, ts, (h * 7 + s.charCodeAt(0)) % 5 === 0 ? 1 : 50));
      if ((h + s.charCodeAt(0)) % 4 === 0) events.push(bal(s, ts, h % 10));
    }
  }
  async function collect(it: AsyncIterable<TriggerAction>): Promise<TriggerAction[]> {
    const out: TriggerAction[] = [];
    for await (const a of it) out.push(a);
    return out;
  }

  test('run(source) yields the same actions as push + flush, from sync and async sources', async () => {
    const pushed = createTriggerEngine(rules);
    const expected = [...pushAll(pushed, events), ...pushed.flush()];
    expect(expected.length).toBeGreaterThan(10);
    expect(await collect(createTriggerEngine(rules).run(events))).toEqual(expected);
    async function* gen() {
      for (const e of events) yield e;
    }
    expect(await collect(createTriggerEngine(rules).run(gen()))).toEqual(expected);
  });

  test('a source throwing mid-way stops run cleanly, with the last checkpoint intact; restoring and replaying gives the same actions', async () => {
    const expected = await collect(createTriggerEngine(rules).run(events));
    const checkpoints: unknown[] = [];
    const engine = createTriggerEngine(rules, { checkpointEvery: 20, onCheckpoint: (c) => checkpoints.push(JSON.parse(JSON.stringify(c))) });
    const boom = new Error('broker went away');
    function* failing() {
      for (let i = 0; i < 150; i++) yield events[i];
      throw boom;
    }
    const got: TriggerAction[] = [];
    await expect(
      (async () => {
        for await (const a of engine.run(failing())) got.push(a);
      })(),
    ).rejects.toBe(boom);
    const last = checkpoints.at(-1) as { offset: number; actionsEmitted: number };
    expect(last.offset).toBe(140);
    // the engine's own state is consistent after the throw: 150 events consumed
    expect(engine.checkpoint().offset).toBe(150);
    expect(engine.stats().events).toBe(150);
    const restored = createTriggerEngine(rules, { restore: last as never });
    const rest = await collect(restored.run(events.slice(last.offset)));
    const all = [...got.slice(0, last.actionsEmitted), ...rest];
    expect(all).toEqual(expected);
    expect(new Set(ids(all)).size).toBe(all.length);
  });

  test('checkpoint() is JSON-safe and survives a round trip', () => {
    const e = createTriggerEngine(rules, { maxOutOfOrdernessMs: 3_600_000, contactPolicy: { frequencyCaps: [{ channel: 'any', max: 3, windowDays: 1 }] } });
    pushAll(e, events.slice(0, 100));
    const c = e.checkpoint();
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    expect(c.buffer.length).toBeGreaterThan(0);
    const r = createTriggerEngine(rules, { maxOutOfOrdernessMs: 3_600_000, contactPolicy: { frequencyCaps: [{ channel: 'any', max: 3, windowDays: 1 }] }, restore: JSON.parse(JSON.stringify(c)) });
    expect(r.checkpoint()).toEqual(c);
    expect([...pushAll(r, events.slice(100)), ...r.flush()]).toEqual([...pushAll(e, events.slice(100)), ...e.flush()]);
  });

  test('restore refuses a checkpoint of other rules or a malformed one', () => {
    const c = createTriggerEngine(rules).checkpoint();
    expect(() => createTriggerEngine(rules.slice(0, 1), { restore: c })).toThrow(/checkpoint of other rules/);
    expect(() => createTriggerEngine(rules, { restore: { ...c, offset: -1 } })).toThrow(OptionsError);
    expect(() => createTriggerEngine(rules, { restore: { ...c, subscribers: [['x', { s: [2] }]] } as never })).toThrow(OptionsError);
  });

  test('an AbortSignal stops run between events with an AbortError', async () => {
    const ctl = new AbortController();
    const e = createTriggerEngine(rules, { signal: ctl.signal });
    let n = 0;
    const source = (function* () {
      for (const ev of events) {
        if (++n === 10) ctl.abort();
        yield ev;
      }
    })();
    await expect(collect(e.run(source))).rejects.toThrow(AbortError);
    expect(e.stats().events).toBe(9);
  });

  test('onProgress reports every 10,000 events', () => {
    const seen: number[] = [];
    const e = createTriggerEngine(rules, { onProgress: (p) => seen.push(p.done) });
    for (let i = 0; i < 20_000; i++) e.push({ type: 'interaction', subscriberId: 'a', timestamp: 1_700_000_000_000 + i, offerId: 'o' });
    expect(seen).toEqual([10_000, 20_000]);
  });
});

describe('createTriggerEngine input checks', () => {
  test('a bad rule is a ValidationError naming the rule index and field', () => {
    try {
      createTriggerEngine([{ id: 'ok', kind: 'tagOn', tag: 'x' }, { id: 'bad', kind: 'geoFenceEntry', center: { lat: 91, lon: 0 }, radiusKm: 1 } as never]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as Error).message).toMatch(/^createTriggerEngine: rule 1 field center\.lat/);
      expect((e as ValidationError).issues[0]).toMatchObject({ row: 1, path: ['center', 'lat'], value: 91 });
    }
    expect(() => createTriggerEngine([{ id: 'x', kind: 'tagOn', tag: 'a' }, { id: 'x', kind: 'tagOn', tag: 'b' }])).toThrow(/rule 1 field id: duplicate rule id/);
    expect(() => createTriggerEngine([{ id: 'x', kind: 'usageDrop', metric: 'dataMB', window: { type: 'sliding', sizeMinutes: 90, slideMinutes: 60 }, dropFraction: 0.5 }])).toThrow(/whole multiple/);
    expect(() => createTriggerEngine([{ id: 'x', kind: 'nope' } as never])).toThrow(ValidationError);
    expect(() => createTriggerEngine(null as never)).toThrow(ValidationError);
  });

  test('options are checked: unknown, out of range, onCheckpoint without checkpointEvery', () => {
    expect(() => createTriggerEngine([], { maxOutOfOrdernes: 5 } as never)).toThrow(/did you mean 'maxOutOfOrdernessMs'/);
    expect(() => createTriggerEngine([], { maxSubscribers: 1e9 })).toThrow(/option maxSubscribers must be an integer in \[1, 1e7\]/);
    expect(() => createTriggerEngine([], { onCheckpoint: () => {} })).toThrow(/onCheckpoint needs checkpointEvery/);
  });

  test('rules are not mutated', () => {
    const rules = deepFreeze([geoRule, { id: 'u', kind: 'usageDrop', metric: 'sms', window: { type: 'tumbling', sizeMinutes: 60 }, dropFraction: 0.5 }] as TriggerRuleInput[]);
    const e = createTriggerEngine(rules);
    pushAll(e, [loc('a', '2024-03-04T03:50:00Z', FAR), loc('a', '2024-03-04T04:00:00Z', AT)]);
    expect(rules[0]).toEqual(geoRule);
  });

  test("invalid events are collected with their offset and reason, or throw in mode 'strict'", () => {
    const bad: TriggerRejection[] = [];
    const e = createTriggerEngine([], { onInvalid: (r) => bad.push(r) });
    e.push({ type: 'location', subscriberId: 'a', timestamp: '2024-03-04T04:00:00Z', latitude: 95, longitude: 0 });
    e.push({ type: 'usage', subscriberId: 'a', timestamp: '2024-02-31T04:00:00Z', dataMB: 1 });
    e.push({ type: 'usage', subscriberId: 7, timestamp: '2024-03-04T04:00:00Z' });
    e.push(null);
    e.push({ type: 'usage', subscriberId: 'a', timestamp: '2024-03-04T04:00:00Z', dataMB: -1 });
    expect(bad.map((r) => [r.offset, r.reason.split(' ').slice(0, 2).join(' ')])).toEqual([
      [0, 'field latitude'],
      [1, 'field timestamp'],
      [2, 'field subscriberId'],
      [3, 'not an'],
      [4, 'field dataMB'],
    ]);
    expect(e.stats()).toMatchObject({ events: 5, invalid: 5, subscribers: 0 });
    const s = createTriggerEngine([], { mode: 'strict' });
    expect(() => s.push({ type: 'tag', subscriberId: 'a', timestamp: 0, tag: 't', on: 'yes' })).toThrow(/^createTriggerEngine: event 0: field on must be true or false$/);
    expect(s.stats()).toMatchObject({ events: 0, invalid: 0 });
  });

  test('state is bounded: maxSubscribers and maxBufferedEvents give a DataError', () => {
    const e = createTriggerEngine([], { maxSubscribers: 2 });
    e.push(bal('a', '2024-03-04T04:00:00Z', 1));
    e.push(bal('b', '2024-03-04T04:00:00Z', 1));
    expect(() => e.push(bal('c', '2024-03-04T04:00:00Z', 1))).toThrow(DataError);
    // all or nothing: the refused event is not counted, so a replay from the checkpoint starts at it
    expect(e.stats()).toMatchObject({ events: 2, subscribers: 2 });
    expect(e.checkpoint().offset).toBe(2);
    const b = createTriggerEngine([], { maxBufferedEvents: 2, maxOutOfOrdernessMs: 60_000 });
    b.push(bal('a', '2024-03-04T04:00:00Z', 1));
    b.push(bal('a', '2024-03-04T04:00:01Z', 1));
    expect(() => b.push(bal('a', '2024-03-04T04:00:02Z', 1))).toThrow(/past maxBufferedEvents 2/);
  });

  test('run(non-iterable) is a DataError', async () => {
    await expect(createTriggerEngine([]).run(42 as never).next()).rejects.toThrow(DataError);
  });
});
