import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  createTsBlockDistances,
  distancesToCentres,
  lloyd,
  reassignRange,
  sqDist,
  type BlockDistances,
  type CentreState,
} from '../../src/segment/kmeans-kernel.js';
import { createWasmBlockDistances, kmeansWasmAvailable } from '../../src/segment/kmeans-wasm.js';
import { blobs, gauss, rand } from './helpers.js';

/** n × p standard normal values from a seed (wide range: × 10^scale). */
function normals(n: number, p: number, seed: number, scale = 0): Float64Array {
  const u = rand(seed);
  const out = new Float64Array(n * p);
  for (let i = 0; i < out.length; i++) out[i] = gauss(u) * 10 ** scale;
  return out;
}

function wasmKernel(X: Float64Array, k: number, p: number): BlockDistances {
  const kern = createWasmBlockDistances(X, k, p);
  if (!kern) throw new Error('no WebAssembly SIMD in this runtime');
  return kern;
}

describe('k-means WebAssembly SIMD distances equal the TypeScript ones bit for bit', () => {
  test('this Node runs the SIMD kernel (otherwise the comparisons below would compare the fallback with itself)', () => {
    expect(kmeansWasmAvailable()).toBe(true);
  });

  test('first(i0, count) = distancesToCentres and dist(count) = sqDist for every row and centre, any k and p (odd and even)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 21 }), fc.integer({ min: 1, max: 600 }), fc.nat(), fc.integer({ min: -3, max: 3 }), (k, p, n, seed, scale) => {
        const X = normals(n, p, seed, scale);
        const C = normals(k, p, seed + 1, scale);
        const w = wasmKernel(X, k, p);
        const t = createTsBlockDistances(X, k, p);
        w.setCentres(C);
        t.setCentres(C);
        const D = new Float64Array(k);
        for (let i0 = 0; i0 < n; i0 += w.rows) {
          const count = Math.min(w.rows, n - i0);
          w.first(i0, count);
          t.first(i0, count);
          for (let r = 0; r < count; r++) {
            distancesToCentres(X, (i0 + r) * p, C, k, p, D);
            for (let c = 0; c < k; c++) {
              expect(w.out[r * w.stride + c]).toBe(D[c]);
              expect(t.out[r * t.stride + c]).toBe(D[c]);
            }
          }
        }
        // dist over scattered rows (every third, in reverse)
        let count = 0;
        for (let i = n - 1; i >= 0 && count < w.rows; i -= 3) {
          w.idx[count] = i;
          t.idx[count] = i;
          count++;
        }
        w.dist(count);
        t.dist(count);
        for (let r = 0; r < count; r++) {
          for (let c = 0; c < k; c++) {
            const d = sqDist(X, w.idx[r]! * p, C, c * p, p);
            expect(w.out[r * k + c]).toBe(d);
            expect(t.out[r * k + c]).toBe(d);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  test('lloyd with and without the WebAssembly kernel: the same centroids, labels, inertia and iterations (Hamerly and plain)', () => {
    const { m } = blobs(5000, [[0, 0, 0, 0, 0], [1.5, 1.5, 0, 0, 1], [0, 1.5, 1.5, 0, 0], [0, 0, 1.5, 1.5, 1], [1.5, 0, 0, 1.5, 0], [1, 1, 1, 1, 1]], { sd: 1, seed: 33 });
    const X = m.values;
    for (const k of [1, 2, 3, 7, 8, 11]) {
      const C0 = X.slice(0, k * 5);
      for (const bounds of [true, false]) {
        const a = lloyd(X, m.nRows, 5, C0, k, { maxIter: 300, tolAbs: 0, bounds, wasm: true });
        const b = lloyd(X, m.nRows, 5, C0, k, { maxIter: 300, tolAbs: 0, bounds, wasm: false });
        expect(Array.from(a.centroids)).toEqual(Array.from(b.centroids));
        expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
        expect(a.inertia).toBe(b.inertia);
        expect(a.iterations).toBe(b.iterations);
        expect(a.converged).toBe(true);
      }
    }
  });
});

describe('reassignRange over row ranges (the shape a worker pool calls)', () => {
  test('split into ranges in any order, it writes the same labels, bounds and moves as one call over all rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 50, max: 900 }), fc.nat(), fc.integer({ min: 1, max: 5 }), (k, n, seed, parts) => {
        const p = 3;
        const X = normals(n, p, seed);
        const C = normals(k, p, seed + 7);
        // bounds that let every row through to the distances, stored against zero shifts
        const state = (): CentreState => ({ C, k, p, cum: new Float64Array(2 * k), half: new Float64Array(k) });
        const fresh = () => ({ labels: Int32Array.from({ length: n }, (_, i) => i % k), up: new Float32Array(n).fill(Infinity), lo: new Float32Array(n).fill(-Infinity) });
        const whole = fresh();
        const wRows = new Int32Array(n);
        const wFrom = new Int32Array(n);
        const kern1 = createTsBlockDistances(X, k, p);
        kern1.setCentres(C);
        const moved = reassignRange(X, state(), 0, n, whole, wRows, wFrom, kern1);
        const split = fresh();
        const sRows = new Int32Array(n);
        const sFrom = new Int32Array(n);
        const cuts = Array.from({ length: parts + 1 }, (_, t) => Math.round((t * n) / parts));
        const counts: number[] = [];
        // last range first: ranges are independent
        for (let t = parts - 1; t >= 0; t--) {
          const kern = wasmKernel(X, k, p);
          kern.setCentres(C);
          counts[t] = reassignRange(X, state(), cuts[t]!, cuts[t + 1]!, split, sRows, sFrom, kern);
        }
        expect(Array.from(split.labels)).toEqual(Array.from(whole.labels));
        expect(Array.from(split.up)).toEqual(Array.from(whole.up));
        expect(Array.from(split.lo)).toEqual(Array.from(whole.lo));
        // the moves of range t sit at [cuts[t], cuts[t] + counts[t]); in range order they are the whole call's moves
        const rows: number[] = [];
        const from: number[] = [];
        for (let t = 0; t < parts; t++) {
          rows.push(...sRows.subarray(cuts[t]!, cuts[t]! + counts[t]!));
          from.push(...sFrom.subarray(cuts[t]!, cuts[t]! + counts[t]!));
        }
        expect(rows).toEqual(Array.from(wRows.subarray(0, moved)));
        expect(from).toEqual(Array.from(wFrom.subarray(0, moved)));
        // every row now sits at its nearest centre (ties: the current label, then the lowest index)
        for (let i = 0; i < n; i++) {
          let best = 0;
          for (let c = 1; c < k; c++) if (sqDist(X, i * p, C, c * p, p) < sqDist(X, i * p, C, best * p, p)) best = c;
          expect(sqDist(X, i * p, C, whole.labels[i]! * p, p)).toBe(sqDist(X, i * p, C, best * p, p));
        }
      }),
      { numRuns: 40 },
    );
  });
});

test('the embedded WebAssembly module is what scripts/build-wasm.mjs assembles from src/segment/kmeans.wat (wabt)', async () => {
  const script = (await import(new URL('../../scripts/build-wasm.mjs', import.meta.url).href)) as {
    assemble(path: string): Promise<Buffer>;
    generated(rel: string, bytes: Buffer): string;
  };
  const { readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const wat = fileURLToPath(new URL('../../src/segment/kmeans.wat', import.meta.url));
  const embedded = readFileSync(fileURLToPath(new URL('../../src/segment/kmeans-wasm.generated.ts', import.meta.url)), 'utf8');
  expect(embedded).toBe(script.generated('src/segment/kmeans.wat', await script.assemble(wat)));
});
