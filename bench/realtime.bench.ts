/**
 * Trigger engine throughput: 1,000,000 events (100,000 subscribers, one simulated day, arriving
 * up to 30 s out of order) through `createTriggerEngine` with all four rule kinds (a geo-fence
 * entry, a daily usage drop and an hourly sliding one, a balance threshold, a tag turning on) and
 * a contact policy, against the baseline in the same run: a plain loop that only validates the
 * timestamp and groups the events by subscriber (the least any per-subscriber engine does).
 * Also the cost of one checkpoint (JSON text) at the end. Times are CPU seconds (user + system,
 * median of 3), steadier than wall time on a shared machine; the engine is single-threaded.
 *
 * Run: flock /tmp/telcokit-bench.lock npx tsx bench/realtime.bench.ts   (BENCH_SCALE=0.1 for a quick run)
 */
import { createTriggerEngine } from '../src/index.js';
import type { TriggerRuleInput } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, peakRssMB, scaled, time } from './util.js';

/** Median CPU seconds (user + system) of `repeats` runs: steadier than wall time on a shared machine. */
function medianCpuSeconds(fn: () => unknown, repeats = 3): number {
  const ts: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    ts.push((c.user + c.system) / 1e6);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)]!;
}

const n = scaled(1_000_000);
const nSubs = Math.max(1, Math.round(n / 10));
const day0 = Date.parse('2024-03-04T00:00:00Z');
const center = { lat: 31.2304, lon: 121.4737 };
const rules: TriggerRuleInput[] = [
  { id: 'mall', kind: 'geoFenceEntry', center, radiusKm: 3, from: '11:30', to: '13:30', utcOffsetMinutes: 480 },
  { id: 'drop', kind: 'usageDrop', metric: 'dataMB', window: { type: 'tumbling', sizeMinutes: 60 }, baselineWindows: 6, minBaselineWindows: 3, dropFraction: 0.7 },
  { id: 'voice', kind: 'usageDrop', metric: 'voiceMinutes', window: { type: 'sliding', sizeMinutes: 120, slideMinutes: 30 }, baselineWindows: 4, dropFraction: 0.8, channel: 'sms' },
  { id: 'low', kind: 'balanceBelow', field: 'balance', threshold: 2, channel: 'sms' },
  { id: 'travel', kind: 'tagOn', tag: 'traveller' },
];

const rng = createRng(11);
const events: Record<string, unknown>[] = new Array(n);
for (let i = 0; i < n; i++) {
  const sid = `s${rng.int(nSubs)}`;
  // event time moves through the day; arrival order jitters by up to 30 s
  const timestamp = day0 + Math.floor((i / n) * 86_400_000) - rng.int(30_000);
  const r = rng.next();
  events[i] =
    r < 0.4
      ? { type: 'location', subscriberId: sid, timestamp, latitude: center.lat + (rng.next() - 0.5) * 0.2, longitude: center.lon + (rng.next() - 0.5) * 0.2 }
      : r < 0.8
        ? { type: 'usage', subscriberId: sid, timestamp, dataMB: rng.next() * 50, voiceMinutes: rng.next() * 5 }
        : r < 0.95
          ? { type: 'balance', subscriberId: sid, timestamp, balance: rng.next() * 40 }
          : { type: 'tag', subscriberId: sid, timestamp, tag: 'traveller', on: rng.next() < 0.5 };
}

let sink = 0;
const baseline = medianCpuSeconds(() => {
  const bySub = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const t = e.timestamp as number;
    if (!Number.isInteger(t)) continue;
    const sid = e.subscriberId as string;
    bySub.set(sid, (bySub.get(sid) ?? 0) + 1);
  }
  sink += bySub.size;
}, 3);

let actions = 0;
let checkpointBytes = 0;
let checkpointSeconds = 0;
const cpu = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const runs: number[] = [];
for (let r = 0; r < 3; r++) {
  const engine = createTriggerEngine(rules, {
    maxOutOfOrdernessMs: 30_000,
    contactPolicy: { frequencyCaps: [{ channel: 'any', max: 3, windowDays: 1 }], quietHours: { from: '22:00', to: '08:00' }, utcOffsetMinutes: 480 },
  });
  let a = 0;
  const c0 = cpu();
  for (let i = 0; i < n; i++) a += engine.push(events[i]).length;
  const c1 = cpu();
  // the checkpoint is timed on its own, outside the engine's figure
  const c = time(() => JSON.stringify(engine.checkpoint()));
  checkpointBytes = c.result.length;
  checkpointSeconds = c.seconds;
  const c2 = cpu();
  a += engine.flush().length;
  runs.push(c1 - c0 + (cpu() - c2));
  actions = a;
}
runs.sort((x, y) => x - y);
const engineSeconds = runs[1]!;

console.log(`events: ${fmt(n)} over ${fmt(nSubs)} subscribers, ${rules.length} rules`);
console.log(`baseline (validate timestamp + group by subscriber): ${fmt(baseline)} CPU s = ${fmt(n / baseline)} events/s`);
console.log(`createTriggerEngine push loop: ${fmt(engineSeconds)} CPU s = ${fmt(n / engineSeconds)} events/s (${fmt(engineSeconds / baseline)}× the baseline), ${fmt(actions)} actions`);
console.log(`checkpoint at the end: ${fmt(checkpointBytes / 1e6)} MB of JSON in ${fmt(checkpointSeconds)} s`);
console.log(`peak RSS ${fmt(peakRssMB())} MB (sink ${sink})`);
