/**
 * `anonymize`: optimal full-domain generalisation with record suppression, reaching k-anonymity
 * (and l-diversity when asked) with the least information loss.
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import { defineOptions, described, longRun, oneOf, real, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { throwIfAborted } from '../internal/model.js';
import type { LongRunOptions } from '../internal/model.js';
import type { Hierarchy } from './hierarchies.js';
import { checkQis } from './k-anonymity.js';
import type { PrivacyRow } from './k-anonymity.js';

/** Most nodes a generalisation lattice may have (the product of the hierarchies' level counts). @category Privacy */
export const MAX_LATTICE_NODES = 1_000_000;

/** Options of {@link anonymize}. @category Privacy */
export interface AnonymizeOptions extends LongRunOptions {
  /** The columns to generalise (each needs a hierarchy). */
  readonly quasiIdentifiers: readonly string[];
  /** One hierarchy per quasi-identifier (see {@link ageHierarchy}, {@link hierarchyFromTable}, …). */
  readonly hierarchies: Readonly<Record<string, Hierarchy>>;
  /** Smallest class size to reach: an integer in [1, rows]. */
  readonly k: number;
  /** l-diversity of the `sensitive` column within every released class (default 1: none). */
  readonly l?: number;
  /** The sensitive column, required when `l` > 1. */
  readonly sensitive?: string;
  /** `'distinct'` (default: at least l distinct values) or `'entropy'` (entropy of the values ≥ ln l). */
  readonly lDiversity?: 'distinct' | 'entropy';
  /** Largest share of rows that may be suppressed (removed) to reach k, in [0, 1) (default 0). */
  readonly maxSuppression?: number;
}

/** Information loss of a release. @category Privacy */
export interface AnonymizationLoss {
  /**
   * Discernibility metric (Bayardo & Agrawal 2005), the one minimised: Σ|E|² over released
   * classes plus n for each suppressed row.
   */
  readonly discernibility: number;
  /**
   * Precision loss (Sweeney 2002) in [0, 1]: the mean over quasi-identifiers of level / (levels − 1),
   * suppressed rows counting as fully generalised.
   */
  readonly precision: number;
}

/** The answer of {@link anonymize}. @category Privacy */
export interface AnonymizeResult {
  /** Released rows: every column kept, quasi-identifiers generalised, suppressed rows left out. */
  readonly rows: Record<string, unknown>[];
  /** The chosen lattice node: a generalisation level per quasi-identifier. */
  readonly node: Readonly<Record<string, number>>;
  /** The same levels in `quasiIdentifiers` order. */
  readonly levels: readonly number[];
  /** Smallest released class. */
  readonly k: number;
  /** Fewest distinct sensitive values in a released class (when `l` > 1). */
  readonly l?: number;
  /** Number of equivalence classes released. */
  readonly classes: number;
  /** Rows suppressed, and their positions in the input. */
  readonly suppressed: number;
  readonly suppressedRows: readonly number[];
  readonly loss: AnonymizationLoss;
  /** How the search went: lattice size and nodes evaluated (the others were pruned by the bound). */
  readonly search: { readonly algorithm: 'branch-and-bound'; readonly latticeSize: number; readonly evaluated: number };
}

interface Encoded {
  /** distinct tuples: m × nq base codes, counts, sensitive code per tuple */
  readonly m: number;
  readonly codes: Int32Array;
  readonly counts: Float64Array;
  readonly sens: Int32Array;
  readonly nSens: number;
  readonly rowTuple: Int32Array;
  /** per QI, per level: base code → code at that level */
  readonly gen: Int32Array[][];
  /** per QI, per level: the labels */
  readonly labels: string[][][];
  readonly card: number[][];
}

/**
 * One quasi-identifier's distinct raw values generalised at every level of its hierarchy: per
 * level the code map (raw code → code at that level), the labels and the cardinality. Checks that
 * the hierarchy covers every value and is a tree (a value at level L − 1 has one parent at L).
 */
