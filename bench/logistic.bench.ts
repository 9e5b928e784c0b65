/**
 * churn/logistic: fitChurnModel({ kind: 'logistic' }) (L-BFGS over typed arrays, one thread)
 * against scikit-learn's LogisticRegression(lbfgs, C=1) on the standard 1,000,000 × 16 data set
 * of ../shared/baselines/baselines.py (`gen`, written once to bench/data/std), both timed in this
 * run. Prints the fit-time ratio, the train ROC-AUC of both, iterations, and scoring throughput
 * (rows/s of predictChurn).
 *
 * Run under the shared lock: `flock /tmp/telcokit-bench.lock npx tsx bench/logistic.bench.ts`
 * (BENCH_SKIP_SKLEARN=1 times telcokit only.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFeatureMatrix, fitChurnModel, predictChurn, rocAuc } from '../src/index.js';
import { fmt, summary, time } from './util.js';

const BASELINES = fileURLToPath(new URL('../../shared/baselines/baselines.py', import.meta.url));
const DIR = fileURLToPath(new URL('./data/std', import.meta.url));

function python(args: string[]): Record<string, unknown> {
  const r = spawnSync('/usr/bin/python3', [BASELINES, ...args], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    maxBuffer: 1 << 26,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) throw new Error(`baselines.py ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(line.slice(7)) as Record<string, unknown>;
}

if (!existsSync(`${DIR}/meta.json`)) {
  console.log(`generating the standard data set in ${DIR} …`);
  python(['gen', DIR]);
}
const meta = JSON.parse(readFileSync(`${DIR}/meta.json`, 'utf8')) as { N: number; D: number };
const xb = readFileSync(`${DIR}/X.f64`);
const values = new Float64Array(xb.buffer.slice(xb.byteOffset, xb.byteOffset + xb.byteLength));
const y = new Uint8Array(readFileSync(`${DIR}/y.u8`));
const m = createFeatureMatrix(values, Array.from({ length: meta.D }, (_, j) => `x${j}`));

const fits: number[] = [];
let model = fitChurnModel(m, y, { kind: 'logistic' });
for (let r = 0; r < 3; r++) {
  const t = time(() => fitChurnModel(m, y, { kind: 'logistic' }));
  fits.push(t.seconds);
  model = t.result;
}
fits.sort((a, b) => a - b);
const fitS = fits[1]!;
const score = time(() => predictChurn(model, m));
const auc = rocAuc(y, score.result);
console.log(
  `telcokit logistic on ${fmt(meta.N)} × ${meta.D}: fit ${fmt(fitS)} s (median of 3; ${model.convergence.iterations} iterations, ` +
    `converged ${model.convergence.converged}, |grad| ${model.convergence.gradientNorm.toExponential(1)}), train AUC ${auc.toFixed(5)}, ` +
    `scoring ${fmt(meta.N / score.seconds)} rows/s`,
);
if (!process.env.BENCH_SKIP_SKLEARN) {
  const sk: number[] = [];
  let last: Record<string, unknown> = {};
  for (let r = 0; r < 3; r++) {
    last = python(['logreg', DIR]);
    sk.push(last.fit_s as number);
  }
  sk.sort((a, b) => a - b);
  const skS = sk[1]!;
  console.log(
    `scikit-learn LogisticRegression(lbfgs, C=1), 1 thread: fit ${fmt(skS)} s (median of 3; ${String(last.n_iter)} iterations), ` +
      `train AUC ${(last.auc as number).toFixed(5)}`,
  );
  console.log(`ratio telcokit / scikit-learn fit time: ${fmt(fitS / skS)}× (target ≤ 1.5×); AUC difference ${(auc - (last.auc as number)).toExponential(2)}`);
  summary({ kernel: 'logistic (L-BFGS, one thread)', scale: `${fmt(meta.N)} × ${meta.D}`, telcokit: `${fmt(fitS)} s`, reference: `scikit-learn lbfgs: ${fmt(skS)} s`, ratio: fitS / skS, target: '≤ 1.5×', met: fitS / skS <= 1.5 });
}
