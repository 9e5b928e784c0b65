/**
 * `buildInteractionMatrix`: implicit-feedback records → a sparse subscriber × offer matrix held
 * twice, in CSR (rows = subscribers) and CSC (columns = offers) typed arrays.
 *
 * @module
 */
import { DataError, OptionsError } from '../errors.js';
import { described, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { DEFAULT_KIND_WEIGHTS, type KindWeights, type RecommendInteraction } from './types.js';
import { optionsObject } from '../internal/guards.js';

/** An interaction that could not be placed in the matrix (reported, not fatal). @category Recommend */
export interface InteractionProblem {
  /** Zero-based index of the record in the input. */
  readonly row: number;
  /** Why it was skipped. */
  readonly reason: 'unknown subscriber' | 'unknown offer' | 'unknown kind';
  /** The id that was not recognised. */
  readonly value: string;
}

/**
 * A sparse subscriber × offer matrix of implicit-feedback strengths. `indptr`/`indices`/`data`
 * is CSR (row `u` holds `indices[indptr[u] .. indptr[u+1])`, sorted ascending); `cscIndptr`/
 * `cscIndices`/`cscData` is the same matrix by column. Only positive entries are stored.
 * @category Recommend
 */
export interface InteractionMatrix {
  /** Row ids, one per subscriber. */
  readonly subscriberIds: readonly string[];
  /** Column ids, one per offer. */
  readonly offerIds: readonly string[];
  readonly nSubscribers: number;
  readonly nOffers: number;
  /** CSR row pointers, length `nSubscribers + 1`. */
  readonly indptr: Int32Array<ArrayBuffer>;
  /** CSR column indices. */
  readonly indices: Int32Array<ArrayBuffer>;
  /** CSR values (summed weights, all > 0). */
  readonly data: Float64Array<ArrayBuffer>;
  /** CSC column pointers, length `nOffers + 1`. */
  readonly cscIndptr: Int32Array<ArrayBuffer>;
  /** CSC row indices. */
  readonly cscIndices: Int32Array<ArrayBuffer>;
  /** CSC values. */
  readonly cscData: Float64Array<ArrayBuffer>;
  /** Records skipped because they named an unknown subscriber or offer. */
  readonly problems: readonly InteractionProblem[];
}

/** Options of {@link buildInteractionMatrix}. @category Recommend */
export interface InteractionMatrixOptions {
  /** The known subscribers (rows, in this order); default: every subscriber in the interactions, by first appearance. */
  subscriberIds?: readonly string[];
  /** The offer catalogue (columns, in this order); default: every offer in the interactions, by first appearance. */
  offerIds?: readonly string[];
  /** Weight per interaction kind ({@link DEFAULT_KIND_WEIGHTS}); `null` excludes a kind. */
  kindWeights?: KindWeights;
}

/** The `kindWeights` option: per interaction kind, a finite weight ≥ 0 or null. */
export function kindWeightsOption() {
  const w = o.union([real({ min: 0 }), o.literal(null)]).optional();
  return described(
    o.strictObject({ impression: w, click: w, accept: w, decline: w }),
    '{ impression?, click?, accept?, decline? } with finite weights ≥ 0 or null',
  );
}

/** Resolves kind weights and checks them. */
export function resolveKindWeights(kw: KindWeights | undefined, fn: string): Required<KindWeights> {
  const out = { ...DEFAULT_KIND_WEIGHTS, ...(kw ?? {}) };
  for (const [k, v] of Object.entries(out)) {
    if (v !== null && !(Number.isFinite(v) && v >= 0)) {
      throw new OptionsError(`${fn}: option kindWeights.${k} must be a finite number ≥ 0 or null, got ${v}`, `kindWeights.${k}`);
    }
  }
  return out;
}

/**
 * Builds the sparse subscriber × offer matrix from interaction records.
 *
 * Each record contributes `kindWeights[kind] × (weight ?? 1)` to its cell; **duplicate
 * (subscriber, offer) records are summed** (three accepts of one offer give 3). Kinds weighted
 * `null` (decline, by default) are skipped; cells whose sum is 0 (impressions only, by default)
 * are left out, as implicit feedback treats them as unobserved. Records naming a subscriber or
 * offer outside the given `subscriberIds`/`offerIds` are skipped and listed in `problems`.
 *
 * @param interactions - implicit-feedback records
 * @param options - known ids and kind weights
 * @param options.subscriberIds - known subscribers (rows); default: all in `interactions`
 * @param options.offerIds - offer catalogue (columns); default: all in `interactions`
 * @param options.kindWeights - weight per kind; default accept 1, click 0.3, impression 0, decline excluded
 * @returns the matrix in CSR and CSC form, with `problems`
 * @throws DataError when a record's `weight` is negative, NaN or infinite (naming the record), or a kind weight is invalid
 * @example
 * const m = buildInteractionMatrix([
 *   { subscriberId: 's1', offerId: 'o1', timestamp: '2025-01-01T00:00:00Z', kind: 'accept' },
 *   { subscriberId: 's1', offerId: 'o1', timestamp: '2025-01-02T00:00:00Z', kind: 'accept' },
 *   { subscriberId: 's2', offerId: 'o2', timestamp: '2025-01-02T00:00:00Z', kind: 'click' },
 * ]);
 * Array.from(m.data) // => [2, 0.3]
 * @category Recommend
 */
export function buildInteractionMatrix(
  interactions: readonly RecommendInteraction[],
  options: InteractionMatrixOptions = {},
): InteractionMatrix {
  return buildMatrixInternal(interactions, options, 'buildInteractionMatrix');
}

/**
 * Whether `x` is an {@link InteractionMatrix} (built by `buildInteractionMatrix`) rather than a
 * list of interactions: the one test the learners use, by its CSR row pointer.
 */
export function isInteractionMatrix(x: unknown): x is InteractionMatrix {
  return typeof x === 'object' && x !== null && (x as { indptr?: unknown }).indptr instanceof Int32Array;
}

/** The matrix a learner fits on: `data` itself when it is one, else built from the interactions. */
export function interactionMatrixOf(
  data: readonly RecommendInteraction[] | InteractionMatrix,
  kindWeights: KindWeights | undefined,
  fn: string,
): InteractionMatrix {
  return isInteractionMatrix(data) ? data : buildMatrixInternal(data, { kindWeights }, fn);
}

/**
 * Index of each id in `ids`, which must be distinct strings (a repeated id would be a second row
 * or column with the same name, recommended twice).
 * @throws DataError naming the first repeated or non-string id
 */
export function uniqueIdIndex(ids: readonly unknown[], fn: string, what: string): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (typeof id !== 'string') throw new DataError(`${fn}: ${what}[${i}] is ${id === null ? 'null' : typeof id}; ids must be strings`);
    const before = index.get(id);
    if (before !== undefined) throw new DataError(`${fn}: ${what}[${i}] repeats the id '${id}' of ${what}[${before}]; ids must be unique`);
    index.set(id, i);
  }
  return index;
}

