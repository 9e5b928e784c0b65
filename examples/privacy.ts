/**
 * Privacy, end to end: keyed pseudonyms (and a key rotation), the re-identification risk of a
 * table before and after k-anonymisation, differentially private answers under one budget, a
 * privacy-safe audience export, and a churn model trained across three operators that never pool
 * their rows.
 *
 * Run: npx tsx examples/privacy.ts
 */
import {
  ageHierarchy,
  anonymize,
  createPrivacyBudget,
  dpAudienceCount,
  dpCount,
  dpHistogram,
  dpMean,
  dpQuantile,
  applyTagCatalogue,
  exportAudience,
  fitChurnModel,
  fitFederatedLogistic,
  hierarchyFromTable,
  isTelcoError,
  kAnonymity,
  pseudonymize,
  regionHierarchy,
  rotatePseudonyms,
} from 'telcokit';

let state = 2024;
/** mulberry32: a tiny seeded generator for the example's data (the noise itself is never seeded). */
function uniform(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(uniform() * xs.length)]!;

// 1. Keyed pseudonyms: one per person whatever the spelling; a key per release, rotated by id.
const key = new Uint8Array(32);
globalThis.crypto.getRandomValues(key); // keep it in a key vault, never beside the data
const spellings = ['138 0013 8000', '+86-138-0013-8000', '0086 13800138000'];
const p = pseudonymize(spellings, { key, keyId: 'k2024', normalize: 'phone' });
console.log(`1. three spellings → ${new Set(p).size} pseudonym: ${p[0]!.slice(0, 24)}…`);
const next = new Uint8Array(32);
globalThis.crypto.getRandomValues(next);
const rot = rotatePseudonyms(['13800138000'], { from: { key, keyId: 'k2024', normalize: 'phone' }, to: { key: next, keyId: 'k2025', normalize: 'phone' } });
console.log(`   rotation: ${rot.oldPseudonyms[0]!.slice(0, 16)}… → ${rot.newPseudonyms[0]!.slice(0, 16)}…`);

// 2. A subscriber table, its risk, and a k-anonymous release.
const cities: Record<string, [string, string]> = {
  Hangzhou: ['Zhejiang', 'East'], Ningbo: ['Zhejiang', 'East'], Nanjing: ['Jiangsu', 'East'], Suzhou: ['Jiangsu', 'East'],
  Chengdu: ['Sichuan', 'West'], Mianyang: ['Sichuan', 'West'], Xian: ['Shaanxi', 'West'], Guangzhou: ['Guangdong', 'South'],
  Shenzhen: ['Guangdong', 'South'], Nanning: ['Guangxi', 'South'],
};
const rows = Array.from({ length: 5000 }, (_, i) => ({
  id: `S${String(i).padStart(5, '0')}`,
  age: 18 + Math.floor(uniform() * 60),
  gender: pick(['F', 'M']),
  city: pick(Object.keys(cities)),
  plan: pick(['5G-99', '5G-129', '4G-59', 'family-199']),
  arpu: Math.round(20 + uniform() * 180),
  churned: uniform() < 0.15 ? 1 : 0,
}));
const qis = ['age', 'gender', 'city'];
const before = kAnonymity(rows, qis);
console.log(`2. raw table: k = ${before.k}, highest prosecutor risk ${before.prosecutor.highest}, ${(before.prosecutor.recordsAbove * 100).toFixed(1)} % of rows above 0.2`);
const released = anonymize(rows, {
  quasiIdentifiers: qis,
  hierarchies: { age: ageHierarchy(), gender: hierarchyFromTable([['F', '*'], ['M', '*']]), city: regionHierarchy(cities) },
  k: 10,
  l: 2,
  sensitive: 'plan',
  maxSuppression: 0.02,
});
const after = kAnonymity(released.rows, qis);
console.log(
  `   anonymize(k 10, l 2, ≤ 2 % suppressed): levels ${JSON.stringify(released.node)}, k ${released.k}, ${released.suppressed} rows suppressed, ` +
    `discernibility ${released.loss.discernibility}, precision loss ${released.loss.precision.toFixed(3)}; highest risk now ${after.prosecutor.highest.toFixed(3)}`,
);

