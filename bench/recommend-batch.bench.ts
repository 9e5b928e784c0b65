/**
 * `recommendBatch` top-10 for 1,000,000 subscribers over 500 offers (hybrid of ALS 16 factors and
 * popularity, fixed blend): subscribers per second, against a full-sort baseline in the same run
 * (the same blended scores, then every offer sorted and the first 10 kept).
 *
 *   flock /tmp/telcokit-bench.lock npx tsx bench/recommend-batch.bench.ts   (BENCH_SCALE=0.1 for a quick run)
 */
import { fitRecommender, recommendBatch } from '../src/index.js';
import type { RecommendInteraction } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { recommenderCore } from '../src/recommend/recommend.js';
import { blendScores, contextForIndex, createScratch } from '../src/recommend/scoring.js';
import { fmt, peakRssMB, scaled, time } from './util.js';

const nUsers = scaled(1_000_000);
const nItems = 500;
const perUser = 4;
const k = 10;
const rng = createRng(2);
const interactions: RecommendInteraction[] = new Array(nUsers * perUser);
for (let u = 0, p = 0; u < nUsers; u++) {
  const c = rng.int(10);
  for (let t = 0; t < perUser; t++, p++) {
    const i = rng.next() < 0.6 ? c * 50 + rng.int(50) : Math.floor(nItems * rng.next() ** 2);
    interactions[p] = { subscriberId: `s${u}`, offerId: `o${i}`, timestamp: '2025-01-01T00:00:00Z', kind: 'accept' };
  }
}
const fit = time(() => fitRecommender({ interactions }, { components: ['als', 'popularity'], als: { factors: 16, maxIter: 3 }, blend: { als: 1, popularity: 0.1 } }));
const model = fit.result;
console.log(`model: ${fmt(nUsers)} subscribers × ${model.offerIds.length} offers, ${fmt(interactions.length)} interactions; fit ${fmt(fit.seconds)} s`);
const ids = model.subscriberIds;

const ours = time(() => recommendBatch(model, ids, { k, reasons: false }));
console.log(`recommendBatch top-${k} (bounded heap, no reasons): ${fmt(ours.seconds)} s = ${fmt(nUsers / ours.seconds)} subscribers/s`);

// full-sort baseline on the same scores
const core = recommenderCore(model);
const s = createScratch(core.nOffers);
const base = time(() => {
  const out: { offerId: string; score: number }[][] = new Array(ids.length);
  for (let u = 0; u < ids.length; u++) {
    const scores = blendScores(core, contextForIndex(core, u), s);
    const order = Array.from({ length: core.nOffers }, (_, i) => i).filter((i) => scores[i]! > -Infinity);
    order.sort((a, b) => scores[b]! - scores[a]! || a - b);
    out[u] = order.slice(0, k).map((i) => ({ offerId: model.offerIds[i]!, score: scores[i]! }));
  }
  return out;
});
console.log(`full-sort baseline: ${fmt(base.seconds)} s = ${fmt(nUsers / base.seconds)} subscribers/s`);
console.log(`ratio: recommendBatch is ${fmt(base.seconds / ours.seconds)}× the full-sort baseline's throughput (same run, same scores)`);
const sample = ids.slice(0, Math.min(ids.length, 100_000));
const withReasons = time(() => recommendBatch(model, sample, { k }));
console.log(`with reasons (first ${fmt(sample.length)} subscribers): ${fmt(sample.length / withReasons.seconds)} subscribers/s; peak RSS ${fmt(peakRssMB())} MB`);
// the two agree on the lists
const a = ours.result[7]!.map((r) => r.offerId).join(',');
const b = base.result[7]!.map((r) => r.offerId).join(',');
if (a !== b) throw new Error(`lists differ: ${a} vs ${b}`);

// both cores: the same batch (no reasons) with workers 2 against workers 1, in this run; wall and CPU time
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
recommendBatch(model, ids.slice(0, 1000), { k, reasons: false, workers: 2 }); // starts the thread (not timed)
const c1 = cpu();
const w1 = time(() => recommendBatch(model, ids, { k, reasons: false, workers: 1 }));
const c2 = cpu();
const w2 = time(() => recommendBatch(model, ids, { k, reasons: false, workers: 2 }));
const c3 = cpu();
console.log(
  `workers: 1 thread ${fmt(w1.seconds)} s (CPU ${fmt(c2 - c1)} s), 2 threads ${fmt(w2.seconds)} s (CPU ${fmt(c3 - c2)} s, both threads): speed-up ${fmt(w1.seconds / w2.seconds)}× on ${fmt(nUsers)} subscribers × ${model.offerIds.length} offers (same run)`,
);
if (JSON.stringify(w1.result[nUsers - 1]) !== JSON.stringify(w2.result[nUsers - 1])) throw new Error('workers 2 differs from workers 1');