/**
 * Checks that interaction `r` is a record with string `subscriberId` and `offerId` (a JSON Lines
 * export that says `subscriber_id` must not turn every row into the subscriber "undefined").
 * @throws DataError naming the record and the missing field
 */
export function checkInteraction(rec: unknown, r: number, fn: string): RecommendInteraction {
  if (typeof rec !== 'object' || rec === null) throw new DataError(`${fn}: interaction ${r} is ${rec === null ? 'null' : typeof rec}, expected a record`);
  for (const field of ['subscriberId', 'offerId'] as const) {
    const v = (rec as Record<string, unknown>)[field];
    if (typeof v !== 'string' || v === '') {
      const fields = Object.keys(rec).slice(0, 10).join(', ');
      throw new DataError(
        `${fn}: interaction ${r} has ${v === undefined ? 'no' : `a non-string or empty (${v === null ? 'null' : typeof v})`} ${field}; ids must be non-empty strings (the record's fields: ${fields})`,
      );
    }
  }
  return rec as RecommendInteraction;
}

/** {@link buildInteractionMatrix} with the calling public function's name for messages. */
export function buildMatrixInternal(
  interactions: readonly RecommendInteraction[],
  options: InteractionMatrixOptions,
  fn: string,
): InteractionMatrix {
  options = optionsObject(fn, options);
  const kw = resolveKindWeights(options.kindWeights, fn);
  const fixedUsers = options.subscriberIds !== undefined;
  const fixedItems = options.offerIds !== undefined;
  const userIds: string[] = fixedUsers ? [...options.subscriberIds!] : [];
  const itemIds: string[] = fixedItems ? [...options.offerIds!] : [];
  const userIndex = uniqueIdIndex(userIds, fn, 'subscriberIds');
  const itemIndex = uniqueIdIndex(itemIds, fn, 'offerIds');
  const problems: InteractionProblem[] = [];
  if (!Array.isArray(interactions)) throw new DataError(`${fn}: expected an array of interactions, got ${interactions === null ? 'null' : typeof interactions}`);
  const n = interactions.length;
  const us = new Int32Array(n);
  const is = new Int32Array(n);
  const ws = new Float64Array(n);
  let m = 0;
  for (let r = 0; r < n; r++) {
    const rec = checkInteraction(interactions[r], r, fn);
    const w0 = rec.weight ?? 1;
    if (typeof w0 !== 'number' || !Number.isFinite(w0) || w0 < 0) {
      throw new DataError(
        `${fn}: interaction ${r} (subscriber '${rec.subscriberId}', offer '${rec.offerId}') has weight ${String(w0)}; weights must be finite and ≥ 0`,
      );
    }
    if (!Object.hasOwn(kw, rec.kind)) {
      problems.push({ row: r, reason: 'unknown kind', value: String(rec.kind) });
      continue;
    }
    const k = kw[rec.kind as keyof KindWeights];
    if (k === null || k === undefined) continue;
    let u = userIndex.get(rec.subscriberId);
    if (u === undefined) {
      if (fixedUsers) {
        problems.push({ row: r, reason: 'unknown subscriber', value: rec.subscriberId });
        continue;
      }
      u = userIds.length;
      userIds.push(rec.subscriberId);
      userIndex.set(rec.subscriberId, u);
    }
    let i = itemIndex.get(rec.offerId);
    if (i === undefined) {
      if (fixedItems) {
        problems.push({ row: r, reason: 'unknown offer', value: rec.offerId });
        continue;
      }
      i = itemIds.length;
      itemIds.push(rec.offerId);
      itemIndex.set(rec.offerId, i);
    }
    us[m] = u;
    is[m] = i;
    ws[m] = k * w0;
    m++;
  }
  return fromTriples(userIds, itemIds, us.subarray(0, m), is.subarray(0, m), ws.subarray(0, m), problems);
}

