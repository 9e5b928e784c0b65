/**
 * Privacy benchmarks, each as a ratio against a baseline measured in the same run:
 *  - pseudonymize over 10,000,000 phone numbers (normalise + HMAC-SHA-256) against a bare SHA-256
 *    loop over the same strings (node:crypto one-shot createHash, and telcokit's own SHA-256);
 *    with the extrapolated time to hash every mainland mobile number (7 × 10⁹) with plain SHA-256;
 *  - anonymize on 1,000,000 rows × 4 quasi-identifiers against one grouping pass (kAnonymity);
 *  - dpCount and dpAudienceCount against the plain count they add noise to.
 *
 * Run: flock /tmp/bench.lock npx tsx bench/privacy.bench.ts   (BENCH_SCALE=0.1 for a quick run)
 */
import { createHash } from 'node:crypto';
import {
  ageHierarchy,
  anonymize,
  countAudience,
  createPrivacyBudget,
  deviceHierarchy,
  dpAudienceCount,
  dpCount,
  applyTagCatalogue,
  hierarchyFromTable,
  kAnonymity,
  pseudonymize,
  regionHierarchy,
} from '../src/index.js';
import type { TagCatalogue } from '../src/index.js';
import { createRng } from '../src/internal/rng.js';
import { sha256 } from '../src/privacy/sha256.js';
import { fmt, medianSeconds, scaled, time } from './util.js';

const rng = createRng(1);
const enc = new TextEncoder();

// 1. pseudonymize vs bare SHA-256
{
  const n = scaled(10_000_000);
  const phones = Array.from({ length: n }, () => `1${3 + rng.int(7)}${String(rng.int(1e9)).padStart(9, '0')}`);
  const key = new Uint8Array(32).fill(7);
  const ps = time(() => pseudonymize(phones, { key, keyId: 'k1', normalize: 'phone' }));
  const nodeSha = time(() => {
    let x = 0;
    for (const p of phones) x ^= createHash('sha256').update(p).digest()[0]!;
    return x;
  });
  const ownSha = time(() => {
    let x = 0;
    for (const p of phones) x ^= sha256(enc.encode(p))[0]!;
    return x;
  });
  const rate = (s: number): number => n / s;
  console.log(`pseudonymize, ${n.toLocaleString('en')} phone numbers (normalize: 'phone'):`);
  console.log(`  pseudonymize             ${fmt(ps.seconds)} s  ${Math.round(rate(ps.seconds)).toLocaleString('en')} ids/s`);
  console.log(`  bare SHA-256 (node)      ${fmt(nodeSha.seconds)} s  ${Math.round(rate(nodeSha.seconds)).toLocaleString('en')} ids/s  → pseudonymize takes ${fmt(ps.seconds / nodeSha.seconds)}× its time`);
  console.log(`  bare SHA-256 (telcokit)  ${fmt(ownSha.seconds)} s  ${Math.round(rate(ownSha.seconds)).toLocaleString('en')} ids/s  → pseudonymize takes ${fmt(ps.seconds / ownSha.seconds)}× its time`);
  const best = Math.max(rate(nodeSha.seconds), rate(ownSha.seconds));
  console.log(`  every mainland mobile number (7e9) with plain SHA-256 on one core: ${fmt(7e9 / best / 3600)} h at ${Math.round(best).toLocaleString('en')} hashes/s`);
}

// 2. anonymize on 1M × 4 quasi-identifiers
{
  const n = scaled(1_000_000);
  const provinces = Array.from({ length: 31 }, (_, i) => `P${i}`);
  const cities: Record<string, [string, string]> = {};
  for (let c = 0; c < 300; c++) cities[`C${c}`] = [provinces[c % 31]!, `R${(c % 31) % 7}`];
  const brands = ['Huawei', 'Apple', 'Xiaomi', 'OPPO', 'vivo', 'Honor'];
  const devices: Record<string, [string, string]> = {};
  for (let d = 0; d < 120; d++) devices[`M${d}`] = [brands[d % 6]!, d % 6 < 2 ? 'premium' : 'mainstream'];
  const rows = Array.from({ length: n }, () => ({
    age: 18 + rng.int(63),
    sex: rng.next() < 0.5 ? 'F' : 'M',
    city: `C${rng.int(300)}`,
    device: `M${rng.int(120)}`,
    arpu: rng.next() * 200,
  }));
  const hierarchies = {
    age: ageHierarchy({ widths: [5, 10, 20] }),
    sex: hierarchyFromTable([['F', '*'], ['M', '*']]),
    city: regionHierarchy(cities),
    device: deviceHierarchy(devices),
  };
  const qis = ['age', 'sex', 'city', 'device'];
  const group = time(() => kAnonymity(rows, qis));
  const an = time(() => anonymize(rows, { quasiIdentifiers: qis, hierarchies, k: 10, maxSuppression: 0.01 }));
  console.log(`\nanonymize, ${n.toLocaleString('en')} rows × 4 quasi-identifiers (lattice ${an.result.search.latticeSize} nodes, ${an.result.search.evaluated} evaluated), k = 10, ≤ 1 % suppressed:`);
  console.log(`  one grouping pass (kAnonymity)  ${fmt(group.seconds)} s`);
  console.log(`  anonymize                       ${fmt(an.seconds)} s  → ${fmt(an.seconds / group.seconds)}× a grouping pass; node ${JSON.stringify(an.result.node)}, ${an.result.suppressed} suppressed`);
}

// 3. dpCount / dpAudienceCount vs plain count
{
  const n = scaled(10_000_000);
  const columns: Record<string, Float64Array> = {};
  for (let k = 0; k < 4; k++) columns[`f${k}`] = Float64Array.from({ length: n }, () => rng.next());
  const ids = Array.from({ length: n }, (_, i) => `s${i}`);
  const catalogue: TagCatalogue = { tags: [0.3, 0.2, 0.25, 0.1].map((d, k) => ({ id: `t${k}`, label: `t${k}`, level: 1, rule: { field: `f${k}`, op: '<', value: d } })) };
  const index = applyTagCatalogue(catalogue, { ids, columns });
  const expr = 't0 AND (t1 OR t2) AND NOT t3';
  const budget = createPrivacyBudget({ epsilon: 1e6 });
  // warm both paths up first (JIT), then alternate the timed runs
  for (let r = 0; r < 10; r++) {
    countAudience(index, expr);
    dpAudienceCount(index, expr, budget, { epsilon: 0.1 });
  }
  const plain = medianSeconds(() => countAudience(index, expr), 7);
  const dp = medianSeconds(() => dpAudienceCount(index, expr, budget, { epsilon: 0.1 }), 7);
  const reps = 10_000;
  for (let r = 0; r < 1000; r++) dpCount(ids.length, { epsilon: 0.1 });
  const count = time(() => {
    let s = 0;
    for (let i = 0; i < reps; i++) s += ids.length;
    return s;
  });
  const dpc = time(() => {
    let s = 0;
    for (let i = 0; i < reps; i++) s += dpCount(ids.length, { epsilon: 0.1 });
    return s;
  });
  console.log(`\nDP counts over ${n.toLocaleString('en')} subscribers:`);
  console.log(`  countAudience(${expr})  ${fmt(plain * 1e3)} ms`);
  console.log(`  dpAudienceCount                  ${fmt(dp * 1e3)} ms  → ${fmt(dp / plain)}× the plain count`);
  console.log(`  dpCount (ε = 0.1): ${fmt((dpc.seconds / reps) * 1e6)} µs per call (noise draw + budget-free path); plain length read ${fmt((count.seconds / reps) * 1e9)} ns`);
}
