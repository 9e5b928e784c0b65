import { afterEach, expect, test } from 'vitest';
import fc from 'fast-check';
import { buildInteractionMatrix, fitAls, fitRecommender, serializeModel } from 'telcokit';
import { setParallelFallbackForTests } from '../../src/internal/parallel/pool.js';
import { alsWasmAvailable } from '../../src/recommend/als-wasm.js';
import { randomData } from './fixtures.js';

afterEach(() => setParallelFallbackForTests(false));

test('the WebAssembly kernel runs here (else these tests would only see the TypeScript path)', () => {
  expect(alsWasmAvailable()).toBe(true);
});

test("fitAls(…, { precision: 'float32', workers }) gives the same model bytes for workers 1, 2, 3 and 'auto'", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 4 }), (seed, factors, cgSteps) => {
      const m = buildInteractionMatrix(randomData(300, 60, 8, seed));
      const base = { factors, cgSteps, maxIter: 3, seed, precision: 'float32' as const };
      const one = serializeModel(fitAls(m, { ...base, workers: 1 }));
      for (const workers of [2, 3, 'auto'] as const) expect(serializeModel(fitAls(m, { ...base, workers }))).toBe(one);
    }),
    { numRuns: 8 },
  );
});

test("fitAls(…, { precision: 'float64', workers }) gives the same model bytes for workers 1, 2, 3 (cg and cholesky)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 24 }), fc.constantFrom('cg' as const, 'cholesky' as const), (seed, factors, solver) => {
      const m = buildInteractionMatrix(randomData(200, 40, 8, seed));
      const base = { factors, solver, maxIter: 3, seed };
      const one = serializeModel(fitAls(m, { ...base, workers: 1 }));
      for (const workers of [2, 3] as const) expect(serializeModel(fitAls(m, { ...base, workers }))).toBe(one);
    }),
    { numRuns: 8 },
  );
});

test('fitAls with workers 2 and the single-thread fallback give the same model; workers is not stored', () => {
  const m = buildInteractionMatrix(randomData(500, 80, 10, 5));
  const base = { factors: 16, maxIter: 4, precision: 'float32' as const };
  const two = fitAls(m, { ...base, workers: 2 });
  expect(Object.keys(two.options)).not.toContain('workers');
  setParallelFallbackForTests(true);
  expect(serializeModel(fitAls(m, { ...base, workers: 2 }))).toBe(serializeModel(two));
  expect(serializeModel(fitAls(m, { factors: 8, maxIter: 2, workers: 2 }))).toBe(serializeModel(fitAls(m, { factors: 8, maxIter: 2 })));
});

test("fitRecommender(…, { als: { precision: 'float32', workers: 2 } }) gives the same model as one thread", () => {
  const interactions = randomData(400, 50, 6, 11);
  const opts = { components: ['als', 'popularity'] as const, als: { factors: 8, maxIter: 3, precision: 'float32' as const } };
  const one = fitRecommender({ interactions }, { ...opts, components: [...opts.components] });
  const two = fitRecommender({ interactions }, { ...opts, components: [...opts.components], als: { ...opts.als, workers: 2 } });
  expect(serializeModel(two)).toBe(serializeModel(one));
});

test('the embedded shared-memory kernel is what scripts/build-wasm.mjs assembles from src/recommend/als.wat', async () => {
  const script = (await import(new URL('../../scripts/build-wasm.mjs', import.meta.url).href)) as {
    assemble(path: string, shared?: boolean): Promise<Buffer>;
    generated(rel: string, bytes: Buffer, shared?: boolean): string;
  };
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const wat = fileURLToPath(new URL('../../src/recommend/als.wat', import.meta.url));
  const embedded = readFileSync(fileURLToPath(new URL('../../src/recommend/als-wasm-threads.generated.ts', import.meta.url)), 'utf8');
  expect(embedded).toBe(script.generated('src/recommend/als.wat', await script.assemble(wat, true), true));
});
