/**
 * `callGraphFeatures`: social-influence features from the call graph — weighted degrees,
 * distinct contacts, weighted PageRank, churn contagion and communities — on compressed sparse
 * row (CSR) typed arrays, sized for 1M nodes / 10M edges.
 *
 * @module
 */
import { DataError } from '../errors.js';
import type { CallEdge } from '../schema/call-edge.js';
import { throwIfAborted } from '../internal/model.js';
import type { LongRunOptions } from '../internal/model.js';
import { createRng } from '../internal/rng.js';
import { permutation } from '../internal/sample.js';
import { createFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../matrix/feature-matrix.js';
import { defineOptions, described, int, longRun, oneOf, real, seed } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { MAX_ITER } from '../limits.js';

/**
 * The call graph as columns (one entry per edge), the fast input for big graphs. Node ids are
 * either strings or non-negative integers (`Int32Array`); with integers, node `i` is named
 * `ids[i]` (default `String(i)`) and the graph has `ids.length` (default max id + 1) nodes.
 * @category Features
 */
export interface CallEdgeColumns {
  /** Calling node of each edge. */
  readonly caller: Int32Array | ArrayLike<string>;
  /** Called node of each edge. */
  readonly callee: Int32Array | ArrayLike<string>;
  /** Minutes of each edge (≥ 0). */
  readonly minutes: ArrayLike<number>;
  /** Calls of each edge (≥ 0). */
  readonly calls: ArrayLike<number>;
  /** Names of integer node ids (integer input only). */
  readonly ids?: readonly string[];
}

/** How churned subscribers are given: a set, a list, or a record of flags. @category Features */
export type ChurnedInput = ReadonlySet<string> | readonly string[] | Readonly<Record<string, boolean>>;

/** Options of {@link callGraphFeatures}. @category Features */
export interface CallGraphOptions extends LongRunOptions {
  /** Past churners: adds `churnedContactShare`. */
  churned?: ChurnedInput;
  /** Node ids to include as rows even without edges (e.g. every subscriber); string ids only. They come first, in this order. */
  nodes?: readonly string[];
  /** PageRank damping factor, 0 < d < 1 (default 0.85). */
  damping?: number;
  /** PageRank iteration cap (default 100). */
  maxIter?: number;
  /** @deprecated since 0.2: use `maxIter` (one name for iteration caps); removed in 0.3. */
  iterations?: number;
  /** PageRank stops when the L1 change of the rank vector (summing to 1) is under `tol` (default 1e-6). */
  tol?: number;
  /** Edge weight for PageRank and communities (default `'minutes'`). */
  weight?: 'minutes' | 'calls';
  /** Community detection (default `'label-propagation'`; `'none'` skips it). */
  community?: 'label-propagation' | 'none';
  /** Label-propagation sweep cap (default 20). */
  communityIterations?: number;
  /** Seed for the label-propagation visiting order and ties (default 0). */
  seed?: number;
}

/** What {@link callGraphFeatures} returns: the feature matrix plus convergence data. @category Features */
export interface CallGraphFeatures extends FeatureMatrix {
  /** PageRank power iterations run. */
  readonly pageRankIterations: number;
  /** Whether PageRank reached `tol` within `iterations`. */
  readonly pageRankConverged: boolean;
  /** Label-propagation sweeps run (0 when skipped). */
  readonly communityIterations: number;
  /** Whether label propagation reached a sweep with no change. */
  readonly communityConverged: boolean;
  /** Number of communities found (0 when skipped). */
  readonly communityCount: number;
}

const FN = 'callGraphFeatures';
/** Integer node ids may leave this many ids unused beyond the 2 × edges endpoints before they count as sparse. */
const DENSE_ID_SLACK = 1024;
/** Label propagation visits blocks of this many consecutive nodes in a seeded random order (cache-friendly). */
const LPA_BLOCK = 64;

const parseCallGraphOptions = defineOptions(
  FN,
  {
    churned: described(
      o.custom<ChurnedInput>((v) => v instanceof Set || Array.isArray(v) || (typeof v === 'object' && v !== null)),
      'a Set or array of ids, or a record of flags',
    ).optional(),
    nodes: described(o.array(o.string()).readonly(), 'an array of string ids').optional(),
    damping: real({ gt: 0, lt: 1 }).default(0.85),
    maxIter: int(1, MAX_ITER).default(100),
    tol: real({ min: 0 }).default(1e-6),
    weight: oneOf(['minutes', 'calls']).default('minutes'),
    community: oneOf(['label-propagation', 'none']).default('label-propagation'),
    communityIterations: int(1, MAX_ITER).default(20),
    seed: seed().default(0),
    ...longRun(),
  },
  { aliases: { iterations: 'maxIter' } },
);

function isColumns(x: unknown): x is CallEdgeColumns {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'caller' in x && 'callee' in x;
}

/** Node ids as ints plus names; string inputs mapped in one Map pass (given nodes first, then first appearance). */
function encode(
  input: readonly CallEdge[] | CallEdgeColumns,
  nodes: readonly string[] | undefined,
): { src: Int32Array; dst: Int32Array; minutes: ArrayLike<number>; calls: ArrayLike<number>; names: readonly string[] | null; n: number; index: Map<string, number> | null } {
  if (!isColumns(input)) {
    if (!Array.isArray(input)) throw new DataError(`${FN}: edges must be CallEdge records or columns { caller, callee, minutes, calls }`);
    const m = input.length;
    const caller = new Array<string>(m);
    const callee = new Array<string>(m);
    const minutes = new Float64Array(m);
    const calls = new Float64Array(m);
    for (let e = 0; e < m; e++) {
      const r: unknown = input[e];
      if (typeof r !== 'object' || r === null) throw new DataError(`${FN}: edge ${e} is ${r === null ? 'null' : typeof r}, expected a CallEdge record`);
      caller[e] = (r as CallEdge).callerId;
      callee[e] = (r as CallEdge).calleeId;
      minutes[e] = typeof (r as CallEdge).minutes === 'number' ? (r as CallEdge).minutes : NaN;
      calls[e] = typeof (r as CallEdge).calls === 'number' ? (r as CallEdge).calls : NaN;
    }
    return encode({ caller, callee, minutes, calls }, nodes);
  }
  const { caller, callee, minutes, calls } = input;
  const m = caller.length;
  if (callee.length !== m || minutes?.length !== m || calls?.length !== m) {
    throw new DataError(`${FN}: edge columns differ in length (caller ${m}, callee ${callee.length}, minutes ${minutes?.length}, calls ${calls?.length})`);
  }
  if (caller instanceof Int32Array || callee instanceof Int32Array) {
    if (!(caller instanceof Int32Array && callee instanceof Int32Array)) throw new DataError(`${FN}: caller and callee must both be Int32Array or both string arrays`);
    let max = -1;
    for (let e = 0; e < m; e++) {
      const a = caller[e]!;
      const b = callee[e]!;
      if (a < 0 || b < 0) throw new DataError(`${FN}: edge ${e} has a negative node id`);
      if (a > max) max = a;
      if (b > max) max = b;
    }
    // rows are ids 0..max: a sparse id (one edge naming node 10,000,000) must not allocate millions of rows
    if (!input.ids && max + 1 > 2 * m + DENSE_ID_SLACK) {
      throw new DataError(
        `${FN}: node id ${max} would give ${max + 1} rows for ${m} edges; integer ids must be dense (0..n−1 with n ≤ 2 × edges + ${DENSE_ID_SLACK}): remap them to 0..n−1 (with ids naming them) or pass string ids`,
      );
    }
    const n = input.ids ? input.ids.length : max + 1;
    if (max >= n) throw new DataError(`${FN}: node id ${max} has no name (ids has ${n} entries)`);
    return { src: caller, dst: callee, minutes, calls, names: input.ids ?? null, n, index: null };
  }
  const index = new Map<string, number>();
  const names: string[] = [];
  if (nodes) {
    for (const id of nodes) {
      if (!index.has(id)) {
        index.set(id, names.length);
        names.push(id);
      }
    }
  }
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const a = caller[e]!;
    const b = callee[e]!;
    if (typeof a !== 'string' || a === '' || typeof b !== 'string' || b === '') throw new DataError(`${FN}: edge ${e} has an empty or non-string node id`);
    let ia = index.get(a);
    if (ia === undefined) {
      ia = names.length;
      index.set(a, ia);
      names.push(a);
    }
    let ib = index.get(b);
    if (ib === undefined) {
      ib = names.length;
      index.set(b, ib);
      names.push(b);
    }
    src[e] = ia;
    dst[e] = ib;
  }
  return { src, dst, minutes, calls, names, n: names.length, index };
}

