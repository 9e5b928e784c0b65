import { describe, expect, test } from 'vitest';
import {
  createPrivacyBudget,
  DataError,
  dpAudienceCount,
  dpCount,
  dpHistogram,
  dpMean,
  dpQuantile,
  dpSum,
  applyTagCatalogue,
  exportAudience,
  isTelcoError,
  OptionsError,
  PrivacyBudgetError,
  pseudonymize,
  sampleDiscreteLaplace,
  TelcoError,
  ValidationError,
} from 'telcokit';
import { seededBytes } from './seeded-bytes';

describe('createPrivacyBudget({ epsilon, delta })', () => {
  test('basic composition: ε and δ add up; the ledger says what was spent on what', () => {
    const b = createPrivacyBudget({ epsilon: 1, delta: 1e-6 });
    b.spend({ epsilon: 0.3 }, 'count');
    b.spend({ epsilon: 0.2, delta: 1e-7 }, 'sum');
    expect(b.spent()).toEqual({ epsilon: 0.5, delta: 1e-7, rho: 0 });
    expect(b.remaining().epsilon).toBeCloseTo(0.5, 15);
    expect(b.ledger()).toEqual([
      { label: 'count', epsilon: 0.3, delta: 0, rho: 0 },
      { label: 'sum', epsilon: 0.2, delta: 1e-7, rho: 0 },
    ]);
  });

  test('zCDP charges: ρ adds up and converts with the δ left over, ε = ρ + 2√(ρ ln(1/δ′))', () => {
    const b = createPrivacyBudget({ epsilon: 3, delta: 1e-6 });
    b.spend({ epsilon: 0.5 }, 'pure');
    b.spend({ rho: 0.004 }, 'g1');
    b.spend({ rho: 0.006 }, 'g2');
    // by hand: 0.5 + 0.01 + 2·√(0.01 · ln(10⁶)) = 0.51 + 2·√0.1381551 = 0.51 + 0.7433845 = 1.2533845
    expect(b.spent().epsilon).toBeCloseTo(1.2533845, 6);
    expect(b.spent().delta).toBe(1e-6);
    expect(b.spent().rho).toBeCloseTo(0.01, 15);
  });

  test('refuses overspend with a PrivacyBudgetError and records nothing', () => {
    const b = createPrivacyBudget({ epsilon: 1 });
    b.spend({ epsilon: 0.6 }, 'a');
    let err: unknown;
    try {
      b.spend({ epsilon: 0.5 }, 'b');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PrivacyBudgetError);
    expect((err as PrivacyBudgetError).requested.epsilon).toBe(0.5);
    expect((err as PrivacyBudgetError).remaining.epsilon).toBeCloseTo(0.4, 15);
    expect(b.ledger()).toHaveLength(1);
    // spending exactly what is left, in parts whose float sum rounds up, is allowed
    b.spend({ epsilon: 0.1 }, 'c');
    b.spend({ epsilon: 0.3 }, 'd');
    expect(b.canSpend({ epsilon: 1e-9 })).toBe(false);
    // Gaussian charges need δ > 0
    expect(createPrivacyBudget({ epsilon: 1 }).canSpend({ rho: 0.01 })).toBe(false);
  });

  test('bad budgets and charges are OptionsErrors', () => {
    for (const epsilon of [0, -1, NaN, Infinity]) expect(() => createPrivacyBudget({ epsilon })).toThrow(OptionsError);
    for (const delta of [-0.1, 1, 2, NaN]) expect(() => createPrivacyBudget({ epsilon: 1, delta })).toThrow(OptionsError);
    const b = createPrivacyBudget({ epsilon: 1 });
    expect(() => b.spend({ epsilon: 0 }, 'x')).toThrow(OptionsError);
    expect(() => b.spend({ rho: -1 }, 'x')).toThrow(OptionsError);
  });
});

