/**
 * The hot-audience cache: what it stores, the interface a store implements, and the in-process
 * LRU store used by default.
 *
 * @module
 */
import { defineOptions, int } from '../../internal/options.js';
import * as o from '../../internal/option-kinds.js';

/**
 * One cached audience: its exact size and the first row positions of its members in index order
 * (enough to serve any page inside the prefix without touching the index).
 * @category Realtime
 */
export interface CachedAudience {
  /** Number of subscribers matching the expression. */
  readonly total: number;
  /** Row positions (in the tag index) of the first `rows.length` members, ascending. */
  readonly rows: Int32Array;
}

/**
 * A store for the hot-audience cache. Keys are made by the decision handler from the tag index
 * version and {@link canonicalAudience}; a store only has to keep values by key. Methods may be
 * synchronous or return promises; a store that throws or rejects (a Redis server that is down)
 * makes the handler answer from the index in process and say so in the `X-Telcokit-Cache` header.
 * @category Realtime
 */
export interface AudienceCache {
  /** A short name for headers and audit records (`'memory'`, `'redis'`). */
  readonly name: string;
  get(key: string): CachedAudience | undefined | Promise<CachedAudience | undefined>;
  set(key: string, value: CachedAudience): void | Promise<void>;
  /**
   * Drops entries of every tag index version but `version` (optional: a shared store whose keys
   * expire can leave it out). The handler calls it when the index changes.
   */
  invalidate?(version: string): void | Promise<void>;
}

/** Options of {@link createLruCache}. @category Realtime */
export interface LruCacheOptions {
  /** Most entries kept (default 1,000; an integer in [1, 1,000,000]). */
  maxEntries?: number;
  /** Most bytes kept, counting each entry's row buffer, key and a fixed overhead (default 64 MiB; at most 4 GiB). */
  maxBytes?: number;
}

/** The in-process LRU store, with its counters. @category Realtime */
export interface LruAudienceCache extends AudienceCache {
  readonly name: 'memory';
  /** The entry under `key` (now the most recently used), or undefined. */
  get(key: string): CachedAudience | undefined;
  /** Stores `value` under `key`, evicting the least recently used entries past the bounds. */
  set(key: string, value: CachedAudience): void;
  /** Drops the entries of every index version but `version`. */
  invalidate(version: string): void;
  /** Entries and bytes held now, hits and misses so far. */
  stats(): { readonly entries: number; readonly bytes: number; readonly hits: number; readonly misses: number };
  /** Drops every entry. */
  clear(): void;
}

/** Bytes counted for an entry beyond its row buffer and its key (object headers, the Map slot). */
const ENTRY_OVERHEAD = 96;
/** Separator between the version and the expression in the handler's keys. */
export const KEY_SEPARATOR = '\u0000';

const lruOptions = defineOptions('createLruCache', {
  maxEntries: int(1, 1_000_000).default(1000),
  maxBytes: int(1024, 2 ** 32).default(64 * 2 ** 20),
});

/**
 * An in-process least-recently-used store for the decision handler's hot audiences, bounded both
 * in entries and in bytes: inserting past either bound evicts the least recently used entries
 * first, and a value larger than `maxBytes` on its own is not stored. `get` refreshes an entry's
 * recency. Values are kept by reference (the handler never mutates them).
 *
 * @param options - `maxEntries` (default 1,000), `maxBytes` (default 64 MiB)
 * @returns the store
 * @throws OptionsError for an unknown option or a bound out of range
 * @example
 * const cache = createLruCache({ maxEntries: 2 });
 * cache.set('a', { total: 1, rows: Int32Array.of(4) });
 * cache.set('b', { total: 0, rows: new Int32Array(0) });
 * cache.get('a'); // refreshes 'a'
 * cache.set('c', { total: 0, rows: new Int32Array(0) }); // evicts 'b'
 * [cache.get('b'), cache.stats().entries] // => [undefined, 2]
 * @category Realtime
 */
export function createLruCache(options?: LruCacheOptions): LruAudienceCache {
  const { maxEntries, maxBytes } = lruOptions(options);
  // a Map iterates in insertion order: re-inserting on use keeps the least recent first
  const entries = new Map<string, { value: CachedAudience; bytes: number }>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  const drop = (key: string): void => {
    const e = entries.get(key);
    if (e === undefined) return;
    entries.delete(key);
    bytes -= e.bytes;
  };
  return {
    name: 'memory',
    get(key) {
      const e = entries.get(key);
      if (e === undefined) {
        misses++;
        return undefined;
      }
      hits++;
      entries.delete(key);
      entries.set(key, e);
      return e.value;
    },
    set(key, value) {
      const size = value.rows.byteLength + key.length * 2 + ENTRY_OVERHEAD;
      drop(key);
      if (size > maxBytes) return;
      while (entries.size > 0 && (entries.size >= maxEntries || bytes + size > maxBytes)) drop(entries.keys().next().value!);
      entries.set(key, { value, bytes: size });
      bytes += size;
    },
    invalidate(version) {
      const prefix = version + KEY_SEPARATOR;
      for (const key of [...entries.keys()]) if (!key.startsWith(prefix)) drop(key);
    },
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}

/** The option kind of an {@link AudienceCache}, for option declarations. */
export const audienceCacheSchema = o.custom<AudienceCache>(
  (v) => typeof v === 'object' && v !== null && typeof (v as AudienceCache).get === 'function' && typeof (v as AudienceCache).set === 'function' && typeof (v as AudienceCache).name === 'string',
);