function churnFlags(churned: ChurnedInput, n: number, names: readonly string[] | null, index: Map<string, number> | null): Uint8Array {
  const flags = new Uint8Array(n);
  let list: string[];
  if (churned instanceof Set) list = [...(churned as ReadonlySet<string>)];
  else if (Array.isArray(churned)) list = churned as string[];
  else list = Object.keys(churned).filter((k) => (churned as Record<string, boolean>)[k] === true);
  let lookup = index;
  if (!lookup && names) lookup = new Map(names.map((s, i) => [s, i]));
  for (const id of list) {
    let i: number | undefined;
    if (lookup) i = lookup.get(String(id));
    else {
      const k = Number(id);
      i = Number.isInteger(k) && k >= 0 && k < n && String(k) === String(id) ? k : undefined;
    }
    if (i !== undefined) flags[i] = 1;
  }
  return flags;
}

/**
 * Social-influence features of every node of the call graph (one row per node).
 *
 * Columns (units): `outMinutes`, `inMinutes`, `outCalls`, `inCalls` (weighted out/in degree,
 * summed over all edges, so filter months beforehand); `distinctContacts` (distinct nodes called
 * or calling); `pageRank` (weighted PageRank scaled by n, so 1 is the average node); with
 * `churned`, `churnedContactShare` (share of distinct contacts who churned, NaN without contacts);
 * with communities, `community` (id 0…k−1, numbered by first node) and `communitySize`.
 * Self-calls are ignored.
 *
 * PageRank (Page et al. 1999), power iteration on the in-edge CSR:
 * `r'(v) = (1 − d)/n + d · (Σ_{u→v} r(u) w(u,v) / W(u) + D/n)`, with `W(u)` the out-weight of u
 * and `D` the rank of dangling nodes (`W = 0`), until `Σ |r' − r| < tol`.
 * Communities: asynchronous label propagation (Raghavan, Albert & Kumara 2007) on the undirected
 * weighted graph, nodes visited in a seeded random order each sweep (blocks of 64 consecutive
 * nodes shuffled, for cache locality), a node keeps its label when it
 * is among the heaviest, other ties broken by the seeded generator; stops after a sweep with no
 * change or after `communityIterations` sweeps. A node is skipped while no neighbour has changed
 * label since a visit of it that needed no tie-break (that visit would pick the same label and
 * draw nothing), which gives the same labels as visiting every node, in far fewer visits.
 *
 * Complexity: O(E) to build the CSR, O(E) per PageRank iteration and per sweep; memory about
 * 24 bytes per edge plus 60 per node.
 *
 * @param edges - `CallEdge` records or {@link CallEdgeColumns} (the fast path for big graphs)
 * @param options - see {@link CallGraphOptions}
 * @param options.churned - past churners
 * @param options.nodes - node ids that must get a row even without edges
 * @param options.damping - PageRank damping (default 0.85)
 * @param options.maxIter - PageRank iteration cap (default 100; `iterations` is its deprecated spelling)
 * @param options.tol - PageRank L1 tolerance (default 1e-6)
 * @param options.weight - `'minutes'` (default) or `'calls'`
 * @param options.community - `'label-propagation'` (default) or `'none'`
 * @param options.communityIterations - label-propagation sweep cap (default 20)
 * @param options.seed - seed (default 0)
 * @param options.onProgress - called after each stage (`'degrees'`, `'csr'`, `'contacts'`) and each iteration (`'pagerank'`, `'label-propagation'`)
 * @param options.signal - aborts between iterations
 * @returns a FeatureMatrix (rows: `nodes` first, then ids in order of first appearance; integer ids in order) with convergence fields
 * @throws DataError on negative/NaN/±Infinity minutes or calls, bad ids, sparse integer ids (a largest id
 *   over 2 × edges + 1024 without `ids`: remap them), mismatched column lengths
 * @throws OptionsError for an unknown option or a value out of its range (`damping` in (0, 1), …)
 * @throws AbortError when `signal` fires
 * @example
 * const g = callGraphFeatures([
 *   { callerId: 'a', calleeId: 'b', month: '2024-01', calls: 2, minutes: 10 },
 *   { callerId: 'b', calleeId: 'a', month: '2024-01', calls: 1, minutes: 5 },
 * ], { churned: ['b'] });
 * g.rowIds // => ['a', 'b']
 * g.values[g.columns.indexOf('churnedContactShare')] // => 1
 * @category Features
 */