describe('dpCount, dpSum, dpMean, dpHistogram, dpQuantile', () => {
  const rnd = { unsafeRandomBytes: seededBytes(3) };
  test('charge their budget and refuse when it is spent, releasing nothing', () => {
    const budget = createPrivacyBudget({ epsilon: 1, delta: 1e-6 });
    expect(Number.isInteger(dpCount(1000, { epsilon: 0.25, budget, label: 'postpaid' }))).toBe(true);
    dpSum([1, 2, 3], { epsilon: 0.25, lower: 0, upper: 10, budget });
    dpHistogram(['a', 'b'], { epsilon: 0.25, categories: ['a', 'b'], budget });
    expect(() => dpMean([1, 2], { epsilon: 0.5, lower: 0, upper: 10, budget })).toThrow(/^dpMean: privacy budget exceeded/);
    expect(budget.ledger().map((e) => e.label)).toEqual(['postpaid', 'dpSum', 'dpHistogram']);
    expect(() => dpCount(5, { epsilon: 0.5, budget })).toThrow(PrivacyBudgetError);
    // a Gaussian count is charged in ρ
    const g = createPrivacyBudget({ epsilon: 1, delta: 1e-6 });
    dpCount(10, { epsilon: 0.5, delta: 1e-7, mechanism: 'gaussian', budget: g });
    expect(g.ledger()[0]!.rho).toBeGreaterThan(0);
  });

  test('dpCount has variance 2e^(−ε)/(1 − e^(−ε))² (exact discrete Laplace) over 20,000 calls', () => {
    const xs = Array.from({ length: 20_000 }, () => dpCount(50, { epsilon: 0.5, ...rnd }) - 50);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    const r = Math.exp(-0.5);
    const want = (2 * r) / (1 - r) ** 2;
    expect(Math.abs(v - want)).toBeLessThan(6 * Math.sqrt(5 / 20_000) * want);
  });

  test('dpMean and dpQuantile stay within their bounds and near the truth for large n', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i % 101);
    const m = dpMean(values, { epsilon: 1, lower: 0, upper: 100, ...rnd });
    expect(Math.abs(m - 50)).toBeLessThan(1);
    const q = dpQuantile(values, { q: 0.5, epsilon: 1, lower: 0, upper: 100, ...rnd });
    expect(Math.abs(q - 50)).toBeLessThan(3);
    expect(dpMean([1e9], { epsilon: 1, lower: 0, upper: 10, ...rnd })).toBeLessThanOrEqual(10);
  });

  test('dpHistogram reports values outside the categories', () => {
    const h = dpHistogram(['a', 'zz', 'a'], { epsilon: 50, categories: ['a', 'b'], ...rnd });
    expect(h.counts).toEqual({ a: 2, b: 0 });
    expect(h.other).toBe(1);
  });

  test('bad input: ε ≤ 0 or NaN, missing clamping bounds, NaN values, a Gaussian count without δ', () => {
    expect(() => dpCount(5, { epsilon: 0 })).toThrow(OptionsError);
    expect(() => dpCount(5, { epsilon: NaN })).toThrow(OptionsError);
    expect(() => dpCount(-1, { epsilon: 1 })).toThrow(DataError);
    expect(() => dpCount(5, { epsilon: 1, mechanism: 'gaussian' })).toThrow(/delta/);
    expect(() => dpCount(5, { epsilon: 1, mechanism: 'gaussian', delta: 1 })).toThrow(OptionsError);
    expect(() => dpSum([1], { epsilon: 1 } as never)).toThrow(OptionsError);
    expect(() => dpMean([1], { epsilon: 1, lower: 0 } as never)).toThrow(/clamping bounds/);
    expect(() => dpSum([1, NaN], { epsilon: 1, lower: 0, upper: 1 })).toThrow(DataError);
    expect(() => dpQuantile([1], { epsilon: 1, lower: 0, upper: 1, q: 2 })).toThrow(OptionsError);
    expect(() => dpHistogram(['a'], { epsilon: 1, categories: [] })).toThrow(OptionsError);
  });
});

