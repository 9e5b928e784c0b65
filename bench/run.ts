/**
 * `npm run bench [-- name …]`: runs the benchmark scripts in bench/ one after another (never two at
 * once: they share the machine). Each script prints its figures as ratios against a baseline
 * measured in the same run. With names, runs only `bench/<name>.bench.ts`.
 *
 * Sizes: set BENCH_SCALE (default 1) to shrink every benchmark's data, e.g. BENCH_SCALE=0.1.
 *
 * `npm run bench -- --summary [name …]`: the same runs at a reduced scale (BENCH_SCALE defaults to
 * {@link SUMMARY_SCALE}, i.e. a tenth of every size in the issue's table: ALS 10,000 × 2,000 × 200,000,
 * k-means/logistic/GBDT 100,000 × 16, audiences 1,000,000 subscribers, …; set BENCH_SCALE to override),
 * then one table with a row per kernel — telcokit's figure, the reference measured in the same run,
 * the ratio and the issue's target — printed and written to `bench/out/summary.json`. A benchmark
 * contributes rows by printing `SUMMARY {json}` lines (see `summary()` in bench/util.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SummaryRow } from './util.js';

/** BENCH_SCALE of `--summary` runs unless the environment sets one. */
const SUMMARY_SCALE = '0.1';

const dir = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const summaryMode = args.includes('--summary');
const wanted = args.filter((a) => a !== '--summary');
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const chosen = wanted.length ? all.filter((f) => wanted.includes(f.replace(/\.bench\.ts$/, ''))) : all;
if (wanted.length && chosen.length !== wanted.length) {
  console.error(`unknown benchmark; have: ${all.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ')}`);
  process.exit(2);
}
const env = { ...process.env };
if (summaryMode) env.BENCH_SCALE ??= SUMMARY_SCALE;
let failed = 0;
const rows: (SummaryRow & { bench: string })[] = [];
for (const f of chosen) {
  console.log(`\n### ${f}`);
  const argv = ['--expose-gc', '--max-old-space-size=16384', '--import', 'tsx', `${dir}${f}`];
  if (!summaryMode) {
    const r = spawnSync(process.execPath, argv, { stdio: 'inherit', env });
    if (r.status !== 0) failed++;
    continue;
  }
  const r = spawnSync(process.execPath, argv, { stdio: ['inherit', 'pipe', 'inherit'], env, encoding: 'utf8', maxBuffer: 1 << 28 });
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('SUMMARY ')) rows.push({ bench: f.replace(/\.bench\.ts$/, ''), ...(JSON.parse(line.slice(8)) as SummaryRow) });
    else if (line) console.log(line);
  }
  if (r.status !== 0) failed++;
}
if (summaryMode) {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
  console.log(`\n## Summary (BENCH_SCALE=${env.BENCH_SCALE}, ${new Date().toISOString()}, ${machine})`);
  console.table(
    rows.map((r) => ({
      kernel: r.kernel,
      scale: r.scale,
      telcokit: r.telcokit,
      reference: r.reference,
      ratio: r.ratio === undefined ? '–' : `${r.ratio.toPrecision(3)}×`,
      target: r.target,
      met: r.met === undefined ? '–' : r.met ? 'yes' : 'no',
    })),
  );
  const out = fileURLToPath(new URL('./out/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const doc = { date: new Date().toISOString(), machine, loadAverage: loadavg()[0], benchScale: Number(env.BENCH_SCALE), failed, rows };
  writeFileSync(`${out}summary.json`, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`written to bench/out/summary.json (${rows.length} rows${failed ? `, ${failed} benchmark(s) failed` : ''})`);
}
process.exit(failed ? 1 : 0);

