/**
 * `buildProfiles`: the 360° subscriber profile — consumption power, social influence, device
 * preference and content preference — as features, 0–100 scores and plain records.
 *
 * @module
 */
import { DataError, TelcoError } from '../errors.js';
import type { CallEdge } from '../schema/call-edge.js';
import type { Subscriber } from '../schema/subscriber.js';
import { APP_CATEGORIES } from '../schema/usage-month.js';
import type { UsageMonth } from '../schema/usage-month.js';
import { callGraphFeatures } from './callgraph-features.js';
import type { CallEdgeColumns, CallGraphOptions, ChurnedInput } from './callgraph-features.js';
import { createFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../matrix/feature-matrix.js';
import { subscriberFeatures } from './telecom-features.js';
import { defineOptions, described, int, real, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';

/** The records {@link buildProfiles} joins. @category Features */
export interface ProfileData {
  /** Subscriber master data: one profile per subscriber. */
  readonly subscribers: readonly Subscriber[];
  /** Monthly usage history. */
  readonly usage: readonly UsageMonth[];
  /** Call graph (records or columns); adds the call-graph features. */
  readonly callEdges?: readonly CallEdge[] | CallEdgeColumns;
  /** Past churners, for `churnedContactShare`. */
  readonly churned?: ChurnedInput;
}

/** Options of {@link buildProfiles}. @category Features */
export interface BuildProfilesOptions {
  /** Reference month `YYYY-MM` (default the latest usage month). */
  asOf?: string;
  /** Usage window in months (default 3). */
  windowMonths?: number;
  /** Adds decayed means (`arpu_ewm`, …) when given. */
  halfLifeMonths?: number;
  /** Options passed to {@link callGraphFeatures} (damping, seed, …). */
  callGraph?: Omit<CallGraphOptions, 'churned' | 'nodes'>;
}

/** A profile record: `id` plus every field, for the tag engine and humans. @category Features */
export type ProfileRecord = Record<string, number | string | boolean>;

/** What {@link buildProfiles} returns. @category Features */
export interface BuildProfilesResult {
  /** Every numeric feature and the four scores, one row per subscriber (sorted by id). */
  readonly matrix: FeatureMatrix;
  /** One plain record per subscriber, same order, with categorical fields too. */
  readonly profiles: ProfileRecord[];
  /** The four scores (0–100) alone: columns `consumptionPower`, `socialInfluence`, `devicePreference`, `contentPreference`. */
  readonly scores: FeatureMatrix;
}

/** Device price tiers in order; `devicePriceRank` is the position (0 = low … 3 = premium). @category Features */
export const DEVICE_PRICE_TIERS = ['low', 'mid', 'high', 'premium'] as const;

/**
 * Weights of the percentile-rank components behind each score (see {@link buildProfiles}).
 * `socialInfluenceNoGraph` applies when no call graph is given.
 * @category Features
 */
export const PROFILE_SCORE_WEIGHTS = {
  consumptionPower: { arpu: 0.5, dataMB: 0.3, vasIntensity: 0.2 },
  socialInfluence: { pageRank: 0.5, distinctContacts: 0.25, totalMinutes: 0.25 },
  socialInfluenceNoGraph: { callsPerMonth: 0.5, contactsPerMonth: 0.5 },
  devicePreference: { devicePriceRank: 0.5, deviceIs5G: 0.25, deviceNewness: 0.25 },
} as const;

const FN = 'buildProfiles';

/**
 * Mid-rank percentile of each finite value among the finite values, in [0, 1]:
 * `(below + (equal − 1)/2) / (n − 1)`; 0.5 when n = 1; NaN stays NaN.
 */
function percentileRanks(x: Float64Array): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i]!)) idx.push(i);
  idx.sort((a, b) => x[a]! - x[b]!);
  const out = new Float64Array(x.length).fill(NaN);
  const n = idx.length;
  for (let s = 0; s < n; ) {
    let e = s + 1;
    while (e < n && x[idx[e]!] === x[idx[s]!]) e++;
    const pr = n === 1 ? 0.5 : (s + e - 1) / 2 / (n - 1);
    for (let k = s; k < e; k++) out[idx[k]!] = pr;
    s = e;
  }
  return out;
}

