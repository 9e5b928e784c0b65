import { describe, expect, test } from 'vitest';
import { createDecisionHandler, createLruCache, OptionsError, predictChurn, createFeatureMatrix, hashApiKey, subscriberFeatures, addTagToIndex } from 'telcokit';
import type { AudienceCache, CachedAudience } from 'telcokit';
import { churn, expected, index, KEYS, keySecret, makeHandler } from './fixture';

const HC = 1, TE = 2, BT = 4, CR = 8;

describe('createDecisionHandler: /query_users', () => {
  test('tags=a,b is AND: exact count and ids in index order for an audience:ids key', async () => {
    const { call } = await makeHandler();
    const r = await call('/query_users?tags=high_consumption,travel_enthusiast&limit=1000', { key: KEYS.internal });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = await r.json();
    const want = expected((b) => (b & HC) !== 0 && (b & TE) !== 0); // rows 3, 7, 11, 15
    expect(want).toEqual(['s03', 's07', 's11', 's15']);
    expect(body).toEqual({ expression: 'and(high_consumption,travel_enthusiast)', count: 4, exact: true, ids: want, limit: 1000, offset: 0 });
  });

  test('q=<expression> uses the audience grammar, with limit and offset paging', async () => {
    const { call } = await makeHandler();
    const q = encodeURIComponent('high_consumption AND (travel_enthusiast OR business_traveller) AND NOT churn_risk');
    const want = expected((b) => (b & HC) !== 0 && (b & (TE | BT)) !== 0 && (b & CR) === 0); // 3, 5, 7
    const all = await (await call(`/query_users?q=${q}`, { key: KEYS.internal })).json();
    expect(all.count).toBe(3);
    expect(all.ids).toEqual(want);
    const page = await (await call(`/query_users?q=${q}&limit=1&offset=1`, { key: KEYS.internal })).json();
    expect(page.ids).toEqual([want[1]]);
    expect(page.count).toBe(3);
  });

  test('pages past the cached prefix are read from the index', async () => {
    // maxLimit 1 keeps a prefix of 10 rows; the 16-row audience NOT churn_risk OR churn_risk has all 16
    const { call } = await makeHandler({ maxLimit: 1 });
    const q = encodeURIComponent('churn_risk OR NOT churn_risk');
    for (const offset of [0, 9, 10, 15, 16]) {
      const body = await (await call(`/query_users?q=${q}&limit=1&offset=${offset}`, { key: KEYS.internal })).json();
      expect(body.ids).toEqual(offset < 16 ? [`s${String(offset).padStart(2, '0')}`] : []);
      expect(body.count).toBe(16);
    }
  });

  test('the second request for the same audience, spelled differently, is a cache hit', async () => {
    const cache = createLruCache();
    const { call, audits } = await makeHandler({ cache });
    const a = await call('/query_users?q=' + encodeURIComponent('travel_enthusiast AND high_consumption'), { key: KEYS.internal });
    const b = await call('/query_users?tags=high_consumption,travel_enthusiast', { key: KEYS.internal });
    expect(a.headers.get('x-telcokit-cache')).toBe('miss');
    expect(b.headers.get('x-telcokit-cache')).toBe('hit');
    expect((await b.json()).ids).toEqual((await a.json()).ids);
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
    expect(audits.map((x) => x.cache)).toEqual(['miss', 'hit']);
  });

  test('a new tag index (another version) is never answered from the old entries, and they are dropped', async () => {
    const cache = createLruCache();
    let current = index;
    const { call } = await makeHandler({ cache, tags: () => current });
    const first = await (await call('/query_users?tags=churn_risk', { key: KEYS.internal })).json();
    expect(first.count).toBe(8);
    current = addTagToIndex(index, 'churn_risk', ['s00']);
    const r = await call('/query_users?tags=churn_risk', { key: KEYS.internal });
    expect(r.headers.get('x-telcokit-cache')).toBe('miss');
    expect(await r.json()).toMatchObject({ count: 1, ids: ['s00'] });
    expect(cache.stats().entries).toBe(1);
  });

  test('an audience:count key gets a noisy count (DP, charged to its own budget), no ids without a pseudonym key', async () => {
    const { call, audits } = await makeHandler({ partner: { epsilon: 0.25, budgetEpsilon: 1 } });
    const answers: Record<string, unknown>[] = [];
    for (let i = 0; i < 4; i++) answers.push(await (await call('/query_users?tags=high_consumption', { key: KEYS.partner })).json());
    for (const [i, a] of answers.entries()) {
      expect(Number.isInteger(a.count) && (a.count as number) >= 0).toBe(true);
      expect(a).toMatchObject({ exact: false, epsilon: 0.25 });
      expect(a.remainingEpsilon).toBeCloseTo(1 - 0.25 * (i + 1), 12);
      expect(a).not.toHaveProperty('ids');
    }
    const spent = await call('/query_users?tags=high_consumption', { key: KEYS.partner });
    expect(spent.status).toBe(403);
    expect((await spent.json()).error).toBe('privacy_budget_exhausted');
    // the budget is per key: the internal key is unaffected
    expect((await call('/query_users?tags=high_consumption', { key: KEYS.internal })).status).toBe(200);
    expect(audits.slice(0, 4).every((a) => a.rows === 0 && a.epsilon === 0.25 && a.keyId === 'partner-a')).toBe(true);
  });

  test('partner counts: with ε = 10 nearly always exact; with ε = 0.1 their variance is the discrete Laplace 2e^{-ε}/(1-e^{-ε})² ≈ 199.8', async () => {
    // P(noise = 0) = (1 - e^{-10}) / (1 + e^{-10}) ≈ 0.99991
    const sharp = await makeHandler({ partner: { epsilon: 10, budgetEpsilon: 1000 }, rateLimit: { perSecond: 1, burst: 1000 } });
    let exact = 0;
    for (let i = 0; i < 50; i++) if ((await (await sharp.call('/query_users?tags=high_consumption', { key: KEYS.partner })).json()).count === 8) exact++;
    expect(exact).toBeGreaterThanOrEqual(48);
    // count 1000 keeps the clamp at 0 out of play: use a 16-row audience and look at noise only above -16
    const wide = await makeHandler({ partner: { epsilon: 0.1, budgetEpsilon: 1000 }, tags: bigIndex(), rateLimit: { perSecond: 1, burst: 1000 } });
    const noise: number[] = [];
    for (let i = 0; i < 400; i++) noise.push((await (await wide.call('/query_users?tags=t', { key: KEYS.partner })).json()).count - 5000);
    const mean = noise.reduce((s, x) => s + x, 0) / noise.length;
    const v = noise.reduce((s, x) => s + (x - mean) ** 2, 0) / (noise.length - 1);
    // sd of the sample variance ≈ σ²·√((κ − 1)/n) with excess kurtosis ≈ 3 (Laplace): 199.8 · √(5/400) ≈ 22
    expect(v).toBeGreaterThan(110);
    expect(v).toBeLessThan(330);
    expect(Math.abs(mean)).toBeLessThan(3); // sd of the mean ≈ √(199.8/400) ≈ 0.71
  }, 30_000);

  test('with a pseudonym key, partners get keyed pseudonyms, never ids, and only for audiences of at least minAudience', async () => {
    const pseudonym = { key: new Uint8Array(32).fill(5), keyId: 'p1' };
    const { call } = await makeHandler({ partner: { epsilon: 0.1, budgetEpsilon: 10, minAudience: 4, pseudonym } });
    const big = await (await call('/query_users?tags=high_consumption&limit=2', { key: KEYS.partner })).json();
    expect(big.pseudonymous).toBe(true);
    expect(big.ids).toHaveLength(2);
    for (const id of big.ids) expect(id).toMatch(/^p1:[0-9a-f]{64}$/);
    const internal = await (await call('/query_users?tags=high_consumption&limit=2', { key: KEYS.internal })).json();
    for (const id of internal.ids) expect(big.ids).not.toContain(id);
    // business_traveller AND travel_enthusiast AND high_consumption AND churn_risk: one subscriber (s15)
    const small = await (await call('/query_users?tags=high_consumption,travel_enthusiast,business_traveller,churn_risk', { key: KEYS.partner })).json();
    expect(small).not.toHaveProperty('ids');
  });

  test('the audit record names who, what and how many rows, and never a subscriber id', async () => {
    const { call, audits } = await makeHandler();
    await call('/query_users?tags=high_consumption&limit=3', { key: KEYS.internal, headers: { 'x-request-id': 'req-1' } });
    expect(audits).toEqual([
      { time: '2026-01-01T00:00:00.000Z', requestId: 'req-1', keyId: 'ops', method: 'GET', route: '/query_users', status: 200, rows: 3, expression: 'high_consumption', cache: 'miss' },
    ]);
  });
});

