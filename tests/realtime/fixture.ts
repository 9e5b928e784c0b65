/** A small world for the decision API tests: 16 subscribers × 4 tags, a recommender, a churn model, keys. */
import { applyTagCatalogue, createFeatureMatrix, createDecisionHandler, fitChurnModel, fitRecommender, hashApiKey } from 'telcokit';
import type { DecisionAuditRecord, DecisionHandlerOptions, TagCatalogue } from 'telcokit';

export const tagIds = ['high_consumption', 'travel_enthusiast', 'business_traveller', 'churn_risk'];
// bit k of the row number says whether tag k holds, so every audience has a hand-countable answer
const catalogue: TagCatalogue = { tags: tagIds.map((id, k) => ({ id, label: id, level: 1, rule: { field: `f${k}`, op: '==', value: 1 } })) };
export const profiles = Array.from({ length: 16 }, (_, i) => ({ id: `s${String(i).padStart(2, '0')}`, f0: i & 1, f1: (i >> 1) & 1, f2: (i >> 2) & 1, f3: (i >> 3) & 1 }));
export const index = applyTagCatalogue(catalogue, profiles);

export const keySecret = new Uint8Array(32).map((_, i) => (i * 37 + 11) & 255);
export const KEYS = {
  internal: 'internal-key-000000000000000000001',
  partner: 'partner-key-0000000000000000000002',
  offers: 'offers-key-00000000000000000000003',
  scorer: 'scorer-key-00000000000000000000004',
};

export const recommender = fitRecommender(
  {
    interactions: [
      { subscriberId: 's00', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
      { subscriberId: 's00', offerId: 'y', timestamp: '2025-01-02T00:00:00Z', kind: 'accept' },
      { subscriberId: 's01', offerId: 'x', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
    ],
  },
  { components: ['itemKnn'] },
);

// a logistic churn model on two of subscriberFeatures' columns
const names = ['dataDropRatio', 'arpu'];
const X: number[] = [];
const y: number[] = [];
for (let i = 0; i < 200; i++) {
  const drop = ((i * 7919) % 100) / 100;
  const arpu = 20 + ((i * 104729) % 80);
  X.push(drop, arpu);
  y.push(drop + ((i * 31) % 10) / 20 > 0.7 ? 1 : 0);
}
export const churn = fitChurnModel(createFeatureMatrix(Float64Array.from(X), names), y, { kind: 'logistic' });

export async function makeHandler(extra: Partial<DecisionHandlerOptions> = {}) {
  const audits: DecisionAuditRecord[] = [];
  let clock = Date.UTC(2026, 0, 1);
  const handler = createDecisionHandler({
    keys: [
      { id: 'ops', hash: await hashApiKey(KEYS.internal, keySecret), scopes: ['audience:ids'] },
      { id: 'partner-a', hash: await hashApiKey(KEYS.partner, keySecret), scopes: ['audience:count'] },
      { id: 'crm', hash: await hashApiKey(KEYS.offers, keySecret), scopes: ['offers'] },
      { id: 'scorer', hash: await hashApiKey(KEYS.scorer, keySecret), scopes: ['score'] },
    ],
    keySecret,
    tags: index,
    recommender,
    churn,
    now: () => clock,
    onAudit: (r) => audits.push(r),
    ...extra,
  });
  const call = (path: string, init: RequestInit & { key?: string } = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (init.key !== undefined) headers.set('authorization', `Bearer ${init.key}`);
    return handler(new Request(`http://127.0.0.1${path}`, { ...init, headers }));
  };
  return { handler, call, audits, advance: (ms: number) => (clock += ms) };
}

/** Subscribers of the fixture for which `pred(tagBits)` holds, in index order. */
export function expected(pred: (bits: number) => boolean): string[] {
  return profiles.filter((_, i) => pred(i)).map((p) => p.id);
}