/** 100 × percentile rank of the weighted mean of component percentile ranks (missing component → 0.5; all missing → NaN). */
function compositeScore(components: readonly { x: Float64Array; w: number }[], n: number): Float64Array {
  const ranks = components.map((c) => ({ r: percentileRanks(c.x), w: c.w }));
  const wTot = components.reduce((s, c) => s + c.w, 0);
  const comp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let any = false;
    for (const { r, w } of ranks) {
      const v = r[i]!;
      if (Number.isNaN(v)) s += 0.5 * w;
      else {
        s += v * w;
        any = true;
      }
    }
    comp[i] = any ? s / wTot : NaN;
  }
  const pr = percentileRanks(comp);
  for (let i = 0; i < n; i++) pr[i] = pr[i]! * 100;
  return pr;
}

/** Runs a step of buildProfiles so that its errors start with `buildProfiles: ` (then the step's own name). */
function within<T>(step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof TelcoError) e.message = `${FN}: ${e.message}`;
    throw e;
  }
}

/**
 * Builds the 360° profile of every subscriber: the telecom features of
 * {@link subscriberFeatures}, the call-graph features of {@link callGraphFeatures} (when
 * `callEdges` is given; subscribers without calls get degree 0), device and content features, and
 * four scores from 0 to 100:
 *
 * - **consumptionPower** = 100 × P(0.5·P(arpu) + 0.3·P(dataMB) + 0.2·P(vasIntensity))
 * - **socialInfluence** = 100 × P(0.5·P(pageRank) + 0.25·P(distinctContacts) + 0.25·P(inMinutes + outMinutes)),
 *   or without a call graph 100 × P(0.5·P(callsPerMonth) + 0.5·P(contactsPerMonth))
 * - **devicePreference** (premium-device affinity / upgrade appetite) =
 *   100 × P(0.5·P(devicePriceRank) + 0.25·P(deviceIs5G) + 0.25·P(−deviceAgeMonths))
 * - **contentPreference** = 100 × appConcentration, the normalised Herfindahl index of the app
 *   shares `(Σ s² − 1/K) / (1 − 1/K)` over K = 8 categories: 0 = evenly spread, 100 = one category
 *
 * where P(·) is the mid-rank percentile within the population, in [0, 1]. A missing component
 * counts as the median (0.5); a score with every component missing is NaN.
 *
 * Profile records add `id`, `networkType`, `regionCode`, `customerType`, `paymentPlan`,
 * `planId`, `deviceBrand`, `deviceOs`, `devicePriceTier`, `topAppCategory` (strings, `''` when
 * unknown), `deviceIs5G` and `device5GOn4GPlan` as booleans (NaN when unknown),
 * `travelAppShare` (= `appShare_travel`) and `churnProbability` (NaN until a churn model fills it).
 *
 * @param data - subscribers, usage, optional call edges and churners
 * @param options - see {@link BuildProfilesOptions}
 * @param options.asOf - reference month `YYYY-MM`
 * @param options.windowMonths - usage window (default 3)
 * @param options.halfLifeMonths - adds decayed means
 * @param options.callGraph - call-graph options
 * @returns matrix, records and scores, rows sorted by subscriber id
 * @throws DataError on no subscribers, and whatever {@link subscriberFeatures} / {@link callGraphFeatures} throw
 * @throws OptionsError for an unknown option or one out of range (`windowMonths` an integer in [1, 1200], `halfLifeMonths` > 0)
 * @example
 * const subscribers = [{ id: 'a', regionCode: 'GD', cityTier: 1, customerType: 'individual' as const, joinDate: '2020-01-01', planId: 'p1', paymentPlan: 'postpaid' as const, status: 'active' as const, networkType: '4G' as const }];
 * const usage = [{ subscriberId: 'a', month: '2024-01', localVoiceMinutes: 10, longDistanceVoiceMinutes: 0, roamingVoiceMinutes: 0, callsOut: 5, callsIn: 5, smsCount: 0, dataMB: 2048, nightDataMB: 512, monthlyFee: 30, billedAmount: 45 }];
 * buildProfiles({ subscribers, usage }).profiles[0]!.nightDataShare // => 0.25
 * @category Features
 */
