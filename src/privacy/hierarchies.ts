/**
 * Generalisation hierarchies for {@link anonymize}: each maps an original value to a coarser label
 * per level, from level 0 (the value itself) to the top level `'*'` (everything in one class).
 *
 * @module
 */
import { OptionsError } from '../errors.js';
import { defineOptions, described, int } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';

/**
 * A generalisation hierarchy: `levels` counts the levels including the original (level 0) and the
 * top (`'*'`); `generalize(value, level)` gives the label at a level, or `undefined` when the
 * hierarchy does not cover the value (then {@link anonymize} refuses the data). Labels of one level
 * must determine those of the next (a tree); {@link anonymize} checks this.
 * @category Privacy
 */
export interface Hierarchy {
  /** What the hierarchy does, e.g. `'age bands 5/10/20'`. */
  readonly name: string;
  /** Number of levels, including level 0 (the value) and the top (`'*'`). */
  readonly levels: number;
  /** The label of `value` at `level` (0 ≤ level < levels), or undefined when not covered. */
  readonly generalize: (value: unknown, level: number) => string | undefined;
}

/** Most levels a hierarchy may have (keeps lattices of practical size). @category Privacy */
export const MAX_HIERARCHY_LEVELS = 32;

function level0(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * A hierarchy from a table, ARX style: each row lists a value and its label at each level up
 * (`['Paris', 'Île-de-France', 'France', '*']`). Values are matched as strings (a number is looked
 * up by its decimal spelling); every row must have the same length.
 *
 * @param table - rows `[value, level1, level2, …]`; a final `'*'` level is added when missing
 * @param name - a name for messages (default `'table'`)
 * @returns the hierarchy
 * @throws OptionsError for an empty table, rows of different lengths, or a value listed twice
 * @example
 * const h = hierarchyFromTable([['a', 'ab'], ['b', 'ab'], ['c', 'c']]);
 * [h.levels, h.generalize('b', 1), h.generalize('b', 2)] // => [3, 'ab', '*']
 * @category Privacy
 */
export function hierarchyFromTable(table: readonly (readonly string[])[], name = 'table'): Hierarchy {
  const fn = 'hierarchyFromTable';
  if (!Array.isArray(table) || table.length === 0) throw new OptionsError(`${fn}: the table needs at least one row`, 'table');
  const width = table[0]!.length;
  const hasTop = table.every((r) => r[r.length - 1] === '*');
  const map = new Map<string, readonly string[]>();
  table.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== width || width < 1 || !r.every((x) => typeof x === 'string')) {
      throw new OptionsError(`${fn}: row ${i} must be ${width} strings like row 0`, 'table');
    }
    if (map.has(r[0]!)) throw new OptionsError(`${fn}: value '${r[0]}' is listed twice (rows ${[...map.keys()].indexOf(r[0]!)} and ${i})`, 'table');
    map.set(r[0]!, hasTop ? r : [...r, '*']);
  });
  const levels = hasTop ? width : width + 1;
  if (levels > MAX_HIERARCHY_LEVELS) throw new OptionsError(`${fn}: ${levels} levels, at most ${MAX_HIERARCHY_LEVELS}`, 'table');
  return {
    name,
    levels,
    generalize: (value, level) => {
      const v = level0(value);
      if (v === undefined) return undefined;
      return map.get(v)?.[level];
    },
  };
}

function mapping(fn: string, table: Readonly<Record<string, readonly string[]>>, name: string, depth: number): Hierarchy {
  if (table === null || typeof table !== 'object') throw new OptionsError(`${fn}: expected an object of value → [${name}]`, 'table');
  const rows = Object.entries(table).map(([k, up]) => {
    if (!Array.isArray(up) || up.length !== depth || !up.every((x) => typeof x === 'string')) {
      throw new OptionsError(`${fn}: '${k}' must map to ${depth} labels [${name}]`, 'table');
    }
    return [k, ...up];
  });
  return hierarchyFromTable(rows, name);
}

/**
 * Region roll-up: city → province → region → `'*'`.
 *
 * @param table - `{ city: [province, region] }`
 * @returns a 4-level hierarchy
 * @throws OptionsError when an entry does not list exactly a province and a region
 * @example
 * const h = regionHierarchy({ Hangzhou: ['Zhejiang', 'East'], Ningbo: ['Zhejiang', 'East'] });
 * [h.generalize('Ningbo', 1), h.generalize('Ningbo', 2), h.levels] // => ['Zhejiang', 'East', 4]
 * @category Privacy
 */
export function regionHierarchy(table: Readonly<Record<string, readonly [string, string]>>): Hierarchy {
  return mapping('regionHierarchy', table, 'province, region', 2);
}