// 3. Differential privacy under one budget.
const budget = createPrivacyBudget({ epsilon: 1, delta: 1e-6 });
console.log(`3. DP answers (budget ε = 1, δ = 1e-6):`);
console.log(`   churners ≈ ${dpCount(rows.filter((r) => r.churned), { epsilon: 0.2, budget, label: 'churners' })} (true ${rows.filter((r) => r.churned).length})`);
console.log(`   mean ARPU ≈ ${dpMean(rows.map((r) => r.arpu), { lower: 0, upper: 300, epsilon: 0.2, budget, label: 'mean ARPU' }).toFixed(1)}`);
console.log(`   median age ≈ ${dpQuantile(rows.map((r) => r.age), { q: 0.5, lower: 0, upper: 100, epsilon: 0.2, budget, label: 'median age' }).toFixed(1)}`);
const mix = dpHistogram(rows.map((r) => r.plan), { categories: ['5G-99', '5G-129', '4G-59', 'family-199'], epsilon: 0.2, budget, label: 'plan mix' });
console.log(`   plan mix ≈ ${JSON.stringify(mix.counts)}`);
const profiles = rows.map((r) => ({ id: r.id, arpu: r.arpu, age: r.age }));
const index = applyTagCatalogue(
  {
    tags: [
      { id: 'high_value', label: 'High value', level: 1, rule: { field: 'arpu', op: '>', value: 150 } },
      { id: 'young', label: 'Under 30', level: 1, rule: { field: 'age', op: '<', value: 30 } },
    ],
  },
  profiles,
);
console.log(`   partner query "high_value AND young" ≈ ${dpAudienceCount(index, 'high_value AND young', budget, { epsilon: 0.1 })}`);
try {
  dpCount(rows, { epsilon: 0.5, budget });
} catch (e) {
  if (!isTelcoError(e)) throw e;
  console.log(`   refused: ${e.message}`);
}
for (const entry of budget.ledger()) console.log(`   ledger: ${entry.label.padEnd(36)} ε ${entry.epsilon}`);

// 4. Privacy-safe export: pseudonyms and one listed column, only for audiences of 100 or more.
const out = exportAudience(index, 'high_value', { pseudonym: { key, keyId: 'k2024' }, include: ['ageBand'], columns: { ageBand: rows.map((r) => (r.age < 30 ? '18-29' : r.age < 50 ? '30-49' : '50+')) } });
console.log(`4. export: ${out.size} rows, columns ${out.columns.join(', ')}; first ${JSON.stringify(out.rows[0])}`);
try {
  exportAudience(index, 'high_value AND young AND NOT high_value', { pseudonym: { key, keyId: 'k2024' } });
} catch (e) {
  if (!isTelcoError(e)) throw e;
  console.log(`   refused: ${e.message}`);
}

// 5. Federated churn model across three operators (rows never leave them): equals the pooled fit.
const features = (r: (typeof rows)[number]): number[] => [r.age, r.arpu, r.gender === 'F' ? 1 : 0, r.plan.startsWith('5G') ? 1 : 0];
const parts = [rows.slice(0, 2000), rows.slice(2000, 3500), rows.slice(3500)].map((part) => ({ matrix: part.map(features), labels: part.map((r) => r.churned) }));
const fed = fitFederatedLogistic(parts, { l2: 0.01 });
const pooled = fitChurnModel(rows.map(features), rows.map((r) => r.churned), { kind: 'logistic', l2: 0.01, tol: 1e-11, maxIter: 5000 });
const gap = Math.max(...Array.from(fed.coefficients, (c, j) => Math.abs(c - pooled.coefficients[j]!)));
console.log(`5. federated logistic over 3 parties: ${fed.convergence.iterations} Newton rounds, largest coefficient gap to the pooled fit ${gap.toExponential(1)}`);
