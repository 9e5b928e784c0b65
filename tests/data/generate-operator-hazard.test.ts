import { describe, expect, test } from 'vitest';
import { fitChurnModel, generateOperator, predictChurn, rocAuc, subscriberFeatures } from 'telcokit';

// The true hazard is the probability the simulation drew the outcome-month churn event with, given
// the full latent state at the end of the window (covariates, frailty, churned neighbours, intent).
// It is therefore the Bayes-optimal score: a model of the observed features must not beat it.
const N = 20_000;
const M = 6;
const op = generateOperator({ subscribers: N, months: M, seed: 11, callEdges: false, pingsPerSubscriber: 0, impressionsPerSubscriber: 0 });
const { truth } = op;
const atRisk: number[] = [];
for (let i = 0; i < N; i++) if (truth.churnMonth[i]! < 0 || truth.churnMonth[i]! >= M) atRisk.push(i);

describe('generateOperator: the true hazard is the ceiling (20,000 subscribers × 6 months, seed 11)', () => {
  test('truth.churnHazard beats a logistic churn model on the observed last-3-month features (held-out half)', () => {
    const subs = atRisk.map((i) => op.subscribers[i]!);
    const ids = new Set(subs.map((s) => s.id));
    const X = subscriberFeatures(
      op.usage.filter((u) => ids.has(u.subscriberId)),
      { subscribers: subs, asOf: truth.months[M - 1]!, windowMonths: 3 },
    );
    const p = X.nCols;
    const y = atRisk.map((i) => truth.churned[i]!);
    const train: number[] = [];
    const held: number[] = [];
    atRisk.forEach((_, r) => (r % 2 === 0 ? train : held).push(r));
    // standardise on the training half; missing values → the training mean (0 after scaling)
    const mu = new Float64Array(p);
    const sd = new Float64Array(p);
    const cnt = new Float64Array(p);
    for (const r of train) {
      for (let j = 0; j < p; j++) {
        const v = X.values[r * p + j]!;
        if (Number.isFinite(v)) {
          mu[j]! += v;
          cnt[j]!++;
        }
      }
    }
    for (let j = 0; j < p; j++) mu[j] = mu[j]! / Math.max(1, cnt[j]!);
    for (const r of train) {
      for (let j = 0; j < p; j++) {
        const v = X.values[r * p + j]!;
        if (Number.isFinite(v)) sd[j]! += (v - mu[j]!) ** 2;
      }
    }
    for (let j = 0; j < p; j++) sd[j] = Math.sqrt(sd[j]! / Math.max(1, cnt[j]!)) || 1;
    const rows = (idx: number[]) =>
      idx.map((r) =>
        Array.from({ length: p }, (_, j) => {
          const v = X.values[r * p + j]!;
          return Number.isFinite(v) ? (v - mu[j]!) / sd[j]! : 0;
        }),
      );
    const model = fitChurnModel(rows(train), train.map((r) => y[r]!), { kind: 'logistic' });
    const yHeld = held.map((r) => y[r]!);
    expect(yHeld.reduce((s, v) => s + v, 0)).toBeGreaterThan(100);
    const aucModel = rocAuc(yHeld, predictChurn(model, rows(held)));
    const aucTruth = rocAuc(yHeld, held.map((r) => truth.churnHazard[atRisk[r]!]!));
    // measured: truth 0.932, logistic 0.857 (the observed decline is informative, the truth more so)
    expect(aucModel).toBeGreaterThan(0.75);
    expect(aucTruth).toBeGreaterThanOrEqual(aucModel);
  });

  test('about 70 % of churners pass through intent first, mostly for 1–3 months', () => {
    let churners = 0;
    let viaIntent = 0;
    let upTo3 = 0;
    for (let i = 0; i < N; i++) {
      const c = truth.churnMonth[i]!;
      if (c < 1) continue;
      churners++;
      const s = truth.intentMonth[i]!;
      if (s < c) {
        viaIntent++;
        if (c - s <= 3) upTo3++;
      }
    }
    expect(viaIntent / churners).toBeGreaterThan(0.6);
    expect(viaIntent / churners).toBeLessThan(0.8);
    expect(upTo3 / viaIntent).toBeGreaterThan(0.85);
    // every intent month is in the window or the two months before it, never after the churn month
    for (let i = 0; i < N; i++) {
      const s = truth.intentMonth[i]!;
      if (s === 32767) continue;
      expect(s).toBeGreaterThanOrEqual(-2);
      expect(s).toBeLessThan(M);
      if (truth.churnMonth[i]! >= 0) expect(s).toBeLessThan(truth.churnMonth[i]!);
    }
  });

  test("intent shows in the usage: data falls from the first to the last window month for those in intent, grows for the others", () => {
    const index = new Map(op.subscribers.map((s, i) => [s.id, i]));
    const first = new Float64Array(N);
    const last = new Float64Array(N);
    for (const u of op.usage) {
      const i = index.get(u.subscriberId)!;
      if (u.month === truth.months[0]) first[i] = u.dataMB;
      if (u.month === truth.months[M - 1]) last[i] = u.dataMB;
    }
    const trend = (inIntent: boolean) => {
      let s = 0;
      let c = 0;
      for (const i of atRisk) {
        const m = truth.intentMonth[i]!;
        if ((m >= 1 && m < M) !== inIntent) continue;
        s += Math.log((last[i]! + 1) / (first[i]! + 1));
        c++;
      }
      return s / c;
    };
    // measured: −0.78 in intent, +0.10 otherwise
    expect(trend(true)).toBeLessThan(-0.5);
    expect(trend(false)).toBeGreaterThan(0);
  });

  test('the outcome hazard of a subscriber in intent is far above that of one not in intent', () => {
    const inI: number[] = [];
    const outI: number[] = [];
    for (const i of atRisk) (truth.intentMonth[i]! < M ? inI : outI).push(truth.churnHazard[i]!);
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(inI.length).toBeGreaterThan(200);
    expect(mean(inI)).toBeGreaterThan(10 * mean(outI));
  });
});
