/**
 * Exact Shapley-value regression for driver analysis: `satisfactionDrivers` (one pass over the
 * data for the correlation matrix, then R² of all 2^p subsets by Cholesky on p × p blocks)
 * against the textbook baseline in the same run — refit OLS on the raw data for every subset
 * (normal equations n × s per subset, what the statsmodels reference script does). Bootstrap off.
 *
 *   flock /tmp/telcokit-bench.lock npx tsx bench/loyalty.bench.ts      (BENCH_SCALE=0.2 for a quick run)
 */
import { satisfactionDrivers } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, medianSeconds, scaled, table } from './util.js';

const n = scaled(5_000);

/** R² of OLS of y on the columns in mask of x (n × p), intercept included, from the raw data. */
function olsR2(x: Float64Array, y: Float64Array, p: number, mask: number): number {
  const cols: number[] = [];
  for (let j = 0; j < p; j++) if (mask & (1 << j)) cols.push(j);
  const q = cols.length + 1;
  const a = new Float64Array(q * q);
  const b = new Float64Array(q);
  let my = 0;
  for (let i = 0; i < n; i++) my += y[i]!;
  my /= n;
  const row = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    row[0] = 1;
    for (let k = 0; k < cols.length; k++) row[k + 1] = x[i * p + cols[k]!]!;
    for (let r = 0; r < q; r++) {
      b[r]! += row[r]! * y[i]!;
      for (let c = 0; c < q; c++) a[r * q + c]! += row[r]! * row[c]!;
    }
  }
  // Gaussian elimination
  for (let k = 0; k < q; k++) {
    for (let r = k + 1; r < q; r++) {
      const f = a[r * q + k]! / a[k * q + k]!;
      for (let c = k; c < q; c++) a[r * q + c]! -= f * a[k * q + c]!;
      b[r]! -= f * b[k]!;
    }
  }
  const beta = new Float64Array(q);
  for (let k = q - 1; k >= 0; k--) {
    let s = b[k]!;
    for (let c = k + 1; c < q; c++) s -= a[k * q + c]! * beta[c]!;
    beta[k] = s / a[k * q + k]!;
  }
  let sse = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    let f = beta[0]!;
    for (let k = 0; k < cols.length; k++) f += beta[k + 1]! * x[i * p + cols[k]!]!;
    sse += (y[i]! - f) ** 2;
    sst += (y[i]! - my) ** 2;
  }
  return 1 - sse / sst;
}

function naiveShapley(x: Float64Array, y: Float64Array, p: number): Float64Array {
  const r2 = new Float64Array(1 << p);
  for (let m = 1; m < 1 << p; m++) r2[m] = olsR2(x, y, p, m);
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Float64Array(p);
  for (let m = 0; m < 1 << p; m++) {
    let s = 0;
    for (let t = m; t; t &= t - 1) s++;
    for (let j = 0; j < p; j++) if (!(m & (1 << j))) phi[j]! += ((fact(s) * fact(p - s - 1)) / fact(p)) * (r2[m | (1 << j)]! - r2[m]!);
  }
  return phi;
}

const rows: Record<string, string | number>[] = [];
for (const p of [6, 10]) {
  const rng = createRng(p);
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  const records: Record<string, number | string>[] = [];
  for (let i = 0; i < n; i++) {
    const common = rng.normal();
    const rec: Record<string, number | string> = { subscriberId: `S${i}`, date: '2024-01-01' };
    let s = 0;
    for (let j = 0; j < p; j++) {
      const v = Math.round(6 + 1.5 * (0.5 * common + rng.normal()));
      x[i * p + j] = v;
      rec[`a${j}`] = v;
      s += (p - j) * v;
    }
    y[i] = s + 3 * rng.normal();
    rec.score = y[i]!;
    records.push(rec);
  }
  const attributes = Array.from({ length: p }, (_, j) => `a${j}`);
  satisfactionDrivers(records, { target: 'score', attributes, method: 'shapley', bootstrap: 0 }); // warm-up (JIT)
  naiveShapley(x, y, p);
  const ours = medianSeconds(() => satisfactionDrivers(records, { target: 'score', attributes, method: 'shapley', bootstrap: 0 }));
  const base = medianSeconds(() => naiveShapley(x, y, p), 1);
  const a = satisfactionDrivers(records, { target: 'score', attributes, method: 'shapley', bootstrap: 0 }).attributes.map((r) => r.shapley!);
  const b = naiveShapley(x, y, p);
  const maxDiff = Math.max(...a.map((v, j) => Math.abs(v - b[j]!)));
  rows.push({ responses: n, attributes: p, subsets: 1 << p, 'satisfactionDrivers s': fmt(ours), 'OLS per subset s': fmt(base), speedup: `${fmt(base / ours, 2)}×`, 'max |Δφ|': maxDiff.toExponential(1) });
}
table(rows);
