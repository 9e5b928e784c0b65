import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { createLruCache, OptionsError } from 'telcokit';

const entry = (n: number) => ({ total: n, rows: new Int32Array(n) });

describe('createLruCache', () => {
  test('evicts the least recently used entry past maxEntries; get refreshes', () => {
    const c = createLruCache({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c']) c.set(k, entry(1));
    c.get('a');
    c.set('d', entry(1));
    expect(['a', 'b', 'c', 'd'].map((k) => c.get(k) !== undefined)).toEqual([true, false, true, true]);
  });

  test('bytes are bounded: entry = 4·rows + 2·key length + 96; an entry larger than maxBytes is not kept', () => {
    const c = createLruCache({ maxBytes: 2048 });
    c.set('k1', entry(100)); // 400 + 4 + 96 = 500
    c.set('k2', entry(100));
    c.set('k3', entry(100));
    c.set('k4', entry(100));
    expect(c.stats()).toMatchObject({ entries: 4, bytes: 2000 });
    c.set('k5', entry(100)); // 2500 > 2048: k1 goes
    expect(c.stats()).toMatchObject({ entries: 4, bytes: 2000 });
    expect(c.get('k1')).toBeUndefined();
    c.set('huge', entry(1000));
    expect(c.get('huge')).toBeUndefined();
    expect(c.stats().entries).toBe(4);
  });

  test('property: bytes and entries never pass their bounds, and the last value set under a key is the one read', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 300 }), fc.boolean()), { maxLength: 200 }), (ops) => {
        const c = createLruCache({ maxEntries: 4, maxBytes: 3000 });
        for (const [k, n, isGet] of ops) {
          const key = `k${k}`;
          if (isGet) {
            const v = c.get(key);
            if (v !== undefined) expect(v.total).toBeLessThanOrEqual(300);
          } else {
            const v = entry(n);
            c.set(key, v);
            const fits = 4 * n + 2 * key.length + 96 <= 3000;
            expect(c.get(key)).toBe(fits ? v : undefined);
          }
          const s = c.stats();
          expect(s.entries).toBeLessThanOrEqual(4);
          expect(s.bytes).toBeLessThanOrEqual(3000);
        }
      }),
    );
  });

  test('invalidate(version) keeps only keys of that version', () => {
    const c = createLruCache();
    c.set('v1\u0000a', entry(1));
    c.set('v2\u0000a', entry(1));
    c.invalidate!('v2');
    expect(c.get('v1\u0000a')).toBeUndefined();
    expect(c.get('v2\u0000a')).toBeDefined();
  });

  test('bad options are OptionsErrors', () => {
    expect(() => createLruCache({ maxEntries: 0 })).toThrow(OptionsError);
    expect(() => createLruCache({ maxBytes: 2 ** 40 })).toThrow(/maxBytes/);
    expect(() => createLruCache(null as never)).toThrow(OptionsError);
  });
});