function generalizeValues(fn: string, qi: string, h: Hierarchy, vals: readonly unknown[]): { g: Int32Array[]; lab: string[][]; cd: number[] } {
  const g: Int32Array[] = [];
  const lab: string[][] = [];
  const cd: number[] = [];
  for (let L = 0; L < h.levels; L++) {
    const map = new Int32Array(vals.length);
    const d = new Map<string, number>();
    const names: string[] = [];
    vals.forEach((v, c) => {
      const s = h.generalize(v, L);
      if (typeof s !== 'string') {
        throw new DataError(`${fn}: the hierarchy of '${qi}' (${h.name}) does not cover ${JSON.stringify(v)} at level ${L}`);
      }
      let code = d.get(s);
      if (code === undefined) {
        d.set(s, (code = names.length));
        names.push(s);
      }
      map[c] = code;
    });
    if (L === 0 && names.length !== vals.length) {
      // two raw values with one spelling (1 and '1'): keep them apart at level 0
      for (let c = 0; c < vals.length; c++) map[c] = c;
      lab.push(vals.map((v) => String(v)));
      cd.push(vals.length);
    } else {
      lab.push(names);
      cd.push(names.length);
    }
    g.push(map);
    if (L > 0) {
      const prev = g[L - 1]!;
      const up = new Int32Array(cd[L - 1]!).fill(-1);
      for (let c = 0; c < vals.length; c++) {
        const p = prev[c]!;
        if (up[p] === -1) up[p] = map[c]!;
        else if (up[p] !== map[c]) {
          throw new DataError(
            `${fn}: the hierarchy of '${qi}' (${h.name}) is not a tree: '${lab[L - 1]![p]}' at level ${L - 1} becomes both '${names[up[p]!]}' and '${names[map[c]!]}' at level ${L}`,
          );
        }
      }
    }
  }
  return { g, lab, cd };
}

function encode(rows: readonly PrivacyRow[], qis: readonly string[], hs: readonly Hierarchy[], sensitive: string | undefined, fn: string): Encoded {
  const n = rows.length;
  const nq = qis.length;
  const base: Int32Array[] = qis.map(() => new Int32Array(n));
  const dicts: Map<unknown, number>[] = qis.map(() => new Map());
  const raws: unknown[][] = qis.map(() => []);
  const sens = new Int32Array(n);
  const sensDict = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row === null || typeof row !== 'object') throw new DataError(`${fn}: row ${i} is not an object`);
    for (let q = 0; q < nq; q++) {
      const v = row[qis[q]!];
      if (v === undefined) throw new DataError(`${fn}: quasi-identifier '${qis[q]}' is missing at row ${i}`);
      let c = dicts[q]!.get(v);
      if (c === undefined) {
        c = raws[q]!.length;
        dicts[q]!.set(v, c);
        raws[q]!.push(v);
      }
      base[q]![i] = c;
    }
    if (sensitive !== undefined) {
      const v = row[sensitive];
      if (v === undefined) throw new DataError(`${fn}: sensitive column '${sensitive}' is missing at row ${i}`);
      let c = sensDict.get(v);
      if (c === undefined) sensDict.set(v, (c = sensDict.size));
      sens[i] = c;
    }
  }
  // generalise every distinct value at every level; check coverage and the tree property
  const gen: Int32Array[][] = [];
  const labels: string[][][] = [];
  const card: number[][] = [];
  for (let q = 0; q < nq; q++) {
    const { g, lab, cd } = generalizeValues(fn, qis[q]!, hs[q]!, raws[q]!);
    gen.push(g);
    labels.push(lab);
    card.push(cd);
  }
  // distinct tuples (with the sensitive value when asked)
  const nSens = Math.max(1, sensDict.size);
  let product = nSens;
  for (let q = 0; q < nq; q++) product *= card[q]![0]!;
  const numeric = product <= Number.MAX_SAFE_INTEGER;
  const tupleOf = new Map<number | string, number>();
  const rowTuple = new Int32Array(n);
  const codesL: number[] = [];
  const countsL: number[] = [];
  const sensL: number[] = [];
  for (let i = 0; i < n; i++) {
    let key: number | string;
    if (numeric) {
      let k = sens[i]!;
      let mult = nSens;
      for (let q = 0; q < nq; q++) {
        k += base[q]![i]! * mult;
        mult *= card[q]![0]!;
      }
      key = k;
    } else {
      let s = String(sens[i]);
      for (let q = 0; q < nq; q++) s += `,${base[q]![i]}`;
      key = s;
    }
    let t = tupleOf.get(key);
    if (t === undefined) {
      t = countsL.length;
      tupleOf.set(key, t);
      countsL.push(0);
      sensL.push(sens[i]!);
      for (let q = 0; q < nq; q++) codesL.push(base[q]![i]!);
    }
    countsL[t]!++;
    rowTuple[i] = t;
  }
  return {
    m: countsL.length,
    codes: Int32Array.from(codesL),
    counts: Float64Array.from(countsL),
    sens: Int32Array.from(sensL),
    nSens,
    rowTuple,
    gen,
    labels,
    card,
  };
}