export function buildProfiles(data: ProfileData, options: BuildProfilesOptions = {}): BuildProfilesResult {
  const opts = parseBuildProfilesOptions(options);
  if (!data || !Array.isArray(data.subscribers) || data.subscribers.length === 0) throw new DataError(`${FN}: data.subscribers must be a non-empty array`);
  if (!Array.isArray(data.usage)) throw new DataError(`${FN}: data.usage must be an array`);
  const tf = within(() =>
    subscriberFeatures(data.usage, {
      subscribers: data.subscribers,
      ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
      windowMonths: opts.windowMonths,
      ...(opts.halfLifeMonths !== undefined ? { halfLifeMonths: opts.halfLifeMonths } : {}),
    }),
  );
  const ids = tf.rowIds;
  const n = ids.length;
  const subById = new Map(data.subscribers.map((s) => [s.id, s]));
  const col = (name: string): Float64Array => columnOf(tf, name);

  const blocks: Block[] = [{ columns: tf.columns, get: (i, j) => tf.values[i * tf.nCols + j]! }];
  const graph = data.callEdges ? graphBlock(data.callEdges, data.churned, opts.callGraph, ids) : null;
  if (graph) blocks.push(graph);
  const device = deviceContentFeatures(col, ids, subById);
  blocks.push({ columns: ['devicePriceRank', 'appConcentration'], get: (i, j) => (j === 0 ? device.priceRank[i]! : device.concentration[i]!) });
  const scoreCols = profileScores(col, graph, device, n);
  const scores = createFeatureMatrix(interleave(scoreCols, n), SCORE_NAMES, ids);
  blocks.push({ columns: SCORE_NAMES.map((s) => `${s}Score`), get: (i, j) => scoreCols[j]![i]! });

  const matrix = joinBlocks(blocks, ids);
  const profiles = profileRecords(matrix, subById, device.topApp);
  return { matrix, profiles, scores };
}

const parseBuildProfilesOptions = defineOptions(FN, {
  asOf: str().optional(),
  windowMonths: int(1, 1200).default(3),
  halfLifeMonths: real({ gt: 0 }).optional(),
  callGraph: described(o.custom<Omit<CallGraphOptions, 'churned' | 'nodes'>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)), 'an object of callGraphFeatures options').optional(),
});

/** Columns of the joined matrix with a getter of row i, column j. */
interface Block {
  readonly columns: readonly string[];
  readonly get: (i: number, j: number) => number;
}

const SCORE_NAMES = ['consumptionPower', 'socialInfluence', 'devicePreference', 'contentPreference'];

function columnOf(m: FeatureMatrix, name: string): Float64Array {
  const j = m.columns.indexOf(name);
  const out = new Float64Array(m.nRows);
  for (let i = 0; i < m.nRows; i++) out[i] = m.values[i * m.nCols + j]!;
  return out;
}

/** The call-graph features of each profile row; a subscriber without calls gets degree 0 and NaN rank, share and community. */
function graphBlock(edges: readonly CallEdge[] | CallEdgeColumns, churned: ChurnedInput | undefined, options: Omit<CallGraphOptions, 'churned' | 'nodes'> | undefined, ids: readonly string[]): Block {
  const n = ids.length;
  const g = within(() =>
    callGraphFeatures(edges, {
      ...options,
      ...(churned ? { churned } : {}),
      ...(!('caller' in edges) || !(edges.caller instanceof Int32Array) ? { nodes: ids } : {}),
    }),
  );
  const graphCols = g.columns;
  const pos = new Map<string, number>();
  for (let r = 0; r < g.nRows; r++) pos.set(g.rowIds[r]!, r);
  const graphRow = new Int32Array(n);
  for (let i = 0; i < n; i++) graphRow[i] = pos.get(ids[i]!) ?? -1;
  return {
    columns: graphCols,
    get: (i, j) => {
      const r = graphRow[i]!;
      if (r >= 0) return g.values[r * g.nCols + j]!;
      const c = graphCols[j]!;
      return c === 'pageRank' || c === 'churnedContactShare' || c === 'community' || c === 'communitySize' ? NaN : 0;
    },
  };
}

/** Device price rank, app concentration (normalised Herfindahl index of the app shares) and the top app category. */
function deviceContentFeatures(col: (name: string) => Float64Array, ids: readonly string[], subById: Map<string, Subscriber>) {
  const n = ids.length;
  const priceRank = new Float64Array(n).fill(NaN);
  const concentration = new Float64Array(n).fill(NaN);
  const topApp: string[] = new Array<string>(n).fill('');
  const shares = APP_CATEGORIES.map((c) => col(`appShare_${c}`));
  const K = APP_CATEGORIES.length;
  for (let i = 0; i < n; i++) {
    const tier = subById.get(ids[i]!)?.device?.priceTier;
    if (tier !== undefined) priceRank[i] = DEVICE_PRICE_TIERS.indexOf(tier);
    if (!Number.isNaN(shares[0]![i]!)) {
      let hhi = 0;
      let best = -1;
      let bestS = -1;
      for (let c = 0; c < K; c++) {
        const s = shares[c]![i]!;
        hhi += s * s;
        if (s > bestS) {
          bestS = s;
          best = c;
        }
      }
      concentration[i] = Math.min(1, Math.max(0, (hhi - 1 / K) / (1 - 1 / K)));
      topApp[i] = APP_CATEGORIES[best]!;
    }
  }
  return { priceRank, concentration, topApp };
}