export function callGraphFeatures(edges: readonly CallEdge[] | CallEdgeColumns, options: CallGraphOptions = {}): CallGraphFeatures {
  const opts = parseCallGraphOptions(options);
  const { src, dst, minutes, calls, names, n, index } = encode(edges, opts.nodes);
  const g = buildGraph(src, dst, minutes, calls, n, opts.weight === 'calls', opts.onProgress);
  opts.onProgress?.({ stage: 'csr', done: 1, total: 1 });
  throwIfAborted(opts.signal, FN);

  const churnedFlag = opts.churned ? churnFlags(opts.churned, n, names, index) : null;
  const { contacts, churnShare } = contactCounts(g, churnedFlag);
  opts.onProgress?.({ stage: 'contacts', done: 1, total: 1 });

  const pr = pageRank(g, opts);
  const lpa = opts.community === 'label-propagation' ? labelPropagation(g, opts) : null;

  const columns = ['outMinutes', 'inMinutes', 'outCalls', 'inCalls', 'distinctContacts', 'pageRank'];
  if (churnShare) columns.push('churnedContactShare');
  if (lpa) columns.push('community', 'communitySize');
  const p = columns.length;
  const values = new Float64Array(n * p);
  // minutes first, then calls: from the adjacency sums or the side-by-side sums, whichever holds them
  const mc = g.useCalls ? 1 : 0;
  for (let i = 0, b = 0; i < n; i++, b += p) {
    values[b + 2 * mc] = g.outStored[i]!;
    values[b + 1 + 2 * mc] = g.inStored[i]!;
    values[b + 2 - 2 * mc] = g.outOther[2 * i + 1]!;
    values[b + 3 - 2 * mc] = g.inOther[2 * i + 1]!;
    values[b + 4] = contacts[i]!;
    values[b + 5] = pr.rank[i]! * n;
    let j = 6;
    if (churnShare) values[b + j++] = churnShare[i]!;
    if (lpa) {
      values[b + j] = lpa.labels[i]!;
      values[b + j + 1] = lpa.sizes[lpa.labels[i]!]!;
    }
  }
  let rowIds: readonly string[];
  if (names && names.length === n) rowIds = names;
  else {
    const ids = new Array<string>(n);
    for (let i = 0; i < n; i++) ids[i] = String(i);
    rowIds = ids;
  }
  return {
    ...createFeatureMatrix(values, columns, rowIds),
    pageRankIterations: pr.iterations,
    pageRankConverged: pr.converged,
    communityIterations: lpa ? lpa.iterations : 0,
    communityConverged: lpa ? lpa.converged : false,
    communityCount: lpa ? lpa.sizes.length : 0,
  };
}