/** Distinct (quasi-identifier codes at some node, sensitive code) with their row counts. */
interface Table {
  readonly m: number;
  readonly codes: Int32Array;
  readonly counts: Float64Array;
  readonly sens: Int32Array;
}

/** Per QI and level L: code at level L → code at level L + 1 (well defined: hierarchies are trees). */
function upMaps(e: Encoded): Int32Array[][] {
  return e.gen.map((g, q) =>
    g.slice(0, -1).map((map, L) => {
      const up = new Int32Array(e.card[q]![L]!);
      const next = g[L + 1]!;
      for (let c = 0; c < map.length; c++) up[map[c]!] = next[c]!;
      return up;
    }),
  );
}

/**
 * The table of a node from the table of its predecessor that differs in quasi-identifier `qc`
 * only (one level lower there): codes of `qc` move up one level and equal rows merge.
 */
function rollup(src: Table, nq: number, qc: number, up: Int32Array, cards: readonly number[], nSens: number): Table {
  let product = nSens;
  for (let q = 0; q < nq; q++) product *= cards[q]!;
  const numeric = product <= Number.MAX_SAFE_INTEGER;
  const index = new Map<number | string, number>();
  const codes = new Int32Array(src.m * nq);
  const counts = new Float64Array(src.m);
  const sens = new Int32Array(src.m);
  let m = 0;
  for (let t = 0, o = 0; t < src.m; t++, o += nq) {
    let key: number | string;
    if (numeric) {
      let k = src.sens[t]!;
      let mult = nSens;
      for (let q = 0; q < nq; q++) {
        const c = q === qc ? up[src.codes[o + q]!]! : src.codes[o + q]!;
        k += c * mult;
        mult *= cards[q]!;
      }
      key = k;
    } else {
      let k = String(src.sens[t]);
      for (let q = 0; q < nq; q++) k += `,${q === qc ? up[src.codes[o + q]!]! : src.codes[o + q]!}`;
      key = k;
    }
    const at = index.get(key);
    if (at !== undefined) {
      counts[at]! += src.counts[t]!;
      continue;
    }
    index.set(key, m);
    for (let q = 0; q < nq; q++) codes[m * nq + q] = q === qc ? up[src.codes[o + q]!]! : src.codes[o + q]!;
    counts[m] = src.counts[t]!;
    sens[m] = src.sens[t]!;
    m++;
  }
  return { m, codes: codes.slice(0, m * nq), counts: counts.slice(0, m), sens: sens.slice(0, m) };
}

