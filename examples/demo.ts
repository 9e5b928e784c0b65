/**
 * `npm run demo`: telcokit's main job end to end on the embedded synthetic operator —
 * generate → validate → profile → segment → tag and select an audience → churn early warning →
 * offer recommendations. Sizes: `DEMO_SUBSCRIBERS=100000 npm run demo`.
 */
import {
  CallEdgeSchema,
  InteractionSchema,
  OfferSchema,
  SubscriberSchema,
  UsageMonthSchema,
  adjustedRandIndex,
  assignSegments,
  buildProfiles,
  churnWatchlist,
  countAudience,
  defaultTagCatalogue,
  describeSegments,
  evaluateBinary,
  applyTagCatalogue,
  fitApplyPipeline,
  fitChurnModel,
  fitKMeans,
  fitRecommender,
  generateOperator,
  predictChurn,
  purity,
  recommend,
  selectRows,
  stratifiedKFold,
  validateRecords,
} from 'telcokit';

const N = Number(process.env.DEMO_SUBSCRIBERS ?? 20_000);
const t0 = performance.now();
const step = (title: string) => console.log(`\n== ${title}  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

// 1. the synthetic operator ---------------------------------------------------------------------
step(`1. generate a synthetic operator: ${N.toLocaleString('en-US')} subscribers × 6 months (seed 7)`);
const op = generateOperator({ subscribers: N, months: 6, seed: 7 });
const { truth } = op;
console.log(`subscribers ${op.subscribers.length}, usage months ${op.usage.length}, call edges ${op.callEdges.length}, pings ${op.pings.length}, offers ${op.offers.length}, interactions ${op.interactions.length}`);

// 2. validate every table ------------------------------------------------------------------------
step('2. validate every table against its schema');
for (const [name, schema, rows] of [
  ['subscribers', SubscriberSchema, op.subscribers],
  ['usage', UsageMonthSchema, op.usage],
  ['callEdges', CallEdgeSchema, op.callEdges],
  ['offers', OfferSchema, op.offers],
  ['interactions', InteractionSchema, op.interactions],
] as const) {
  const r = validateRecords(schema, rows as readonly unknown[]);
  console.log(`  ${name.padEnd(13)} ${String(r.valid.length).padStart(9)} valid, ${r.errors.length} errors`);
}
const bills = op.usage.filter((u) => u.month === truth.months.at(-1)).map((u) => u.billedAmount).sort((a, b) => a - b);
console.log(`median monthly bill ${bills[bills.length >> 1]!.toFixed(1)}; churn in ${truth.outcomeMonth}: ${pct(truth.churned.reduce((s, c) => s + c, 0) / N)}`);
const personaCounts = new Map<string, number>();
for (const p of truth.persona) personaCounts.set(p, (personaCounts.get(p) ?? 0) + 1);
console.log(`personas: ${[...personaCounts].map(([p, c]) => `${p} ${pct(c / N)}`).join(', ')}`);

// 3. the 360° profile ----------------------------------------------------------------------------
step('3. 360° profiles: telecom features, call graph, four scores');
const closed = op.subscribers.filter((s) => s.status === 'closed').map((s) => s.id);
const prof = buildProfiles({ subscribers: op.subscribers, usage: op.usage, callEdges: op.callEdges, churned: closed });
console.log(`profile matrix ${prof.matrix.nRows} × ${prof.matrix.nCols}; scores: ${prof.scores.columns.join(', ')}`);
const subIndex = new Map(op.subscribers.map((s, i) => [s.id, i]));

// 4. segments ------------------------------------------------------------------------------------
step('4. segments: k-means (k = 8) on standardised behaviour');
const segFeatures = ['arpu', 'dataMB', 'voiceMinutes', 'nightDataShare', 'awayWeekdayCallShare', 'secondaryCards', 'tenureMonths', 'vasIntensity', 'appShare_video', 'appShare_games', 'appShare_travel'];
const active = prof.profiles.map((_, i) => i).filter((i) => Number.isFinite(prof.matrix.values[i * prof.matrix.nCols + prof.matrix.columns.indexOf('arpu')]!));
const activeProfiles = active.map((i) => prof.profiles[i]!);
const { model: pipe, matrix: X } = fitApplyPipeline(
  [
    { type: 'select', columns: { names: segFeatures } },
    { type: 'impute', strategy: 'median', columns: { type: 'numeric' } },
    { type: 'log1p', columns: { names: ['arpu', 'dataMB', 'voiceMinutes'] } },
    { type: 'standardize', columns: { type: 'numeric' } },
  ],
  activeProfiles,
);
const km = fitKMeans(X, { k: 8, seed: 7, nInit: 3 });
const labels = assignSegments(km, X);
const desc = describeSegments(km, X, { pipeline: pipe });
for (const s of [...desc.segments].sort((a, b) => b.size - a.size)) {
  console.log(`  segment ${s.segment}: ${String(s.size).padStart(6)} (${pct(s.share).padStart(5)})  ${s.label}`);
}
const personaOfActive = active.map((i) => truth.persona[subIndex.get(String(prof.profiles[i]!.id))!]!);
console.log(`recovery of the latent personas: ARI ${adjustedRandIndex(personaOfActive, Array.from(labels)).toFixed(3)}, purity ${purity(personaOfActive, Array.from(labels)).toFixed(3)}`);

// 5. churn early warning -------------------------------------------------------------------------
step(`5. churn early warning: who leaves in ${truth.outcomeMonth}?`);
const atRisk = prof.profiles.map((_, i) => i).filter((i) => op.subscribers[subIndex.get(prof.matrix.rowIds[i]!)!]!.status !== 'closed');
const CM = selectRows(prof.matrix, atRisk);
const y = atRisk.map((i) => truth.churned[subIndex.get(prof.matrix.rowIds[i]!)!]!);
const hazard = atRisk.map((i) => truth.churnHazard[subIndex.get(prof.matrix.rowIds[i]!)!]!);
const folds = stratifiedKFold(y, { folds: 4, seed: 7 });
const fold = folds[0]!;
const train = selectRows(CM, fold.train);
const test = selectRows(CM, fold.test);
const gbdt = fitChurnModel(train, Array.from(fold.train, (i) => y[i]!), { kind: 'gbdt', learningRate: 0.05, maxLeaves: 15, minSamplesLeaf: 50, seed: 7 });
const pTest = predictChurn(gbdt, test);
const yTest = Array.from(fold.test, (i) => y[i]!);
const evModel = evaluateBinary(yTest, pTest);
const evTruth = evaluateBinary(yTest, Array.from(fold.test, (i) => hazard[i]!));
console.log(`held-out quarter: ROC-AUC model ${evModel.rocAuc.toFixed(3)} vs true hazard ${evTruth.rocAuc.toFixed(3)} (the ceiling); PR-AUC ${evModel.prAuc.toFixed(3)} vs ${evTruth.prAuc.toFixed(3)}; top-decile lift ${evModel.topDecileLift.toFixed(2)}`);
const watch = churnWatchlist(gbdt, test, { top: 5, value: 'arpu' });
console.log('watchlist (risk × ARPU) with reasons:');
for (const w of watch) console.log(`  ${w.id}  p=${w.probability.toFixed(2)}  ARPU ${w.value.toFixed(0)}  — ${w.reasons.join('; ')}`);

// 6. tags and audiences --------------------------------------------------------------------------
step('6. tags and audience selection');
const pAll = predictChurn(gbdt, prof.matrix);
const tagged = prof.profiles.map((p, i) => ({ ...p, churnProbability: pAll[i]! }));
const index = applyTagCatalogue(defaultTagCatalogue, tagged);
for (const t of ['high_consumption', 'heavy_data', 'night_entertainment', 'travel_enthusiast', 'business_traveller', 'family_user', 'upgrade_5g_candidate', 'churn_risk']) {
  console.log(`  ${t.padEnd(22)} ${countAudience(index, t)}`);
}
const audience = 'high_consumption AND (travel_enthusiast OR business_traveller) AND NOT churn_risk';
console.log(`audience "${audience}": ${countAudience(index, audience)} subscribers`);

// 7. offers --------------------------------------------------------------------------------------
step('7. personalised offers: hybrid recommender (blend learned on validation)');
const rec = fitRecommender({ interactions: op.interactions, subscribers: op.subscribers, offers: op.offers }, { segmentField: 'planGroup', seed: 7 });
console.log(`learned blend: ${Object.entries(rec.blend.weights).map(([k, w]) => `${k} ${Number(w).toFixed(2)}`).join(', ')}`);
for (const id of rec.subscriberIds.slice(0, 3)) {
  console.log(`  ${id}:`);
  for (const r of recommend(rec, id, { k: 3, maxPerCategory: 2 })) console.log(`    ${r.offerId}  ${r.score.toFixed(2)}  ${r.reasons.join('; ')}`);
}
step('done');
