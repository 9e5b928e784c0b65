/**
 * Offer recommendation on the synthetic operator: fit the hybrid (ALS + item-kNN + profile model +
 * segment popularity, blend learned on validation), list top offers with reasons, serve a brand-new
 * subscriber from their profile, fold a fresh purchase in without refitting, and evaluate against
 * the popularity baseline. Run: `npx tsx examples/recommend.ts`.
 */
import {
  evaluateRecommender,
  fitRecommender,
  generateOperator,
  parseModel,
  recommend,
  recommendBatch,
  serializeModel,
  similarOffers,
  updateSubscriber,
} from 'telcokit';

const op = generateOperator({ subscribers: 3000, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 8, seed: 1 });
const data = { interactions: op.interactions, subscribers: op.subscribers, offers: op.offers };

// 1. fit: one serialisable model; the blend weights are learned on a time-ordered validation split
const model = fitRecommender(data, { segmentField: 'planGroup', seed: 0 });
console.log('learned blend weights:', model.blend.weights);
console.log('cold-start weights:   ', model.blend.coldWeights);

// 2. top offers with reasons for a few subscribers who have a history
const active = model.subscriberIds.filter((_, u) => model.history.indptr[u + 1]! - model.history.indptr[u]! >= 2).slice(0, 3);
for (const id of active) {
  console.log(`\n${id}:`);
  for (const r of recommend(model, id, { k: 3, maxPerCategory: 2 })) console.log(`  ${r.offerId}  ${r.score.toFixed(2)}  ${r.reasons.join('; ')}`);
}

// 3. a subscriber the model has never seen: profile only (cold start)
const newcomer = { ...op.subscribers[0]!, id: 'NEW-1' };
console.log('\nnew subscriber, profile only:');
for (const r of recommend(model, { profile: newcomer }, { k: 3 })) console.log(`  ${r.offerId}  ${r.reasons.join('; ')}`);

// 4. business rules: only cheap offers, at most one per category, some diversity
const cheap = recommend(model, active[0]!, { k: 3, eligible: (o) => o.price < 50, maxPerCategory: 1, diversity: 0.3 });
console.log('\ncheap and diverse:', cheap.map((r) => r.offerId).join(', '));

// 5. offers like the first one
console.log(`offers similar to ${op.offers[0]!.id}:`, similarOffers(model, op.offers[0]!.id, { k: 3 }));

// 6. a purchase arrives: update that subscriber without refitting (returns a new model)
const taken = recommend(model, active[0]!, { k: 1 })[0]!.offerId;
const next = updateSubscriber(model, active[0]!, [{ subscriberId: active[0]!, offerId: taken, timestamp: '2024-07-01T12:00:00Z', kind: 'accept' }]);
console.log(`after ${active[0]} took ${taken}:`, recommend(next, active[0]!, { k: 3 }).map((r) => r.offerId).join(', '));

// 7. batch scoring and a round trip through JSON
const batch = recommendBatch(model, model.subscriberIds.slice(0, 1000), { k: 5, reasons: false });
console.log(`batch: ${batch.length} lists; model JSON ${(serializeModel(model).length / 1024).toFixed(0)} kB; round trip identical:`, serializeModel(parseModel(serializeModel(model), 'recommend/hybrid')) === serializeModel(model));

// 8. honest offline evaluation next to popularity on the same split
for (const protocol of ['leave-last-out', 'time-split'] as const) {
  const ev = evaluateRecommender((d) => fitRecommender(d, { segmentField: 'planGroup' }), data, { protocol, k: 10 });
  const f = (x: number) => x.toFixed(4);
  console.log(`\n${protocol}: ${ev.users} subscribers evaluated (${ev.coldStart.users} with ≤ 2 training offers)`);
  console.log(`  hybrid      HR@10 ${f(ev.model.hitRate)}  NDCG@10 ${f(ev.model.ndcg)}  MAP@10 ${f(ev.model.map)}  coverage ${f(ev.model.coverage)}  novelty ${ev.model.novelty.toFixed(2)}`);
  console.log(`  popularity  HR@10 ${f(ev.baseline.hitRate)}  NDCG@10 ${f(ev.baseline.ndcg)}  MAP@10 ${f(ev.baseline.map)}  coverage ${f(ev.baseline.coverage)}  novelty ${ev.baseline.novelty.toFixed(2)}`);
  console.log(`  cold slice  hybrid HR@10 ${f(ev.coldStart.model.hitRate)} · popularity ${f(ev.coldStart.baseline.hitRate)}`);
}
