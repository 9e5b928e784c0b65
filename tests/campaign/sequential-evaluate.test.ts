import { describe, expect, test } from 'vitest';
import { DataError, DimensionError, evaluateCampaign, OptionsError, sequentialTest, type SequentialLook } from 'telcokit';
import { createRng } from '../../src/internal/rng';

describe('sequentialTest', () => {
  test('1,000 A/A tests peeked daily: mSPRT stays at or under α, the naive z-test does not', () => {
    // 30 daily looks, 200 new subscribers per arm per day, both arms convert at 10 %.
    const rng = createRng(20_170_101);
    const sims = 1000;
    const days = 30;
    let naiveFalse = 0;
    let msprtFalse = 0;
    for (let s = 0; s < sims; s++) {
      const looks: SequentialLook[] = [];
      let xt = 0;
      let xc = 0;
      for (let d = 1; d <= days; d++) {
        for (let i = 0; i < 200; i++) {
          if (rng.next() < 0.1) xt++;
          if (rng.next() < 0.1) xc++;
        }
        looks.push({ treatment: { conversions: xt, exposures: 200 * d }, control: { conversions: xc, exposures: 200 * d } });
      }
      const r = sequentialTest(looks);
      if (r.looks.some((l) => l.naivePValue < 0.05)) naiveFalse++;
      if (r.stoppedAt >= 0) msprtFalse++;
    }
    // measured with this seed: see docs/campaign.md (naive ≈ 0.27, mSPRT ≈ 0.01)
    expect(msprtFalse / sims).toBeLessThanOrEqual(0.05);
    expect(naiveFalse / sims).toBeGreaterThan(0.15);
    console.log(`A/A x1000 peeked daily for 30 days: naive z-test false positives ${naiveFalse / sims}, mSPRT ${msprtFalse / sims}`);
  });
  test('a real effect is detected and the confidence sequence covers it', () => {
    const rng = createRng(7);
    const looks: SequentialLook[] = [];
    let xt = 0;
    let xc = 0;
    for (let d = 1; d <= 30; d++) {
      for (let i = 0; i < 500; i++) {
        if (rng.next() < 0.12) xt++;
        if (rng.next() < 0.1) xc++;
      }
      looks.push({ treatment: { conversions: xt, exposures: 500 * d }, control: { conversions: xc, exposures: 500 * d } });
    }
    const r = sequentialTest(looks);
    expect(r.stoppedAt).toBeGreaterThanOrEqual(0);
    const last = r.looks.at(-1)!;
    expect(last.lower).toBeLessThan(0.02);
    expect(last.upper).toBeGreaterThan(0.02);
    // p-values never increase; intervals never widen
    for (let i = 1; i < r.looks.length; i++) {
      expect(r.looks[i]!.pValue).toBeLessThanOrEqual(r.looks[i - 1]!.pValue);
      expect(r.looks[i]!.upper - r.looks[i]!.lower).toBeLessThanOrEqual(r.looks[i - 1]!.upper - r.looks[i - 1]!.lower);
    }
  });
  test('hand-computed mixture likelihood ratio at one look', () => {
    // d = 0.06 − 0.04, V = 0.06·0.94/1000 + 0.04·0.96/1000 = 9.48e-5, ρ² = (−2 ln .05 + ln(1 − 2 ln .05)) / 5000
    const r = sequentialTest([{ treatment: { conversions: 60, exposures: 1000 }, control: { conversions: 40, exposures: 1000 } }]);
    const la = -2 * Math.log(0.05);
    const tau2 = ((la + Math.log(1 + la)) / 5000) * (0.06 * 0.94 + 0.04 * 0.96);
    const V = 9.48e-5;
    const lambda = Math.sqrt(V / (V + tau2)) * Math.exp((tau2 * 0.02 ** 2) / (2 * V * (V + tau2)));
    expect(r.looks[0]!.pValue).toBeCloseTo(Math.min(1, 1 / lambda), 12);
  });
  test('bad looks', () => {
    expect(() => sequentialTest([])).toThrow(DataError);
    const a = { treatment: { conversions: 5, exposures: 100 }, control: { conversions: 5, exposures: 100 } };
    const b = { treatment: { conversions: 4, exposures: 90 }, control: { conversions: 5, exposures: 100 } };
    expect(() => sequentialTest([a, b])).toThrow(/cumulative/);
    expect(() => sequentialTest([a], { tuningExposures: 0 })).toThrow(OptionsError);
    // no conversions yet: p = 1, interval [−1, 1], documented
    const z = sequentialTest([{ treatment: { conversions: 0, exposures: 10 }, control: { conversions: 0, exposures: 10 } }]).looks[0]!;
    expect([z.pValue, z.lower, z.upper]).toEqual([1, -1, 1]);
  });
});

function outcomes(spec: Record<string, [number, number]>, revenuePer = 0, costPer = 0) {
  const arm: string[] = [];
  const converted: number[] = [];
  const revenue: number[] = [];
  const cost: number[] = [];
  for (const [name, [x, n]] of Object.entries(spec)) {
    for (let i = 0; i < n; i++) {
      arm.push(name);
      converted.push(i < x ? 1 : 0);
      revenue.push(i < x ? revenuePer * (1 + (i % 3)) : 0);
      cost.push(name === 'control' ? 0 : costPer);
    }
  }
  return { arm, converted, revenue, cost };
}