/**
 * A stochastic DP test in the style of Google's DP stochastic tester: run the mechanism many times
 * on two neighbouring datasets, bucket the outputs, and check for every bucket that the empirical
 * probabilities obey P ≤ e^ε·P′ + δ (both directions), within Wilson confidence bounds at z = 4.5
 * (a conservative, Bonferroni-style margin over the buckets). A violation is declared only when
 * the lower bound of P exceeds e^ε times the upper bound of P′ plus δ.
 */
function dpViolations(draw: (neighbour: 0 | 1) => number, runs: number, epsilon: number, delta: number, bucket: (x: number) => number): string[] {
  const counts = [new Map<number, number>(), new Map<number, number>()];
  for (const side of [0, 1] as const) {
    for (let i = 0; i < runs; i++) {
      const b = bucket(draw(side));
      counts[side]!.set(b, (counts[side]!.get(b) ?? 0) + 1);
    }
  }
  const z = 4.5;
  const wilson = (k: number, n: number, sign: 1 | -1): number => {
    const p = k / n;
    const c = (p + (z * z) / (2 * n) + sign * z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
    return Math.min(1, Math.max(0, c));
  };
  const buckets = new Set([...counts[0]!.keys(), ...counts[1]!.keys()]);
  const bad: string[] = [];
  for (const b of buckets) {
    for (const [a, c] of [[0, 1], [1, 0]] as const) {
      const lowP = wilson(counts[a]!.get(b) ?? 0, runs, -1);
      const highQ = wilson(counts[c]!.get(b) ?? 0, runs, 1);
      if (lowP > Math.exp(epsilon) * highQ + delta) bad.push(`bucket ${b}: P ≥ ${lowP.toFixed(4)} > e^ε·${highQ.toFixed(4)} + δ`);
    }
  }
  return bad;
}

describe('stochastic DP test (neighbouring datasets, every output bucket)', () => {
  const RUNS = 100_000;
  const eps = Math.log(3);
  test('dpCount (discrete Laplace) passes: no bucket violates P ≤ e^ε P′ + δ', () => {
    const opts = { epsilon: eps, unsafeRandomBytes: seededBytes(21) };
    const bad = dpViolations((s) => dpCount(100 + s, opts), RUNS, eps, 0, (x) => x);
    expect(bad).toEqual([]);
  });

  test('dpCount (discrete Gaussian, (ε, δ)) passes', () => {
    const opts = { epsilon: 1, delta: 1e-5, mechanism: 'gaussian' as const, unsafeRandomBytes: seededBytes(22) };
    expect(dpViolations((s) => dpCount(100 + s, opts), RUNS, 1, 1e-5, (x) => x)).toEqual([]);
  });

  test('dpSum (real Laplace) passes on buckets of width 1', () => {
    const opts = { epsilon: eps, lower: 0, upper: 5, unsafeRandomBytes: seededBytes(23) };
    const base = [1, 2, 3];
    expect(dpViolations((s) => dpSum(s ? [...base, 5] : base, opts), RUNS, eps, 0, (x) => Math.floor(x))).toEqual([]);
  });

  test('a deliberately broken mechanism (noise scale halved) is caught by the same test', () => {
    const broken = (s: 0 | 1): number => 100 + s + sampleDiscreteLaplace(1 / eps / 2, 1, { unsafeRandomBytes: seededBytes(1000 + s + 2 * (counter++)) })[0]!;
    let counter = 0;
    const bad = dpViolations(broken, 20_000, eps, 0, (x) => x);
    expect(bad.length).toBeGreaterThan(0);
  });
});

describe('dpAudienceCount(index, expression, budget) and exportAudience(index, expression, options)', () => {
  const catalogue = {
    tags: [
      { id: 'big', label: 'Big bill', level: 1, rule: { field: 'bill', op: '>', value: 100 } },
      { id: 'young', label: 'Young', level: 1, rule: { field: 'age', op: '<', value: 30 } },
    ],
  } as const;
  const subs = Array.from({ length: 300 }, (_, i) => ({ id: `s${i}`, bill: i % 3 === 0 ? 150 : 50, age: 20 + (i % 20) }));
  const index = applyTagCatalogue(catalogue as never, subs);
  const key = new Uint8Array(32).fill(5);

  test('dpAudienceCount charges the budget, is near the true count, and refuses overspend', () => {
    const budget = createPrivacyBudget({ epsilon: 2 });
    const x = dpAudienceCount(index, 'big AND young', budget, { epsilon: 1, unsafeRandomBytes: seededBytes(9) });
    const truth = subs.filter((s) => s.bill > 100 && s.age < 30).length;
    expect(Math.abs(x - truth)).toBeLessThan(20);
    expect(budget.ledger()[0]!.label).toBe('dpAudienceCount(big AND young)');
    dpAudienceCount(index, 'big', budget, { epsilon: 1 });
    expect(() => dpAudienceCount(index, 'young', budget, { epsilon: 0.1 })).toThrow(PrivacyBudgetError);
    expect(() => dpAudienceCount(index, 'nope', createPrivacyBudget({ epsilon: 1 }), { epsilon: 0.1 })).toThrow(ValidationError);
    expect(() => dpAudienceCount(index, 'big', undefined as never, { epsilon: 0.1 })).toThrow(OptionsError);
  });

  test('exportAudience emits pseudonyms and only the columns asked for', () => {
    const ageBand = subs.map((s) => (s.age < 30 ? '20-29' : '30+'));
    const out = exportAudience(index, 'big', { pseudonym: { key, keyId: 'k1' }, include: ['ageBand'], columns: { ageBand, bill: subs.map((s) => s.bill) } });
    expect(out.columns).toEqual(['pseudonym', 'ageBand']);
    expect(out.size).toBe(100);
    expect(out.rows[0]).toEqual([pseudonymize(['s0'], { key, keyId: 'k1' })[0], '20-29']);
    expect(out.rows.flat().some((v) => typeof v === 'string' && /^s\d+$/.test(v))).toBe(false);
    const raw = exportAudience(index, 'big', { rawIds: true });
    expect(raw.columns).toEqual(['id']);
    expect(raw.rows[1]).toEqual(['s3']);
  });

  test('an audience under the minimum size is a DataError and nothing is exported', () => {
    expect(() => exportAudience(index, 'big AND young', { pseudonym: { key, keyId: 'k1' } })).toThrow(/fewer than the minimum 100/);
    expect(() => exportAudience(index, 'big', { pseudonym: { key, keyId: 'k1' }, minAudience: 101 })).toThrow(DataError);
    expect(() => exportAudience(index, 'big', {})).toThrow(OptionsError);
    expect(() => exportAudience(index, 'big', { pseudonym: { key, keyId: 'k1' }, include: ['x'] })).toThrow(OptionsError);
    expect(() => exportAudience(index, 'big', { pseudonym: { key: new Uint8Array(8), keyId: 'k1' } })).toThrow(OptionsError);
  });
});

describe('PrivacyBudgetError', () => {
  test('is a TelcoError with code BUDGET, recognised across copies by its brand', () => {
    const e = new PrivacyBudgetError('dpCount: privacy budget exceeded', { epsilon: 1, delta: 0 }, { epsilon: 0.5, delta: 0 });
    expect(isTelcoError(e)).toBe(true);
    expect(e.code).toBe('BUDGET');
    expect(e).toBeInstanceOf(TelcoError);
    expect(e).not.toBeInstanceOf(DataError);
    const foreign = Object.assign(new Error('x'), { name: 'PrivacyBudgetError' });
    Object.defineProperty(foreign, 'code', { value: 'BUDGET' });
    Object.defineProperty(foreign, Symbol.for('telcokit.error'), { value: true });
    expect(foreign).toBeInstanceOf(PrivacyBudgetError);
  });
});
