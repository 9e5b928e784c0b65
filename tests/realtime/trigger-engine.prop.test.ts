/**
 * Properties of the trigger engine over random event streams (fast-check):
 * - kill anywhere (the source throws, or the consumer stops), restore from the last checkpoint
 *   after a JSON round trip, replay from its offset: exactly the actions of an uninterrupted run,
 *   none duplicated, none lost;
 * - events out of order by at most maxOutOfOrdernessMs give the actions of the sorted stream.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { createTriggerEngine } from 'telcokit/realtime';
import type { TriggerAction, TriggerCheckpoint, TriggerEngineOptions, TriggerRuleInput } from 'telcokit/realtime';

const BASE = Date.parse('2024-03-04T03:00:00Z'); // a Monday, 11:00 at UTC+8
const MIN = 60_000;
const CENTER = { lat: 31.2304, lon: 121.4737 };

const rules: TriggerRuleInput[] = [
  { id: 'geo', kind: 'geoFenceEntry', center: CENTER, radiusKm: 2, from: '11:30', to: '14:00', utcOffsetMinutes: 480, oncePer: 'hour' },
  { id: 'drop', kind: 'usageDrop', metric: 'dataMB', window: { type: 'tumbling', sizeMinutes: 15 }, baselineWindows: 3, minBaselineWindows: 2, dropFraction: 0.5, oncePer: 'hour' },
  { id: 'slide', kind: 'usageDrop', metric: 'voiceMinutes', window: { type: 'sliding', sizeMinutes: 20, slideMinutes: 10 }, baselineWindows: 2, dropFraction: 0.3, channel: 'sms' },
  { id: 'low', kind: 'balanceBelow', field: 'balance', threshold: 5, oncePer: 'hour', channel: 'sms' },
  { id: 'tag', kind: 'tagOn', tag: 'traveller', oncePer: 'hour' },
];

const subscriber = fc.constantFrom('a', 'b', 'c', 'd');
const body = fc.oneof(
  fc.record({ type: fc.constant('location'), latitude: fc.constantFrom(CENTER.lat, CENTER.lat + 0.005, 31.4), longitude: fc.constantFrom(CENTER.lon, 121.6) }),
  fc.record({ type: fc.constant('usage'), dataMB: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ type: fc.constant('usage'), voiceMinutes: fc.integer({ min: 0, max: 30 }) }),
  fc.record({ type: fc.constant('balance'), balance: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ type: fc.constant('tag'), tag: fc.constantFrom('traveller', 'other'), on: fc.boolean() }),
);
/** Events roughly a minute apart, each displaced by up to ±`jitter` minutes. */
const stream = (jitter: number) =>
  fc.array(fc.tuple(subscriber, body, fc.integer({ min: -jitter, max: jitter })), { minLength: 20, maxLength: 160, size: 'max' }).map((xs) =>
    xs.map(([sid, b, j], i) => ({ ...b, subscriberId: sid, timestamp: BASE + i * MIN + j * MIN })),
  );

const options: TriggerEngineOptions = {
  maxOutOfOrdernessMs: 3 * MIN,
  allowedLatenessMs: 10 * MIN,
  contactPolicy: { frequencyCaps: [{ channel: 'sms', max: 2, windowDays: 1 }], quietHours: { from: '13:00', to: '13:30' }, utcOffsetMinutes: 480, doNotDisturb: ['d'] },
};

async function runAll(events: readonly unknown[], extra: TriggerEngineOptions = {}): Promise<TriggerAction[]> {
  const out: TriggerAction[] = [];
  for await (const a of createTriggerEngine(rules, { ...options, ...extra }).run(events)) out.push(a);
  return out;
}

describe('createTriggerEngine properties', () => {
  test('kill mid-stream, restore the last checkpoint, replay from its offset: the same actions, none duplicated, none lost', async () => {
    await fc.assert(
      fc.asyncProperty(stream(6), fc.integer({ min: 1, max: 25 }), fc.nat(), fc.boolean(), async (events, every, killAt, byConsumer) => {
        const expected = await runAll(events);
        let last: TriggerCheckpoint | undefined;
        const engine = createTriggerEngine(rules, { ...options, checkpointEvery: every, onCheckpoint: (c) => (last = JSON.parse(JSON.stringify(c))) });
        const got: TriggerAction[] = [];
        if (byConsumer) {
          // the consumer stops after killAt % (n + 1) actions
          const stopAfter = killAt % (expected.length + 1);
          for await (const a of engine.run(events)) {
            if (got.length === stopAfter) break;
            got.push(a);
          }
        } else {
          const k = killAt % (events.length + 1);
          const killed = new Error('killed');
          const source = (function* () {
            for (let i = 0; i < k; i++) yield events[i];
            throw killed;
          })();
          try {
            for await (const a of engine.run(source)) got.push(a);
          } catch (e) {
            expect(e).toBe(killed);
          }
        }
        const offset = last?.offset ?? 0;
        const kept = got.slice(0, last?.actionsEmitted ?? 0);
        const restored = createTriggerEngine(rules, { ...options, ...(last ? { restore: last } : {}) });
        const rest: TriggerAction[] = [];
        for await (const a of restored.run(events.slice(offset))) rest.push(a);
        const all = [...kept, ...rest];
        expect(all).toEqual(expected);
        expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
      }),
      { numRuns: 60 },
    );
  });

  test('events out of order by at most maxOutOfOrdernessMs give the actions of the sorted stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(subscriber, body, fc.integer({ min: 0, max: 3 * MIN })), { minLength: 20, maxLength: 160, size: 'max' }),
        async (xs) => {
          // distinct timestamps a minute apart; arrival order by timestamp + a delay of at most 3 minutes
          const sorted = xs.map(([sid, b], i) => ({ ...b, subscriberId: sid, timestamp: BASE + i * MIN }));
          const arrival = sorted.map((e, i) => ({ e, key: e.timestamp + xs[i]![2] })).sort((p, q) => p.key - q.key).map((p) => p.e);
          const byId = (a: TriggerAction[]) => [...a].sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));
          const engine = createTriggerEngine(rules, options);
          const got: TriggerAction[] = [];
          for await (const a of engine.run(arrival)) got.push(a);
          expect(engine.stats().late).toBe(0);
          expect(byId(got)).toEqual(byId(await runAll(sorted)));
        },
      ),
      { numRuns: Number(process.env.RT_RUNS ?? 60), endOnFailure: true },
    );
  });

  test('every event is accounted for: late + lateAccepted + on time = events, and late events reach onLate', async () => {
    await fc.assert(
      fc.asyncProperty(stream(8), async (events) => {
        let reported = 0;
        const engine = createTriggerEngine(rules, { ...options, onLate: () => reported++ });
        for await (const a of engine.run(events)) void a;
        const s = engine.stats();
        expect(s.events).toBe(events.length);
        expect(reported).toBe(s.late);
        expect(s.buffered).toBe(0);
      }),
      { numRuns: 40 },
    );
  });
});
