/**
 * Telecom features, call-graph features, 360° profiles, incremental decayed profiles and drift on
 * the synthetic operator. Run: `npx tsx examples/features.ts`.
 */
import {
  buildProfiles,
  callGraphFeatures,
  createProfileState,
  detectDrift,
  generateOperator,
  getColumn,
  subscriberFeatures,
  updateProfile,
} from 'telcokit';

const op = generateOperator({ subscribers: 3000, months: 6, seed: 1 });
const months = op.truth.months;
console.log(`synthetic operator: ${op.subscribers.length} subscribers, ${op.usage.length} usage months (${months[0]}…${months.at(-1)}), ${op.callEdges.length} call edges`);

// 1. telecom features over the last 3 months
const tf = subscriberFeatures(op.usage, { subscribers: op.subscribers, windowMonths: 3 });
const drop = getColumn(tf, 'dataDropRatio');
let fell = 0;
for (const v of drop) if (v >= 0.5) fell++;
console.log(`subscriberFeatures: ${tf.nRows} × ${tf.nCols}; ${fell} subscribers' data use fell by half or more last month`);

// 2. call graph: PageRank, churn contagion, communities
const churned = op.subscribers.filter((s) => s.status === 'closed').map((s) => s.id);
const g = callGraphFeatures(op.callEdges, { churned, seed: 0 });
console.log(`callGraphFeatures: ${g.nRows} nodes, PageRank in ${g.pageRankIterations} iterations, ${g.communityCount} communities`);

// 3. the 360° profile
const { profiles, scores } = buildProfiles({ subscribers: op.subscribers, usage: op.usage, callEdges: op.callEdges, churned });
const p = profiles.find((r) => r.monthsObserved === 3)!; // a subscriber active through the window
console.log(`profile ${p.id}: consumption ${Number(p.consumptionPowerScore).toFixed(0)}, social ${Number(p.socialInfluenceScore).toFixed(0)}, device ${Number(p.devicePreferenceScore).toFixed(0)}, content ${Number(p.contentPreferenceScore).toFixed(0)} (top app ${p.topAppCategory}); ${scores.nCols} scores per subscriber`);

// 4. decayed profile kept current month by month = recomputed from the full history
const id = String(p.id);
const history = op.usage.filter((u) => u.subscriberId === id);
let state = createProfileState(history.slice(0, -1), { halfLifeMonths: 3 });
state = updateProfile(state, history.at(-1)!);
const batch = createProfileState(history, { halfLifeMonths: 3 });
console.log(`updateProfile: decayed data ${(state.sums.dataMB / state.weights.dataMB).toFixed(1)} MB/month (batch ${(batch.sums.dataMB / batch.weights.dataMB).toFixed(1)})`);

// 5. drift between the first and the last quarter of the window (PSI gives missing values their
//    own bin, so subscribers who left during the window count as a shift)
const ref = subscriberFeatures(op.usage, { subscribers: op.subscribers, asOf: months[2], windowMonths: 3 });
const report = detectDrift(ref, tf, { columns: ['arpu', 'dataMB', 'voiceMinutes', 'nightDataShare', 'complaintRate', 'tenureMonths'] });
for (const f of report.features) console.log(`  drift ${f.feature.padEnd(15)} PSI ${f.psi.toFixed(3)}  KS ${f.ks.toFixed(3)}  ${f.level}`);
console.log(`flagged: ${report.flagged.join(', ') || 'none'}`);