/** CSR + CSC from (row, col, value) triples; duplicates summed, zero sums dropped. */
export function fromTriples(
  userIds: readonly string[],
  itemIds: readonly string[],
  us: Int32Array<ArrayBuffer>,
  is: Int32Array<ArrayBuffer>,
  ws: Float64Array<ArrayBuffer>,
  problems: readonly InteractionProblem[] = [],
): InteractionMatrix {
  const nU = userIds.length;
  const nI = itemIds.length;
  const m = us.length;
  // counting sort by row
  const rowCount = new Int32Array(nU + 1);
  for (let k = 0; k < m; k++) rowCount[us[k]! + 1]!++;
  for (let u = 0; u < nU; u++) rowCount[u + 1]! += rowCount[u]!;
  const pos = rowCount.slice(0, nU);
  const colTmp = new Int32Array(m);
  const valTmp = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const p = pos[us[k]!]!++;
    colTmp[p] = is[k]!;
    valTmp[p] = ws[k]!;
  }
  // per row: sum duplicates through a dense scratch, emit sorted
  const indptr = new Int32Array(nU + 1);
  const indices = new Int32Array(m);
  const data = new Float64Array(m);
  const acc = new Float64Array(nI);
  const seen = new Uint8Array(nI);
  let nnz = 0;
  const rowCols: number[] = [];
  for (let u = 0; u < nU; u++) {
    rowCols.length = 0;
    for (let p = rowCount[u]!; p < rowCount[u + 1]!; p++) {
      const i = colTmp[p]!;
      if (!seen[i]) {
        seen[i] = 1;
        rowCols.push(i);
      }
      acc[i]! += valTmp[p]!;
    }
    rowCols.sort((a, b) => a - b);
    for (const i of rowCols) {
      if (acc[i]! > 0) {
        indices[nnz] = i;
        data[nnz] = acc[i]!;
        nnz++;
      }
      acc[i] = 0;
      seen[i] = 0;
    }
    indptr[u + 1] = nnz;
  }
  const ind = indices.slice(0, nnz);
  const dat = data.slice(0, nnz);
  const csc = transposeCsr(nU, nI, indptr, ind, dat);
  return {
    subscriberIds: userIds,
    offerIds: itemIds,
    nSubscribers: nU,
    nOffers: nI,
    indptr,
    indices: ind,
    data: dat,
    cscIndptr: csc.indptr,
    cscIndices: csc.indices,
    cscData: csc.data,
    problems,
  };
}

