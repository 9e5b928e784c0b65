/**
 * campaign: three ratios, each against a baseline measured in this run.
 *
 * 1. `assignArms` over 10,000,000 ids (ids/s) against one pass of the same hash (MurmurHash3
 *    x86-32 of the id) in a bare loop: the cost of arm lookup, validation and the result arrays.
 * 2. `evaluateCampaign` with the bootstrap (1,000 resamples) on 1,000,000 outcomes against the
 *    same call without it (`resamples: 0`).
 * 3. `fitUpliftModel` (T-learner, gbdt) on 1,000,000 × 16 against two plain `fitChurnModel` calls
 *    on the same treated and control rows (should be ≈ 1×).
 *
 * Sizes scale with BENCH_SCALE. Run under the shared lock:
 * `flock /tmp/bench.lock env BENCH_SCALE=0.1 npm run bench -- campaign`
 */
import { assignArms, createFeatureMatrix, evaluateCampaign, fitChurnModel, fitUpliftModel, selectRows } from '../src/index.js';
import { murmur3 } from '../src/internal/hash.js';
import { createRng } from '../src/internal/rng.js';
import { fmt, medianSeconds, scaled, time } from './util.js';

// 1. assignArms vs the bare hash
{
  const n = scaled(10_000_000);
  const ids = Array.from({ length: n }, (_, i) => `S${String(i).padStart(9, '0')}`);
  let sink = 0;
  const hashS = medianSeconds(() => {
    for (let i = 0; i < n; i++) sink ^= murmur3(ids[i]!, 0x9747b28c);
  }, 3);
  const assignS = medianSeconds(() => assignArms(ids, { campaignId: 'bench', arms: { control: 0.1, sms: 0.45, push: 0.45 } }), 3);
  console.log(`assignArms: ${fmt(n)} ids — bare hash ${fmt(n / hashS)} ids/s, assignArms ${fmt(n / assignS)} ids/s, ratio ${fmt(hashS / assignS)} of the hash loop's speed (time ${fmt(assignS / hashS)}×) [${sink & 1}]`);
  const withHoldout = medianSeconds(() => assignArms(ids, { campaignId: 'bench', arms: { control: 0.1, sms: 0.9 }, holdout: 0.05 }), 1);
  console.log(`assignArms with a global holdout (two hashes per id): ${fmt(n / withHoldout)} ids/s, ${fmt(withHoldout / hashS)}× the hash loop`);
}

// 2. evaluateCampaign with and without the bootstrap
{
  const n = scaled(1_000_000);
  const rng = createRng(1);
  const arm = new Array<string>(n);
  const converted = new Uint8Array(n);
  const revenue = new Float64Array(n);
  const cost = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = rng.next() < 0.5;
    arm[i] = t ? 'sms' : 'control';
    const c = rng.next() < (t ? 0.06 : 0.05);
    converted[i] = c ? 1 : 0;
    revenue[i] = c ? 20 + 80 * rng.next() : 0;
    cost[i] = t ? 0.05 : 0;
  }
  const o = { arm, converted, revenue, cost };
  const base = medianSeconds(() => evaluateCampaign(o, { resamples: 0 }), 3);
  const boot = medianSeconds(() => evaluateCampaign(o, { resamples: 1000, seed: 1 }), 3);
  console.log(`evaluateCampaign: ${fmt(n)} outcomes — without bootstrap ${fmt(base)} s, with 1,000 resamples ${fmt(boot)} s, ratio ${fmt(boot / base)}×`);
}

// 3. T-learner vs two plain fitChurnModel calls
{
  const n = scaled(1_000_000);
  const p = 16;
  const rng = createRng(2);
  const values = new Float64Array(n * p);
  const t = new Uint8Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = -2;
    for (let j = 0; j < p; j++) {
      const v = rng.normal();
      values[i * p + j] = v;
      if (j < 4) s += 0.4 * v;
    }
    t[i] = rng.next() < 0.5 ? 1 : 0;
    if (t[i]) s += 0.3 + 0.3 * values[i * p + 4]!;
    y[i] = rng.next() < 1 / (1 + Math.exp(-s)) ? 1 : 0;
  }
  const m = createFeatureMatrix(values, Array.from({ length: p }, (_, j) => `x${j}`));
  const treated: number[] = [];
  const control: number[] = [];
  for (let i = 0; i < n; i++) (t[i] ? treated : control).push(i);
  const base = { kind: 'gbdt' as const, nTrees: 50, seed: 1 };
  const twoCalls = () => {
    const mt = selectRows(m, treated);
    const mc = selectRows(m, control);
    fitChurnModel(mt, Uint8Array.from(treated, (i) => y[i]!), base);
    fitChurnModel(mc, Uint8Array.from(control, (i) => y[i]!), base);
  };
  const tLearner = () => fitUpliftModel(m, t, y, { learner: 't', base });
  // warm the JIT on a small slice first, then time in A B B A order so drift hits both
  const warm = selectRows(m, Array.from({ length: Math.min(n, 20_000) }, (_, i) => i));
  fitUpliftModel(warm, t.subarray(0, warm.nRows), y.subarray(0, warm.nRows), { learner: 't', base });
  const a1 = time(twoCalls).seconds;
  const b1 = time(tLearner).seconds;
  const b2 = time(tLearner).seconds;
  const a2 = time(twoCalls).seconds;
  const two = (a1 + a2) / 2;
  const tl = (b1 + b2) / 2;
  console.log(`fitUpliftModel T-learner (gbdt, 50 trees): ${fmt(n)} × ${p} — two fitChurnModel calls ${fmt(two)} s, T-learner ${fmt(tl)} s (means of 2, ABBA), ratio ${fmt(tl / two)}×`);
}