/** The checked options of {@link callGraphFeatures}. */
type CallGraphResolved = ReturnType<typeof parseCallGraphOptions>;

/**
 * The graph as one undirected adjacency in CSR form, self-calls dropped: the neighbours of node u
 * are `nbr[off[u] .. off[u + 1])`, first the nodes u calls (`off[u] .. mid[u]`), then the nodes
 * calling u (`mid[u] .. off[u + 1]`), each part in edge order, with the edge's weight in `w`.
 * PageRank reads the in-part; contacts and label propagation read both parts in one loop.
 */
interface CallGraph {
  readonly n: number;
  readonly off: Int32Array;
  readonly mid: Int32Array;
  readonly nbr: Int32Array;
  readonly w: Float64Array;
  /** Sums of the chosen edge weight (minutes or calls) per node, out and in; `outStored` is PageRank's W(u). */
  readonly outStored: Float64Array;
  readonly inStored: Float64Array;
  /** Count and sum of the other quantity side by side: node u's sums are `outOther[2u + 1]`, `inOther[2u + 1]`. */
  readonly outOther: Float64Array;
  readonly inOther: Float64Array;
  /** Whether the stored weight is calls (then the other quantity is minutes). */
  readonly useCalls: boolean;
}

/**
 * Pass 1 validates the edges, counts degrees and sums the edge quantity the adjacency does not
 * store (calls when PageRank weighs by minutes, and the reverse); pass 2 places every edge twice
 * by counting sort; pass 3 sums the stored weight along each part, sequentially. Every sum adds
 * the same numbers in the same (edge) order as a per-edge accumulation, so the results are
 * bit-identical to it, while the random read-modify-writes per edge fall from six arrays to two
 * (a node's count and sum side by side: one cache line per endpoint).
 */
