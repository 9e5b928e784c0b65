/**
 * Custom pipeline step by registered name (issue 9): what the step adds around the user's function
 * — copying its input columns, checking that it returned exactly the declared outputs with one
 * number per row — measured on `applyPipeline` over 1,000,000 records (3 numeric fields, one custom
 * step making 2 outputs), against two baselines in the same run:
 *
 * - the same two outputs written as a `derive` step (the built-in way, no user code);
 * - the floor: the pipeline with a `select` of the 3 inputs only (reading the records, no step work).
 *
 * Run: `flock /tmp/telcokit-bench.lock npx tsx bench/custom-step.bench.ts` (BENCH_SCALE=0.1 for
 * 100k records).
 */
import { applyPipeline, fitPipeline } from '../src/index.js';
import type { CustomStepFn, PipelineStep } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, medianSeconds, summary } from './util.js';

const n = Math.max(1000, Math.round(1_000_000 * Number(process.env.BENCH_SCALE ?? 1)));
const rng = createRng(9);
const records = Array.from({ length: n }, (_, i) => ({
  id: `S${i}`,
  dataMB: rng.next() < 0.05 ? null : Math.exp(rng.normal() * 1.5 + 6),
  nightDataMB: Math.exp(rng.normal() + 4),
  fee: 20 + 100 * rng.next(),
}));

/** night share (0 without data) and fee per GB: the same as the derive outputs below. */
const usageShape: CustomStepFn = (c, rows) => {
  const share = new Float64Array(rows);
  const perGb = new Float64Array(rows);
  const data = c.dataMB!;
  const night = c.nightDataMB!;
  const fee = c.fee!;
  for (let i = 0; i < rows; i++) {
    const d = data[i]!;
    share[i] = d === 0 ? 0 : night[i]! / d;
    perGb[i] = (fee[i]! * 1024) / Math.max(d, 1);
  }
  return { nightShare: share, feePerGb: perGb };
};
const customSteps = { usageShape };
const inputs = ['dataMB', 'nightDataMB', 'fee'];

const custom: PipelineStep[] = [{ type: 'custom', name: 'usage shape', columns: inputs, outputs: ['nightShare', 'feePerGb'], fn: 'usageShape' }];
const derive: PipelineStep[] = [{ type: 'derive', outputs: { nightShare: 'ratio(nightDataMB, dataMB)', feePerGb: 'fee * 1024 / max(dataMB, 1)' } }];
const floorSteps: PipelineStep[] = [{ type: 'select', columns: inputs }];

const mCustom = fitPipeline(custom, records, { customSteps });
const mDerive = fitPipeline(derive, records);
const mFloor = fitPipeline(floorSteps, records);

const tFloor = medianSeconds(() => applyPipeline(mFloor, records), 5);
const tDerive = medianSeconds(() => applyPipeline(mDerive, records), 5);
const tCustom = medianSeconds(() => applyPipeline(mCustom, records, { customSteps }), 5);

console.log(`applyPipeline on ${fmt(n)} records × 3 numeric fields → 5 columns (median of 5)`);
console.log(`  floor (select the 3 inputs)  ${fmt(tFloor)} s`);
console.log(`  derive (2 expressions)       ${fmt(tDerive)} s  (${fmt(tDerive / tFloor)}× the floor)`);
console.log(`  custom step by name          ${fmt(tCustom)} s  (${fmt(tCustom / tFloor)}× the floor, ${fmt(tCustom / tDerive)}× derive)`);
console.log(`  step work alone: custom ${fmt(tCustom - tFloor)} s vs derive ${fmt(tDerive - tFloor)} s`);
summary({
  kernel: 'pipeline custom step (apply)',
  scale: `${fmt(n)} records, 3 inputs → 2 outputs`,
  telcokit: `${fmt(tCustom)} s`,
  reference: `same outputs as derive: ${fmt(tDerive)} s`,
  ratio: tCustom / tDerive,
  target: '≤ 1.5× derive',
  met: tCustom / tDerive <= 1.5,
});
