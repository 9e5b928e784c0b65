/**
 * `npm run demo`: telcokit's main job end to end on the embedded synthetic operator —
 * generate → validate → profile → segment → tag and select an audience → churn early warning →
 * offer recommendations → a measured campaign → privacy-safe exports → the HTML report in
 * out/report.html. Sizes: `DEMO_SUBSCRIBERS=100000 npm run demo`.
 */
import {
  CallEdgeSchema,
  InteractionSchema,
  OfferSchema,
  SubscriberSchema,
  UsageMonthSchema,
  adjustedRandIndex,
  anonymize,
  assignSegments,
  buildProfiles,
  churnWatchlist,
  countAudience,
  createPrivacyBudget,
  defaultTagCatalogue,
  describeSegments,
  dpAudienceCount,
  evaluateBinary,
  applyTagCatalogue,
  fitApplyPipeline,
  fitChurnModel,
  fitClassifier,
  predictClassifier,
  rocAuc,
  fitKMeans,
  fitRecommender,
  generateOperator,
  npsScore,
  satisfactionDrivers,
  SURVEY_ATTRIBUTES,
  hierarchyFromTable,
  predictChurn,
  pseudonymize,
  purity,
  recommend,
  selectRows,
  stratifiedKFold,
  validateRecords,
  validateColumns,
  defaultScenarios,
  selectTargets,
  planCampaign,
  simulateCampaign,
  evaluateCampaign,
} from 'telcokit';
import { buildReport, operatorReport } from 'telcokit/report';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const N = Number(process.env.DEMO_SUBSCRIBERS ?? 20_000);
const t0 = performance.now();
// the step stamps: wall clock since the start, CPU time (user + system) and memory (resident now; peak so far)
const gb = (bytes: number) => (bytes / 2 ** 30).toFixed(2);
const step = (title: string) => {
  const cpu = process.cpuUsage();
  const mem = `RSS ${gb(process.memoryUsage().rss)} GiB, peak ${gb(process.resourceUsage().maxRSS * 1024)} GiB`;
  console.log(`\n== ${title}  (${((performance.now() - t0) / 1000).toFixed(1)} s; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ${mem})`);
};
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

// 1. the synthetic operator ---------------------------------------------------------------------
step(`1. generate a synthetic operator: ${N.toLocaleString('en-US')} subscribers × 6 months (seed 7)`);
// call edges as columns (millions of them: no object per edge); surveys draw from their own stream, nothing else changes
const op = generateOperator({ subscribers: N, months: 6, seed: 7, surveys: 2_000, callEdges: 'columns' });
const { truth } = op;
const edgeColumns = op.callEdgeColumns!;
console.log(`subscribers ${op.subscribers.length}, usage months ${op.usage.length}, call edges ${edgeColumns.callerId.length}, pings ${op.pings.length}, offers ${op.offers.length}, interactions ${op.interactions.length}`);

// 2. validate every table ------------------------------------------------------------------------
step('2. validate every table against its schema');
const validated = (name: string, valid: number, errors: number) => console.log(`  ${name.padEnd(13)} ${String(valid).padStart(9)} valid, ${errors} errors`);
for (const [name, schema, rows] of [
  ['subscribers', SubscriberSchema, op.subscribers],
  ['usage', UsageMonthSchema, op.usage],
] as const) {
  const r = validateRecords(schema, rows as readonly unknown[]);
  validated(name, r.valid.length, r.errors.length);
}
// the call edges stay columns: the same checks and errors as records, no object per edge
const edgeCheck = validateColumns(CallEdgeSchema, edgeColumns);
validated('callEdges', edgeCheck.rows, edgeCheck.errors.length);
const callEdges = { caller: edgeCheck.valid.callerId, callee: edgeCheck.valid.calleeId, minutes: edgeCheck.valid.minutes, calls: edgeCheck.valid.calls };
for (const [name, schema, rows] of [
  ['offers', OfferSchema, op.offers],
  ['interactions', InteractionSchema, op.interactions],
] as const) {
  const r = validateRecords(schema, rows as readonly unknown[]);
  validated(name, r.valid.length, r.errors.length);
}
const bills = op.usage.filter((u) => u.month === truth.months.at(-1)).map((u) => u.billedAmount).sort((a, b) => a - b);
console.log(`median monthly bill ${bills[bills.length >> 1]!.toFixed(1)}; churn in ${truth.outcomeMonth}: ${pct(truth.churned.reduce((s, c) => s + c, 0) / N)}`);
const personaCounts = new Map<string, number>();
for (const p of truth.persona) personaCounts.set(p, (personaCounts.get(p) ?? 0) + 1);
console.log(`personas: ${[...personaCounts].map(([p, c]) => `${p} ${pct(c / N)}`).join(', ')}`);

