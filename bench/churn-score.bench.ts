/**
 * Batch churn scoring with both cores: `predictChurn` on 1,000,000 × 16 rows (BENCH_SCALE scales
 * the rows) with a 100-tree, 31-leaf `churn/gbdt` model (fitted on 20,000 rows) and a logistic
 * model, `workers: 2` against one thread in the same run; wall and CPU seconds of both, and the
 * scores checked equal bit for bit.
 *
 *   flock /tmp/bench.lock npx tsx bench/churn-score.bench.ts   (BENCH_SCALE=0.2 for a quick run). The logistic rows are put in a SharedArrayBuffer first
 *   (threads are used for a logistic model only then: otherwise the copy costs as much as scoring).
 */
import { loadavg } from 'node:os';
import { createFeatureMatrix, fitChurnModel, predictChurn } from '../src/index.js';
import type { ChurnModel } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, scaled, summary, time } from './util.js';

const p = 16;
function data(n: number, seed: number) {
  const rng = createRng(seed);
  const values = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) {
      const v = rng.next() * 4 - 2;
      values[i * p + j] = v;
      if (j % 3 === 0) s += v;
    }
    y[i] = rng.next() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  return { m: createFeatureMatrix(values, Array.from({ length: p }, (_, j) => `f${j}`)), y };
}
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const train = data(20_000, 1);
const gbdt = fitChurnModel(train.m, train.y, { kind: 'gbdt', nTrees: 100, maxLeaves: 31, earlyStopping: false, seed: 1 });
const logistic = fitChurnModel(train.m, train.y, { kind: 'logistic' });
const n = scaled(1_000_000);
const { m } = data(n, 2);
console.log(`rows ${fmt(n)} × ${p}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
predictChurn(gbdt, m, { workers: 2 }); // starts the thread and warms both paths (not timed)
predictChurn(gbdt, m);
const sv = new Float64Array(new SharedArrayBuffer(8 * m.values.length));
sv.set(m.values);
const shared = createFeatureMatrix(sv, m.columns);
predictChurn(logistic, shared, { workers: 2 });
predictChurn(logistic, shared);

for (const [name, model] of [
  [`gbdt ${gbdt.nTrees} trees`, gbdt],
  ['logistic', logistic],
] as [string, ChurnModel][]) {
  const x = name === 'logistic' ? shared : m;
  const c0 = cpu();
  const one = time(() => predictChurn(model, x));
  const c1 = cpu();
  const two = time(() => predictChurn(model, x, { workers: 2 }));
  const c2 = cpu();
  const same = Buffer.from(one.result.buffer).equals(Buffer.from(two.result.buffer, two.result.byteOffset, two.result.byteLength));
  if (!same) throw new Error(`${name}: workers 2 differs from workers 1`);
  const speedUp = one.seconds / two.seconds;
  console.log(
    `${name}: 1 thread ${fmt(one.seconds)} s (CPU ${fmt(c1 - c0)} s) = ${fmt(n / one.seconds)} rows/s; 2 threads ${fmt(two.seconds)} s (CPU ${fmt(c2 - c1)} s): speed-up ${fmt(speedUp)}× (same scores bit for bit)`,
  );
  const ratio = two.seconds / one.seconds;
  summary({
    kernel: `predictChurn ${name}, both cores`,
    scale: `${fmt(n)} × ${p}`,
    telcokit: `${fmt(two.seconds)} s (workers 2)`,
    reference: `workers 1: ${fmt(one.seconds)} s`,
    ratio,
    target: '≤ 0.59 (speed-up ≥ 1.7×)',
    met: ratio <= 1 / 1.7,
  });
}
