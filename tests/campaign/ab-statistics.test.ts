/**
 * Reference figures from scipy 1.10 / statsmodels 0.13.5 (Debian bookworm), computed once with:
 *
 * ```python
 * import numpy as np
 * from scipy import stats, integrate
 * from statsmodels.stats.proportion import proportion_confint, confint_proportions_2indep, proportions_ztest
 * from statsmodels.stats.multitest import multipletests
 * proportion_confint(37, 412, alpha=0.05, method='wilson')            # (0.0658559187239681, 0.121334312479647)
 * proportion_confint(0, 25, alpha=0.1, method='wilson')               # (-6.9e-18, 0.097653506006051)
 * confint_proportions_2indep(60, 1000, 40, 1000, method='newcomb', compare='diff')  # (0.000817389209575886, 0.0395273136352578)
 * confint_proportions_2indep(3, 50, 0, 45, method='newcomb', compare='diff')        # (-0.0279616651948534, 0.162170916888382)
 * confint_proportions_2indep(60, 1000, 40, 1000, method='log', compare='ratio')     # (1.01522374993774, 2.2162602087845)
 * proportions_ztest([60, 40], [1000, 1000])                          # (2.05195670417031, 0.0401738702885121)
 * stats.fisher_exact([[8, 2], [2, 8]])                               # (16.0, 0.0230141375652212)
 * stats.fisher_exact([[30, 970], [12, 988]])                         # (2.54639175257732, 0.0072879535071686)
 * a = np.array([12.5, 0, 0, 30, 7.25, 0, 19.9, 0, 0, 5]); b = np.array([0, 0, 10, 0, 3.5, 0, 0, 0, 8, 0, 0, 1])
 * va, vb = a.var(ddof=1)/len(a), b.var(ddof=1)/len(b); df = (va+vb)**2/(va**2/(len(a)-1)+vb**2/(len(b)-1))
 * q = stats.t.ppf(0.975, df); d = a.mean()-b.mean()   # d ± q √(va+vb) = (-2.0054488532328, 13.1854488532328), df 10.7065051271639
 * stats.ttest_ind(a, b, equal_var=False).pvalue       # 0.133145920924511
 * multipletests([0.01, 0.04, 0.03, 0.2], method='holm')[1]           # [0.04, 0.09, 0.09, 0.2]
 * stats.chisquare([52000, 48000]); stats.chisquare([50100, 49900])   # (160, 1.13e-36), (0.4, 0.527089256865538)
 * stats.chisquare([340, 330, 290], [320, 320, 320])                  # (4.375, 0.112196890520344)
 * def bayes(xt, nt, xc, nc):   # Beta(1, 1) prior; adaptive quadrature
 *     T = stats.beta(1+xt, 1+nt-xt); C = stats.beta(1+xc, 1+nc-xc)
 *     lo, hi = C.ppf(1e-15), C.ppf(1-1e-15)
 *     win = integrate.quad(lambda x: C.pdf(x)*T.sf(x), lo, hi, epsabs=1e-14, epsrel=1e-12, limit=500)[0]
 *     loss = integrate.quad(lambda x: C.pdf(x)*integrate.quad(lambda y: T.cdf(y), 0, x, epsabs=1e-15, limit=200)[0], lo, hi, epsabs=1e-14, epsrel=1e-10, limit=500)[0]
 *     return win, loss, (T.mean()-C.mean()) + loss
 * bayes(60, 1000, 40, 1000)   # (0.979677212053824, 7.36134739231026e-05, 0.0200336933142425)
 * bayes(3, 40, 5, 38)         # (0.216154610085596, 0.0635300835482899, 0.00876817878638515)
 * stats.norm.ppf(0.975), stats.norm.ppf(1e-10), stats.t.ppf(0.975, 7.3), stats.norm.sf(8)
 * # 1.95996398454005, -6.36134090240406, 2.34506673615093, 6.22096057427174e-16
 * ```
 */
import { describe, expect, test } from 'vitest';
import {
  bayesianProportions,
  cuped,
  DataError,
  DimensionError,
  fisherExactTest,
  holmAdjust,
  minimumDetectableEffect,
  newcombeInterval,
  OptionsError,
  relativeLiftInterval,
  sampleSize,
  srmCheck,
  twoProportionZTest,
  welchInterval,
  wilsonInterval,
} from 'telcokit';
import { normalQuantile, normalSf, studentQuantile } from '../../src/internal/stats';

