/**
 * Tags and audiences, end to end: evaluate the default tag catalogue over subscriber profiles,
 * explain one subscriber's tags, select an audience with an expression, add a geo-fence tag,
 * and let clustering propose tags.
 *
 * Run: npx tsx examples/audience.ts
 */
import {
  addTagToIndex,
  countAudience,
  defaultTagCatalogue,
  discoverTags,
  applyTagCatalogue,
  explainTags,
  geoFenceTag,
  matrixFromRecords,
  parseTagIndex,
  queryAudience,
  serializeTagIndex,
  tagsOf,
} from 'telcokit';

// 1. Profiles: one record per subscriber with the fields of DEFAULT_TAG_FIELDS (normally the
//    output of subscriberFeatures / buildProfiles joined with the subscriber records and a churn
//    model's predictions). Here: 2,000 deterministic synthetic subscribers.
const n = 2000;
let state = 12345;
/** mulberry32: a tiny seeded generator, so the example prints the same figures every run. */
function uniform(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const profiles = Array.from({ length: n }, (_, i) => {
  const draws = Array.from({ length: 12 }, uniform);
  const u = (k: number) => draws[k]!;
  return {
    id: `sub${String(i).padStart(4, '0')}`,
    monthlyBill: Math.round(20 + 180 * u(1) ** 2),
    dataMB: Math.round(30_000 * u(2) ** 3),
    nightDataShare: u(3) * 0.7,
    awayWeekdayCallShare: u(4) ** 2,
    appShare_travel: u(5) * 0.3,
    secondaryCards: Math.floor(u(6) * 4),
    deviceAgeMonths: Math.floor(u(7) * 36),
    deviceIs5G: u(8) < 0.4,
    networkType: u(9) < 0.7 ? '4G' : '5G',
    cityTier: 1 + Math.floor(u(10) * 4),
    churnProbability: u(11) ** 3,
  };
});

// 2. Evaluate every tag column-wise: one bitset per tag.
const index = applyTagCatalogue(defaultTagCatalogue, profiles);
console.log(`tag index: ${index.nRows} subscribers × ${index.tagIds.length} tags`);
for (const t of index.tagIds) console.log(`  ${t.padEnd(22)} ${countAudience(index, t)}`);
console.log(`heavy_data threshold (top 10 % of dataMB): ${index.thresholds['heavy_data#rule']?.toFixed(0)} MB`);

// 3. One subscriber: tags and why.
const who = profiles[7]!.id;
console.log(`\n${who}: ${tagsOf(index, who).join(', ')}`);
for (const e of explainTags(index, defaultTagCatalogue, who, { profiles })) {
  if (e.condition?.field) console.log(`  ${e.holds ? '✓' : '✗'} ${e.tagId}: ${e.condition.condition} (value ${typeof e.condition.value === 'number' ? +e.condition.value.toFixed(3) : e.condition.value})`);
}

// 4. Audience selection: the field's API, `tags=a,b`, and full expressions.
const expr = 'high_consumption AND (travel_enthusiast OR business_traveller) AND NOT churn_risk';
const audience = queryAudience(index, expr, { limit: 5 });
console.log(`\n${expr}\n  → ${audience.total} subscribers; first 5: ${audience.ids.join(', ')}`);
console.log(`high_consumption,tier1_city → ${countAudience(index, 'high_consumption,tier1_city')}`);
const sample = queryAudience(index, 'heavy_data || night_entertainment', { sample: 3, seed: 42 });
console.log(`seeded sample of 3 from ${sample.total}: ${sample.ids.join(', ')}`);
try {
  countAudience(index, 'high_consumtion AND churn_risk');
} catch (e) {
  console.log(`\n${(e as Error).message}`);
}

// 5. Geo-fence: weekday lunchtime within 3 km of a business district, added as a tag.
const cbd = { lat: 31.2304, lon: 121.4737 };
const pings = profiles.slice(0, 400).map((p, i) => ({
  subscriberId: p.id,
  timestamp: `2024-03-0${4 + (i % 5)}T${String(10 + (i % 5)).padStart(2, '0')}:45:00+08:00`, // Mon–Fri, 10:45–14:45
  latitude: cbd.lat + ((i % 11) - 5) * 0.01,
  longitude: cbd.lon + ((i % 7) - 3) * 0.01,
}));
const fence = geoFenceTag(pings, { center: cbd, radiusKm: 3, days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '11:30', to: '13:30', utcOffsetMinutes: 480, index });
const withFence = addTagToIndex(index, 'cbd_lunch', fence.bitset!);
console.log(`\ngeo-fence (3 km, weekday 11:30–13:30): ${fence.ids.length} subscribers; of them high_consumption: ${countAudience(withFence, 'cbd_lunch AND high_consumption')}`);

// 6. The index is plain data and serialises compactly.
const text = serializeTagIndex(withFence);
console.log(`serialised index: ${(text.length / 1024).toFixed(1)} KiB; round trip count ${countAudience(parseTagIndex(text), 'cbd_lunch')}`);

// 7. Clustering proposes tags, named by what distinguishes each cluster.
const matrix = matrixFromRecords(profiles, ['monthlyBill', 'dataMB', 'nightDataShare', 'awayWeekdayCallShare']);
const discovered = discoverTags(matrix, { k: 4, seed: 1 });
console.log('\nproposed tags:');
for (const p of discovered.proposals) console.log(`  ${p.tag.id}  ${p.tag.label.padEnd(48)} ${p.size} subscribers`);
