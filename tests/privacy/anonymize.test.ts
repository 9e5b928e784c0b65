import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ageHierarchy,
  anonymize,
  DataError,
  dateHierarchy,
  deviceHierarchy,
  hierarchyFromTable,
  intervalHierarchy,
  kAnonymity,
  maskHierarchy,
  OptionsError,
  regionHierarchy,
} from 'telcokit';
import type { Hierarchy, PrivacyRow } from 'telcokit';
import { ADULT_QIS, loadAdult } from './adult';

// Hand-worked table: classes {30-39,F}×3, {30-39,M}×2, {40-49,M}×1
const HAND: PrivacyRow[] = [
  { age: '30-39', sex: 'F', plan: 'A' },
  { age: '30-39', sex: 'F', plan: 'B' },
  { age: '30-39', sex: 'M', plan: 'A' },
  { age: '40-49', sex: 'M', plan: 'C' },
  { age: '30-39', sex: 'F', plan: 'A' },
  { age: '30-39', sex: 'M', plan: 'B' },
];

describe('kAnonymity(rows, quasiIdentifiers)', () => {
  test('hand-worked table: k = 1, three classes, prosecutor risks', () => {
    const r = kAnonymity(HAND, ['age', 'sex']);
    expect(r.k).toBe(1);
    expect(r.classes).toEqual([
      { values: ['40-49', 'M'], size: 1 },
      { values: ['30-39', 'M'], size: 2 },
      { values: ['30-39', 'F'], size: 3 },
    ]);
    expect(r.prosecutor.highest).toBe(1);
    expect(r.prosecutor.average).toBeCloseTo(3 / 6, 15); // classes / rows
    expect(r.prosecutor.recordsAbove).toBe(1); // every class is smaller than 5: risk > 0.2 for all rows
    expect(r.journalist).toEqual(r.prosecutor);
    expect(kAnonymity(HAND, ['age']).k).toBe(1);
    expect(kAnonymity(HAND, ['sex']).k).toBe(3);
  });

  test('journalist risk against a population table', () => {
    const population = [...HAND, ...HAND, { age: '40-49', sex: 'M' }, { age: '40-49', sex: 'M' }];
    const r = kAnonymity(HAND, ['age', 'sex'], { population });
    // population classes: F30 6, M30 4, M40 4 → risks 1/6, 1/4, 1/4; average = (3/6 + 2/4 + 1/4)/6
    expect(r.journalist.highest).toBe(0.25);
    expect(r.journalist.average).toBeCloseTo((3 / 6 + 2 / 4 + 1 / 4) / 6, 15);
    expect(() => kAnonymity(HAND, ['age', 'sex'], { population: HAND.slice(0, 3) })).toThrow(DataError);
  });

  test('values compare by type: 1 and "1" are different classes', () => {
    expect(kAnonymity([{ a: 1 }, { a: '1' }], ['a']).classes).toHaveLength(2);
  });

  test('bad input: empty table, missing column, no quasi-identifiers', () => {
    expect(() => kAnonymity([], ['a'])).toThrow(DataError);
    expect(() => kAnonymity([{ a: 1 }, { b: 2 }], ['a'])).toThrow(/'a' is missing at row 1/);
    expect(() => kAnonymity([{ a: NaN }], ['a'])).toThrow(DataError);
    expect(() => kAnonymity([{ a: 1 }], [])).toThrow(OptionsError);
  });
});

