/**
 * Fits telcokit's ALS (64 factors, 15 iterations, α 5, λ 1, seed 0) on a matrix written by
 * als-native-data.ts and prints `RESULT {"fit_s": …}` as als_cg.c does. Argument 2: 'float32' (default) or 'float64'.
 */
import { readFileSync } from 'node:fs';
import { fitAls } from '../../src/index.js';
const dir = process.argv[2]!;
const precision = (process.argv[3] ?? 'float32') as 'float32' | 'float64';
const [nU, nI, nnz] = readFileSync(`${dir}/meta.txt`, 'utf8').trim().split(/\s+/).map(Number) as [number, number, number];
const i32 = (f: string) => { const b = readFileSync(`${dir}/${f}`); return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
const f32 = (f: string) => { const b = readFileSync(`${dir}/${f}`); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
const indptr = i32('indptr.i32'), indices = i32('indices.i32'), data = Float64Array.from(f32('data.f32'));
const cptr = new Int32Array(nI + 1), cidx = new Int32Array(nnz), cdat = new Float64Array(nnz);
for (let k = 0; k < nnz; k++) cptr[indices[k]! + 1]!++;
for (let i = 0; i < nI; i++) cptr[i + 1]! += cptr[i]!;
const fill = cptr.slice(0, nI);
for (let u = 0; u < nU; u++) for (let k = indptr[u]!; k < indptr[u + 1]!; k++) { const at = fill[indices[k]!]!++; cidx[at] = u; cdat[at] = data[k]!; }
const m = { subscriberIds: Array.from({ length: nU }, (_, i) => `s${i}`), offerIds: Array.from({ length: nI }, (_, i) => `o${i}`), nSubscribers: nU, nOffers: nI, indptr, indices, data, cscIndptr: cptr, cscIndices: cidx, cscData: cdat };
const t0 = performance.now();
fitAls(m as never, { factors: 64, maxIter: 15, confidenceAlpha: 5, l2: 1, seed: 0, precision });
console.log(`RESULT {"impl": "telcokit-${precision}", "fit_s": ${((performance.now() - t0) / 1000).toFixed(4)}}`);