describe('evaluateCampaign', () => {
  test('per-arm counts, lifts against control, Holm over several arms', () => {
    const o = outcomes({ control: [40, 1000], sms: [60, 1000], push: [45, 1000] });
    const r = evaluateCampaign({ arm: o.arm, converted: o.converted });
    expect(r.arms.map((a) => [a.arm, a.exposures, a.conversions])).toEqual([['control', 1000, 40], ['sms', 1000, 60], ['push', 1000, 45]]);
    const sms = r.comparisons[0]!;
    expect(sms.test).toBe('z');
    expect(sms.pValue).toBeCloseTo(0.0401738702885121, 10);
    // Holm over 2 arms: smallest p doubled
    expect(sms.pValueHolm).toBeCloseTo(2 * 0.0401738702885121, 10);
    expect(sms.absoluteLift.lower).toBeCloseTo(0.000817389209575886, 10);
    expect(sms.timesControl!.estimate).toBeCloseTo(1.5, 12);
    expect(sms.timesControl!.lower).toBeCloseTo(1.01522374993774, 10);
    expect(sms.revenueLift).toBeNull();
    expect(sms.netGain).toBeNull();
    expect(sms.bayesian.chanceToBeatControl).toBeCloseTo(0.979677212053824, 6);
  });
  test('small counts switch the reported p-value to Fisher', () => {
    // expected cells 5 (not below 5): the z-test; 1/10 vs 6/10 has expected cells 3.5: Fisher
    const a = outcomes({ control: [2, 10], sms: [8, 10] });
    expect(evaluateCampaign({ arm: a.arm, converted: a.converted }).comparisons[0]!.test).toBe('z');
    const o = outcomes({ control: [1, 10], sms: [6, 10] });
    const c = evaluateCampaign({ arm: o.arm, converted: o.converted }).comparisons[0]!;
    expect(c.test).toBe('fisher');
    expect(c.pValue).toBe(c.fisher.pValue);
  });
  test('zero conversions in control: relative lift null, absolute lift still reported', () => {
    const o = outcomes({ control: [0, 50], sms: [3, 50] });
    const c = evaluateCampaign({ arm: o.arm, converted: o.converted }).comparisons[0]!;
    expect(c.relativeLift).toBeNull();
    expect(c.timesControl).toBeNull();
    expect(Number.isFinite(c.absoluteLift.lower)).toBe(true);
  });
  test('net gain and ROI: point estimate by formula, seeded bootstrap interval around it, same seed same figures', () => {
    const o = outcomes({ control: [100, 5000], sms: [200, 5000] }, 10, 0.05);
    const r = evaluateCampaign(o, { resamples: 500, seed: 3 });
    const c = r.comparisons[0]!;
    const revT = r.arms[1]!.revenue!;
    const revC = r.arms[0]!.revenue!;
    const cost = r.arms[1]!.cost!;
    expect(cost).toBeCloseTo(250, 9);
    expect(c.netGain!.estimate).toBeCloseTo(((revT - revC) / 5000) * 5000 - cost, 9);
    expect(c.roi!.estimate).toBe(c.netGain!.estimate / cost);
    expect(c.netGain!.lower).toBeLessThan(c.netGain!.estimate);
    expect(c.netGain!.upper).toBeGreaterThan(c.netGain!.estimate);
    // the bootstrap interval is close to Welch's normal interval scaled to the arm
    const w = c.revenueLift!;
    expect(c.netGain!.lower).toBeCloseTo(w.lower * 5000 - 250, -2);
    expect(evaluateCampaign(o, { resamples: 500, seed: 3 })).toEqual(r);
  });
  test('SRM check from designed shares', () => {
    const o = outcomes({ control: [10, 5200], sms: [12, 4800] });
    expect(evaluateCampaign({ arm: o.arm, converted: o.converted }, { shares: { control: 0.5, sms: 0.5 } }).srm!.mismatch).toBe(true);
  });
  test('does not mutate frozen inputs', () => {
    const o = outcomes({ control: [10, 100], sms: [20, 100] }, 5, 0.1);
    const frozen = { arm: Object.freeze(o.arm), converted: Object.freeze(o.converted), revenue: Object.freeze(o.revenue), cost: Object.freeze(o.cost) };
    expect(() => evaluateCampaign(frozen, { resamples: 10 })).not.toThrow();
  });
  test('bad input: single arm, no control, NaN revenue, negative cost, labels not 0/1, lengths, options', () => {
    const one = outcomes({ control: [1, 10] });
    expect(() => evaluateCampaign(one)).toThrow(DataError);
    const noCtl = outcomes({ a: [1, 10], b: [2, 10] });
    expect(() => evaluateCampaign(noCtl)).toThrow(/control arm/);
    const o = outcomes({ control: [1, 10], sms: [2, 10] }, 1, 1);
    expect(() => evaluateCampaign({ ...o, revenue: o.revenue.map((v, i) => (i === 3 ? NaN : v)) })).toThrow(/revenue at index 3/);
    expect(() => evaluateCampaign({ ...o, cost: o.cost.map((v, i) => (i === 12 ? -1 : v)) })).toThrow(DataError);
    expect(() => evaluateCampaign({ ...o, converted: o.converted.map((v, i) => (i === 0 ? 2 : v)) })).toThrow(DataError);
    expect(() => evaluateCampaign({ ...o, cost: [1] })).toThrow(DimensionError);
    expect(() => evaluateCampaign({ arm: [], converted: [] })).toThrow(DataError);
    expect(() => evaluateCampaign(o, { alpha: 2 })).toThrow(OptionsError);
    expect(() => evaluateCampaign(o, { resamples: -1 })).toThrow(OptionsError);
    expect(() => evaluateCampaign(o, { shares: { control: 0.5, sms: 0.4 } })).toThrow(OptionsError);
    expect(() => evaluateCampaign(o, { shares: { control: 1, sms: 0 } })).toThrow(OptionsError);
    expect(() => evaluateCampaign(o, { shares: { control: 0.5 } })).toThrow(OptionsError);
    expect(() => evaluateCampaign(o, { bogus: 1 } as never)).toThrow(OptionsError);
  });
});