/**
 * Device roll-up: model → brand → tier → `'*'`, where the tier is the brand's market tier
 * (one per brand, e.g. `premium`, `mainstream`), so that the levels nest; {@link anonymize} refuses a
 * table where one brand sits in two tiers.
 *
 * @param table - `{ model: [brand, tier] }`
 * @returns a 4-level hierarchy
 * @throws OptionsError when an entry does not list exactly a brand and a tier
 * @example
 * const h = deviceHierarchy({ 'Mate 60': ['Huawei', 'premium'], 'Redmi 13': ['Xiaomi', 'mainstream'] });
 * h.generalize('Redmi 13', 2) // => 'mainstream'
 * @category Privacy
 */
export function deviceHierarchy(table: Readonly<Record<string, readonly [string, string]>>): Hierarchy {
  return mapping('deviceHierarchy', table, 'brand, tier', 2);
}

// the declared options of the hierarchy builders; the relations between elements (each width a
// multiple of the previous, levels getting coarser, increasing steps) are checked after
const WIDTHS = described(o.array(o.number()), `an array of 1 to ${MAX_HIERARCHY_LEVELS - 2} band widths`);
const parseIntervalOptions = defineOptions('intervalHierarchy', { widths: WIDTHS });
const parseAgeOptions = defineOptions('ageHierarchy', { widths: WIDTHS.default([5, 10, 20]) });
const parseDateOptions = defineOptions('dateHierarchy', {
  levels: described(o.array(o.string(), { min: 1 }), "an array of 'month', 'quarter' and/or 'year', coarser each time").default([
    'month',
    'quarter',
    'year',
  ]),
});
const parseMaskOptions = defineOptions('maskHierarchy', {
  length: int(1, 64),
  steps: described(o.array(o.number(), { min: 1, max: MAX_HIERARCHY_LEVELS - 2 }), 'an array of masked lengths, increasing integers below length'),
});

function checkWidths(fn: string, widths: readonly number[]): void {
  if (!Array.isArray(widths) || widths.length === 0 || widths.length > MAX_HIERARCHY_LEVELS - 2) {
    throw new OptionsError(`${fn}: widths must list 1 to ${MAX_HIERARCHY_LEVELS - 2} band widths`, 'widths');
  }
  widths.forEach((w, i) => {
    if (!(Number.isFinite(w) && w > 0)) throw new OptionsError(`${fn}: widths[${i}] must be a positive number, got ${w}`, 'widths');
    if (i > 0) {
      const r = w / widths[i - 1]!;
      if (!(Number.isInteger(r) && r >= 2)) {
        throw new OptionsError(`${fn}: each width must be a multiple (≥ 2×) of the previous one so bands nest; ${w} after ${widths[i - 1]}`, 'widths');
      }
    }
  });
}

/**
 * Numeric intervals that nest: level j puts `x` in `[⌊x/wⱼ⌋·wⱼ, ⌊x/wⱼ⌋·wⱼ + wⱼ)`, labelled `lo-hi`
 * (`[lo, hi)`); the top level is `'*'`. Only finite numbers are covered (no string is read as a number).
 *
 * @param options - `widths`: band widths, each a multiple of the previous (e.g. `[1000, 5000, 10000]`)
 * @returns a hierarchy with `widths.length + 2` levels
 * @throws OptionsError for non-positive widths or widths that do not nest
 * @example
 * const h = intervalHierarchy({ widths: [10, 50] });
 * [h.generalize(37.5, 1), h.generalize(37.5, 2), h.generalize('37', 1)] // => ['30-40', '0-50', undefined]
 * @category Privacy
 */
export function intervalHierarchy(options: { readonly widths: readonly number[] }): Hierarchy {
  const { widths } = parseIntervalOptions(options);
  checkWidths('intervalHierarchy', widths);
  return {
    name: `intervals ${widths.join('/')}`,
    levels: widths.length + 2,
    generalize: (value, level) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      if (level === 0) return String(value);
      if (level === widths.length + 1) return '*';
      const w = widths[level - 1];
      if (w === undefined) return undefined;
      const lo = Math.floor(value / w) * w;
      return `${lo}-${lo + w}`;
    },
  };
}

/**
 * Age bands on whole years: level j puts an age in a band of `widths[j−1]` years, labelled
 * `20-24` (inclusive); the top level is `'*'`. Ages must be integers in [0, 150].
 *
 * @param options - `widths`: band widths in years, each a multiple of the previous (default `[5, 10, 20]`)
 * @returns a hierarchy with `widths.length + 2` levels
 * @throws OptionsError for widths that are not whole, positive and nested
 * @example
 * const h = ageHierarchy();
 * [h.generalize(37, 1), h.generalize(37, 2), h.generalize(37, 3), h.generalize(37, 4)] // => ['35-39', '30-39', '20-39', '*']
 * @category Privacy
 */
