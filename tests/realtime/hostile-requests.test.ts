/**
 * Hostile requests against the decision API: each is refused with the right status, a stable error
 * code, and a body that leaks nothing (no subscriber id, no stack, no internal message, no echo of
 * the attacker's text in a header).
 */
import { describe, expect, test } from 'vitest';
import { profiles, KEYS, makeHandler } from './fixture';

const ERROR_KEYS = new Set(['error', 'message', 'parameter', 'position', 'requestId']);

/** Reads an error answer and checks that it leaks nothing. */
async function refused(r: Response, status: number, error: string): Promise<Record<string, unknown>> {
  expect(r.status).toBe(status);
  const text = await r.text();
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.error).toBe(error);
  for (const k of Object.keys(body)) expect(ERROR_KEYS.has(k)).toBe(true);
  for (const p of profiles) expect(text).not.toContain(`"${p.id}"`);
  expect(text).not.toMatch(/\bat [\w.]+ \(|node_modules|src\/|Error:/);
  expect(text.length).toBeLessThan(600);
  return body;
}

describe('hostile requests', () => {
  test('no key: 401 with WWW-Authenticate, audited with keyId null', async () => {
    const { call, audits } = await makeHandler();
    const r = await call('/query_users?tags=churn_risk');
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
    await refused(r, 401, 'unauthorized');
    expect(audits[0]).toMatchObject({ keyId: null, status: 401, rows: 0, route: '/query_users' });
  });

  test('a wrong key, a key one character off, an over-long key, a malformed Authorization header: 401', async () => {
    const { call } = await makeHandler();
    const offByOne = KEYS.internal.slice(0, -1) + (KEYS.internal.endsWith('1') ? '2' : '1');
    for (const key of ['wrong-key-wrong-key-wrong', offByOne, 'k'.repeat(10_000)]) await refused(await call('/query_users?tags=churn_risk', { key }), 401, 'unauthorized');
    await refused(await call('/query_users?tags=churn_risk', { headers: { authorization: `Basic ${btoa('ops:' + KEYS.internal)}` } }), 401, 'unauthorized');
    await refused(await call('/query_users?tags=churn_risk', { headers: { 'x-api-key': 'nope' } }), 401, 'unauthorized');
    // the right key through X-Api-Key works
    expect((await call('/query_users?tags=churn_risk', { headers: { 'x-api-key': KEYS.internal } })).status).toBe(200);
  });

  test('a key without the route’s scope: 403', async () => {
    const { call } = await makeHandler();
    await refused(await call('/query_users?tags=churn_risk', { key: KEYS.offers }), 403, 'forbidden');
    await refused(await call('/subscribers/s01/offers', { key: KEYS.partner }), 403, 'forbidden');
    await refused(await call('/score', { key: KEYS.internal, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rows":[]}' }), 403, 'forbidden');
  });

  test('limit 10⁹, a negative, fractional, exponent or empty limit, an unknown or repeated parameter: 400 naming it', async () => {
    const { call } = await makeHandler();
    for (const limit of ['1000000000', '-1', '1.5', '1e3', '', ' 7', '0x10']) {
      const body = await refused(await call(`/query_users?tags=churn_risk&limit=${encodeURIComponent(limit)}`, { key: KEYS.internal }), 400, 'bad_request');
      expect(body.parameter).toBe('limit');
    }
    expect((await refused(await call('/query_users?tags=churn_risk&limt=5', { key: KEYS.internal }), 400, 'bad_request')).parameter).toBe('limt');
    expect((await refused(await call('/query_users?tags=churn_risk&limit=1&limit=900', { key: KEYS.internal }), 400, 'bad_request')).parameter).toBe('limit');
    expect((await refused(await call('/subscribers/s01/offers?k=1000000000', { key: KEYS.offers }), 400, 'bad_request')).parameter).toBe('k');
    await refused(await call('/query_users?tags=churn_risk&q=churn_risk', { key: KEYS.internal }), 400, 'bad_request');
  });

  test('an expression nested 10,000 deep: 400 with the position where nesting passed the limit', async () => {
    const deep = '('.repeat(10_000) + 'churn_risk' + ')'.repeat(10_000);
    // with the default maxExpressionLength (2,048) the text is refused for its length first
    const { call } = await makeHandler();
    expect((await refused(await call(`/query_users?q=${encodeURIComponent(deep)}`, { key: KEYS.internal }), 400, 'bad_request')).parameter).toBe('q');
    // allowed that long, the parser stops at depth 64, position 64 (0-based)
    const long = await makeHandler({ maxExpressionLength: 65_536 });
    const body = await refused(await long.call(`/query_users?q=${encodeURIComponent(deep)}`, { key: KEYS.internal }), 400, 'bad_expression');
    expect(body).toMatchObject({ parameter: 'q', position: 64 });
    const nots = 'NOT '.repeat(10_000) + 'churn_risk';
    expect(await refused(await long.call(`/query_users?q=${encodeURIComponent(nots)}`, { key: KEYS.internal }), 400, 'bad_expression')).toMatchObject({ position: 256 });
  });

  test('a 1 MB expression: 414 before anything is parsed', async () => {
    const { call } = await makeHandler({ maxExpressionLength: 65_536 });
    await refused(await call(`/query_users?q=${'a'.repeat(1 << 20)}`, { key: KEYS.internal }), 414, 'uri_too_long');
  });

  test('unknown tags and syntax errors: 400 with the position', async () => {
    const { call } = await makeHandler();
    expect(await refused(await call(`/query_users?q=${encodeURIComponent('churn_risk AND vip')}`, { key: KEYS.internal }), 400, 'bad_expression')).toMatchObject({ position: 15, parameter: 'q' });
    expect(await refused(await call('/query_users?tags=churn_risk,vip', { key: KEYS.internal }), 400, 'bad_expression')).toMatchObject({ position: 11, parameter: 'tags' });
    expect(await refused(await call(`/query_users?q=${encodeURIComponent('churn_risk AND (')}`, { key: KEYS.internal }), 400, 'bad_expression')).toMatchObject({ position: 16 });
    // tags= takes tag ids only: an operator is not smuggled through it
    expect(await refused(await call(`/query_users?tags=${encodeURIComponent('churn_risk OR high_consumption')}`, { key: KEYS.internal }), 400, 'bad_expression')).toMatchObject({ position: 10 });
    expect(await refused(await call('/query_users?tags=churn_risk,,x', { key: KEYS.internal }), 400, 'bad_expression')).toMatchObject({ parameter: 'tags' });
  });

  test('path traversal in {id}: 400 (encoded) or 404 (normalised away), never a file or an echo', async () => {
    const { call } = await makeHandler();
    for (const id of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e', '..', '%00', 's01%0d%0aX-Evil:1', '%E0%A4%A']) {
      const r = await call(`/subscribers/${id}/offers`, { key: KEYS.offers });
      expect([400, 404]).toContain(r.status);
      const text = await r.text();
      expect(text).not.toMatch(/passwd|X-Evil/);
    }
    await refused(await call('/subscribers/..%2F..%2Fetc%2Fpasswd/offers', { key: KEYS.offers }), 400, 'bad_request');
    await refused(await call('/subscribers/../../etc/passwd/offers', { key: KEYS.offers }), 404, 'not_found');
  });

  test('header injection: CR/LF in parameters or ids never reaches a response header; odd request ids are not echoed', async () => {
    const { call } = await makeHandler();
    const r = await call(`/query_users?q=${encodeURIComponent('churn_risk\r\nSet-Cookie: a=1')}`, { key: KEYS.internal, headers: { 'x-request-id': 'id"><script>' } });
    await refused(r, 400, 'bad_expression');
    expect(r.headers.get('set-cookie')).toBeNull();
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    for (const [, v] of r.headers) expect(v).not.toMatch(/script|a=1/);
    const ok = await call('/healthz', { headers: { 'x-request-id': 'trace-42' } });
    expect(ok.headers.get('x-request-id')).toBe('trace-42');
  });

  test('a body that is not JSON, not UTF-8, not declared JSON, too large, or of the wrong shape', async () => {
    const { call } = await makeHandler({ maxBodyBytes: 1000 });
    const post = (body: BodyInit, type = 'application/json') => call('/score', { key: KEYS.scorer, method: 'POST', headers: { 'content-type': type }, body });
    await refused(await post('{"rows": [1,'), 400, 'bad_request');
    await refused(await post(Uint8Array.of(0x7b, 0xff, 0x7d)), 400, 'bad_request');
    await refused(await post('{"rows":[]}', 'text/plain'), 415, 'unsupported_media_type');
    await refused(await post(JSON.stringify({ rows: [{ id: 'a', features: { arpu: 1, dataDropRatio: 1 } }], pad: 'x'.repeat(2000) })), 413, 'payload_too_large');
    await refused(await post('[]'), 400, 'bad_request');
    await refused(await post('{"rows":[{"id":"a","features":{"arpu":1}}]}'), 400, 'bad_request'); // dataDropRatio missing
    await refused(await post('{"rows":[{"id":"a","features":{"arpu":1,"dataDropRatio":1,"__proto__":2}}]}'), 400, 'bad_request');
    await refused(await post('{"usage":[],"rows":[]}'), 400, 'bad_request');
    await refused(await call('/score', { key: KEYS.scorer }), 405, 'method_not_allowed');
  });

  test('a flood past the rate limit: 429 with Retry-After, refilled by the (injected) clock', async () => {
    const { call, advance, audits } = await makeHandler({ rateLimit: { perSecond: 2, burst: 5 } });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 12; i++) {
      last = await call('/query_users?tags=churn_risk', { key: KEYS.internal });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
    expect(last!.headers.get('retry-after')).toBe('1');
    await refused(last!, 429, 'rate_limited');
    advance(499);
    expect((await call('/query_users?tags=churn_risk', { key: KEYS.internal })).status).toBe(429);
    advance(1);
    expect((await call('/query_users?tags=churn_risk', { key: KEYS.internal })).status).toBe(200);
    // other keys have their own buckets
    expect((await call('/subscribers/s01/offers', { key: KEYS.offers })).status).toBe(200);
    expect(audits.filter((a) => a.status === 429).every((a) => a.keyId === 'ops')).toBe(true);
  });

  test('unknown routes and methods: 404 and 405 with Allow', async () => {
    const { call } = await makeHandler();
    await refused(await call('/admin', { key: KEYS.internal }), 404, 'not_found');
    const r = await call('/query_users?tags=churn_risk', { key: KEYS.internal, method: 'DELETE' });
    expect(r.headers.get('allow')).toBe('GET, HEAD');
    await refused(r, 405, 'method_not_allowed');
  });

  test('a handler error is a bare 500; the detail goes to onError only', async () => {
    const errors: unknown[] = [];
    const { call } = await makeHandler({ tags: () => { throw new Error('db password is hunter2'); }, onError: (e) => errors.push(e) });
    const body = await refused(await call('/query_users?tags=churn_risk', { key: KEYS.internal }), 500, 'internal');
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(String(errors[0])).toContain('hunter2');
  });
});
