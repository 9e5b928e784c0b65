/**
 * churn/gbdt: fitGbdt (100 trees, 31 leaves, no early stopping, one thread) against scikit-learn's
 * HistGradientBoostingClassifier with the same settings, on the standard 1,000,000 × 16 data set of
 * ../shared/baselines/baselines.py (`gen`, written once to bench/data/std), both timed in this run.
 * Prints the fit-time ratio, the train ROC-AUC of both and the scoring throughput (rows/s).
 * The machine is shared, so besides wall-clock seconds both sides also report the CPU seconds of
 * the fit (Node: process.cpuUsage; Python: time.process_time around the same fit call, by
 * wrapping baselines.py's perf_counter), and the ratio is printed for both.
 *
 * Run under the shared lock: `flock /tmp/bench.lock npx tsx bench/gbdt.bench.ts`
 * (BENCH_SKIP_SKLEARN=1 times telcokit only.)
 *
 * Both cores: `workers: 2` against one thread on the first BENCH_SCALE × n rows (same model bytes
 * checked), wall and CPU seconds of both and the load average, as the summary's speed-up row.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFeatureMatrix, fitGbdt, predictGbdt } from '../src/index.js';
import { cpus, loadavg } from 'node:os';
import { serializeModel } from '../src/model.js';
import { fmt, scaled, summary, time } from './util.js';

const BASELINES = fileURLToPath(new URL('../../shared/baselines/baselines.py', import.meta.url));
const DIR = fileURLToPath(new URL('./data/std', import.meta.url));
const TREES = 100;

/** Runs baselines.py; `fit_cpu_s` is added: CPU seconds between its own two perf_counter calls (the fit). */
function python(args: string[]): Record<string, unknown> {
  const wrapper = [
    'import runpy, sys, time',
    '_pc = time.perf_counter; cpu = []',
    'def pc():',
    "    if sys._getframe(1).f_code.co_filename.endswith('baselines.py'): cpu.append(time.process_time())",
    '    return _pc()',
    'time.perf_counter = pc',
    `sys.argv = ${JSON.stringify(['baselines.py', ...args])}`,
    `runpy.run_path(${JSON.stringify(BASELINES)}, run_name='__main__')`,
    "print('CPU ' + str(cpu[1] - cpu[0] if len(cpu) >= 2 else -1))",
  ].join('\n');
  const r = spawnSync('/usr/bin/python3', ['-c', wrapper], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    maxBuffer: 1 << 26,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) throw new Error(`baselines.py ${args.join(' ')} failed:\n${r.stderr}`);
  const cpu = r.stdout.split('\n').find((l) => l.startsWith('CPU '));
  return { ...(JSON.parse(line.slice(7)) as Record<string, unknown>), fit_cpu_s: Number(cpu?.slice(4)) };
}

