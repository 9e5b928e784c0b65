/**
 * Satisfaction and loyalty on the synthetic operator: validate survey responses → NPS and CSAT
 * with intervals, by channel and month → what drives satisfaction (relative weights, Shapley,
 * quadrant) against the known true weights → a behavioural loyalty index and its agreement with
 * NPS → churn by NPS class and NPS + the index as churn features.  `npx tsx examples/loyalty.ts`
 */
import {
  churnByNpsClass,
  csatScore,
  driverQuadrantChart,
  generateOperator,
  loyaltyIndex,
  loyaltyProfiles,
  npsScore,
  npsTrendChart,
  satisfactionDrivers,
  SURVEY_ATTRIBUTES,
  validateSurveyResponses,
} from 'telcokit';

const op = generateOperator({ subscribers: 10_000, months: 4, seed: 5, pingsPerSubscriber: 0, impressionsPerSubscriber: 0, surveys: 5_000 });

// 1. validate (as you would a CSV export), checking ids against the subscriber base
const checked = validateSurveyResponses(op.surveys, { subscriberIds: op.subscribers.map((s) => s.id) });
console.log(`${checked.valid.length} valid responses, ${checked.errors.length} problems`);
const surveys = checked.valid;

// 2. scores with intervals
const nps = npsScore(surveys, { by: 'channel', period: 'month' });
const f = (x: number) => x.toFixed(1);
console.log(`NPS ${f(nps.overall.nps)} [${f(nps.overall.lower)}, ${f(nps.overall.upper)}] (n ${nps.overall.n})`);
for (const s of nps.segments) console.log(`  ${s.segment.padEnd(12)} ${f(s.nps).padStart(6)} [${f(s.lower)}, ${f(s.upper)}]  n ${s.n}`);
for (const c of nps.changes) console.log(`  ${c.from} → ${c.to}: ${f(c.difference)} points, p ${c.pValue.toFixed(3)}`);
const csat = csatScore(surveys);
console.log(`CSAT mean ${csat.overall.mean.toFixed(2)}, top-2-box ${(100 * csat.overall.topBoxRate).toFixed(1)} % [${(100 * csat.overall.topBoxLower).toFixed(1)}, ${(100 * csat.overall.topBoxUpper).toFixed(1)}]`);

// 3. drivers, against the generator's true weights
const drivers = satisfactionDrivers(surveys, { attributes: [...SURVEY_ATTRIBUTES], bootstrap: 100, seed: 1 });
console.log(`drivers (R² ${drivers.r2.toFixed(3)}):`);
for (const a of [...drivers.attributes].sort((x, y) => x.rank - y.rank)) {
  console.log(
    `  ${a.rank}. ${a.attribute.padEnd(18)} weight ${a.relativeWeight!.toFixed(3)} [${a.relativeWeightLower!.toFixed(3)}, ${a.relativeWeightUpper!.toFixed(3)}]` +
      `  shapley ${a.shapley!.toFixed(3)}  mean ${a.performance.toFixed(2)}  ${a.quadrant.padEnd(17)} true weight ${op.truth.surveyWeights[a.attribute]}`,
  );
}

// 4. behavioural loyalty, and how it agrees with what subscribers say
const index = loyaltyIndex(loyaltyProfiles(op.subscribers, op.usage, { callEdges: op.callEdges }), { surveys });
console.log(`loyalty tiers: ${index.tierCounts.map((t) => `${t.tier} ${t.count}`).join(', ')}`);
const ag = index.agreement!;
console.log(`agreement with NPS: Spearman ${ag.spearman.toFixed(3)}; mean index detractor ${f(ag.meanIndexByClass.detractor)}, passive ${f(ag.meanIndexByClass.passive)}, promoter ${f(ag.meanIndexByClass.promoter)}`);

// 5. do detractors churn more?
const M = op.truth.months.length;
const outcomes = Array.from(op.truth.surveySubscriber, (i) => ({ subscriberId: op.subscribers[i]!.id, churned: op.truth.churnMonth[i]! >= 0 && op.truth.churnMonth[i]! <= M }));
const link = churnByNpsClass(surveys, outcomes);
for (const c of link.classes) console.log(`  ${c.npsClass.padEnd(10)} churn ${(100 * c.rate).toFixed(1)} % [${(100 * c.lower).toFixed(1)}, ${(100 * c.upper).toFixed(1)}]  n ${c.n}`);

// 6. charts (Vega-Lite JSON; render with telcokit/report's renderChart)
const charts = [npsTrendChart(nps.periods), driverQuadrantChart(drivers.attributes, { importanceCut: drivers.thresholds.importance, performanceCut: drivers.thresholds.performance })];
console.log(`charts: ${charts.map((c) => c.usermeta.telcokit.chart).join(', ')}`);
