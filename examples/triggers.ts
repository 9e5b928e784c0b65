/**
 * Real-time triggers, end to end: a day of events from 500 subscribers (location pings around a
 * shopping district, hourly data use, balance updates, tag changes) arriving up to 20 s out of
 * order, through the trigger engine with a contact policy; the process "crashes" half-way and
 * resumes from its last checkpoint; then the same rules as Flink SQL.
 *
 * Run: npx tsx examples/triggers.ts
 */
import { createTriggerEngine, toFlinkSql } from 'telcokit';
import type { TriggerAction, TriggerCheckpoint, TriggerRuleInput } from 'telcokit';

const rules: TriggerRuleInput[] = [
  { id: 'mall-lunch', kind: 'geoFenceEntry', center: { lat: 31.2304, lon: 121.4737 }, radiusKm: 1, from: '11:30', to: '13:30', utcOffsetMinutes: 480, offer: 'lunch-10' },
  { id: 'data-recall', kind: 'usageDrop', metric: 'dataMB', window: { type: 'tumbling', sizeMinutes: 60 }, baselineWindows: 4, dropFraction: 0.8, channel: 'sms', offer: 'recall-5gb' },
  { id: 'low-balance', kind: 'balanceBelow', field: 'balance', threshold: 3, channel: 'sms', offer: 'top-up' },
  { id: 'traveller', kind: 'tagOn', tag: 'travel_enthusiast', offer: 'roaming-pack', oncePer: 'forever' },
];

// a small deterministic generator (xorshift), so the example prints the same every run
let seed = 2024;
const rand = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const day0 = Date.parse('2024-03-04T00:00:00+08:00'); // a Monday, local midnight
const events: Record<string, unknown>[] = [];
for (let i = 0; i < 40_000; i++) {
  const subscriberId = `S${Math.floor(rand() * 500)}`;
  const timestamp = day0 + Math.floor((i / 40_000) * 86_400_000) - Math.floor(rand() * 20_000);
  const r = rand();
  if (r < 0.5) events.push({ type: 'location', subscriberId, timestamp, latitude: 31.2304 + (rand() - 0.5) * 0.05, longitude: 121.4737 + (rand() - 0.5) * 0.05 });
  else if (r < 0.85) events.push({ type: 'usage', subscriberId, timestamp, dataMB: subscriberId === 'S7' && i > 30_000 ? 0.5 : 20 + rand() * 80 });
  else if (r < 0.97) events.push({ type: 'balance', subscriberId, timestamp, balance: Math.round(rand() * 400) / 10 });
  else events.push({ type: 'tag', subscriberId, timestamp, tag: 'travel_enthusiast', on: rand() < 0.5 });
}

const options = {
  maxOutOfOrdernessMs: 20_000,
  utcOffsetMinutes: 480, // dedup days are local days
  contactPolicy: { doNotDisturb: ['S1'], frequencyCaps: [{ channel: 'any' as const, max: 2, windowDays: 1 }], quietHours: { from: '22:00', to: '08:00' }, utcOffsetMinutes: 480 },
};

// run until a simulated crash after 25,000 events, checkpointing every 5,000
let saved: string | undefined;
const first = createTriggerEngine(rules, { ...options, checkpointEvery: 5_000, onCheckpoint: (c) => (saved = JSON.stringify(c)) });
const delivered: TriggerAction[] = [];
try {
  for await (const a of first.run(
    (function* () {
      for (let i = 0; i < events.length; i++) {
        if (i === 25_000) throw new Error('simulated crash');
        yield events[i];
      }
    })(),
  )) {
    delivered.push(a);
  }
} catch (e) {
  console.log(`crashed: ${(e as Error).message}; last checkpoint at event ${(JSON.parse(saved!) as TriggerCheckpoint).offset}`);
}

// resume: keep what was delivered up to the checkpoint, replay the source from its offset
const checkpoint = JSON.parse(saved!) as TriggerCheckpoint;
const resumed = createTriggerEngine(rules, { ...options, restore: checkpoint });
const actions = delivered.slice(0, checkpoint.actionsEmitted);
for await (const a of resumed.run(events.slice(checkpoint.offset))) actions.push(a);

// the same stream without a crash gives the same actions
const clean: TriggerAction[] = [];
for await (const a of createTriggerEngine(rules, options).run(events)) clean.push(a);
console.log(`actions: ${actions.length} (uninterrupted run: ${clean.length}, identical: ${JSON.stringify(actions) === JSON.stringify(clean)})`);
const byRule = new Map<string, number>();
for (const a of actions) byRule.set(a.ruleId, (byRule.get(a.ruleId) ?? 0) + 1);
console.log('by rule:', Object.fromEntries(byRule));
console.log('stats:', resumed.stats());
console.log('first actions:');
for (const a of actions.slice(0, 3)) console.log(`  ${a.id}  event ${a.eventTime}  send ${a.sendAt}  ${a.channel} ${a.offer}`);

// the same rules for a Flink cluster
const { statements } = toFlinkSql(rules, { maxOutOfOrdernessMs: 20_000, utcOffsetMinutes: 480 });
console.log(`\nFlink SQL: ${statements.length} statements; the first view:\n${statements[2]!.split('\n').slice(0, 4).join('\n')}\n…`);