function buildGraph(
  src: Int32Array,
  dst: Int32Array,
  minutes: ArrayLike<number>,
  calls: ArrayLike<number>,
  n: number,
  useCalls: boolean,
  onProgress: CallGraphResolved['onProgress'],
): CallGraph {
  const m = src.length;
  // [count, sum of the unstored quantity] per node, for the out side and the in side
  const outAcc = new Float64Array(2 * n);
  const inAcc = new Float64Array(2 * n);
  const other = useCalls ? minutes : calls;
  for (let e = 0; e < m; e++) {
    const mi = minutes[e]!;
    const ca = calls[e]!;
    if (!(mi >= 0 && mi < Infinity) || !(ca >= 0 && ca < Infinity)) {
      throw new DataError(`${FN}: edge ${e} has minutes ${mi} and calls ${ca}; expected finite numbers ≥ 0`);
    }
    const u = src[e]!;
    const v = dst[e]!;
    if (u === v) continue;
    const x = other[e]!;
    outAcc[2 * u]!++;
    outAcc[2 * u + 1]! += x;
    inAcc[2 * v]!++;
    inAcc[2 * v + 1]! += x;
  }
  onProgress?.({ stage: 'degrees', done: 1, total: 1 });
  const off = new Int32Array(n + 1);
  const mid = new Int32Array(n);
  // placement cursors of the out-part and the in-part
  const outCur = new Int32Array(n);
  const inCur = new Int32Array(n);
  let acc = 0;
  for (let u = 0; u < n; u++) {
    off[u] = acc;
    outCur[u] = acc;
    acc += outAcc[2 * u]!;
    mid[u] = acc;
    inCur[u] = acc;
    acc += inAcc[2 * u]!;
  }
  off[n] = acc;
  const nbr = new Int32Array(acc);
  const w = new Float64Array(acc);
  const wt = useCalls ? calls : minutes;
  for (let e = 0; e < m; e++) {
    const u = src[e]!;
    const v = dst[e]!;
    if (u === v) continue;
    const x = wt[e]!;
    const a = outCur[u]!++;
    nbr[a] = v;
    w[a] = x;
    const b = inCur[v]!++;
    nbr[b] = u;
    w[b] = x;
  }
  // the stored weight's sums, part by part in edge order
  const outStored = new Float64Array(n);
  const inStored = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    const k1 = mid[u]!;
    let s = 0;
    for (let k = off[u]!; k < k1; k++) s += w[k]!;
    outStored[u] = s;
    s = 0;
    for (let k = k1, end = off[u + 1]!; k < end; k++) s += w[k]!;
    inStored[u] = s;
  }
  return { n, off, mid, nbr, w, outStored, inStored, outOther: outAcc, inOther: inAcc, useCalls };
}