/** The bound, discernibility and verdict of a node from its table. */
function judge(tb: Table, nq: number, cards: readonly number[], nSens: number, crit: Criteria): { lb: number; dm: number; ok: boolean } {
  let sizes: Float64Array;
  let fails: Uint8Array;
  if (nSens === 1 && crit.l <= 1) {
    sizes = tb.counts;
    fails = new Uint8Array(tb.m);
  } else {
    // group the (codes, sensitive) rows into classes, counting distinct values and entropy
    let product = 1;
    for (let q = 0; q < nq; q++) product *= cards[q]!;
    const numeric = product <= Number.MAX_SAFE_INTEGER;
    const index = new Map<number | string, number>();
    const classOf = new Int32Array(tb.m);
    const sz: number[] = [];
    for (let t = 0, o = 0; t < tb.m; t++, o += nq) {
      let key: number | string;
      if (numeric) {
        let k = 0;
        let mult = 1;
        for (let q = 0; q < nq; q++) {
          k += tb.codes[o + q]! * mult;
          mult *= cards[q]!;
        }
        key = k;
      } else key = Array.prototype.join.call(tb.codes.subarray(o, o + nq), ',');
      let c = index.get(key);
      if (c === undefined) {
        index.set(key, (c = sz.length));
        sz.push(0);
      }
      sz[c]! += tb.counts[t]!;
      classOf[t] = c;
    }
    sizes = Float64Array.from(sz);
    fails = new Uint8Array(sz.length);
    if (crit.l > 1) {
      const distinct = new Float64Array(sz.length);
      const ent = new Float64Array(sz.length);
      for (let t = 0; t < tb.m; t++) {
        const c = classOf[t]!;
        distinct[c]!++;
        const p = tb.counts[t]! / sizes[c]!;
        ent[c]! -= p * Math.log(p);
      }
      const lnL = Math.log(crit.l);
      for (let c = 0; c < sz.length; c++) if (crit.entropy ? ent[c]! < lnL - 1e-12 : distinct[c]! < crit.l) fails[c] = 1;
    }
  }
  let lb = 0;
  let dm = 0;
  let suppressed = 0;
  for (let c = 0; c < sizes.length; c++) {
    const s = sizes[c]!;
    lb += s * s;
    if (s < crit.k || fails[c]) suppressed += s;
    else dm += s * s;
  }
  dm += suppressed * crit.n;
  return { lb, dm, ok: suppressed <= crit.maxSuppressed };
}

interface Evaluation {
  readonly lb: number;
  readonly dm: number;
  readonly ok: boolean;
  readonly suppressed: number;
  readonly classOf: Int32Array;
  readonly fails: Uint8Array;
  readonly sizes: Float64Array;
  readonly minL: number;
}

interface Criteria {
  readonly k: number;
  readonly l: number;
  readonly entropy: boolean;
  readonly maxSuppressed: number;
  readonly n: number;
}

function evaluate(e: Encoded, levels: readonly number[], crit: Criteria, classOf: Int32Array): Evaluation {
  const nq = levels.length;
  const { m, codes, counts } = e;
  const gens = levels.map((L, q) => e.gen[q]![L]!);
  const mults: number[] = [];
  let product = 1;
  for (let q = 0; q < nq; q++) {
    mults.push(product);
    product *= e.card[q]![levels[q]!]!;
  }
  const cls = new Map<number | string, number>();
  const sizes: number[] = [];
  if (product <= Number.MAX_SAFE_INTEGER) {
    for (let t = 0, o = 0; t < m; t++, o += nq) {
      let key = 0;
      for (let q = 0; q < nq; q++) key += gens[q]![codes[o + q]!]! * mults[q]!;
      let c = cls.get(key);
      if (c === undefined) {
        cls.set(key, (c = sizes.length));
        sizes.push(0);
      }
      sizes[c]! += counts[t]!;
      classOf[t] = c;
    }
  } else {
    for (let t = 0, o = 0; t < m; t++, o += nq) {
      let key = '';
      for (let q = 0; q < nq; q++) key += `${gens[q]![codes[o + q]!]},`;
      let c = cls.get(key);
      if (c === undefined) {
        cls.set(key, (c = sizes.length));
        sizes.push(0);
      }
      sizes[c]! += counts[t]!;
      classOf[t] = c;
    }
  }
  const nc = sizes.length;
  const fails = new Uint8Array(nc);
  let minL = Infinity;
  if (crit.l > 1) {
    // distinct sensitive values (and their counts) per class
    const pair = new Map<number, number>();
    for (let t = 0; t < m; t++) {
      const key = classOf[t]! * e.nSens + e.sens[t]!;
      pair.set(key, (pair.get(key) ?? 0) + counts[t]!);
    }
    const distinct = new Float64Array(nc);
    const ent = new Float64Array(nc);
    for (const [key, cnt] of pair) {
      const c = Math.floor(key / e.nSens);
      distinct[c]!++;
      const p = cnt / sizes[c]!;
      ent[c]! -= p * Math.log(p);
    }
    const lnL = Math.log(crit.l);
    for (let c = 0; c < nc; c++) {
      const okL = crit.entropy ? ent[c]! >= lnL - 1e-12 : distinct[c]! >= crit.l;
      if (!okL) fails[c] = 1;
      else if (distinct[c]! < minL && sizes[c]! >= crit.k) minL = distinct[c]!;
    }
  }
  let lb = 0;
  let dm = 0;
  let suppressed = 0;
  for (let c = 0; c < nc; c++) {
    const s = sizes[c]!;
    lb += s * s;
    if (s < crit.k) fails[c] = 1;
    if (fails[c]) suppressed += s;
    else dm += s * s;
  }
  dm += suppressed * crit.n;
  return { lb, dm, ok: suppressed <= crit.maxSuppressed, suppressed, classOf, fails, sizes: Float64Array.from(sizes), minL };
}

