/**
 * EASE's dense solve: `spdInverseInPlace` (blocked Cholesky, L⁻ᵀ, UUᵀ) against ml-matrix's
 * `inverse` (LU) on the same symmetric positive-definite Gram matrices, in the same run; CPU
 * seconds beside wall seconds (the machine is shared), and the n³ extrapolation to the
 * MAX_EASE_OFFERS ceiling. Then `fitEase` against `fitItemKnn` on the ms-store catalogue.
 *
 *   flock /tmp/telcokit-bench.lock npx tsx bench/ease.bench.ts   (BENCH_SCALE=0.5 for a quick run)
 */
import { readFileSync } from 'node:fs';
import { Matrix, inverse } from 'ml-matrix';
import { MAX_EASE_OFFERS, fitEase, fitItemKnn, parseCsv } from '../src/index.js';
import type { RecommendInteraction } from '../src/index.js';
import { spdInverseInPlace } from '../src/internal/cholesky.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, peakRssMB, scaled } from './util.js';

/** Wall and CPU seconds of one run of `fn`. */
function clock<T>(fn: () => T): { result: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = fn();
  const c = process.cpuUsage(c0);
  return { result, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

/** XᵀX + 10·I for a random binary X of 4n users × n items with about 5 % density (lower triangle filled; full for ml-matrix). */
function gram(n: number): Float64Array {
  const rng = createRng(n);
  const a = new Float64Array(n * n);
  const row: number[] = [];
  for (let u = 0; u < 4 * n; u++) {
    row.length = 0;
    for (let i = 0; i < n; i++) if (rng.next() < 0.05) row.push(i);
    for (const i of row) for (const j of row) a[i * n + j]! += 1;
  }
  for (let i = 0; i < n; i++) a[i * n + i]! += 10;
  return a;
}

let lastCpuPerCube = 0;
for (const n of [scaled(400), scaled(800)]) {
  const a = gram(n);
  const ours = clock(() => {
    const b = a.slice();
    if (spdInverseInPlace(b, n) >= 0) throw new Error('not SPD');
    return b;
  });
  const ref = clock(() => inverse(new Matrix(Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n))))));
  let maxErr = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) maxErr = Math.max(maxErr, Math.abs(ours.result[i * n + j]! - ref.result.get(i, j)));
  console.log(
    `n = ${fmt(n)}: spdInverseInPlace ${fmt(ours.wall)} s wall / ${fmt(ours.cpu)} s CPU; ml-matrix inverse ${fmt(ref.wall)} s wall / ${fmt(ref.cpu)} s CPU; ` +
      `ratio ${fmt(ref.cpu / ours.cpu)}× (CPU, same run); max |difference| ${maxErr.toExponential(2)}`,
  );
  lastCpuPerCube = ours.cpu / n ** 3;
}
console.log(
  `extrapolated (n³) CPU per λ at MAX_EASE_OFFERS = ${MAX_EASE_OFFERS}: ${fmt(lastCpuPerCube * MAX_EASE_OFFERS ** 3)} s; matrix ${fmt((MAX_EASE_OFFERS ** 2 * 8) / 2 ** 20)} MiB`,
);

const root = new URL('../../shared/data/', import.meta.url);
const table = parseCsv(readFileSync(new URL('ms-store/ms_store_usage.csv', root), 'utf8'));
const interactions: RecommendInteraction[] = table.records.map((r) => ({ subscriberId: r.user_id!, offerId: r.item_id!, timestamp: r.timestamp_utc!, kind: 'accept' }));
const knn = clock(() => fitItemKnn(interactions));
const easeGiven = clock(() => fitEase(interactions, { lambda: 200 }));
const easeChosen = clock(() => fitEase(interactions));
console.log(
  `ms-store (${fmt(interactions.length)} purchases, ${easeGiven.result.offerIds.length} offers): fitItemKnn ${fmt(knn.cpu)} s CPU; ` +
    `fitEase λ given ${fmt(easeGiven.cpu)} s CPU (${fmt(easeGiven.cpu / knn.cpu)}× item-kNN); λ chosen (${easeChosen.result.validation.trials.length} λ tried, then the final fit) ${fmt(easeChosen.cpu)} s CPU; peak RSS ${fmt(peakRssMB())} MB`,
);