/** ROC-AUC with ties counted as one half (the Mann–Whitney statistic over midranks). */
function rocAuc(y: Uint8Array, s: Float64Array): number {
  const n = y.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => s[a]! - s[b]!);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && s[order[j + 1]!] === s[order[i]!]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (y[order[k]!]) {
      rankSumPos += mid;
      nPos++;
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

if (!existsSync(`${DIR}/meta.json`)) {
  console.log(`generating the standard data set in ${DIR} …`);
  python(['gen', DIR]);
}
const meta = JSON.parse(readFileSync(`${DIR}/meta.json`, 'utf8')) as { N: number; D: number };
const xb = readFileSync(`${DIR}/X.f64`);
const values = new Float64Array(xb.buffer.slice(xb.byteOffset, xb.byteOffset + xb.byteLength));
const yb = readFileSync(`${DIR}/y.u8`);
const y = new Uint8Array(yb.buffer.slice(yb.byteOffset, yb.byteOffset + yb.byteLength));
const X = createFeatureMatrix(
  values,
  Array.from({ length: meta.D }, (_, j) => `x${j}`),
);
const n = X.nRows;

const cpu0 = process.cpuUsage();
const ours = time(() => fitGbdt(X, y, { nTrees: TREES, maxLeaves: 31, earlyStopping: false }));
const cpu1 = process.cpuUsage(cpu0);
const oursCpu = (cpu1.user + cpu1.system) / 1e6;
const model = ours.result;
const scoring = time(() => predictGbdt(model, X));
const aucOurs = rocAuc(y, scoring.result);
console.log(
  `telcokit fitGbdt on ${fmt(n)} × ${meta.D}, ${TREES} trees, 31 leaves: fit ${fmt(ours.seconds)} s (CPU ${fmt(oursCpu)} s), train AUC ${aucOurs.toFixed(4)}; ` +
    `scoring ${fmt(n / scoring.seconds)} rows/s (${fmt(scoring.seconds)} s)`,
);
{
  // both cores, on the first BENCH_SCALE × n rows; both fits timed here, one after the other
  const nW = scaled(n);
  const XW = nW < n ? createFeatureMatrix(values.subarray(0, nW * meta.D), X.columns) : X;
  const yW = y.subarray(0, nW);
  const fit = (workers: number) => {
    const c0 = process.cpuUsage();
    const r = time(() => fitGbdt(XW, yW, { nTrees: TREES, maxLeaves: 31, earlyStopping: false, workers }));
    const c = process.cpuUsage(c0);
    return { ...r, cpu: (c.user + c.system) / 1e6 };
  };
  fitGbdt(XW, yW, { nTrees: 2, maxLeaves: 31, earlyStopping: false, workers: 2 }); // threads start
  const one = nW === n ? { ...ours, cpu: oursCpu } : fit(1);
  const two = fit(2);
  if (serializeModel(two.result) !== serializeModel(one.result)) throw new Error('fitGbdt: workers 2 gave a different model');
  const load = loadavg()[0]!;
  console.log(
    `fitGbdt workers 2 on ${fmt(nW)} × ${meta.D}: ${fmt(two.seconds)} s (CPU ${fmt(two.cpu)} s, both threads) vs one thread ${fmt(one.seconds)} s (CPU ${fmt(one.cpu)} s): ` +
      `speed-up ${fmt(one.seconds / two.seconds)}×, same model bytes; load average ${fmt(load)} on ${cpus().length} cores`,
  );
  summary({
    kernel: 'GBDT, 2 workers (speed-up)',
    scale: `${fmt(nW)} × ${meta.D}, ${TREES} trees, 31 leaves, load ${fmt(load)}`,
    telcokit: `${fmt(two.seconds)} s (CPU ${fmt(two.cpu)} s)`,
    reference: `one thread, same run: ${fmt(one.seconds)} s (CPU ${fmt(one.cpu)} s)`,
    ratio: one.seconds / two.seconds,
    target: '≥ 1.7× speed-up',
    met: one.seconds / two.seconds >= 1.7,
  });
}
if (process.env.BENCH_SKIP_SKLEARN !== '1') {
  const sk = python(['hgb', DIR, String(TREES)]);
  const skFit = sk.fit_s as number;
  const skCpu = sk.fit_cpu_s as number;
  console.log(`scikit-learn HistGradientBoostingClassifier (1 thread): fit ${fmt(skFit)} s (CPU ${fmt(skCpu)} s), train AUC ${(sk.auc as number).toFixed(4)}`);
  console.log(
    `ratio telcokit / scikit-learn: fit wall ${fmt(ours.seconds / skFit)}×, fit CPU ${fmt(oursCpu / skCpu)}× (target ≤ 1×); ` +
      `AUC difference ${(aucOurs - (sk.auc as number)).toFixed(4)}`,
  );
  summary({ kernel: 'GBDT (one thread)', scale: `${fmt(n)} × ${meta.D}, ${TREES} trees, 31 leaves`, telcokit: `${fmt(ours.seconds)} s`, reference: `scikit-learn HistGradientBoosting: ${fmt(skFit)} s`, ratio: ours.seconds / skFit, target: '≤ 1×', met: ours.seconds / skFit <= 1 });
}
