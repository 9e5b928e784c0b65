/**
 * The Redis store against a real redis-server (Debian's package; .ci/run installs it and starts it
 * on 127.0.0.1:6390 and sets TELCOKIT_REDIS_URL). Skipped, saying why, when TELCOKIT_REDIS_URL is
 * unset. The "Redis down" tests need no server: they point the store at a closed port.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { createServer } from 'node:net';
import { createClient } from 'redis';
import { createRedisAudienceCache } from 'telcokit/redis';
import type { RedisAudienceCache } from 'telcokit/redis';
import { DependencyError, OptionsError } from 'telcokit';
import { decodeCachedAudience, loadRedisModule } from '../../src/redis/create-redis-audience-cache';
import { KEYS, makeHandler } from './fixture';

const url = process.env.TELCOKIT_REDIS_URL;
const why = url ? '' : ' — SKIPPED: TELCOKIT_REDIS_URL is not set (CI sets it; locally: redis-server --port 6390 --save "" --daemonize yes and TELCOKIT_REDIS_URL=redis://127.0.0.1:6390)';
if (why) console.warn(`tests/realtime/redis-cache.test.ts${why}`);

const opened: RedisAudienceCache[] = [];
afterAll(async () => {
  for (const c of opened) await c.close();
});

/** Waits until the store's background connection is up (a store answers at once, failing, until then). */
async function connected(cache: RedisAudienceCache): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await cache.get('probe');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('redis-server did not answer within 5 s');
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.skipIf(!url)(`createRedisAudienceCache against redis-server${why}`, () => {
  const prefix = `telcokit-test:${process.pid}:${Date.now()}:`;

  test('set then get round-trips the entry exactly, with the TTL set', async () => {
    const cache = await createRedisAudienceCache({ url, prefix, ttlSeconds: 120 });
    opened.push(cache);
    const value = { total: 123_456, rows: Int32Array.from({ length: 5000 }, (_, i) => i * 7 + (i % 3) - (i === 4999 ? 2 ** 31 : 0)) };
    await connected(cache);
    await cache.set('v\u0000k', value);
    const back = await cache.get('v\u0000k');
    expect(back?.total).toBe(123_456);
    expect(Array.from(back!.rows)).toEqual(Array.from(value.rows));
    const raw = createClient({ url });
    await raw.connect();
    const ttl = await raw.ttl(`${prefix}v\u0000k`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await cache.get('absent')).toBeUndefined();
    // a foreign value under a key is a miss, not a crash
    await raw.set(`${prefix}foreign`, 'hello');
    expect(await cache.get('foreign')).toBeUndefined();
    await raw.close();
  });

  test('two handlers sharing one Redis: the second one’s first request is a hit', async () => {
    const a = await createRedisAudienceCache({ url, prefix });
    const b = await createRedisAudienceCache({ url, prefix });
    opened.push(a, b);
    await connected(a);
    await connected(b);
    const h1 = await makeHandler({ cache: a, cacheTimeoutMs: 2000 });
    const h2 = await makeHandler({ cache: b, cacheTimeoutMs: 2000 });
    const r1 = await h1.call('/query_users?tags=travel_enthusiast,churn_risk', { key: KEYS.internal });
    expect(r1.headers.get('x-telcokit-cache')).toBe('miss');
    const r2 = await h2.call('/query_users?q=churn_risk%20AND%20travel_enthusiast', { key: KEYS.internal });
    expect(r2.headers.get('x-telcokit-cache')).toBe('hit');
    const [j1, j2] = [await r1.json(), await r2.json()];
    expect(j2.ids).toEqual(j1.ids);
    expect(j1.ids).toEqual(['s10', 's11', 's14', 's15']);
  });
});

describe('Redis down', () => {
  test('the handler answers from the in-process path and says so in X-Telcokit-Cache, at once', async () => {
    const cache = await createRedisAudienceCache({ url: `redis://127.0.0.1:${await closedPort()}`, connectTimeoutMs: 200 });
    opened.push(cache);
    // a 60 s cache timeout: were commands queued while disconnected, this test would time out (10 s)
    const { call, audits } = await makeHandler({ cache, cacheTimeoutMs: 60_000 });
    const r = await call('/query_users?tags=churn_risk&limit=3', { key: KEYS.internal });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-telcokit-cache')).toBe('unavailable');
    expect(await r.json()).toMatchObject({ count: 8, ids: ['s08', 's09', 's10'] });
    expect(audits[0]!.cache).toBe('unavailable');
  }, 10_000);
});

describe('telcokit/redis without its peer dependency, and options', () => {
  test('a missing redis package is a DependencyError naming it', async () => {
    await expect(loadRedisModule('createRedisAudienceCache', 'redis-not-installed-xyz')).rejects.toThrow(DependencyError);
  });
  test('bad options are OptionsErrors', async () => {
    await expect(createRedisAudienceCache({ url: 'http://x' })).rejects.toThrow(OptionsError);
    await expect(createRedisAudienceCache({ ttlSeconds: 0 })).rejects.toThrow(/ttlSeconds/);
    await expect(createRedisAudienceCache(null as never)).rejects.toThrow(OptionsError);
  });
  test('decodeCachedAudience refuses anything but its own format', () => {
    for (const bad of [null, 5, '', 'v1:0:AAAAAA==', 'v1:x:AAAA', 'v2:1:AAAAAA==', 'v1:1:!!!!']) expect(decodeCachedAudience(bad)).toBeUndefined();
    expect(decodeCachedAudience('v1:7:')).toEqual({ total: 7, rows: new Int32Array(0) });
    expect(decodeCachedAudience('v1:1:AQAAAA==')).toEqual({ total: 1, rows: Int32Array.of(1) });
  });
});