function bigIndex() {
  // 10,000 rows, tag t on the first 5,000
  const ids = Array.from({ length: 10_000 }, (_, i) => `r${i}`);
  const bits = new Uint32Array(Math.ceil(10_000 / 32));
  for (let i = 0; i < 5000; i++) bits[i >>> 5]! |= 1 << (i & 31);
  return addTagToIndex({ ...index, ids, nRows: 10_000, tagIds: [], bitsets: [] }, 't', bits);
}

describe('createDecisionHandler: offers, score, healthz, openapi', () => {
  test('GET /subscribers/{id}/offers returns recommend()’s offers', async () => {
    const { call } = await makeHandler();
    const r = await call('/subscribers/s01/offers?k=1', { key: KEYS.offers });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ offers: [{ offerId: 'y', score: 0, reasons: ['because you have x'] }] });
    const unknown = await call('/subscribers/nobody/offers', { key: KEYS.offers });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain('nobody');
  });

  test('POST /score with feature rows gives predictChurn’s probabilities', async () => {
    const { call } = await makeHandler();
    const rows = [
      { id: 'a', features: { dataDropRatio: 0.9, arpu: 30 } },
      { id: 'b', features: { dataDropRatio: 0.05, arpu: 90 } },
    ];
    const r = await call('/score', { key: KEYS.scorer, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }) });
    expect(r.status).toBe(200);
    const want = predictChurn(churn, createFeatureMatrix(Float64Array.of(0.9, 30, 0.05, 90), ['dataDropRatio', 'arpu']));
    // by hand: σ(b + w·x) with the model's own coefficients
    const [w0, w1] = churn.coefficients as unknown as number[];
    const hand = (x0: number, x1: number) => 1 / (1 + Math.exp(-(churn.intercept + w0! * x0 + w1! * x1)));
    expect(want[0]).toBeCloseTo(hand(0.9, 30), 12);
    expect(await r.json()).toEqual({ scores: [{ id: 'a', probability: want[0] }, { id: 'b', probability: want[1] }] });
  });

  test('POST /score with usage records scores subscriberFeatures’ columns', async () => {
    const { call } = await makeHandler();
    const month = (subscriberId: string, m: string, dataMB: number, bill: number) => ({
      subscriberId, month: m, localVoiceMinutes: 100, longDistanceVoiceMinutes: 0, roamingVoiceMinutes: 0, callsOut: 10, callsIn: 10, smsCount: 0, dataMB, nightDataMB: 0, monthlyFee: 50, billedAmount: bill,
    });
    const usage = [month('u1', '2024-01', 1000, 50), month('u1', '2024-02', 400, 60), month('u2', '2024-01', 500, 80), month('u2', '2024-02', 500, 80)];
    const r = await call('/score', { key: KEYS.scorer, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ usage }) });
    expect(r.status).toBe(200);
    const m = subscriberFeatures(usage);
    const cols = churn.featureNames.map((f) => m.columns.indexOf(f));
    const values = Float64Array.from([0, 1].flatMap((i) => cols.map((j) => m.values[i * m.columns.length + j]!)));
    const want = predictChurn(churn, createFeatureMatrix(values, churn.featureNames));
    expect(await r.json()).toEqual({ scores: [{ id: 'u1', probability: want[0] }, { id: 'u2', probability: want[1] }] });
  });

  test('a bad usage record is a 400 naming the body path, without its value', async () => {
    const { call } = await makeHandler();
    const body = JSON.stringify({ usage: [{ subscriberId: 'secret-id-123', month: '2024-13' }] });
    const r = await call('/score', { key: KEYS.scorer, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(JSON.parse(text).parameter).toMatch(/^usage\.0\./);
    expect(text).not.toContain('secret-id-123');
  });

  test('GET /healthz and GET /openapi.json need no key; the document comes from the zod schemas', async () => {
    const { call } = await makeHandler({ maxLimit: 500 });
    expect((await call('/healthz')).status).toBe(200);
    const doc = await (await call('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const limit = doc.paths['/query_users'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'string', pattern: '^[0-9]{1,16}$' });
    expect(limit.description).toContain('[0, 500]');
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/openapi.json', '/query_users', '/score', '/subscribers/{id}/offers']);
    const usage = doc.paths['/score'].post.requestBody.content['application/json'].schema.properties.usage;
    expect(usage.items.required).toContain('subscriberId');
  });
});

describe('createDecisionHandler: options and stores', () => {
  test('options are checked once, with named errors', async () => {
    const hash = await hashApiKey(KEYS.internal, keySecret);
    expect(() => createDecisionHandler(undefined as never)).toThrow(OptionsError);
    expect(() => createDecisionHandler({ keys: [], keySecret })).toThrow(/keys/);
    expect(() => createDecisionHandler({ keys: [{ id: 'a', hash, scopes: ['audience:ids'] }], keySecret: new Uint8Array(8) })).toThrow(/keySecret/);
    expect(() => createDecisionHandler({ keys: [{ id: 'a', hash, scopes: ['root' as never] }], keySecret })).toThrow(OptionsError);
    expect(() => createDecisionHandler({ keys: [{ id: 'a', hash, scopes: ['score'] }, { id: 'a', hash, scopes: ['score'] }], keySecret })).toThrow(/twice/);
    expect(() => createDecisionHandler({ keys: [{ id: 'a', hash, scopes: ['score'] }], keySecret, maxLimit: 1e9 })).toThrow(/maxLimit/);
    expect(() => createDecisionHandler({ keys: [{ id: 'a', hash, scopes: ['score'] }], keySecret, partner: { epsilon: 2, budgetEpsilon: 1 } })).toThrow(/partner.epsilon/);
  });

  test('a store that throws or hangs is bypassed: the answer comes from the index, marked unavailable', async () => {
    const broken: AudienceCache = { name: 'broken', get: () => Promise.reject(new Error('ECONNREFUSED')), set: () => Promise.reject(new Error('ECONNREFUSED')) };
    const hanging: AudienceCache = { name: 'hang', get: () => new Promise<CachedAudience | undefined>(() => undefined), set: () => undefined };
    for (const cache of [broken, hanging]) {
      const { call } = await makeHandler({ cache, cacheTimeoutMs: 20 });
      const r = await call('/query_users?tags=churn_risk&limit=2', { key: KEYS.internal });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-telcokit-cache')).toBe('unavailable');
      expect((await r.json()).ids).toEqual(['s08', 's09']);
    }
  });

  test('cache: false answers every request from the index', async () => {
    const { call } = await makeHandler({ cache: false });
    for (let i = 0; i < 2; i++) expect((await call('/query_users?tags=churn_risk', { key: KEYS.internal })).headers.get('x-telcokit-cache')).toBe('off');
  });
});
