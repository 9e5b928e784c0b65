/**
 * `npm run bench [-- name …]`: runs the benchmark scripts in bench/ one after another (never two at
 * once: they share the machine). Each script prints its figures as ratios against a baseline
 * measured in the same run. With names, runs only `bench/<name>.bench.ts`.
 *
 * Sizes: set BENCH_SCALE (default 1) to shrink every benchmark's data, e.g. BENCH_SCALE=0.1.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const chosen = wanted.length ? all.filter((f) => wanted.includes(f.replace(/\.bench\.ts$/, ''))) : all;
if (wanted.length && chosen.length !== wanted.length) {
  console.error(`unknown benchmark; have: ${all.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const f of chosen) {
  console.log(`\n### ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16384', '--import', 'tsx', `${dir}${f}`], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
