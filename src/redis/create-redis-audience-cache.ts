/**
 * `createRedisAudienceCache`: the decision handler's hot-audience store in Redis, through the
 * official `redis` client (an optional peer dependency, loaded only here).
 *
 * @module
 */
import { DependencyError } from '../errors.js';
import { defineOptions, described, int, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import type { AudienceCache, CachedAudience } from '../realtime/decision/audience-cache.js';

/** The module specifier of the optional peer dependency. */
export const REDIS_PACKAGE = 'redis';

/**
 * The few commands the store uses, as the official client (`redis` ≥ 5) exposes them; pass your own
 * connected client as `client` to share its connection.
 * @category Redis
 */
export interface RedisClientLike {
  get(key: string): Promise<string | null | unknown>;
  set(key: string, value: string, options?: { expiration?: { type: 'EX'; value: number } }): Promise<unknown>;
}

/** Options of {@link createRedisAudienceCache}. @category Redis */
export interface RedisAudienceCacheOptions {
  /** Server URL, e.g. `redis://127.0.0.1:6379` (default); ignored when `client` is given. */
  url?: string;
  /** A connected client to use instead of opening one (the store never closes it). */
  client?: RedisClientLike;
  /** Entry lifetime in seconds (default 3,600; in [1, 30 days]): entries of an old index version expire. */
  ttlSeconds?: number;
  /** Key prefix (default `'telcokit:audience:'`). */
  prefix?: string;
  /** Connect timeout of the client it opens, ms (default 1,000). */
  connectTimeoutMs?: number;
}

/** The Redis store: an {@link AudienceCache} that can be closed. @category Redis */
export interface RedisAudienceCache extends AudienceCache {
  readonly name: 'redis';
  /** Closes the connection the store opened (a no-op for a `client` you passed). */
  close(): Promise<void>;
}

const parseOptions = defineOptions('createRedisAudienceCache', {
  url: described(o.string({ regex: /^rediss?:\/\/\S+$/ }), 'a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
  client: described(
    o.custom<RedisClientLike>((v) => typeof v === 'object' && v !== null && typeof (v as RedisClientLike).get === 'function' && typeof (v as RedisClientLike).set === 'function'),
    'a connected redis client',
  ).optional(),
  ttlSeconds: int(1, 30 * 86_400).default(3600),
  prefix: str().default('telcokit:audience:'),
  connectTimeoutMs: int(1, 60_000).default(1000),
});

/** Value format: `v1:<total>:<base64 of the rows' little-endian Int32 bytes>`. */
function encode(value: CachedAudience): string {
  const bytes = new Uint8Array(value.rows.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < value.rows.length; i++) view.setInt32(i * 4, value.rows[i]!, true);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `v1:${value.total}:${btoa(bin)}`;
}

/** Decodes {@link encode}'s text; undefined for anything else (a foreign or corrupt entry is a miss). */
export function decodeCachedAudience(text: unknown): CachedAudience | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^v1:([0-9]{1,10}):([A-Za-z0-9+/]*={0,2})$/.exec(text);
  if (m === null) return undefined;
  let bin: string;
  try {
    bin = atob(m[2]!);
  } catch {
    return undefined;
  }
  if (bin.length % 4 !== 0) return undefined;
  const total = Number(m[1]);
  const rows = new Int32Array(bin.length / 4);
  if (rows.length > total) return undefined;
  for (let i = 0; i < rows.length; i++) {
    const o = i * 4;
    rows[i] = bin.charCodeAt(o) | (bin.charCodeAt(o + 1) << 8) | (bin.charCodeAt(o + 2) << 16) | (bin.charCodeAt(o + 3) << 24);
  }
  return { total, rows };
}

/**
 * A Redis-backed store for {@link createDecisionHandler}'s hot audiences, so several handler
 * processes share one cache. Entries expire after `ttlSeconds` (keys carry the index version, so
 * entries of an old index are never read again and simply expire). The client it opens does not
 * queue commands while disconnected: when Redis is down every operation fails at once, and the
 * handler answers from the index in process, saying `X-Telcokit-Cache: unavailable`; the client
 * keeps reconnecting in the background (every 0.1–2 s).
 *
 * @param options - `url` or `client`, `ttlSeconds` (default 3,600), `prefix`, `connectTimeoutMs`
 * @returns a promise of the store (resolved without waiting for the first connection)
 * @throws DependencyError when the `redis` package is not installed
 * @throws OptionsError for a bad option
 * @example
 * // const cache = await createRedisAudienceCache({ url: 'redis://127.0.0.1:6379' });
 * // const handler = createDecisionHandler({ keys, keySecret, tags: index, cache });
 * REDIS_PACKAGE // => 'redis'
 * @category Redis
 */
export async function createRedisAudienceCache(options?: RedisAudienceCacheOptions): Promise<RedisAudienceCache> {
  const fn = 'createRedisAudienceCache';
  const o = parseOptions(options);
  let client: RedisClientLike;
  let close = async (): Promise<void> => undefined;
  if (o.client !== undefined) client = o.client;
  else {
    const mod = await loadRedisModule(fn);
    const c = mod.createClient({
      url: o.url,
      disableOfflineQueue: true,
      socket: { connectTimeout: o.connectTimeoutMs, reconnectStrategy: (retries: number) => Math.min(100 * (retries + 1), 2000) },
    });
    // a client without an error listener crashes the process on a lost connection
    c.on('error', () => undefined);
    c.connect().catch(() => undefined);
    client = c;
    close = async () => {
      try {
        c.destroy();
      } catch {
        // already closed
      }
    };
  }
  const keyOf = (key: string): string => o.prefix + key;
  return {
    name: 'redis',
    async get(key) {
      return decodeCachedAudience(await client.get(keyOf(key)));
    },
    async set(key, value) {
      await client.set(keyOf(key), encode(value), { expiration: { type: 'EX', value: o.ttlSeconds } });
    },
    close,
  };
}

interface RedisModule {
  createClient(options: unknown): RedisClientLike & { on(event: 'error', f: (e: unknown) => void): unknown; connect(): Promise<unknown>; destroy(): void };
}

/** Loads `redis` (internal; the specifier is a parameter so tests can simulate its absence). */
export async function loadRedisModule(fn: string, specifier: string = REDIS_PACKAGE): Promise<RedisModule> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as RedisModule;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(String((e as Error).message))) {
      throw new DependencyError(`${fn}: ${specifier} is not installed; install the optional peer dependency with \`npm install ${specifier}\``, [specifier], { cause: e });
    }
    throw e;
  }
}