const close = (a: number, b: number, rel = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('distributions (internal)', () => {
  test('normal quantiles match scipy to 1e-12, t quantiles to 1e-9', () => {
    close(normalQuantile(0.975), 1.95996398454005, 1e-12);
    close(normalQuantile(1e-10), -6.36134090240406, 1e-12);
    close(studentQuantile(0.975, 7.3), 2.34506673615093, 1e-9);
    expect(Math.abs(normalSf(8) - 6.22096057427174e-16)).toBeLessThan(1e-26);
  });
});

describe('intervals', () => {
  test('wilsonInterval matches statsmodels (wilson)', () => {
    const a = wilsonInterval(37, 412);
    close(a.lower, 0.0658559187239681, 1e-12);
    close(a.upper, 0.121334312479647, 1e-12);
    const b = wilsonInterval(0, 25, { alpha: 0.1 });
    expect(b.lower).toBe(0);
    close(b.upper, 0.097653506006051, 1e-12);
  });
  test('newcombeInterval matches statsmodels (newcomb), also with zero conversions', () => {
    const a = newcombeInterval({ conversions: 60, exposures: 1000 }, { conversions: 40, exposures: 1000 });
    close(a.lower, 0.000817389209575886, 1e-10);
    close(a.upper, 0.0395273136352578, 1e-12);
    const b = newcombeInterval({ conversions: 3, exposures: 50 }, { conversions: 0, exposures: 45 });
    close(b.lower, -0.0279616651948534, 1e-12);
    close(b.upper, 0.162170916888382, 1e-12);
  });
  test('relativeLiftInterval matches statsmodels (log ratio) and is null at zero conversions', () => {
    const r = relativeLiftInterval({ conversions: 60, exposures: 1000 }, { conversions: 40, exposures: 1000 })!;
    close(r.lower + 1, 1.01522374993774, 1e-12);
    close(r.upper + 1, 2.2162602087845, 1e-12);
    expect(relativeLiftInterval({ conversions: 0, exposures: 10 }, { conversions: 2, exposures: 10 })).toBeNull();
  });
  test('welchInterval matches scipy', () => {
    const a = [12.5, 0, 0, 30, 7.25, 0, 19.9, 0, 0, 5];
    const b = [0, 0, 10, 0, 3.5, 0, 0, 0, 8, 0, 0, 1];
    const r = welchInterval(a, b);
    close(r.estimate, 5.59, 1e-12);
    close(r.lower, -2.0054488532328, 1e-10);
    close(r.upper, 13.1854488532328, 1e-10);
    close(r.df, 10.7065051271639, 1e-12);
    close(r.pValue, 0.133145920924511, 1e-10);
  });
});

describe('tests', () => {
  test('twoProportionZTest matches statsmodels proportions_ztest', () => {
    const r = twoProportionZTest({ conversions: 60, exposures: 1000 }, { conversions: 40, exposures: 1000 });
    close(r.statistic, 2.05195670417031, 1e-12);
    close(r.pValue, 0.0401738702885121, 1e-11);
  });
  test('twoProportionZTest of two all-zero arms is z = 0, p = 1 (documented, not NaN)', () => {
    expect(twoProportionZTest({ conversions: 0, exposures: 10 }, { conversions: 0, exposures: 10 })).toEqual({ statistic: 0, pValue: 1 });
  });
  test('fisherExactTest matches scipy fisher_exact', () => {
    const a = fisherExactTest({ conversions: 8, exposures: 10 }, { conversions: 2, exposures: 10 });
    expect(a.statistic).toBe(16);
    close(a.pValue, 0.0230141375652212, 1e-10);
    const b = fisherExactTest({ conversions: 30, exposures: 1000 }, { conversions: 12, exposures: 1000 });
    close(b.statistic, 2.54639175257732, 1e-12);
    close(b.pValue, 0.0072879535071686, 1e-9);
  });
  test('holmAdjust matches statsmodels multipletests(holm)', () => {
    const r = holmAdjust([0.01, 0.04, 0.03, 0.2]);
    [0.04, 0.09, 0.09, 0.2].forEach((v, i) => close(r[i]!, v, 1e-15));
  });
  test('srmCheck flags 52/48 at 100,000 and not 50.1/49.9 (scipy chisquare)', () => {
    const a = srmCheck([52_000, 48_000], [0.5, 0.5]);
    expect(a.chiSquare).toBe(160);
    expect(a.mismatch).toBe(true);
    expect(a.pValue).toBeLessThan(1e-30);
    const b = srmCheck([50_100, 49_900], [0.5, 0.5]);
    close(b.pValue, 0.527089256865538, 1e-10);
    expect(b.mismatch).toBe(false);
    const c = srmCheck([340, 330, 290], [1 / 3, 1 / 3, 1 / 3]);
    close(c.chiSquare, 4.375, 1e-12);
    close(c.pValue, 0.112196890520344, 1e-10);
  });
});

describe('bayesianProportions', () => {
  test('chance to beat control and expected losses match scipy quadrature', () => {
    const a = bayesianProportions({ conversions: 60, exposures: 1000 }, { conversions: 40, exposures: 1000 });
    close(a.chanceToBeatControl, 0.979677212053824, 1e-7);
    close(a.expectedLossTreatment, 7.36134739231026e-5, 1e-6);
    close(a.expectedLossControl, 0.0200336933142425, 1e-7);
    const b = bayesianProportions({ conversions: 3, exposures: 40 }, { conversions: 5, exposures: 38 });
    close(b.chanceToBeatControl, 0.216154610085596, 1e-7);
    close(b.expectedLossTreatment, 0.0635300835482899, 1e-7);
    close(b.expectedLossControl, 0.00876817878638515, 1e-7);
  });
  test('a stated prior is reported and validated', () => {
    expect(bayesianProportions({ conversions: 1, exposures: 2 }, { conversions: 1, exposures: 2 }, { prior: { a: 2, b: 3 } }).posterior.control).toEqual([3, 4]);
    expect(() => bayesianProportions({ conversions: 1, exposures: 2 }, { conversions: 1, exposures: 2 }, { prior: { a: 0, b: 1 } })).toThrow(OptionsError);
  });
});

describe('sampleSize and minimumDetectableEffect', () => {
  test('sampleSize matches the hand-computed Fleiss formula', () => {
    // z = 1.959964, zβ = 0.841621: (1.959964·√(0.055·0.945·2) + 0.841621·√(0.0475 + 0.0564))² / 0.01² = 8157.8
    expect(sampleSize({ baseline: 0.05, minimumLift: 0.2 })).toEqual({ control: 8158, treatment: 8158, total: 16316, treatmentRate: 0.06 });
    const r = sampleSize({ baseline: 0.05, minimumLift: 0.2, ratio: 4 });
    expect(r.treatment).toBeGreaterThanOrEqual(4 * r.control - 3);
  });
  test('minimumDetectableEffect inverts sampleSize', () => {
    for (const [baseline, lift] of [[0.05, 0.2], [0.2, 0.05], [0.01, 1]] as const) {
      const n = sampleSize({ baseline, minimumLift: lift }).control;
      const mde = minimumDetectableEffect({ baseline, exposures: n });
      expect(mde).toBeLessThanOrEqual(lift);
      expect(mde).toBeGreaterThan(lift * 0.999);
    }
    expect(minimumDetectableEffect({ baseline: 0.5, exposures: 1 })).toBe(Infinity);
  });
  test('bad options are OptionsErrors naming the option', () => {
    expect(() => sampleSize({ baseline: 0, minimumLift: 0.1 })).toThrow(OptionsError);
    expect(() => sampleSize({ baseline: 0.6, minimumLift: 1 })).toThrow(/below 1/);
    expect(() => sampleSize({ baseline: 0.1, minimumLift: -0.1 })).toThrow(OptionsError);
    expect(() => sampleSize({ baseline: 0.1, minimumLift: 0.1, power: 1 })).toThrow(OptionsError);
    expect(() => sampleSize({ baseline: 0.1, minimumLift: 0.1, alpha: 0 })).toThrow(OptionsError);
    expect(() => sampleSize({ baseline: 0.1, minimumLift: 0.1, foo: 1 } as never)).toThrow(OptionsError);
  });
});

describe('cuped', () => {
  test('reduces variance by ρ² and keeps the mean', () => {
    const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    const y = x.map((v, i) => 2 * v + [0.5, -0.3, 0.1, 0.2, -0.4, 0.3, -0.1, 0, 0.2, -0.5][i]!);
    const r = cuped(y, x);
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
    close(mean(r.adjusted), mean(y), 1e-12);
    close(r.varianceReduction, r.correlation ** 2, 1e-12);
    expect(r.varianceReduction).toBeGreaterThan(0.99);
  });
  test('a constant covariate gives θ = 0 and no reduction', () => {
    const r = cuped([1, 2, 3], [5, 5, 5]);
    expect([r.theta, r.varianceReduction, Array.from(r.adjusted)]).toEqual([0, 0, [1, 2, 3]]);
  });
  test('bad input', () => {
    expect(() => cuped([1, 2], [1])).toThrow(DimensionError);
    expect(() => cuped([1, NaN], [1, 2])).toThrow(DataError);
    expect(() => cuped([1], [1])).toThrow(DataError);
  });
});

describe('bad counts', () => {
  test('conversions above exposures, zero exposures, non-integers are DataErrors', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(DataError);
    expect(() => wilsonInterval(0, 0)).toThrow(DataError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(DataError);
    expect(() => twoProportionZTest({ conversions: -1, exposures: 4 }, { conversions: 0, exposures: 4 })).toThrow(DataError);
    expect(() => wilsonInterval(1, 4, { alpha: 1 })).toThrow(OptionsError);
    expect(() => holmAdjust([0.1, NaN])).toThrow(DataError);
    expect(() => welchInterval([1, NaN], [1, 2])).toThrow(DataError);
  });
  test('srmCheck rejects shares that do not sum to 1, a share of 0 or 1, and mismatched lengths', () => {
    expect(() => srmCheck([10, 10], [0.5, 0.4])).toThrow(OptionsError);
    expect(() => srmCheck([10, 10], [1, 0])).toThrow(OptionsError);
    expect(() => srmCheck([10, 10], [0.5, 0.25, 0.25])).toThrow(DimensionError);
    expect(() => srmCheck([0, 0], [0.5, 0.5])).toThrow(DataError);
  });
});