// Steps 3–7 run in one function: their profiles, matrices and models are released when it
// returns, before the report (step 10) builds its own. The tag index and the audience serve step 9.
const audience = 'high_consumption AND (travel_enthusiast OR business_traveller) AND NOT churn_risk';
function analyse(): ReturnType<typeof applyTagCatalogue> {
  // 3. the 360° profile ----------------------------------------------------------------------------
  step('3. 360° profiles: telecom features, call graph, four scores');
  const closed = op.subscribers.filter((s) => s.status === 'closed').map((s) => s.id);
  const prof = buildProfiles({ subscribers: op.subscribers, usage: op.usage, callEdges, churned: closed });
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
  const km = fitKMeans(X, { k: 8, seed: 7, nInit: 3, workers: 'auto' }) // every core; the same model for any `workers`;
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
  const gbdt = fitChurnModel(train, Array.from(fold.train, (i) => y[i]!), { kind: 'gbdt', learningRate: 0.05, maxLeaves: 15, minSamplesLeaf: 50, seed: 7, workers: 'auto' });
  const pTest = predictChurn(gbdt, test);
  const yTest = Array.from(fold.test, (i) => y[i]!);
  const evModel = evaluateBinary(yTest, pTest);
  const evTruth = evaluateBinary(yTest, Array.from(fold.test, (i) => hazard[i]!));
  console.log(`held-out quarter: ROC-AUC model ${evModel.rocAuc.toFixed(3)} vs true hazard ${evTruth.rocAuc.toFixed(3)} (the ceiling); PR-AUC ${evModel.prAuc.toFixed(3)} vs ${evTruth.prAuc.toFixed(3)}; top-decile lift ${evModel.topDecileLift.toFixed(2)}`);
  const watch = churnWatchlist(gbdt, test, { top: 5, value: 'arpu' });
  console.log('watchlist (risk × ARPU) with reasons:');
  for (const w of watch) console.log(`  ${w.id}  p=${w.probability.toFixed(2)}  ARPU ${w.value.toFixed(0)}  — ${w.reasons.join('; ')}`);
  // propensity beyond churn: device change within 7 days, against the true-hazard ceiling
  {
    const pr = op.propensity;
    const yDev = atRisk.map((i) => pr.deviceChanged[subIndex.get(prof.matrix.rowIds[i]!)!]!);
    const pDev = atRisk.map((i) => pr.deviceChangeProbability[subIndex.get(prof.matrix.rowIds[i]!)!]!);
    const dev = fitClassifier(train, Array.from(fold.train, (i) => yDev[i]!), { kind: 'gbdt', seed: 7, workers: 'auto' });
    const yDevTest = Array.from(fold.test, (i) => yDev[i]!);
    console.log(
      `device change within ${pr.deviceChangeDays} days (held-out quarter): ROC-AUC model ${rocAuc(yDevTest, predictClassifier(dev, test)).toFixed(3)} vs true hazard ${rocAuc(yDevTest, Array.from(fold.test, (i) => pDev[i]!)).toFixed(3)} (the ceiling)`,
    );
  }

  // 6. tags and audiences --------------------------------------------------------------------------
  step('6. tags and audience selection');
  const pAll = predictChurn(gbdt, prof.matrix, { workers: 'auto' });
  const tagged = prof.profiles.map((p, i) => ({ ...p, churnProbability: pAll[i]! }));
  const index = applyTagCatalogue(defaultTagCatalogue, tagged);
  for (const t of ['high_consumption', 'heavy_data', 'night_entertainment', 'travel_enthusiast', 'business_traveller', 'family_user', 'upgrade_5g_candidate', 'churn_risk']) {
    console.log(`  ${t.padEnd(22)} ${countAudience(index, t)}`);
  }
  console.log(`audience "${audience}": ${countAudience(index, audience)} subscribers`);

  // 7. offers --------------------------------------------------------------------------------------
  step('7. personalised offers: hybrid recommender (blend learned on validation)');
  const rec = fitRecommender({ interactions: op.interactions, subscribers: op.subscribers, offers: op.offers }, { segmentField: 'planGroup', seed: 7, refit: 'blended', als: { workers: 'auto' } });
  console.log(`learned blend: ${Object.entries(rec.blend.weights).map(([k, w]) => `${k} ${Number(w).toFixed(2)}`).join(', ')}`);
  for (const id of rec.subscriberIds.slice(0, 3)) {
    console.log(`  ${id}:`);
    for (const r of recommend(rec, id, { k: 3, maxPerCategory: 2 })) console.log(`    ${r.offerId}  ${r.score.toFixed(2)}  ${r.reasons.join('; ')}`);
  }
  return index;
}
const index = analyse();