describe('hierarchy helpers', () => {
  test('regionHierarchy, deviceHierarchy, intervalHierarchy, ageHierarchy, dateHierarchy, maskHierarchy', () => {
    const region = regionHierarchy({ Hangzhou: ['Zhejiang', 'East'], Nanjing: ['Jiangsu', 'East'], Chengdu: ['Sichuan', 'West'] });
    expect([0, 1, 2, 3].map((L) => region.generalize('Nanjing', L))).toEqual(['Nanjing', 'Jiangsu', 'East', '*']);
    expect(region.generalize('Beijing', 1)).toBeUndefined();
    const device = deviceHierarchy({ 'iPhone 15': ['Apple', 'flagship'] });
    expect(device.generalize('iPhone 15', 1)).toBe('Apple');
    expect(intervalHierarchy({ widths: [100, 500] }).generalize(-1, 1)).toBe('-100-0');
    expect(ageHierarchy({ widths: [10] }).generalize(99, 1)).toBe('90-99');
    expect(ageHierarchy().generalize(37.5, 1)).toBeUndefined();
    expect(ageHierarchy().generalize('37', 1)).toBeUndefined();
    expect(dateHierarchy({ levels: ['quarter'] }).generalize('2024-12-31', 1)).toBe('2024-Q4');
    expect(dateHierarchy().generalize('2024-13-01', 1)).toBeUndefined();
    expect(maskHierarchy({ length: 4, steps: [1, 3] }).generalize('1234', 2)).toBe('1***');
  });
  test('bad hierarchies are OptionsErrors', () => {
    expect(() => intervalHierarchy({ widths: [10, 15] })).toThrow(OptionsError);
    expect(() => ageHierarchy({ widths: [0] })).toThrow(OptionsError);
    expect(() => dateHierarchy({ levels: ['year', 'month'] })).toThrow(OptionsError);
    expect(() => maskHierarchy({ length: 4, steps: [3, 2] })).toThrow(OptionsError);
    expect(() => hierarchyFromTable([['a', 'x'], ['a', 'y']])).toThrow(OptionsError);
    expect(() => regionHierarchy({ X: ['only one'] as unknown as [string, string] })).toThrow(OptionsError);
  });
});

/** Brute force: every node, classes counted by kAnonymity on the generalised rows (an independent path). */
function bruteForce(rows: PrivacyRow[], qis: string[], hs: Record<string, Hierarchy>, k: number, maxSuppression: number, l = 1, sensitive?: string) {
  const sizes = qis.map((q) => hs[q]!.levels);
  const total = sizes.reduce((a, b) => a * b, 1);
  const n = rows.length;
  let best: { dm: number; height: number; levels: number[] } | undefined;
  for (let idx = 0; idx < total; idx++) {
    const levels: number[] = [];
    for (let q = qis.length - 1, r = idx; q >= 0; q--) {
      levels[q] = r % sizes[q]!;
      r = Math.floor(r / sizes[q]!);
    }
    const gen = rows.map((row) => Object.fromEntries(qis.map((q, j) => [q, hs[q]!.generalize(row[q], levels[j]!)!])));
    const report = kAnonymity(gen, qis);
    const key = (row: PrivacyRow) => qis.map((q) => String(row[q])).join('|');
    const sens = new Map<string, Set<unknown>>();
    if (sensitive) gen.forEach((g, i) => (sens.get(key(g)) ?? sens.set(key(g), new Set()).get(key(g))!).add(rows[i]![sensitive]));
    let dm = 0;
    let suppressed = 0;
    for (const c of report.classes) {
      const ck = c.values.map(String).join('|');
      const okL = !sensitive || l <= 1 || sens.get(ck)!.size >= l;
      if (c.size >= k && okL) dm += c.size * c.size;
      else suppressed += c.size;
    }
    if (suppressed > Math.floor(maxSuppression * n + 1e-9)) continue;
    dm += suppressed * n;
    const height = levels.reduce((a, b) => a + b, 0);
    if (!best || dm < best.dm || (dm === best.dm && height < best.height)) best = { dm, height, levels };
  }
  return best;
}

