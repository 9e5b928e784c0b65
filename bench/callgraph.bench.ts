/**
 * Call-graph features on a random graph with community structure (1M nodes / 10M edges at
 * BENCH_SCALE=1): wall-clock seconds and peak RSS of callGraphFeatures, against the floor of one
 * pass over the same edge arrays in the same run.
 *
 * Graph: nodes in blocks of 100 (10,000 communities); each edge has a uniform caller and, with
 * probability 0.9, a callee in the caller's block, else a uniform callee. Seeded (seed 1).
 *
 *   flock /tmp/telcokit-bench.lock npx tsx bench/callgraph.bench.ts
 */
import { callGraphFeatures } from '../src/features/callgraph-features.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, peakRssMB, scaled, summary, time } from './util.js';

const nNodes = scaled(1_000_000);
const nEdges = scaled(10_000_000);
const block = 100;
const rng = createRng(1);
const caller = new Int32Array(nEdges);
const callee = new Int32Array(nEdges);
const minutes = new Float64Array(nEdges);
const calls = new Float64Array(nEdges);
for (let e = 0; e < nEdges; e++) {
  const u = rng.int(nNodes);
  let v: number;
  if (rng.next() < 0.9) {
    const b0 = u - (u % block);
    v = Math.min(nNodes - 1, b0 + rng.int(block));
  } else v = rng.int(nNodes);
  caller[e] = u;
  callee[e] = v;
  const c = 1 + rng.int(4);
  calls[e] = c;
  minutes[e] = c * (0.5 + 4 * rng.next());
}
const rssAfterData = peakRssMB();

// floor: one pass reading every edge column
const floor = time(() => {
  let s = 0;
  let mx = 0;
  for (let e = 0; e < nEdges; e++) {
    s += minutes[e]! + calls[e]!;
    const a = caller[e]!;
    const b = callee[e]!;
    if (a > mx) mx = a;
    if (b > mx) mx = b;
  }
  return s + mx;
});

const run = time(() => callGraphFeatures({ caller, callee, minutes, calls }, { seed: 0 }));
const g = run.result;
const rssPeak = peakRssMB();
const comm = g.columns.indexOf('community');
let maxComm = 0;
for (let i = 0; i < g.nRows; i++) maxComm = Math.max(maxComm, g.values[i * g.nCols + comm]!);

console.log(`callGraphFeatures on ${fmt(nNodes)} nodes / ${fmt(nEdges)} edges (Int32Array columns):`);
console.log(`  ${fmt(run.seconds)} s = ${fmt(run.seconds / floor.seconds)}× one pass over the edge arrays (floor ${fmt(floor.seconds)} s)`);
summary({ kernel: 'call-graph features', scale: `${fmt(nNodes)} nodes / ${fmt(nEdges)} edges`, telcokit: `${fmt(run.seconds)} s`, reference: `one pass over the edge arrays: ${fmt(floor.seconds)} s`, ratio: run.seconds / floor.seconds, target: '≤ 120×', met: run.seconds / floor.seconds <= 120 });
console.log(`  PageRank ${g.pageRankIterations} iterations (converged: ${g.pageRankConverged}); label propagation ${g.communityIterations} sweeps (converged: ${g.communityConverged}), ${fmt(g.communityCount)} communities (planted ${fmt(Math.ceil(nNodes / block))})`);
console.log(`  peak RSS ${fmt(rssPeak)} MB (${fmt(rssAfterData)} MB after generating the edge arrays, so about ${fmt(rssPeak - rssAfterData)} MB for the features)`);