/** Distinct contacts of every node and, with churn flags, the share of them who churned (marker array, no sort). */
function contactCounts(g: CallGraph, churnedFlag: Uint8Array | null): { contacts: Float64Array; churnShare: Float64Array | null } {
  const { n, off, nbr } = g;
  const contacts = new Float64Array(n);
  const churnShare = churnedFlag ? new Float64Array(n) : null;
  const mark = new Int32Array(n).fill(-1);
  for (let u = 0; u < n; u++) {
    let cnt = 0;
    let ch = 0;
    for (let k = off[u]!, end = off[u + 1]!; k < end; k++) {
      const v = nbr[k]!;
      if (mark[v] !== u) {
        mark[v] = u;
        cnt++;
        if (churnedFlag && churnedFlag[v]) ch++;
      }
    }
    contacts[u] = cnt;
    if (churnShare) churnShare[u] = cnt > 0 ? ch / cnt : NaN;
  }
  return { contacts, churnShare };
}

/** Weighted PageRank by pull-based power iteration on the in-part of the adjacency (the formula is in {@link callGraphFeatures}). */
function pageRank(g: CallGraph, opts: CallGraphResolved): { rank: Float64Array; iterations: number; converged: boolean } {
  const { n, off, mid, nbr, w, outStored: outWeight } = g;
  const { damping, maxIter, tol } = opts;
  let rank = new Float64Array(n).fill(n > 0 ? 1 / n : 0);
  let next = new Float64Array(n);
  // dangling nodes keep x = 0 in both buffers
  let x = new Float64Array(n);
  let xNext = new Float64Array(n);
  let prIter = 0;
  let prConverged = n === 0;
  const teleport = (1 - damping) / n;
  // x(u) = r(u) / W(u) (0 for dangling nodes) and the dangling rank D, for the current ranks
  let dangling = 0;
  for (let u = 0; u < n; u++) {
    const wu = outWeight[u]!;
    if (wu > 0) x[u] = rank[u]! / wu;
    else dangling += rank[u]!;
  }
  while (!prConverged && prIter < maxIter) {
    throwIfAborted(opts.signal, FN);
    const base = teleport + (damping * dangling) / n;
    let err = 0;
    let nextDangling = 0;
    // the pull reads x of the current ranks while the next ranks' x go to xNext (same values, one pass fewer)
    for (let v = 0; v < n; v++) {
      let s = 0;
      for (let k = mid[v]!, end = off[v + 1]!; k < end; k++) s += x[nbr[k]!]! * w[k]!;
      const r = base + damping * s;
      err += Math.abs(r - rank[v]!);
      next[v] = r;
      const wv = outWeight[v]!;
      if (wv > 0) xNext[v] = r / wv;
      else nextDangling += r;
    }
    const t = rank;
    rank = next;
    next = t;
    const tx = x;
    x = xNext;
    xNext = tx;
    dangling = nextDangling;
    prIter++;
    prConverged = err < tol;
    opts.onProgress?.({ stage: 'pagerank', done: prIter, total: maxIter, metrics: { delta: err } });
  }
  return { rank, iterations: prIter, converged: prConverged };
}

