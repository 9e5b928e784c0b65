/**
 * Audience selection over 10,000,000 subscribers with 4 tags:
 * `t0 AND (t1 OR t2) AND NOT t3`, against
 *  - the floor: one pass summing the words of the same 4 bitsets (memory traffic only);
 *  - a hand-fused kernel `popcount(a & (b | c) & ~d)` (the best a hand-written loop can do);
 *  - the naive filter over per-subscriber arrays of tag names (measured on a smaller n, scaled).
 * Also times applyTagCatalogue (column form) building the 4 bitsets.
 *
 * Run: flock /tmp/telcokit-bench.lock npx tsx bench/audience.bench.ts   (BENCH_SCALE=0.1 for a quick run)
 */
import { countAudience, applyTagCatalogue, queryAudience } from '../src/index.js';
import type { TagCatalogue } from '../src/index.js';
import { popcount32 } from '../src/internal/bitset.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, medianSeconds as median, scaled, summary, time } from './util.js';

/** Median of `repeats` timed runs after 10 untimed warm-up runs (so every variant is JIT-compiled). */
function medianSeconds(fn: () => unknown, repeats = 5): number {
  for (let r = 0; r < 10; r++) fn();
  return median(fn, repeats);
}

const n = scaled(10_000_000);
const nNaive = Math.min(n, scaled(1_000_000));
const expr = 't0 AND (t1 OR t2) AND NOT t3';
const density = [0.3, 0.2, 0.25, 0.1];

// data: 4 numeric columns; tag k holds when column k < density[k]
const rng = createRng(1);
const columns: Record<string, Float64Array> = {};
for (let k = 0; k < 4; k++) {
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = rng.next();
  columns[`f${k}`] = c;
}
const ids = new Array<string>(n);
for (let i = 0; i < n; i++) ids[i] = `s${i}`;
const catalogue: TagCatalogue = {
  tags: density.map((d, k) => ({ id: `t${k}`, label: `t${k}`, level: 1, rule: { field: `f${k}`, op: '<', value: d } })),
};

const built = time(() => applyTagCatalogue(catalogue, { ids, columns }));
const index = built.result;
const [a, b, c, d] = index.bitsets as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
const W = a.length;

let sink = 0;
const floor = medianSeconds(() => {
  let s = 0;
  for (let w = 0; w < W; w++) s += a[w]! + b[w]! + c[w]! + d[w]!;
  sink += s;
}, 7);
const fused = medianSeconds(() => {
  let s = 0;
  for (let w = 0; w < W; w++) s += popcount32(a[w]! & (b[w]! | c[w]!) & ~d[w]!);
  sink += s;
}, 7);
let total = 0;
const count = medianSeconds(() => (total = countAudience(index, expr)), 9);
const page = medianSeconds(() => queryAudience(index, expr, { limit: 1000 }), 7);
let nIds = 0;
const all = medianSeconds(() => (nIds = queryAudience(index, expr).ids.length), 3);
const sample = medianSeconds(() => queryAudience(index, expr, { sample: 10_000, seed: 1 }), 3);
if (nIds !== total) throw new Error('count and ids disagree');
// other shapes, through the general block program (stack of block buffers)
const shapes = ['NOT (t0 AND t1) AND (t2 OR t3)', '(t0 AND t1) OR (t2 AND NOT t3)', 't0 OR t1 OR t2 OR NOT t3'];
const shapeTimes = shapes.map((e) => medianSeconds(() => countAudience(index, e), 5));

// naive: arrays of tag names per subscriber, filtered with includes()
const lists: string[][] = new Array(nNaive);
for (let i = 0; i < nNaive; i++) {
  const l: string[] = [];
  for (let k = 0; k < 4; k++) if (columns[`f${k}`]![i]! < density[k]!) l.push(`t${k}`);
  lists[i] = l;
}
let naiveCount = 0;
const naive = medianSeconds(() => {
  const out: number[] = [];
  for (let i = 0; i < nNaive; i++) {
    const t = lists[i]!;
    if (t.includes('t0') && (t.includes('t1') || t.includes('t2')) && !t.includes('t3')) out.push(i);
  }
  naiveCount = out.length;
}, 3);
const naiveScaled = (naive * n) / nNaive;
void sink;
void naiveCount;

console.log(`audience query over ${fmt(n)} subscribers, 4 tags, '${expr}' → ${fmt(total)} matches`);
console.log(`  applyTagCatalogue (4 rules, column form): ${fmt(built.seconds)} s`);
console.log(`  floor (one pass summing the 4 bitsets): ${fmt(floor * 1000)} ms`);
console.log(`  hand-fused popcount kernel:             ${fmt(fused * 1000)} ms (${fmt(fused / floor)}× floor)`);
console.log(`  countAudience:                          ${fmt(count * 1000)} ms (${fmt(count / floor)}× floor, ${fmt(count / fused)}× fused)`);
shapes.forEach((e, i) => console.log(`  countAudience '${e}': ${fmt(shapeTimes[i]! * 1000)} ms (${fmt(shapeTimes[i]! / floor)}× floor)`));
[expr, ...shapes].forEach((e, i) => {
  const s = i === 0 ? count : shapeTimes[i - 1]!;
  summary({ kernel: `audience count '${e}'`, scale: `${fmt(n)} subscribers, 4 tags`, telcokit: `${fmt(s * 1000)} ms`, reference: `one pass over the 4 bitsets: ${fmt(floor * 1000)} ms`, ratio: s / floor, target: '≤ 2.5×', met: s / floor <= 2.5 });
});
console.log(`  queryAudience limit 1000:               ${fmt(page * 1000)} ms (${fmt(page / floor)}× floor)`);
console.log(`  queryAudience all ${fmt(total)} ids:       ${fmt(all * 1000)} ms`);
console.log(`  queryAudience sample 10,000 (seeded):   ${fmt(sample * 1000)} ms`);
console.log(
  `  naive filter over tag-name arrays: ${fmt(naive * 1000)} ms on ${fmt(nNaive)} → ${fmt(naiveScaled * 1000)} ms scaled to ${fmt(n)}; ` +
    `countAudience is ${fmt(naiveScaled / count)}× faster, queryAudience (all ids) ${fmt(naiveScaled / all)}× faster`,
);