/** Transposes a CSR matrix (rows sorted in the output because rows are visited in order). */
export function transposeCsr(
  nRows: number,
  nCols: number,
  indptr: Int32Array,
  indices: Int32Array,
  data: Float64Array,
): { indptr: Int32Array<ArrayBuffer>; indices: Int32Array<ArrayBuffer>; data: Float64Array<ArrayBuffer> } {
  const nnz = indices.length;
  const tp = new Int32Array(nCols + 1);
  for (let k = 0; k < nnz; k++) tp[indices[k]! + 1]!++;
  for (let j = 0; j < nCols; j++) tp[j + 1]! += tp[j]!;
  const pos = tp.slice(0, nCols);
  const ti = new Int32Array(nnz);
  const td = new Float64Array(nnz);
  for (let r = 0; r < nRows; r++) {
    for (let p = indptr[r]!; p < indptr[r + 1]!; p++) {
      const q = pos[indices[p]!]!++;
      ti[q] = r;
      td[q] = data[p]!;
    }
  }
  return { indptr: tp, indices: ti, data: td };
}

/**
 * Folds one subscriber's interaction records into `row` (offer index → summed weight), with the
 * model's kind weights, as `buildInteractionMatrix` does: unknown offers and excluded kinds are
 * skipped. Returns the positive entries sorted by offer index.
 * @throws DataError for a negative, NaN or infinite weight, or (with `subscriberId`) a record for another subscriber
 * @internal
 */
export function foldSubscriberInteractions(
  records: readonly RecommendInteraction[],
  kw: KindWeights,
  offerIndex: ReadonlyMap<string, number>,
  row: Map<number, number>,
  fn: string,
  subscriberId?: string,
): [number, number][] {
  records.forEach((rec, r) => {
    if (subscriberId !== undefined && rec.subscriberId !== subscriberId) {
      throw new DataError(`${fn}: interaction ${r} is for subscriber '${rec.subscriberId}', not '${subscriberId}'`);
    }
    const w = rec.weight ?? 1;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new DataError(`${fn}: interaction ${r} (offer '${rec.offerId}') has weight ${String(w)}; weights must be finite and ≥ 0`);
    }
    const kwt = kw[rec.kind as keyof KindWeights];
    const i = offerIndex.get(rec.offerId);
    if (kwt === null || kwt === undefined || i === undefined) return;
    row.set(i, (row.get(i) ?? 0) + kwt * w);
  });
  return [...row.entries()].filter(([, v]) => v > 0).sort((a, b) => a[0] - b[0]);
}