/** Seeded asynchronous label propagation; labels renumbered 0..k−1 by first node, with each community's size. */
function labelPropagation(g: CallGraph, opts: CallGraphResolved): { labels: Int32Array; sizes: Int32Array; iterations: number; converged: boolean } {
  const { n, off, nbr, w } = g;
  const lpaMax = opts.communityIterations;
  let lpaIter = 0;
  let lpaConverged = false;
  const rng = createRng(opts.seed);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i;
  const acc = new Float64Array(n);
  let maxDeg = 0;
  for (let u = 0; u < n; u++) maxDeg = Math.max(maxDeg, off[u + 1]! - off[u]!);
  const touched = new Int32Array(maxDeg);
  // the neighbours' labels of one node, gathered first: independent loads the CPU can overlap
  const nl = new Int32Array(maxDeg);
  const nBlocks = Math.ceil(n / LPA_BLOCK);
  // 1 while a node's next visit could change its label or draw from the generator: set for every
  // node at first, cleared after a visit that drew no tie-break, set again when a neighbour's
  // label changes. A clean node's visit would add the same weights in the same order, pick the
  // same label (its own) and draw nothing, so skipping it leaves labels and generator untouched.
  const dirty = new Uint8Array(n).fill(1);
  while (!lpaConverged && lpaIter < lpaMax) {
    throwIfAborted(opts.signal, FN);
    const order = permutation(nBlocks, rng);
    let changed = 0;
    for (let bi = 0; bi < nBlocks; bi++) {
      const u0 = order[bi]! * LPA_BLOCK;
      const u1 = Math.min(n, u0 + LPA_BLOCK);
      for (let u = u0; u < u1; u++) {
        if (dirty[u] === 0) continue;
        const k0 = off[u]!;
        const deg = off[u + 1]! - k0;
        for (let t = 0; t < deg; t++) nl[t] = labels[nbr[k0 + t]!]!;
        let nt = 0;
        for (let t = 0; t < deg; t++) {
          const l = nl[t]!;
          if (acc[l] === 0) touched[nt++] = l;
          acc[l]! += w[k0 + t]! + 1e-300;
        }
        if (nt === 0) {
          dirty[u] = 0;
          continue;
        }
        let best = -1;
        let bestW = -1;
        let ties = 0;
        let drew = false;
        const own = labels[u]!;
        for (let t = 0; t < nt; t++) {
          const l = touched[t]!;
          const aw = acc[l]!;
          if (aw > bestW) {
            bestW = aw;
            best = l;
            ties = 1;
          } else if (aw === bestW) {
            ties++;
            drew = true;
            if (rng.int(ties) === 0) best = l;
          }
        }
        if (acc[own]! === bestW) best = own;
        for (let t = 0; t < nt; t++) acc[touched[t]!] = 0;
        dirty[u] = drew ? 1 : 0;
        if (best !== own) {
          labels[u] = best;
          changed++;
          for (let k = k0, end = k0 + deg; k < end; k++) dirty[nbr[k]!] = 1;
        }
      }
    }
    lpaIter++;
    lpaConverged = changed === 0;
    opts.onProgress?.({ stage: 'label-propagation', done: lpaIter, total: lpaMax, metrics: { changed } });
  }
  // renumber 0..k-1 by first node
  const remap = new Int32Array(n).fill(-1);
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (remap[l] === -1) {
      remap[l] = counts.length;
      counts.push(0);
    }
    labels[i] = remap[l]!;
    counts[labels[i]!]!++;
  }
  return { labels, sizes: Int32Array.from(counts), iterations: lpaIter, converged: lpaConverged };
}
