import { afterEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DataError, OptionsError, fitKMeans } from 'telcokit';
import { getPool, hardwareThreads, parallelSupported, partRange, resolveWorkers, setParallelFallbackForTests } from '../../src/internal/parallel/pool.js';
import { handleMessage } from '../../src/internal/parallel/serve.js';
import { KMEANS_TASKS } from '../../src/segment/kmeans-assign.js';
import { markPart, throwInPart, TEST_TASKS } from '../../src/internal/parallel/test-tasks.js';
import { GBDT_WORKER_SOURCE, KMEANS_WORKER_SOURCE } from '../../src/internal/parallel/worker-source.generated.js';
import { MAX_WORKERS } from '../../src/limits.js';

afterEach(() => setParallelFallbackForTests(false));

describe('the thread pool', () => {
  test('threads can be started from inside a vitest worker (Node worker_threads, eval workers)', () => {
    expect(parallelSupported()).toBe(true);
    const pool = getPool(KMEANS_WORKER_SOURCE, 3);
    expect(pool?.threads).toBe(2);
    // the same pool is reused for the same source and size
    expect(getPool(KMEANS_WORKER_SOURCE, 3)).toBe(pool);
  });

  test('pool.run(…) runs part 0 on the caller and parts 1…threads on the workers, over contiguous rows', () => {
    const pool = getPool(KMEANS_WORKER_SOURCE, 3)!;
    const out = new Int32Array(new SharedArrayBuffer(4 * 10)).fill(-1);
    pool.run('test', 'test/mark', markPart, { out });
    expect([...out]).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    // fewer parts than threads + 1
    out.fill(-1);
    pool.run('test', 'test/mark', markPart, { out }, 2);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  test('an error thrown in a worker thread surfaces on the caller as the same named error, and the pool stays usable', () => {
    const pool = getPool(GBDT_WORKER_SOURCE, 2)!;
    expect(() => pool.run('fitThing', 'test/throw', throwInPart, { part: 1 })).toThrow(DataError);
    expect(() => pool.run('fitThing', 'test/throw', throwInPart, { part: 1 })).toThrow(/part 1 failed on purpose/);
    // on the caller's own part too
    expect(() => pool.run('fitThing', 'test/throw', throwInPart, { part: 0 })).toThrow(/part 0 failed on purpose/);
    // a task the worker does not know is a DataError naming the function
    expect(() => pool.run('fitThing', 'no/such', () => undefined, {})).toThrow(/^fitThing: a worker thread failed: Error: unknown task no\/such/);
    const out = new Int32Array(new SharedArrayBuffer(8));
    pool.run('test', 'test/mark', markPart, { out });
    expect([...out]).toEqual([0, 1]);
  });

  test('the fallback hook makes getPool return undefined; workers ≤ 1 never creates a pool', () => {
    expect(getPool(KMEANS_WORKER_SOURCE, 1)).toBeUndefined();
    setParallelFallbackForTests(true);
    expect(getPool(KMEANS_WORKER_SOURCE, 2)).toBeUndefined();
    setParallelFallbackForTests(false);
    expect(getPool(KMEANS_WORKER_SOURCE, 2)).toBeDefined();
  });

  test("resolveWorkers('auto') is the processor count capped at MAX_WORKERS; a number stays itself", () => {
    expect(resolveWorkers('auto')).toBe(Math.min(MAX_WORKERS, hardwareThreads()));
    expect(resolveWorkers(3)).toBe(3);
  });

  test('handleMessage counts a part done and records the first error (the function the worker runs)', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(16));
    const err = new Uint8Array(new SharedArrayBuffer(64));
    const s = {};
    handleMessage(TEST_TASKS, s, { init: ctrl, err });
    expect(ctrl[0]).toBe(1);
    handleMessage(TEST_TASKS, s, { task: 'test/throw', args: { part: 2 }, part: 2, parts: 3 });
    expect(ctrl[0]).toBe(2);
    expect(ctrl[1]).toBe(1);
    expect(new TextDecoder().decode(Uint8Array.from(err.subarray(0, ctrl[2])))).toBe('DataError\nthrowInPart: part 2 failed on purpose');
    // a second error does not overwrite the first
    handleMessage(TEST_TASKS, s, { task: 'nope', part: 1, parts: 3 });
    expect(ctrl[0]).toBe(3);
    expect(ctrl[2]).toBe('DataError\nthrowInPart: part 2 failed on purpose'.length);
  });

  test('the worker entries register every k-means kernel under its task name', () => {
    for (const name of Object.keys(KMEANS_TASKS)) expect(KMEANS_WORKER_SOURCE).toContain(JSON.stringify(name).slice(1, -1));
  });
});

test('partRange(n, part, parts) tiles 0…n with contiguous parts whose sizes differ by at most one', () => {
  fc.assert(
    fc.property(fc.nat(10_000), fc.integer({ min: 1, max: 70 }), (n, parts) => {
      let next = 0;
      const sizes: number[] = [];
      for (let q = 0; q < parts; q++) {
        const [lo, hi] = partRange(n, q, parts);
        expect(lo).toBe(next);
        sizes.push(hi - lo);
        next = hi;
      }
      expect(next).toBe(n);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }),
  );
});

test.each([0, -1, 1.5, 'two', 1e9, MAX_WORKERS + 1, null, Number.NaN])('fitKMeans(…, { workers: %s }) is an OptionsError naming workers', (w) => {
  const call = () => fitKMeans([[0], [1], [2]], { k: 2, workers: w as never });
  expect(call).toThrow(OptionsError);
  expect(call).toThrow(/option workers must be an integer in \[1, 64\] or 'auto'/);
  try {
    call();
  } catch (e) {
    expect((e as OptionsError).option).toBe('workers');
  }
});

test('the embedded worker sources are what scripts/build-workers.mjs bundles (esbuild)', async () => {
  const script = (await import(new URL('../../scripts/build-workers.mjs', import.meta.url).href)) as { generated(): Promise<string> };
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const embedded = readFileSync(fileURLToPath(new URL('../../src/internal/parallel/worker-source.generated.ts', import.meta.url)), 'utf8');
  expect(embedded).toBe(await script.generated());
});