export function ageHierarchy(options: { readonly widths?: readonly number[] } = {}): Hierarchy {
  const { widths } = parseAgeOptions(options);
  checkWidths('ageHierarchy', widths);
  if (!widths.every(Number.isInteger)) throw new OptionsError('ageHierarchy: widths must be whole years', 'widths');
  return {
    name: `age bands ${widths.join('/')}`,
    levels: widths.length + 2,
    generalize: (value, level) => {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 150) return undefined;
      if (level === 0) return String(value);
      if (level === widths.length + 1) return '*';
      const w = widths[level - 1];
      if (w === undefined) return undefined;
      const lo = Math.floor(value / w) * w;
      return `${lo}-${lo + w - 1}`;
    },
  };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Date truncation of ISO dates (`YYYY-MM-DD`): month (`2024-05`), quarter (`2024-Q2`), year
 * (`2024`), then `'*'`. A value that is not a valid ISO date string is not covered.
 *
 * @param options - `levels`: which truncations, coarser each time (default `['month', 'quarter', 'year']`)
 * @returns a hierarchy with `levels.length + 2` levels
 * @throws OptionsError for an unknown or out-of-order truncation
 * @example
 * const h = dateHierarchy();
 * [h.generalize('2024-05-17', 1), h.generalize('2024-05-17', 2), h.generalize('2024-05-17', 3)] // => ['2024-05', '2024-Q2', '2024']
 * @category Privacy
 */
export function dateHierarchy(options: { readonly levels?: readonly ('month' | 'quarter' | 'year')[] } = {}): Hierarchy {
  const order = ['month', 'quarter', 'year'];
  const lv = parseDateOptions(options).levels;
  lv.forEach((l, i) => {
    const r = order.indexOf(l);
    if (r < 0) throw new OptionsError(`dateHierarchy: unknown level '${l}' (month, quarter, year)`, 'levels');
    if (i > 0 && r <= order.indexOf(lv[i - 1]!)) throw new OptionsError('dateHierarchy: levels must get coarser (month, quarter, year)', 'levels');
  });
  return {
    name: `dates ${lv.join('/')}`,
    levels: lv.length + 2,
    generalize: (value, level) => {
      if (typeof value !== 'string') return undefined;
      const m = ISO_DATE.exec(value);
      if (!m) return undefined;
      const month = Number(m[2]);
      const day = Number(m[3]);
      if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
      if (level === 0) return value;
      if (level === lv.length + 1) return '*';
      const t = lv[level - 1];
      if (t === 'month') return `${m[1]}-${m[2]}`;
      if (t === 'quarter') return `${m[1]}-Q${Math.floor((month - 1) / 3) + 1}`;
      if (t === 'year') return m[1]!;
      return undefined;
    },
  };
}

/**
 * Masking of trailing characters (postcodes, number prefixes, cell ids): level j replaces the last
 * `steps[j−1]` characters by `*`; the top level is `'*'`. Values are strings of exactly `length`
 * characters.
 *
 * @param options - `length` of every value; `steps`: characters masked per level, increasing, below `length`
 * @returns a hierarchy with `steps.length + 2` levels
 * @throws OptionsError for steps that do not increase within (0, length)
 * @example
 * const h = maskHierarchy({ length: 6, steps: [2, 4] });
 * [h.generalize('310012', 1), h.generalize('310012', 2), h.generalize('3100', 1)] // => ['3100**', '31****', undefined]
 * @category Privacy
 */
export function maskHierarchy(options: { readonly length: number; readonly steps: readonly number[] }): Hierarchy {
  const fn = 'maskHierarchy';
  const { length, steps } = parseMaskOptions(options);
  steps.forEach((s, i) => {
    if (!(Number.isInteger(s) && s > 0 && s < length && (i === 0 || s > steps[i - 1]!))) {
      throw new OptionsError(`${fn}: steps must be increasing integers in (0, ${length}), got ${steps.join(', ')}`, 'steps');
    }
  });
  return {
    name: `mask ${steps.join('/')} of ${length}`,
    levels: steps.length + 2,
    generalize: (value, level) => {
      if (typeof value !== 'string' || value.length !== length) return undefined;
      if (level === 0) return value;
      if (level === steps.length + 1) return '*';
      const s = steps[level - 1];
      if (s === undefined) return undefined;
      return value.slice(0, length - s) + '*'.repeat(s);
    },
  };
}