/** The declared options of {@link anonymize} (cross-option rules are checked after). */
const parseAnonymizeOptions = defineOptions('anonymize', {
  quasiIdentifiers: described(o.array(o.string(), { min: 1 }), 'a non-empty array of column names'),
  hierarchies: described(
    o.custom<Readonly<Record<string, Hierarchy>>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)),
    'an object of hierarchies by quasi-identifier',
  ),
  k: described(o.number({ int: true, min: 1 }), 'a positive integer'),
  l: real({ min: 1 }).default(1),
  sensitive: str(true).optional(),
  lDiversity: oneOf(['distinct', 'entropy']).default('distinct'),
  maxSuppression: described(real({ min: 0, lt: 1 }), 'a share of rows in [0, 1)').default(0),
  ...longRun(),
});


/**
 * The released table at the chosen node: each row not in a failing class, its quasi-identifiers
 * replaced by their labels at the node's levels; with the indices of the suppressed rows, the
 * smallest released class size and the number of released classes.
 */
function releaseRows(rows: readonly PrivacyRow[], qis: readonly string[], e: Encoded, levels: readonly number[], ev: ReturnType<typeof evaluate>): { out: Record<string, unknown>[]; suppressedRows: number[]; kReached: number; classes: number } {
  const n = rows.length;
  const nq = qis.length;
  const out: Record<string, unknown>[] = [];
  const suppressedRows: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = e.rowTuple[i]!;
    if (ev.fails[ev.classOf[t]!]) {
      suppressedRows.push(i);
      continue;
    }
    const row: Record<string, unknown> = { ...rows[i] };
    for (let q = 0; q < nq; q++) {
      const L = levels[q]!;
      if (L > 0) row[qis[q]!] = e.labels[q]![L]![e.gen[q]![L]![e.codes[t * nq + q]!]!];
    }
    out.push(row);
  }
  let kReached = Infinity;
  let classes = 0;
  ev.sizes.forEach((s, c) => {
    if (!ev.fails[c]) {
      classes++;
      if (s < kReached) kReached = s;
    }
  });
  return { out, suppressedRows, kReached, classes };
}