/** The four 0–100 scores, in {@link SCORE_NAMES} order (weights in {@link PROFILE_SCORE_WEIGHTS}). */
function profileScores(col: (name: string) => Float64Array, graph: Block | null, device: { priceRank: Float64Array; concentration: Float64Array }, n: number): Float64Array[] {
  const w = PROFILE_SCORE_WEIGHTS;
  const consumption = compositeScore(
    [
      { x: col('arpu'), w: w.consumptionPower.arpu },
      { x: col('dataMB'), w: w.consumptionPower.dataMB },
      { x: col('vasIntensity'), w: w.consumptionPower.vasIntensity },
    ],
    n,
  );
  let social: Float64Array;
  if (graph) {
    const gc = (name: string): Float64Array => {
      const j = graph.columns.indexOf(name);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = graph.get(i, j);
      return out;
    };
    const inM = gc('inMinutes');
    const outM = gc('outMinutes');
    const tot = new Float64Array(n);
    for (let i = 0; i < n; i++) tot[i] = inM[i]! + outM[i]!;
    social = compositeScore(
      [
        { x: gc('pageRank'), w: w.socialInfluence.pageRank },
        { x: gc('distinctContacts'), w: w.socialInfluence.distinctContacts },
        { x: tot, w: w.socialInfluence.totalMinutes },
      ],
      n,
    );
  } else {
    social = compositeScore(
      [
        { x: col('callsPerMonth'), w: w.socialInfluenceNoGraph.callsPerMonth },
        { x: col('contactsPerMonth'), w: w.socialInfluenceNoGraph.contactsPerMonth },
      ],
      n,
    );
  }
  const newness = col('deviceAgeMonths').map((v) => -v);
  const devicePref = compositeScore(
    [
      { x: device.priceRank, w: w.devicePreference.devicePriceRank },
      { x: col('deviceIs5G'), w: w.devicePreference.deviceIs5G },
      { x: newness, w: w.devicePreference.deviceNewness },
    ],
    n,
  );
  const content = device.concentration.map((v) => v * 100);
  return [consumption, social, devicePref, content];
}

/** Row-major n × k values from k columns. */
function interleave(cols: readonly Float64Array[], n: number): Float64Array {
  const k = cols.length;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let s = 0; s < k; s++) out[i * k + s] = cols[s]![i]!;
  return out;
}

/** The blocks side by side as one matrix; a column produced twice is a DataError. */
function joinBlocks(blocks: readonly Block[], ids: readonly string[]): FeatureMatrix {
  const n = ids.length;
  const columns = blocks.flatMap((b) => b.columns);
  const dup = columns.find((c, k) => columns.indexOf(c) !== k);
  if (dup !== undefined) throw new DataError(`${FN}: column ${dup} produced twice`);
  const p = columns.length;
  const values = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    let j0 = i * p;
    for (const b of blocks) {
      for (let j = 0; j < b.columns.length; j++) values[j0 + j] = b.get(i, j);
      j0 += b.columns.length;
    }
  }
  return createFeatureMatrix(values, columns, ids);
}

/** One record per row: every column, flags as booleans (NaN kept), and the master data's text fields. */
function profileRecords(matrix: FeatureMatrix, subById: Map<string, Subscriber>, topApp: readonly string[]): ProfileRecord[] {
  const { nRows: n, nCols: p, columns, values, rowIds: ids } = matrix;
  const flag = (v: number): boolean | number => (Number.isNaN(v) ? NaN : v === 1);
  const profiles: ProfileRecord[] = new Array<ProfileRecord>(n);
  for (let i = 0; i < n; i++) {
    const s = subById.get(ids[i]!)!;
    const rec: ProfileRecord = { id: ids[i]! };
    for (let j = 0; j < p; j++) rec[columns[j]!] = values[i * p + j]!;
    rec.deviceIs5G = flag(rec.deviceIs5G as number);
    rec.device5GOn4GPlan = flag(rec.device5GOn4GPlan as number);
    rec.travelAppShare = rec.appShare_travel as number;
    rec.networkType = s.networkType;
    rec.regionCode = s.regionCode;
    rec.customerType = s.customerType;
    rec.paymentPlan = s.paymentPlan;
    rec.planId = s.planId;
    rec.deviceBrand = s.device?.brand ?? '';
    rec.deviceOs = s.device?.os ?? '';
    rec.devicePriceTier = s.device?.priceTier ?? '';
    rec.topAppCategory = topApp[i]!;
    rec.churnProbability = NaN;
    profiles[i] = rec;
  }
  return profiles;
}
