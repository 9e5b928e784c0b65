/**
 * The feature pipeline end to end on the synthetic operator: flat subscriber records (master
 * data joined with the last month of usage) → fit a pipeline with a derived ratio, imputation,
 * log1p, scaling, one-hot and out-of-fold target encoding → save it as JSON → load it back →
 * apply it to new records → map centroids-like rows back to original units.
 *
 * Run: `npx tsx examples/pipeline.ts`
 */
import {
  applyPipeline,
  expr,
  featureNames,
  fitApplyPipeline,
  generateOperator,
  inverseTransform,
  parsePipeline,
  serializeModel,
} from 'telcokit';
import type { PipelineStep } from 'telcokit';

const op = generateOperator({ subscribers: 3000, months: 3, seed: 7, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 0 });
const lastMonth = op.truth.months[op.truth.months.length - 1]!;
const usage = new Map(op.usage.filter((u) => u.month === lastMonth).map((u) => [u.subscriberId, u]));

/** Whole months from an ISO date to a `YYYY-MM` month. */
function monthsBetween(date: string, month: string): number {
  const [y0, m0] = date.split('-').map(Number) as [number, number];
  const [y1, m1] = month.split('-').map(Number) as [number, number];
  return Math.max(0, (y1 - y0) * 12 + (m1 - m0));
}

// one flat record per subscriber: values are numbers, strings, booleans or null
const records = op.subscribers.map((s, i) => {
  const u = usage.get(s.id);
  return {
    id: s.id,
    regionCode: s.regionCode,
    paymentPlan: s.paymentPlan,
    networkType: s.networkType,
    planId: s.planId,
    deviceModel: s.device?.model ?? null,
    tenureMonths: monthsBetween(s.joinDate, lastMonth),
    creditScore: s.creditScore ?? null,
    dataMB: u?.dataMB ?? null,
    nightDataMB: u?.nightDataMB ?? null,
    voiceMinutes: u ? u.localVoiceMinutes + u.longDistanceVoiceMinutes + u.roamingVoiceMinutes : null,
    billedAmount: u?.billedAmount ?? null,
    complaints: u?.complaints ?? null,
    churned: op.truth.churned[i] === 1,
  };
});
const train = records.slice(0, 2500);
const fresh = records.slice(2500);

const steps: PipelineStep[] = [
  {
    type: 'derive',
    outputs: {
      nightShare: expr.clip(expr.ratio(expr.field('nightDataMB'), expr.field('dataMB')), 0, 1),
      revenuePerMB: 'ratio(billedAmount, dataMB + 1)',
      hasComplaint: 'complaints > 0',
    },
  },
  { type: 'impute', columns: { type: 'numeric' }, strategy: 'median', indicator: false },
  { type: 'impute', columns: ['deviceModel'], strategy: 'constant', value: 'none' },
  { type: 'log1p', columns: ['dataMB', 'voiceMinutes', 'billedAmount'] },
  { type: 'winsorize', columns: ['revenuePerMB'], upper: 0.99, lower: 0 },
  { type: 'standardize', columns: { type: 'numeric', exclude: ['hasComplaint'] } },
  { type: 'oneHot', columns: ['paymentPlan', 'networkType', 'regionCode'], minFrequency: 0.01 },
  { type: 'targetEncode', columns: ['planId', 'deviceModel'], folds: 5, smoothing: 20 },
];

// fit on the training rows; `matrix` holds them with out-of-fold target encodings
const { model, matrix } = fitApplyPipeline(steps, train, { target: 'churned', seed: 1 });
console.log(`fitted on ${matrix.nRows} subscribers → ${matrix.nCols} features`);
console.log(`first features: ${featureNames(model).slice(0, 8).join(', ')}, …`);
console.log(`the model reads ${model.inputs.length} input fields: ${model.inputs.map((c) => c.name).join(', ')}`);

// the model is plain data: save it, load it back (validated), apply it to new subscribers
const text = serializeModel(model);
const loaded = parsePipeline(text);
const scored = applyPipeline(loaded, fresh);
console.log(`model JSON: ${(text.length / 1024).toFixed(1)} kB; applied to ${scored.nRows} new subscribers (first id ${scored.rowIds[0]})`);

// back to original units, e.g. to describe a segment centroid
const back = inverseTransform(model, scored);
const j = back.columns.indexOf('dataMB');
console.log(`dataMB of ${back.rowIds[0]}: record ${fresh[0]!.dataMB}, inverse-transformed ${back.values[j]!.toFixed(1)}`);
