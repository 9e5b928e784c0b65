/**
 * The decision API on the synthetic operator: profiles → tag index, a churn model and the hybrid
 * recommender, served with createDecisionHandler on 127.0.0.1 through telcokit/node's
 * serveFetchHandler. Prints curl lines to try, then serves until the time is up.
 *
 * Run: npx tsx examples/decision-api.ts                 (serves for 300 s; --seconds N to change)
 *      npx tsx examples/decision-api.ts --once          (answers its own requests, then stops)
 *      DECISION_SUBSCRIBERS=20000 npx tsx examples/decision-api.ts
 */
import {
  applyTagCatalogue,
  buildProfiles,
  createDecisionHandler,
  defaultTagCatalogue,
  fitChurnModel,
  fitRecommender,
  generateOperator,
  hashApiKey,
  predictChurn,
  selectColumns,
  subscriberFeatures,
} from 'telcokit';
import type { DecisionAuditRecord } from 'telcokit';
import { serveFetchHandler } from 'telcokit/node';

const args = process.argv.slice(2);
const once = args.includes('--once');
const seconds = Number(args[args.indexOf('--seconds') + 1] ?? 300) || 300;
const N = Number(process.env.DECISION_SUBSCRIBERS ?? 3000);

// 1. the offline half: synthetic operator → profiles and features → churn model → tag index, recommender
const op = generateOperator({ subscribers: N, months: 6, callEdges: false, pingsPerSubscriber: 0, seed: 7 });
const features = subscriberFeatures(op.usage, { subscribers: op.subscribers });
const churnFeatures = ['dataDropRatio', 'arpuTrend', 'complaintRate', 'tenureMonths'];
const label = new Map(op.subscribers.map((s, i) => [s.id, op.truth.churned[i]!]));
const churn = fitChurnModel(selectColumns(features, churnFeatures), features.rowIds.map((id) => label.get(id)!), {
  kind: 'gbdt',
  nTrees: 60,
  learningRate: 0.1,
  maxLeaves: 8,
  seed: 7,
});
const closed = op.subscribers.filter((s) => s.status === 'closed').map((s) => s.id);
const prof = buildProfiles({ subscribers: op.subscribers, usage: op.usage, churned: closed });
const risk = predictChurn(churn, selectColumns(prof.matrix, churnFeatures));
const tags = applyTagCatalogue(defaultTagCatalogue, prof.profiles.map((p, i) => ({ ...p, churnProbability: risk[i]! })));
const recommender = fitRecommender({ interactions: op.interactions, subscribers: op.subscribers, offers: op.offers }, { segmentField: 'planGroup', seed: 7 });

// 2. keys: random, shown once; the handler keeps only their HMAC-SHA-256 under a secret
const random = (bytes: number) => globalThis.crypto.getRandomValues(new Uint8Array(bytes));
const keySecret = random(32);
const newKey = () => Array.from(random(24), (b) => b.toString(16).padStart(2, '0')).join('');
const internalKey = newKey();
const partnerKey = newKey();
const audit: DecisionAuditRecord[] = [];
const handler = createDecisionHandler({
  keys: [
    { id: 'crm', hash: await hashApiKey(internalKey, keySecret), scopes: ['audience:ids', 'offers', 'score'] },
    { id: 'partner-a', hash: await hashApiKey(partnerKey, keySecret), scopes: ['audience:count'], rateLimit: { perSecond: 2, burst: 10 } },
  ],
  keySecret,
  tags,
  recommender,
  churn,
  partner: { epsilon: 0.1, budgetEpsilon: 2, pseudonym: { key: random(32), keyId: 'p2026' } },
  onAudit: (r) => audit.push(r),
});

// 3. serve on 127.0.0.1 (node:http; Deno.serve(handler) and Bun.serve({ fetch: handler }) work the same)
const served = await serveFetchHandler(handler, { port: Number(process.env.PORT ?? 0) });
const someone = recommender.subscriberIds[0]!;
const q = encodeURIComponent('high_consumption AND (travel_enthusiast OR business_traveller) AND NOT churn_risk');
console.log(`decision API on ${served.url} over ${tags.nRows} subscribers × ${tags.tagIds.length} tags`);
console.log(`curl -H 'Authorization: Bearer ${internalKey}' '${served.url}/query_users?tags=high_consumption,travel_enthusiast&limit=10'`);
console.log(`curl -H 'Authorization: Bearer ${partnerKey}' '${served.url}/query_users?q=${q}'`);
console.log(`curl -H 'Authorization: Bearer ${internalKey}' '${served.url}/subscribers/${someone}/offers?k=3'`);
console.log(`curl '${served.url}/openapi.json'`);

// 4. try it: the same requests from here
const get = async (path: string, key?: string) => {
  const r = await fetch(served.url + path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: r.status, cache: r.headers.get('x-telcokit-cache'), body: (await r.json()) as Record<string, unknown> };
};
const a = await get('/query_users?tags=high_consumption,travel_enthusiast&limit=3', internalKey);
console.log(`internal: ${a.status} count ${a.body.count} (exact), first ids ${JSON.stringify(a.body.ids)}, cache ${a.cache}`);
const b = await get(`/query_users?q=${q}&limit=2`, partnerKey);
console.log(`partner:  ${b.status} count ${b.body.count} (ε = ${b.body.epsilon}, ${b.body.remainingEpsilon} left), ${b.body.ids ? 'pseudonyms' : 'no ids'}`);
const c = await get(`/subscribers/${someone}/offers?k=3`, internalKey);
console.log(`offers:   ${c.status} ${JSON.stringify((c.body.offers as { offerId: string }[]).map((o) => o.offerId))}`);
const d = await get('/query_users?tags=high_consumption');
console.log(`no key:   ${d.status} ${d.body.error}`);
console.log(`audit: ${audit.map((r) => `${r.keyId ?? '-'} ${r.route} ${r.status} rows=${r.rows}`).join(' | ')}`);

if (once) await served.close();
else {
  console.log(`serving for ${seconds} s (Ctrl-C to stop)`);
  setTimeout(() => void served.close(), seconds * 1000);
}
