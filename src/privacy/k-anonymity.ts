/**
 * `kAnonymity`: the k a table reaches on its quasi-identifiers, its equivalence classes and the
 * re-identification risks they imply.
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import { defineOptions, described, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';

/** A table row: column name → value. @category Privacy */
export type PrivacyRow = Readonly<Record<string, unknown>>;

/** One equivalence class: rows that agree on every quasi-identifier. @category Privacy */
export interface EquivalenceClass {
  /** The quasi-identifier values shared by the class, in `quasiIdentifiers` order. */
  readonly values: readonly unknown[];
  /** Rows in the class. */
  readonly size: number;
}

/** Re-identification risk of a release: per-record probabilities of a correct match. @category Privacy */
export interface ReidentificationRisk {
  /** The largest per-record risk (1 / smallest class). */
  readonly highest: number;
  /** The mean per-record risk. */
  readonly average: number;
  /** Share of records whose risk exceeds the `threshold` option. */
  readonly recordsAbove: number;
}

/** The answer of {@link kAnonymity}. @category Privacy */
export interface KAnonymityReport {
  /** The smallest class size: the table is k-anonymous for every k up to this. */
  readonly k: number;
  readonly nRows: number;
  /** Classes, smallest first (ties in first-seen order). */
  readonly classes: readonly EquivalenceClass[];
  /**
   * Prosecutor risk (the attacker knows the person is in the table): 1/|E| for a record in class E;
   * average = classes / rows.
   */
  readonly prosecutor: ReidentificationRisk;
  /**
   * Journalist risk (the attacker matches against a population table, the `population` option):
   * 1/|F| where F is the record's class in the population. Equals the prosecutor risk when no
   * population is given (the table is then its own population).
   */
  readonly journalist: ReidentificationRisk;
}

/** Options of {@link kAnonymity}. @category Privacy */
export interface KAnonymityOptions {
  /** The identification population the table was drawn from (rows with the same quasi-identifiers). */
  readonly population?: readonly PrivacyRow[];
  /** Risk threshold for `recordsAbove` (default 0.2, i.e. classes smaller than 5). */
  readonly threshold?: number;
}

/** Key of a row's quasi-identifier values; checks that every column is present. */
export function qiKey(row: PrivacyRow, qis: readonly string[], i: number, fn: string, what = 'row'): string {
  if (row === null || typeof row !== 'object') throw new DataError(`${fn}: ${what} ${i} is not an object`);
  let key = '';
  for (const q of qis) {
    const v = row[q];
    if (v === undefined) throw new DataError(`${fn}: quasi-identifier '${q}' is missing at ${what} ${i}`);
    if (!(typeof v === 'string' || (typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'boolean' || v === null)) {
      throw new DataError(`${fn}: quasi-identifier '${q}' at ${what} ${i} is ${typeof v === 'number' ? 'NaN' : `a ${typeof v}`}; expected a string, number, boolean or null`);
    }
    key += `${typeof v === 'string' ? 's' : typeof v === 'number' ? 'n' : 'o'}${String(v).length}:${String(v)}`;
  }
  return key;
}

/** The declared options of {@link kAnonymity}. */
const parseKAnonymityOptions = defineOptions('kAnonymity', {
  population: described(o.custom<readonly PrivacyRow[]>((v) => Array.isArray(v)), 'an array of rows').optional(),
  threshold: real({ gt: 0, max: 1 }).default(0.2),
});

export function checkQis(qis: unknown, fn: string): readonly string[] {
  if (!Array.isArray(qis) || qis.length === 0 || !qis.every((q) => typeof q === 'string')) {
    throw new OptionsError(`${fn}: quasiIdentifiers must be a non-empty array of column names`, 'quasiIdentifiers');
  }
  if (new Set(qis).size !== qis.length) throw new OptionsError(`${fn}: quasiIdentifiers lists a column twice`, 'quasiIdentifiers');
  return qis;
}

function risk(perClass: { size: number; r: number }[], n: number, threshold: number): ReidentificationRisk {
  let highest = 0;
  let sum = 0;
  let above = 0;
  for (const c of perClass) {
    if (c.r > highest) highest = c.r;
    sum += c.size * c.r;
    if (c.r > threshold) above += c.size;
  }
  return { highest, average: sum / n, recordsAbove: above / n };
}

/**
 * Measures k-anonymity (Sweeney 2002): rows are grouped into equivalence classes by their
 * quasi-identifier values; k is the smallest class. Risks follow El Emam's prosecutor and journalist
 * models: a record in a class of size f (population class size F) is re-identified with probability
 * 1/f (prosecutor) or 1/F (journalist). Values are compared by type and value (`'1'` ≠ `1`).
 *
 * @param rows - the table, n ≥ 1 rows
 * @param quasiIdentifiers - the columns an attacker could know (age, sex, postcode, device…)
 * @param options - `population`, `threshold`; see {@link KAnonymityOptions}
 * @returns k, the classes and the risks
 * @throws DataError for an empty table, a missing or NaN quasi-identifier, or a population that lacks a class of the table
 * @throws OptionsError for an empty quasi-identifier list or a threshold outside (0, 1]
 * @example
 * const r = kAnonymity(
 *   [{ age: '30-39', sex: 'F' }, { age: '30-39', sex: 'F' }, { age: '40-49', sex: 'M' }],
 *   ['age', 'sex'],
 * );
 * [r.k, r.classes.length, r.prosecutor.highest, r.prosecutor.average] // => [1, 2, 1, 0.6666666666666666]
 * @category Privacy
 */
export function kAnonymity(rows: readonly PrivacyRow[], quasiIdentifiers: readonly string[], options: KAnonymityOptions = {}): KAnonymityReport {
  const fn = 'kAnonymity';
  const qis = checkQis(quasiIdentifiers, fn);
  if (!Array.isArray(rows) || rows.length === 0) throw new DataError(`${fn}: rows must be a non-empty array`);
  options = parseKAnonymityOptions(options);
  const threshold = options.threshold ?? 0.2;
  const index = new Map<string, number>();
  const classes: { values: unknown[]; size: number; key: string }[] = [];
  rows.forEach((row, i) => {
    const key = qiKey(row, qis, i, fn);
    const c = index.get(key);
    if (c === undefined) {
      index.set(key, classes.length);
      classes.push({ values: qis.map((q) => row[q]), size: 1, key });
    } else classes[c]!.size++;
  });
  const n = rows.length;
  const prosecutor = risk(classes.map((c) => ({ size: c.size, r: 1 / c.size })), n, threshold);
  let journalist = prosecutor;
  if (options.population !== undefined) {
    const pop = new Map<string, number>();
    options.population.forEach((row, i) => {
      const key = qiKey(row, qis, i, fn, 'population row');
      pop.set(key, (pop.get(key) ?? 0) + 1);
    });
    journalist = risk(
      classes.map((c) => {
        const F = pop.get(c.key) ?? 0;
        if (F < c.size) throw new DataError(`${fn}: the population has ${F} rows with ${JSON.stringify(c.values)}, fewer than the table's ${c.size}; it must contain the table`);
        return { size: c.size, r: 1 / F };
      }),
      n,
      threshold,
    );
  }
  const sorted = classes.map((c, i) => ({ c, i })).sort((a, b) => a.c.size - b.c.size || a.i - b.i);
  return {
    k: sorted[0]!.c.size,
    nRows: n,
    classes: sorted.map(({ c }) => ({ values: c.values, size: c.size })),
    prosecutor,
    journalist,
  };
}