// 8. a campaign, measured -----------------------------------------------------------------------
step('8. churn-recall campaign: targets → plan with a control group → simulated outcome → measured lift');
const recallTargets = selectTargets(defaultScenarios[1]!, op);
const plan = planCampaign({
  targets: recallTargets.map((t) => ({ subscriberId: t.subscriberId, campaignId: 'recall', reasons: t.reasons })),
  arms: { control: 0.5, treatment: 0.5 },
  offer: 'discounted-data-pack',
  policy: { channels: { sms: { cost: 0.05 } } },
});
console.log(`${recallTargets.length} targets (e.g. ${recallTargets[0]?.reasons.join('; ')}); ${plan.contacts.length} contacted, ${plan.control.length} held out`);
const sim = simulateCampaign(op, { scenario: 'recall', ...plan.tests['recall']! }, { seed: 7 });
const readout = evaluateCampaign({ arm: sim.arm, converted: sim.converted }, { resamples: 0 });
const lift = readout.comparisons[0]!;
const trueAte = sim.trueEffect.reduce((a, b) => a + b, 0) / sim.trueEffect.length;
for (const a of readout.arms) console.log(`  ${a.arm.padEnd(9)} recall ${pct(a.rate.estimate)}  (${a.conversions}/${a.exposures})`);
console.log(`measured lift ${pct(lift.absoluteLift.estimate)} [95% CI ${pct(lift.absoluteLift.lower)}, ${pct(lift.absoluteLift.upper)}], p ${lift.pValue.toFixed(3)}; the true average effect is ${pct(trueAte)}`);
console.log('loyalty: ' + (() => {
  const nps = npsScore(op.surveys).overall;
  const top = satisfactionDrivers(op.surveys, { attributes: [...SURVEY_ATTRIBUTES], bootstrap: 0 }).attributes.find((a) => a.rank === 1)!;
  return `NPS ${nps.nps.toFixed(1)} [${nps.lower.toFixed(1)}, ${nps.upper.toFixed(1)}] from ${nps.n} surveys; top driver ${top.attribute} (${pct(top.importance)} of R², ${top.quadrant})`;
})());
// 9. privacy -------------------------------------------------------------------------------------
step('9. privacy: a pseudonymised, k-anonymous export and a DP audience count for a partner');
const pseudoKey = new Uint8Array(32);
globalThis.crypto.getRandomValues(pseudoKey); // lives in a key vault, never beside the data
const pseudonyms = pseudonymize(op.subscribers.map((s) => s.id), { key: pseudoKey, keyId: 'demo' });
const release = anonymize(
  op.subscribers.map((s, i) => ({
    pseudonym: pseudonyms[i]!,
    cityTier: s.cityTier,
    customerType: s.customerType,
    networkType: s.networkType,
    deviceTier: s.device?.priceTier ?? 'none',
    plan: s.planGroup ?? s.planId,
  })),
  {
    quasiIdentifiers: ['cityTier', 'customerType', 'networkType', 'deviceTier'],
    hierarchies: {
      cityTier: hierarchyFromTable([['1', 'tier 1-2'], ['2', 'tier 1-2'], ['3', 'tier 3-5'], ['4', 'tier 3-5'], ['5', 'tier 3-5']]),
      customerType: hierarchyFromTable([['individual', 'consumer'], ['family', 'consumer'], ['vip', 'consumer'], ['business', 'organisation'], ['government', 'organisation']]),
      networkType: hierarchyFromTable([['2G', 'pre-4G'], ['3G', 'pre-4G'], ['4G', '4G+'], ['5G', '4G+']]),
      deviceTier: hierarchyFromTable([['none', 'none'], ['low', 'low-mid'], ['mid', 'low-mid'], ['high', 'high+'], ['premium', 'high+']]),
    },
    k: 20,
    l: 2,
    sensitive: 'plan',
    maxSuppression: 0.01,
  },
);
console.log(`k-anonymous release (k 20, l 2, ≤ 1 % suppressed): levels ${JSON.stringify(release.node)}, k ${release.k}, ${release.classes} classes, ${release.suppressed} rows suppressed`);
console.log(`  first row: ${JSON.stringify({ ...release.rows[0], pseudonym: `${String(release.rows[0]!.pseudonym).slice(0, 14)}…` })}`);
const partnerBudget = createPrivacyBudget({ epsilon: 1 });
const noisy = dpAudienceCount(index, audience, partnerBudget, { epsilon: 0.5 });
console.log(`partner's DP count of the audience: ${noisy} (ε 0.5, discrete Laplace scale 2); budget left ε ${partnerBudget.remaining().epsilon}`);
// 10. the report ----------------------------------------------------------------------------------
step('10. the report: every result as a chart, in one self-contained HTML page');
const report = await operatorReport({ ...op, callEdges }, { seed: 7, k: 8 });
const html = await buildReport(report.sections, {
  title: 'telcokit demo: a synthetic operator',
  subtitle: `${N.toLocaleString('en-US')} synthetic subscribers × 6 months (seed 7); features as of ${report.asOf}`,
});
mkdirSync('out', { recursive: true });
writeFileSync('out/report.html', html);
console.log(`report: ${Object.keys(report.charts).length} charts → ${resolve('out/report.html')}`);
step('done');
