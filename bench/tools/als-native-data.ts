/**
 * Writes bench/als.bench.ts's full-scale matrix (100,000 × 2,000, 20 draws per subscriber, seed 1) in the
 * CSR format ../shared/baselines/als_cg.c reads, for whole-process A/B timings against it:
 *   npx tsx bench/tools/als-native-data.ts DIR && gcc -O3 -march=native -ffast-math -o DIR/als_cg ../shared/baselines/als_cg.c -lm
 *   then time `node --import tsx bench/tools/als-native-fit.ts DIR float32` against `DIR/als_cg DIR 64 15 5 1 3 0`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fromTriples } from '../../src/recommend/interaction-matrix.js';
import { createRng } from '../../src/internal/rng.js';
const dir = process.argv[2]!;
const nUsers = 100_000, nItems = 2_000, perUser = 20, clusters = 20;
const rng = createRng(1);
const nnz = nUsers * perUser;
const us = new Int32Array(nnz), is = new Int32Array(nnz), ws = new Float64Array(nnz);
for (let u = 0, k = 0; u < nUsers; u++) {
  const c = rng.int(clusters);
  for (let t = 0; t < perUser; t++, k++) {
    us[k] = u;
    is[k] = rng.next() < 0.5 ? (c * Math.floor(nItems / clusters) + rng.int(Math.floor(nItems / clusters))) % nItems : Math.floor(nItems * rng.next() ** 3);
    ws[k] = 1;
  }
}
const ids = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
const m = fromTriples(ids(nUsers, 's'), ids(nItems, 'o'), us, is, ws);
mkdirSync(dir, { recursive: true });
const bytes = (a: Int32Array | Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
writeFileSync(`${dir}/meta.txt`, `${nUsers} ${nItems} ${m.data.length}\n`);
writeFileSync(`${dir}/indptr.i32`, bytes(Int32Array.from(m.indptr)));
writeFileSync(`${dir}/indices.i32`, bytes(Int32Array.from(m.indices)));
writeFileSync(`${dir}/data.f32`, bytes(Float32Array.from(m.data)));
