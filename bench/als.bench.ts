/**
 * Implicit ALS (64 factors, 15 iterations) on 100,000 subscribers × 2,000 offers × 2,000,000
 * interactions: telcokit's `fitAls` (CSR/CSC typed arrays, YᵀY trick, 3 conjugate-gradient steps
 * per row) against the same ALS written naively with a dense ml-matrix solve per row
 * (A = YᵀY + Σ (c − 1) y yᵀ + λI built with Matrix ops, then `solve`), in the same run.
 * The naive version is timed on a subsample of rows and extrapolated to the full sweep (it would
 * take too long otherwise); the printout says so.
 *
 *   flock /tmp/telcokit-bench.lock npx tsx bench/als.bench.ts       (BENCH_SCALE=0.1 for a quick run)
 */
import { Matrix, solve } from 'ml-matrix';
import { fitAls } from '../src/index.js';
import { fromTriples } from '../src/recommend/interaction-matrix.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, peakRssMB, scaled, time } from './util.js';

const nUsers = scaled(100_000);
const nItems = Math.max(50, scaled(2_000));
const perUser = 20;
const factors = 64;
const iterations = 15;
const alpha = 5;
const lambda = 1;

// data: skewed offer popularity plus latent taste clusters, 20 interactions per subscriber
const rng = createRng(1);
const nnz = nUsers * perUser;
const us = new Int32Array(nnz);
const is = new Int32Array(nnz);
const ws = new Float64Array(nnz);
const clusters = 20;
for (let u = 0, k = 0; u < nUsers; u++) {
  const c = rng.int(clusters);
  for (let t = 0; t < perUser; t++, k++) {
    us[k] = u;
    // half from the subscriber's cluster band, half from a Zipf-like global popularity
    is[k] = rng.next() < 0.5 ? (c * Math.floor(nItems / clusters) + rng.int(Math.floor(nItems / clusters))) % nItems : Math.floor(nItems * rng.next() ** 3);
    ws[k] = 1;
  }
}
const ids = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
const build = time(() => fromTriples(ids(nUsers, 's'), ids(nItems, 'o'), us, is, ws));
const m = build.result;
console.log(`data: ${fmt(nUsers)} subscribers × ${fmt(nItems)} offers, ${fmt(nnz)} interactions (${fmt(m.data.length)} distinct pairs after summing duplicates); matrix build ${fmt(build.seconds)} s`);

const rssBefore = peakRssMB();
const ours = time(() => fitAls(m, { factors, maxIter: iterations, confidenceAlpha: alpha, l2: lambda, seed: 0 }));
const rssAfter = peakRssMB();
console.log(`telcokit fitAls (cg, 3 steps): ${fmt(ours.seconds)} s for ${iterations} iterations (${fmt(ours.seconds / iterations)} s/iteration); peak RSS ${fmt(rssAfter)} MB (was ${fmt(rssBefore)} MB before the fit)`);

// naive: dense ml-matrix normal equations per row, on a subsample, extrapolated
const Y = Matrix.rand(nItems, factors, { random: () => rng.next() * 0.01 });
const X = Matrix.rand(nUsers, factors, { random: () => rng.next() * 0.01 });
function naiveRow(B: Matrix, rows: Int32Array, vals: Float64Array, start: number, end: number, BtB: Matrix): number[] {
  const A = BtB.clone();
  const b = new Matrix(factors, 1);
  for (let k = start; k < end; k++) {
    const c = 1 + alpha * vals[k]!;
    const y = B.getRowVector(rows[k]!);
    A.add(y.transpose().mmul(y).mul(c - 1));
    b.add(y.transpose().mul(c));
  }
  return solve(A, b).getColumn(0);
}
const sampleUsers = Math.min(nUsers, 1_000);
const sampleItems = Math.min(nItems, 50);
const nv = time(() => {
  const YtY = Y.transpose().mmul(Y).add(Matrix.eye(factors).mul(lambda));
  for (let u = 0; u < sampleUsers; u++) X.setRow(u, naiveRow(Y, m.indices, m.data, m.indptr[u]!, m.indptr[u + 1]!, YtY));
});
const ni = time(() => {
  const XtX = X.transpose().mmul(X).add(Matrix.eye(factors).mul(lambda));
  for (let i = 0; i < sampleItems; i++) Y.setRow(i, naiveRow(X, m.cscIndices, m.cscData, m.cscIndptr[i]!, m.cscIndptr[i + 1]!, XtX));
});
// the items in the sample are the most popular ones (low index), so the per-item figure is an upper bound; scale by nnz instead
let sampledItemNnz = 0;
for (let i = 0; i < sampleItems; i++) sampledItemNnz += m.cscIndptr[i + 1]! - m.cscIndptr[i]!;
const naivePerIter = (nv.seconds / sampleUsers) * nUsers + (ni.seconds / Math.max(sampledItemNnz, 1)) * m.data.length;
const naiveTotal = naivePerIter * iterations;
console.log(
  `naive dense ml-matrix ALS: timed on ${fmt(sampleUsers)} subscriber rows (${fmt(nv.seconds)} s) and ${sampleItems} offer rows holding ${fmt(sampledItemNnz)} interactions (${fmt(ni.seconds)} s), ` +
    `extrapolated to ${fmt(naiveTotal)} s for ${iterations} iterations (${fmt(naivePerIter)} s/iteration)`,
);
console.log(`ratio: telcokit fitAls is ${fmt(naiveTotal / ours.seconds)}× faster than the naive dense version (same run; naive extrapolated)`);
