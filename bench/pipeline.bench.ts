/**
 * Feature pipeline: fit + apply a 30-column pipeline (20 numeric, 10 categorical; impute with
 * indicators, log1p, standardize, one-hot) on 1,000,000 plain-object records, against the floor
 * of a bare loop that only copies the 20 numeric fields of the same records into a row-major
 * Float64Array (same run).
 *
 * Run: `flock /tmp/telcokit-bench.lock npx tsx bench/pipeline.bench.ts` (BENCH_SCALE=0.1 for
 * 100k records).
 */
import { applyPipeline, fitPipeline } from '../src/index.js';
import type { PipelineStep } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, medianSeconds, scaled, summary, time } from './util.js';

const n = scaled(1_000_000);
const NUM = 20;
const CAT = 10;
const numNames = Array.from({ length: NUM }, (_, j) => `num${j}`);
const catNames = Array.from({ length: CAT }, (_, j) => `cat${j}`);
// category pools with 3 … 12 labels (plan, region, device brand … sizes)
const pools = catNames.map((_, j) => Array.from({ length: 3 + j }, (_, k) => `c${j}_${k}`));

const rng = createRng(42);
const records: Record<string, number | string | null>[] = new Array(n);
for (let i = 0; i < n; i++) {
  const r: Record<string, number | string | null> = { id: `S${i}` };
  for (let j = 0; j < NUM; j++) {
    // usage-like, skewed, ≥ 0; the first 5 columns have 5 % missing
    r[numNames[j]!] = j < 5 && rng.next() < 0.05 ? null : Math.exp(rng.normal() * 1.5 + j * 0.1);
  }
  for (let j = 0; j < CAT; j++) {
    const pool = pools[j]!;
    r[catNames[j]!] = pool[Math.floor(rng.next() ** 2 * pool.length)]!;
  }
  records[i] = r;
}

const steps: PipelineStep[] = [
  { type: 'impute', columns: numNames.slice(0, 5), strategy: 'median', indicator: true },
  { type: 'log1p', columns: numNames.slice(0, 10) },
  { type: 'standardize', columns: { type: 'numeric', exclude: numNames.slice(0, 5).map((c) => `${c}_missing`) } },
  { type: 'oneHot', columns: catNames },
];

// the floor: copy the same numbers (the 20 numeric fields) into a row-major Float64Array
const floor = medianSeconds(() => {
  const out = new Float64Array(n * NUM);
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    for (let j = 0; j < NUM; j++) {
      const v = r[numNames[j]!];
      out[i * NUM + j] = typeof v === 'number' ? v : NaN;
    }
  }
  return out;
}, 3);

// the output's memory floor: a fresh n × 110 Float64Array (the size applyPipeline returns) written
// once in order; on a machine where first-touch page faults are dear this alone exceeds the floor
const OUT_COLS = 110;
const outputFloor = medianSeconds(() => {
  const out = new Float64Array(n * OUT_COLS);
  for (let k = 0; k < out.length; k++) out[k] = k;
  return out;
}, 3);

const fit = time(() => fitPipeline(steps, records));
const model = fit.result;
let p = 0;
const apply = medianSeconds(() => (p = applyPipeline(model, records).nCols), 3);
const total = fit.seconds + apply;

console.log(`pipeline on ${fmt(n)} records × 30 fields (20 numeric, 10 categorical) → ${p} features`);
console.log(`  fit   ${fmt(fit.seconds)} s  (${fmt(n / fit.seconds)} rows/s, ${fmt(fit.seconds / floor)}× the floor)`);
console.log(`  apply ${fmt(apply)} s  (${fmt(n / apply)} rows/s, ${fmt(apply / floor)}× the floor)`);
console.log(`  fit + apply ${fmt(total)} s  (${fmt(n / total)} rows/s, ${fmt(total / floor)}× the floor)`);
console.log(`  floor: copy 20 numeric fields into a Float64Array ${fmt(floor)} s (${fmt(n / floor)} rows/s)`);
console.log(`  output floor: write a fresh ${fmt(n)} × ${OUT_COLS} Float64Array ${fmt(outputFloor)} s (${fmt(outputFloor / floor)}× the floor; apply is ${fmt(apply / outputFloor)}× it)`);
summary({ kernel: 'pipeline apply', scale: `${fmt(n)} × 30 → ${p} features`, telcokit: `${fmt(apply)} s`, reference: `copying the numeric fields: ${fmt(floor)} s`, ratio: apply / floor, target: '≤ 3×', met: apply / floor <= 3 });