describe('anonymize(rows, { quasiIdentifiers, hierarchies, k, l, sensitive, maxSuppression })', () => {
  const hs = {
    age: ageHierarchy({ widths: [5, 10] }),
    city: regionHierarchy({ Hangzhou: ['Zhejiang', 'East'], Ningbo: ['Zhejiang', 'East'], Nanjing: ['Jiangsu', 'East'], Chengdu: ['Sichuan', 'West'] }),
    device: deviceHierarchy({ 'Mate 60': ['Huawei', 'premium'], 'nova 12': ['Huawei', 'premium'], 'Redmi 13': ['Xiaomi', 'mainstream'], 'Xiaomi 14': ['Xiaomi', 'mainstream'] }),
  };
  const arbRows = fc.array(
    fc.record({
      age: fc.integer({ min: 18, max: 60 }),
      city: fc.constantFrom('Hangzhou', 'Ningbo', 'Nanjing', 'Chengdu'),
      device: fc.constantFrom('Mate 60', 'nova 12', 'Redmi 13', 'Xiaomi 14'),
      churn: fc.constantFrom('yes', 'no', 'maybe'),
    }),
    { minLength: 5, maxLength: 60 },
  );

  test('reaches the brute-force optimum (discernibility, total level) on random small lattices', () => {
    fc.assert(
      fc.property(arbRows, fc.integer({ min: 1, max: 5 }), fc.constantFrom(0, 0.05, 0.2), (rows, k, s) => {
        fc.pre(k <= rows.length);
        const qis = ['age', 'city', 'device'];
        const want = bruteForce(rows, qis, hs, k, s)!;
        const got = anonymize(Object.freeze(rows.map((r) => Object.freeze(r))), { quasiIdentifiers: qis, hierarchies: hs, k, maxSuppression: s });
        expect(got.loss.discernibility).toBe(want.dm);
        expect(got.levels.reduce((a, b) => a + b, 0)).toBe(want.height);
        expect(got.rows.length + got.suppressed).toBe(rows.length);
        expect(kAnonymity(got.rows, qis).k).toBeGreaterThanOrEqual(k);
      }),
      { seed: 11, numRuns: 60 },
    );
  });

  test('with distinct l-diversity, reaches the brute-force optimum and every released class has l values', () => {
    fc.assert(
      fc.property(arbRows, fc.constantFrom(0, 0.1), (rows, s) => {
        const qis = ['age', 'city', 'device'];
        const want = bruteForce(rows, qis, hs, 2, s, 2, 'churn');
        const run = () => anonymize(rows, { quasiIdentifiers: qis, hierarchies: hs, k: 2, l: 2, sensitive: 'churn', maxSuppression: s });
        if (!want) {
          expect(run).toThrow(DataError);
          return;
        }
        const got = run();
        expect(got.loss.discernibility).toBe(want.dm);
        expect(got.l).toBeGreaterThanOrEqual(2);
      }),
      { seed: 12, numRuns: 40 },
    );
  });

  test('l-diversity counted by hand: the released classes of HAND hold ≥ 2 plans', () => {
    const h = { age: hierarchyFromTable([['30-39', '*'], ['40-49', '*']]), sex: hierarchyFromTable([['F', '*'], ['M', '*']]) };
    // k = 2 alone: generalising sex gives {30-39: 5 rows} and {40-49: 1 row} → fails; (age *, sex) gives F:3, M:3 → DM 18
    const r = anonymize(HAND, { quasiIdentifiers: ['age', 'sex'], hierarchies: h, k: 2 });
    expect(r.node).toEqual({ age: 1, sex: 0 });
    expect(r.loss.discernibility).toBe(18);
    // l = 3 distinct plans: F has A, B (2), M has A, C, B (3) → only the top node (A, B, C in one class of 6)
    const r3 = anonymize(HAND, { quasiIdentifiers: ['age', 'sex'], hierarchies: h, k: 2, l: 3, sensitive: 'plan' });
    expect(r3.node).toEqual({ age: 1, sex: 1 });
    expect(r3.l).toBe(3);
    // entropy l-diversity with l = 2: F has plans A, B, A → H = 0.6365 < ln 2 → top node again
    expect(anonymize(HAND, { quasiIdentifiers: ['age', 'sex'], hierarchies: h, k: 2, l: 2, sensitive: 'plan', lDiversity: 'entropy' }).node).toEqual({ age: 1, sex: 1 });
  });

  test('suppressed rows are reported and the released rows keep every column', () => {
    const h = { age: hierarchyFromTable([['30-39', '*'], ['40-49', '*']]), sex: hierarchyFromTable([['F', '*'], ['M', '*']]) };
    const rows = [...HAND, { age: '30-39', sex: 'M', plan: 'C' }];
    // (0, 0) suppressing the 40-49 row: 3² + 3² + 1 × 7 = 25; (1, 0): 3² + 4² = 25: the tie goes to the lower level
    const r = anonymize(rows, { quasiIdentifiers: ['age', 'sex'], hierarchies: h, k: 2, maxSuppression: 0.15 });
    expect(r.node).toEqual({ age: 0, sex: 0 });
    expect(r.suppressedRows).toEqual([3]);
    expect(r.suppressed).toBe(1);
    expect(r.loss.discernibility).toBe(25);
    expect(r.rows[0]).toEqual(HAND[0]);
    expect(r.rows).toHaveLength(6);
    // with no suppression allowed, (1, 0) is the optimum
    expect(anonymize(rows, { quasiIdentifiers: ['age', 'sex'], hierarchies: h, k: 2 }).node).toEqual({ age: 1, sex: 0 });
  });

  test('bad input: k larger than the table, a missing column or hierarchy, an uncovered value, a non-tree, limits', () => {
    const h = { age: ageHierarchy() };
    const rows = [{ age: 30 }, { age: 31 }];
    expect(() => anonymize(rows, { quasiIdentifiers: ['age'], hierarchies: h, k: 3 })).toThrow(OptionsError);
    expect(() => anonymize(rows, { quasiIdentifiers: ['age', 'x'], hierarchies: h, k: 1 })).toThrow(/no hierarchy for quasi-identifier 'x'/);
    expect(() => anonymize([{ age: 30 }, { sex: 'F' }], { quasiIdentifiers: ['age'], hierarchies: h, k: 1 })).toThrow(/'age' is missing at row 1/);
    expect(() => anonymize([{ age: 30 }, { age: '31' }], { quasiIdentifiers: ['age'], hierarchies: h, k: 1 })).toThrow(/does not cover "31"/);
    const bad: Hierarchy = { name: 'zigzag', levels: 3, generalize: (v, L) => (L === 0 ? String(v) : L === 2 ? '*' : (v as number) % 2 ? 'odd' : 'even') };
    const notTree: Hierarchy = { name: 'not a tree', levels: 3, generalize: (v, L) => (L === 0 ? String(v) : L === 1 ? 'all' : String(v)) };
    expect(anonymize(rows, { quasiIdentifiers: ['age'], hierarchies: { age: bad }, k: 1 }).k).toBe(1);
    expect(() => anonymize(rows, { quasiIdentifiers: ['age'], hierarchies: { age: notTree }, k: 1 })).toThrow(/not a tree/);
    expect(() => anonymize(rows, { quasiIdentifiers: ['age'], hierarchies: h, k: 1, maxSuppression: 1 })).toThrow(OptionsError);
    expect(() => anonymize(rows, { quasiIdentifiers: ['age'], hierarchies: h, k: 1, l: 2 })).toThrow(OptionsError);
    // l = 3 is impossible with two sensitive values: no node qualifies, nothing is released
    expect(() => anonymize([{ age: 30, s: 'a' }, { age: 31, s: 'b' }], { quasiIdentifiers: ['age'], hierarchies: h, k: 1, l: 3, sensitive: 's' })).toThrow(DataError);
  });
});

describe('anonymize on ARX Adult (../shared/data/adult-arx): the README brute-force optima', () => {
  const { rows, hierarchies } = loadAdult();
  test.each([
    [5, 0, [1, 1, 1, 2, 3, 2, 2, 1], 33_627_534, 45, 0],
    [5, 0.01, [0, 0, 1, 2, 3, 2, 2, 1], 7_220_555, 356, 105],
    [10, 0, [1, 1, 1, 1, 3, 2, 2, 2], 55_170_356, 30, 0],
  ])('k = %i, maxSuppression %f → levels %j, DM %i', (k, s, levels, dm, classes, suppressed) => {
    const r = anonymize(rows, { quasiIdentifiers: ADULT_QIS, hierarchies, k, maxSuppression: s });
    expect(r.levels).toEqual(levels);
    expect(r.loss.discernibility).toBe(dm);
    expect(r.classes).toBe(classes);
    expect(r.suppressed).toBe(suppressed);
    expect(r.search.latticeSize).toBe(6480);
  }, 600_000);
});
