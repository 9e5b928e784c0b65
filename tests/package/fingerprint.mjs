// Cross-engine reproducibility: fits a few models with fixed seeds through the built package and
// prints the SHA-256 of each serialised model (and of the synthetic operator's data and truth).
// The same seed must give the same bytes in every engine: scripts/check-runtimes.sh runs this in
// Node 20/22/24, Deno and Chromium and compares the lines. Uses only web-standard APIs.
import * as t from 'telcokit';

async function sha(text) {
  const d = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('').slice(0, 16);
}

export async function fingerprint() {
  const op = t.generateOperator({ subscribers: 600, months: 4, seed: 7 });
  const out = {};
  out.operator = await sha(t.serializeModel({ kind: 'x', version: 1, usage: op.usage, interactions: op.interactions, callEdges: op.callEdges }));
  out.truth = await sha(t.serializeModel({ kind: 'x', version: 1, truth: op.truth }));
  const { matrix } = t.buildProfiles(op);
  out.profiles = await sha(t.serializeModel({ kind: 'x', version: 1, matrix }));
  const labels = Array.from(op.truth.churned);
  const clean = t.createFeatureMatrix(Float64Array.from(matrix.values, (v) => (Number.isNaN(v) ? 0 : v)), matrix.columns, matrix.rowIds);
  out.logistic = await sha(t.serializeModel(t.fitChurnModel(clean, labels, { kind: 'logistic' })));
  out.gbdt = await sha(t.serializeModel(t.fitChurnModel(matrix, labels, { kind: 'gbdt', nTrees: 20, seed: 3 })));
  out.kmeans = await sha(t.serializeModel(t.fitKMeans(clean, { k: 5, seed: 3 })));
  out.recommender = await sha(t.serializeModel(t.fitRecommender({ interactions: op.interactions, subscribers: op.subscribers, offers: op.offers }, { seed: 3 })));
  return out;
}

const isMain = typeof process !== 'undefined' ? process.argv[1]?.endsWith('fingerprint.mjs') : typeof Deno !== 'undefined';
if (isMain) console.log(JSON.stringify(await fingerprint()));
