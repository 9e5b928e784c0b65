/**
 * Segments end to end on a synthetic operator: features → pipeline → chooseK → k-means →
 * segment profiles (with the latent personas as a check), value tiers, sBG lifetime value and RFM.
 *
 * Run: npx tsx examples/segments.ts
 */
import {
  adjustedRandIndex,
  assignSegments,
  chooseK,
  describeSegments,
  fitApplyPipeline,
  fitKMeans,
  fitKPrototypes,
  fitShiftedBetaGeometric,
  generateOperator,
  lifetimeValue,
  purityByClass,
  rfmScores,
  selectColumns,
  subscriberFeatures,
  valueScore,
  valueTiers,
} from 'telcokit';

// 1. A synthetic operator and its per-subscriber usage features
const op = generateOperator({ subscribers: 5000, months: 6, seed: 1, pingsPerSubscriber: 0, callEdges: false, impressionsPerSubscriber: 0 });
const usage = selectColumns(subscriberFeatures(op.usage), [
  'arpu', 'dataMB', 'voiceMinutes', 'nightDataShare', 'vasIntensity', 'callsPerMonth', 'awayWeekdayCallShare',
  'appShare_video', 'appShare_social', 'appShare_games', 'appShare_travel', 'appShare_shopping', 'appShare_news',
  'appShare_music', 'topUpFrequency',
]);

// 2. Scale: impute, log the long-tailed amounts, standardise
const { model: pipeline, matrix } = fitApplyPipeline(
  [{ type: 'impute', strategy: 'median' }, { type: 'log1p', columns: ['arpu', 'dataMB', 'voiceMinutes', 'callsPerMonth'] }, { type: 'standardize' }],
  usage,
);

// 3. How many segments?
const ck = chooseK(matrix, { kMin: 4, kMax: 10, sampleSize: 1000 });
console.table(ck.rows.map((r) => ({ k: r.k, inertia: Math.round(r.inertia), silhouette: r.silhouette.toFixed(3), CH: r.calinskiHarabasz.toFixed(0) })));
console.log(ck.note);

// 4. Segment with k = 8 and profile the segments in original units
const model = fitKMeans(matrix, { k: 8, seed: 0, nInit: 4 });
const labels = assignSegments(model, matrix);
const { segments } = describeSegments(model, matrix, { pipeline });
console.table(
  segments.map((s) => ({
    segment: s.segment,
    share: `${(100 * s.share).toFixed(1)} %`,
    'data MB': Math.round(s.centroid.dataMB!),
    ARPU: s.centroid.arpu!.toFixed(1),
    label: s.label,
  })),
);

// 5. Do the segments recover the generator's latent personas?
const index = new Map(op.subscribers.map((s, i) => [s.id, i]));
const persona = matrix.rowIds.map((id) => op.truth.persona[index.get(id)!]!);
console.log(`adjusted Rand index vs personas: ${adjustedRandIndex(labels, persona).toFixed(3)}`);
console.log(purityByClass(labels, persona).map((p) => `${p.label} ${(100 * p.share).toFixed(0)} %`).join(', '));

// 6. Mixed data without one-hot: k-prototypes on (scaled) ARPU + payment plan + network
const byId = new Map(op.subscribers.map((s) => [s.id, s]));
const records = matrix.rowIds.slice(0, 2000).map((id, i) => ({ id, arpu: matrix.values[i * matrix.nCols]!, plan: byId.get(id)!.paymentPlan, network: byId.get(id)!.networkType }));
const kp = fitKPrototypes(records, { k: 4, seed: 0, numericFields: ['arpu'], categoricalFields: ['plan', 'network'] });
console.log('k-prototypes sizes', kp.sizes, 'modes', kp.sizes.map((_, c) => kp.categories.map((lv, j) => lv[kp.modes[c * 2 + j]!]).join('+')));

// 7. Value: ARPU × expected months (a flat 3 % monthly churn hazard here; use a churn model's scores in practice)
const arpu = Array.from({ length: usage.nRows }, (_, i) => usage.values[i * usage.nCols]!).map((x) => (Number.isFinite(x) ? x : 0));
const value = valueScore({ arpu, churnProbability: arpu.map(() => 0.03) }, { horizonMonths: 36, discountRate: 0.008 });
const tiers = valueTiers(value);
console.log('value tiers', tiers.counts, 'cut-offs', tiers.cutoffs.map((c) => c.toFixed(0)));

// 8. Lifetime value with the shifted-beta-geometric model (Fader & Hardie's "regular" cohort)
const sbg = fitShiftedBetaGeometric([1000, 631, 468, 382, 326, 289, 262, 241]);
console.log(
  `sBG α = ${sbg.alpha.toFixed(3)}, β = ${sbg.beta.toFixed(3)}; E[CLV] at margin 100, d = 10 %: ${lifetimeValue(sbg, { margin: 100, discountRate: 0.1 }).toFixed(1)};` +
    ` after 4 renewals: ${lifetimeValue(sbg, { margin: 100, discountRate: 0.1, renewals: 4 }).toFixed(1)}`,
);

// 9. RFM on top-up behaviour
const rfm = rfmScores(
  matrix.rowIds.map((id, i) => ({
    id,
    recencyDays: (i * 37) % 90,
    frequency: Math.round(usage.values[i * usage.nCols + 14]! || 0),
    monetary: arpu[i]! * 6,
  })),
);
console.log('RFM segments', rfm.counts);