/**
 * Anonymises a table by full-domain generalisation (Samarati 2001; LeFevre et al. 2005): every
 * quasi-identifier is generalised to one level of its hierarchy, rows in classes smaller than k
 * (or not l-diverse) are suppressed up to `maxSuppression`, and of all lattice nodes that satisfy
 * the criteria the one with the least discernibility (Bayardo & Agrawal 2005) is returned, ties going
 * to the lower total level.
 *
 * The search is optimal: a branch-and-bound over the whole lattice, bottom-up by total level. For
 * any node X, Σ_{E∈X}|E|² (all classes, none suppressed) is a lower bound of the discernibility of
 * X and of every more general node (merging classes only grows them, and a suppressed row costs
 * n ≥ |E|), so once that bound reaches the best value found, the node's whole upward cone is
 * skipped. This is the monotone-bound pruning of OLA (El Emam et al. 2009), applied exhaustively
 * rather than through OLA's binary search; each node is evaluated on the table of distinct
 * quasi-identifier tuples, not on the rows.
 *
 * @param rows - the table (n ≥ 1 rows of plain objects)
 * @param options - quasi-identifiers, hierarchies, k, l, sensitive, maxSuppression; see {@link AnonymizeOptions}
 * @returns the released rows, the node chosen, k and l reached, the suppressed rows and the loss
 * @throws OptionsError for k outside [1, n], l or maxSuppression out of range, a missing hierarchy or sensitive column name, a lattice above {@link MAX_LATTICE_NODES}
 * @throws DataError for a missing quasi-identifier value, a value a hierarchy does not cover, a hierarchy that is not a tree, or when no node meets the criteria within the suppression limit (nothing is released)
 * @example
 * const rows = [
 *   { age: 31, plan: 'A' }, { age: 33, plan: 'B' }, { age: 36, plan: 'A' }, { age: 38, plan: 'B' },
 * ];
 * const r = anonymize(rows, { quasiIdentifiers: ['age'], hierarchies: { age: ageHierarchy() }, k: 2 });
 * r.rows.map((x) => x.age) // => ['30-34', '30-34', '35-39', '35-39']
 * r.k // => 2
 * r.loss.discernibility // => 8
 * @category Privacy
 */
