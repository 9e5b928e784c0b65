/**
 * Geo-fence over 10,000,000 location pings (1,000,000 subscribers, pings spread over a
 * 110 km × 110 km metro area, one week): "weekday 11:30–13:30 within 3 km of the CBD".
 * Column form (epoch-ms timestamps) and record form (ISO-8601 strings), against
 *  - the floor: one pass reading the latitude and longitude columns;
 *  - the naive loop: haversine (with asin) and Date for every ping.
 *
 * Run: flock /tmp/telcokit-bench.lock npx tsx bench/geofence.bench.ts   (BENCH_SCALE=0.1 for a quick run)
 */
import { geoFenceTag } from '../src/index.js';
import type { GeoFencePing } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, medianSeconds, scaled, time } from './util.js';

const n = scaled(10_000_000);
const nSubs = Math.max(1, Math.round(n / 10));
const nRecords = Math.min(n, scaled(2_000_000));
const cbd = { lat: 31.2304, lon: 121.4737 };
const options = { center: cbd, radiusKm: 3, days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: '11:30', to: '13:30', utcOffsetMinutes: 480 };
const week0 = Date.parse('2024-03-04T00:00:00+08:00');

const rng = createRng(7);
const subs = Array.from({ length: nSubs }, (_, i) => `s${i}`);
const subscriberIds = new Array<string>(n);
const timestamps = new Float64Array(n);
const latitudes = new Float64Array(n);
const longitudes = new Float64Array(n);
for (let i = 0; i < n; i++) {
  subscriberIds[i] = subs[rng.int(nSubs)]!;
  timestamps[i] = week0 + Math.floor(rng.next() * 7 * 86_400_000);
  // a third of the pings cluster around the centre (σ ≈ 5 km), the rest uniform over ±0.5°
  if (rng.next() < 1 / 3) {
    latitudes[i] = cbd.lat + rng.normal() * 0.045;
    longitudes[i] = cbd.lon + rng.normal() * 0.052;
  } else {
    latitudes[i] = cbd.lat + (rng.next() - 0.5);
    longitudes[i] = cbd.lon + (rng.next() - 0.5);
  }
}
const cols = { subscriberIds, timestamps, latitudes, longitudes };

let found = 0;
const colTime = medianSeconds(() => (found = geoFenceTag(cols, options).ids.length), 3);
let sink = 0;
const floor = medianSeconds(() => {
  let s = 0;
  for (let i = 0; i < n; i++) s += latitudes[i]! + longitudes[i]!;
  sink += s;
}, 3);

// naive: full haversine with asin and a Date per ping
const R = 6371.0088;
const rad = Math.PI / 180;
const naive = time(() => {
  const hit = new Set<string>();
  for (let i = 0; i < n; i++) {
    const p1 = cbd.lat * rad;
    const p2 = latitudes[i]! * rad;
    const h = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin(((longitudes[i]! - cbd.lon) * rad) / 2) ** 2;
    const km = 2 * R * Math.asin(Math.sqrt(h));
    if (km > 3) continue;
    const local = new Date(timestamps[i]! + 480 * 60_000);
    const day = local.getUTCDay();
    const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
    if (day >= 1 && day <= 5 && minute >= 690 && minute < 810) hit.add(subscriberIds[i]!);
  }
  return hit.size;
});
if (naive.result !== found) throw new Error(`naive found ${naive.result}, geoFenceTag ${found}`);

// record form with ISO strings (smaller n, scaled)
const recs: GeoFencePing[] = new Array(nRecords);
for (let i = 0; i < nRecords; i++) {
  recs[i] = { subscriberId: subscriberIds[i]!, timestamp: new Date(timestamps[i]!).toISOString(), latitude: latitudes[i]!, longitude: longitudes[i]! };
}
const recTime = medianSeconds(() => geoFenceTag(recs, options), 3);
void sink;

console.log(`geo-fence over ${fmt(n)} pings (${fmt(nSubs)} subscribers), 3 km × weekday 11:30–13:30 → ${fmt(found)} subscribers`);
console.log(`  floor (one pass over lat/lon): ${fmt(floor * 1000)} ms`);
console.log(`  geoFenceTag, column form:      ${fmt(colTime * 1000)} ms (${fmt(colTime / floor)}× floor)`);
console.log(`  naive haversine + Date per ping: ${fmt(naive.seconds * 1000)} ms (geoFenceTag ${fmt(naive.seconds / colTime)}× faster)`);
console.log(
  `  geoFenceTag, record form (ISO strings): ${fmt(recTime * 1000)} ms on ${fmt(nRecords)} → ${fmt((recTime * n) / nRecords)} s scaled to ${fmt(n)}`,
);
