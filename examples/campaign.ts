/**
 * A churn-recall campaign end to end on the synthetic operator: select targets with reasons →
 * plan (control group, channel, caps, budget) → run it (simulated, with the true effects known)
 * → read it out (intervals, tests, Bayesian, sequential) → learn uplift → target the next wave
 * by expected net gain.  `npx tsx examples/campaign.ts`
 */
import {
  defaultScenarios,
  evaluateCampaign,
  fitUpliftModel,
  generateOperator,
  planCampaign,
  predictUplift,
  qiniCoefficient,
  sampleSize,
  selectRows,
  selectTargets,
  sequentialTest,
  simulateCampaign,
  sleepingDogs,
  srmCheck,
  trueQiniCoefficient,
  upliftByDecile,
  valueTargeting,
} from 'telcokit';

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const op = generateOperator({ subscribers: 30_000, seed: 21, pingsPerSubscriber: 0, callEdges: false, impressionsPerSubscriber: 0 });

// 1. who qualifies, and why
const recall = defaultScenarios.find((s) => s.id === 'recall')!;
const targets = selectTargets(recall, op);
console.log(`recall targets: ${targets.length}; e.g. ${targets[0]!.subscriberId}: ${targets[0]!.reasons.join('; ')}`);

// 2. how big must the test be? 6 % baseline, detect +50 % relative
console.log('sample size per arm for 6 % → 9 %:', sampleSize({ baseline: 0.06, minimumLift: 0.5 }).control);

// 3. plan: half held out (a first test), SMS at 0.05, do-not-disturb list
const plan = planCampaign({
  targets: targets.map((t) => ({ subscriberId: t.subscriberId, campaignId: 'recall-1', reasons: t.reasons })),
  arms: { control: 0.5, treatment: 0.5 },
  offer: 'discounted-data-pack',
  policy: { channels: { sms: { cost: 0.05 } }, doNotDisturb: targets.slice(0, 3).map((t) => t.subscriberId) },
});
console.log(`plan: ${plan.contacts.length} contacts, ${plan.control.length} control, ${plan.excluded.length} excluded (${plan.excluded[0]?.reason})`);

// 4. run it on the simulator, which knows each subscriber's true effect
const test = plan.tests['recall-1']!;
const sim = simulateCampaign(op, { scenario: 'recall', ...test }, { seed: 1 });
const ate = sim.trueEffect.reduce((s, v) => s + v, 0) / sim.trueEffect.length;

// 5. read it out
console.log('SRM:', srmCheck([test.treatment.filter((t) => t === 1).length, test.treatment.filter((t) => t === 0).length], [0.5, 0.5]).mismatch ? 'MISMATCH' : 'ok');
const ev = evaluateCampaign({ arm: sim.arm, converted: sim.converted, revenue: sim.revenue, cost: sim.cost }, { shares: { control: 0.5, treatment: 0.5 }, seed: 1 });
const c = ev.comparisons[0]!;
for (const a of ev.arms) console.log(`  ${a.arm.padEnd(9)} ${a.conversions}/${a.exposures} = ${pct(a.rate.estimate)} [${pct(a.rate.lower)}, ${pct(a.rate.upper)}]`);
console.log(`  absolute lift ${pct(c.absoluteLift.estimate)} [${pct(c.absoluteLift.lower)}, ${pct(c.absoluteLift.upper)}] — true average effect ${pct(ate)}`);
console.log(`  × control ${c.timesControl?.estimate.toFixed(2)} [${c.timesControl?.lower.toFixed(2)}, ${c.timesControl?.upper.toFixed(2)}], p (${c.test}) ${c.pValue.toExponential(2)}, chance to beat control ${pct(c.bayesian.chanceToBeatControl)}`);
console.log(`  net gain ${c.netGain?.estimate.toFixed(0)} [${c.netGain?.lower.toFixed(0)}, ${c.netGain?.upper.toFixed(0)}], ROI ${c.roi?.estimate.toFixed(1)}`);

// 6. had we watched it daily: cumulative looks over 10 "days"
const looks = Array.from({ length: 10 }, (_, d) => {
  // subscriber i is reached on day i mod 10
  const count = (arm: number, conv: boolean) => {
    let k = 0;
    for (let i = 0; i < sim.arm.length; i++) if (i % 10 <= d && sim.treatment[i] === arm && (!conv || sim.converted[i])) k++;
    return k;
  };
  return { treatment: { conversions: count(1, true), exposures: count(1, false) }, control: { conversions: count(0, true), exposures: count(0, false) } };
});
const seq = sequentialTest(looks);
console.log(`sequential: first significant look ${seq.stoppedAt}, final always-valid p ${seq.looks.at(-1)!.pValue.toExponential(2)}`);

// 7. learn who responds: a base-wide randomised test (everyone active, 50/50), an X-learner on
//    half of it, judged on the other half
const wide = simulateCampaign(op, { scenario: 'recall' }, { seed: 2 });
const idx = wide.subscriberIds.map((_, i) => i);
const tr = idx.filter((i) => i % 2 === 0);
const te = idx.filter((i) => i % 2 === 1);
const pick = (a: ArrayLike<number>, rows: number[]) => rows.map((i) => a[i]!);
const model = fitUpliftModel(selectRows(wide.features, tr), pick(wide.treatment, tr), pick(wide.converted, tr), { learner: 'x', base: { kind: 'gbdt', nTrees: 60, learningRate: 0.05, maxLeaves: 8, minSamplesLeaf: 50, seed: 1 } });
const u = Array.from(predictUplift(model, selectRows(wide.features, te)));
console.log(`uplift model: Qini ${qiniCoefficient(pick(wide.converted, te), u, pick(wide.treatment, te)).toFixed(3)} (observed), ${trueQiniCoefficient(pick(wide.trueEffect, te), u).toFixed(3)} (against the truth)`);
for (const r of upliftByDecile(pick(wide.converted, te), u, pick(wide.treatment, te), { bins: 5 })) console.log(`  bin ${r.bin}: predicted ${pct(r.predictedUplift)}, observed ${r.uplift === null ? '—' : pct(r.uplift)}${r.sleepingDogs ? '  ← sleeping dogs' : ''}`);
console.log(`sleeping dogs flagged: ${sleepingDogs(u).length} of ${u.length}`);

// 8. the next wave: value-aware list vs the top-k by churn risk, same budget
const v = valueTargeting(u, { value: pick(wide.value, te), cost: 0.05, budget: 0.05 * Math.round(te.length / 3), risk: pick(wide.churnRisk, te) });
const trueGain = (rows: number[]) => rows.reduce((s, k) => s + wide.trueEffect[te[k]!]! * wide.value[te[k]!]! - 0.05, 0);
console.log(`value-aware list: ${v.selected.length} contacts, expected net gain ${v.netGain.toFixed(0)}, TRUE ${trueGain(v.selected).toFixed(0)}; risk-ranked: TRUE ${trueGain(v.byRisk!.selected).toFixed(0)}`);