export function anonymize(rows: readonly PrivacyRow[], options: AnonymizeOptions): AnonymizeResult {
  const fn = 'anonymize';
  options = parseAnonymizeOptions(options);
  const qis = checkQis(options.quasiIdentifiers, fn);
  if (!Array.isArray(rows) || rows.length === 0) throw new DataError(`${fn}: rows must be a non-empty array`);
  const n = rows.length;
  const { k } = options;
  if (k > n) throw new OptionsError(`${fn}: k = ${k} is larger than the table (${n} rows)`, 'k');
  const l = options.l ?? 1;
  const sensitive = options.sensitive;
  if (l > 1 && typeof sensitive !== 'string') throw new OptionsError(`${fn}: l-diversity needs the sensitive column`, 'sensitive');
  if (sensitive !== undefined && qis.includes(sensitive)) throw new OptionsError(`${fn}: the sensitive column '${sensitive}' is also a quasi-identifier`, 'sensitive');
  const lDiv = options.lDiversity ?? 'distinct';
  if (lDiv === 'distinct' && !Number.isInteger(l)) throw new OptionsError(`${fn}: distinct l-diversity needs an integer l, got ${l}`, 'l');
  const maxSuppression = options.maxSuppression ?? 0;
  const hs = qis.map((q) => {
    const h = Object.hasOwn(options.hierarchies, q) ? options.hierarchies[q] : undefined;
    if (h === undefined || typeof h.generalize !== 'function' || !Number.isInteger(h.levels) || h.levels < 1) {
      throw new OptionsError(`${fn}: no hierarchy for quasi-identifier '${q}'`, `hierarchies.${q}`);
    }
    return h;
  });
  const latticeSize = hs.reduce((p, h) => p * h.levels, 1);
  if (latticeSize > MAX_LATTICE_NODES) {
    throw new OptionsError(`${fn}: the lattice has ${latticeSize} nodes, at most ${MAX_LATTICE_NODES}; use fewer quasi-identifiers or levels`, 'hierarchies');
  }
  const e = encode(rows, qis, hs, l > 1 ? sensitive : sensitive, fn);
  const crit: Criteria = { k, l, entropy: lDiv === 'entropy', maxSuppressed: Math.floor(maxSuppression * n + 1e-9), n };

  // nodes in order of total level, then index (mixed radix, first quasi-identifier slowest)
  const nq = qis.length;
  const strides = new Array<number>(nq);
  for (let q = nq - 1, s = 1; q >= 0; q--) {
    strides[q] = s;
    s *= hs[q]!.levels;
  }
  const levelsOf = (idx: number): number[] => hs.map((h, q) => Math.floor(idx / strides[q]!) % h.levels);
  const heightOf = new Int32Array(latticeSize);
  for (let idx = 0; idx < latticeSize; idx++) heightOf[idx] = levelsOf(idx).reduce((a, b) => a + b, 0);
  const order = Array.from({ length: latticeSize }, (_, i) => i).sort((a, b) => heightOf[a]! - heightOf[b]! || a - b);
  const bound = new Float64Array(latticeSize).fill(-1); // -1: not evaluated; Infinity: pruned
  const classOf = new Int32Array(e.m);
  const ups = upMaps(e);
  const withSens = l > 1 ? e.nSens : 1;
  const baseTable: Table = { m: e.m, codes: e.codes, counts: e.counts, sens: l > 1 ? e.sens : new Int32Array(e.m) };
  // tables of the nodes one level below the current height (each node rolls up from its smallest predecessor)
  let below = new Map<number, Table>();
  let current = new Map<number, Table>();
  let height = 0;
  let best: { idx: number; dm: number } | undefined;
  let evaluated = 0;
  for (let j = 0; j < latticeSize; j++) {
    if ((j & 255) === 0) {
      throwIfAborted(options.signal, fn);
      options.onProgress?.({ stage: 'node', done: j, total: latticeSize, metrics: { evaluated, best: best?.dm ?? Infinity } });
    }
    const idx = order[j]!;
    if (heightOf[idx]! !== height) {
      height = heightOf[idx]!;
      below = current;
      current = new Map();
    }
    const lv = levelsOf(idx);
    let floor = 0;
    let from: { t: Table; q: number } | undefined;
    for (let q = 0; q < nq; q++) {
      if (lv[q]! === 0) continue;
      const p = idx - strides[q]!;
      floor = Math.max(floor, bound[p]!);
      const t = below.get(p);
      if (t !== undefined && (from === undefined || t.m < from.t.m)) from = { t, q };
    }
    if (best !== undefined && floor >= best.dm) {
      bound[idx] = Infinity;
      continue;
    }
    const cards = lv.map((L, q) => e.card[q]![L]!);
    // with l-diversity a table row is a (class, sensitive value) pair; the first table may repeat a
    // tuple with different sensitive values when l is 1 (then all sens are 0), so roll up once
    const table =
      from !== undefined
        ? rollup(from.t, nq, from.q, ups[from.q]![lv[from.q]! - 1]!, cards, withSens)
        : baseTable.sens.some((x) => x !== 0) || l > 1
          ? baseTable
          : rollup(baseTable, nq, -1, new Int32Array(0), cards, 1);
    current.set(idx, table);
    const ev = judge(table, nq, cards, withSens, crit);
    evaluated++;
    bound[idx] = ev.lb;
    if (ev.ok && (best === undefined || ev.dm < best.dm)) best = { idx, dm: ev.dm };
  }
  options.onProgress?.({ stage: 'node', done: latticeSize, total: latticeSize, metrics: { evaluated, best: best?.dm ?? Infinity } });
  if (best === undefined) {
    throw new DataError(
      `${fn}: no generalisation reaches k = ${k}${l > 1 ? ` and ${lDiv} l = ${l}` : ''} with at most ${crit.maxSuppressed} suppressed rows (maxSuppression ${maxSuppression}); nothing released`,
    );
  }
  const levels = levelsOf(best.idx);
  const ev = evaluate(e, levels, crit, classOf);
  const { out, suppressedRows, kReached, classes } = releaseRows(rows, qis, e, levels, ev);
  const nodeLoss = levels.reduce((s, L, q) => s + (hs[q]!.levels > 1 ? L / (hs[q]!.levels - 1) : 0), 0) / nq;
  const precision = ((n - ev.suppressed) * nodeLoss + ev.suppressed) / n;
  return {
    rows: out,
    node: Object.fromEntries(qis.map((q, i) => [q, levels[i]!])),
    levels,
    k: kReached === Infinity ? 0 : kReached,
    ...(sensitive !== undefined && l > 1 ? { l: ev.minL } : {}),
    classes,
    suppressed: ev.suppressed,
    suppressedRows,
    loss: { discernibility: ev.dm, precision },
    search: { algorithm: 'branch-and-bound', latticeSize, evaluated },
  };
}
