/**
 * `rfmScores`: recency, frequency and monetary quintile scores with the standard RFM segment names.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { quantileSorted } from '../internal/quantile.js';
import { optionsObject, requireRecords } from '../internal/guards.js';

/** Options of {@link rfmScores}: which record fields hold R, F and M. @category Segment */
export interface RfmOptions {
  /** Days since the last top-up or payment (default `'recencyDays'`; lower is better). */
  recencyField?: string;
  /** Number of top-ups or payments in the window (default `'frequency'`). */
  frequencyField?: string;
  /** Amount spent in the window (default `'monetary'`). */
  monetaryField?: string;
  /** Field holding the subscriber id (default `'id'`). */
  idField?: string;
}

/** The standard RFM segment names. @category Segment */
export type RfmSegment =
  | 'champions'
  | 'loyal'
  | 'potential loyalist'
  | 'new'
  | 'promising'
  | 'need attention'
  | 'about to sleep'
  | 'at risk'
  | "can't lose"
  | 'hibernating';

/** What {@link rfmScores} returns; arrays in record order. @category Segment */
export interface RfmResult {
  readonly ids: readonly string[];
  /** Recency score 1–5 (5 = most recent). */
  readonly recency: Uint8Array;
  /** Frequency score 1–5 (5 = most frequent). */
  readonly frequency: Uint8Array;
  /** Monetary score 1–5 (5 = highest spend). */
  readonly monetary: Uint8Array;
  /** "RFM" code such as `'545'`. */
  readonly codes: readonly string[];
  /** Segment name from the recency × frequency grid. */
  readonly segments: readonly RfmSegment[];
  /** Quintile cut-offs (20/40/60/80 %) of each raw measure. */
  readonly cutoffs: { readonly recency: readonly number[]; readonly frequency: readonly number[]; readonly monetary: readonly number[] };
  /** Subscribers per segment. */
  readonly counts: Readonly<Partial<Record<RfmSegment, number>>>;
}

/**
 * The widely used recency × frequency grid (R and F scores 1–5):
 * R 1–2: F 1–2 hibernating, F 3–4 at risk, F 5 can't lose; R 3: F 1–2 about to sleep, F 3 need
 * attention, F 4–5 loyal; R 4: F 1 promising, F 2–3 potential loyalist, F 4–5 loyal;
 * R 5: F 1 new, F 2–3 potential loyalist, F 4–5 champions.
 */
export function rfmSegmentOf(r: number, f: number): RfmSegment {
  if (r <= 2) return f <= 2 ? 'hibernating' : f <= 4 ? 'at risk' : "can't lose";
  if (r === 3) return f <= 2 ? 'about to sleep' : f === 3 ? 'need attention' : 'loyal';
  if (r === 4) return f === 1 ? 'promising' : f <= 3 ? 'potential loyalist' : 'loyal';
  return f === 1 ? 'new' : f <= 3 ? 'potential loyalist' : 'champions';
}

const QS = [0.2, 0.4, 0.6, 0.8];

function scores(v: Float64Array, invert: boolean): { s: Uint8Array; cuts: number[] } {
  const sorted = Float64Array.from(v).sort();
  const cuts = QS.map((q) => quantileSorted(sorted, q));
  const s = new Uint8Array(v.length);
  for (let i = 0; i < v.length; i++) {
    // right-closed bins (a, b], as pandas.qcut: equal values share a score
    let b = 1;
    for (const c of cuts) if (v[i]! > c) b++;
    s[i] = invert ? 6 - b : b;
  }
  return { s, cuts };
}

/**
 * RFM scoring (Hughes 1994): each of recency (days since the last top-up or payment),
 * frequency and monetary value is cut at its quintiles (linear interpolation; bins closed on the
 * right, so ties share a score) into scores 1–5, recency reversed so that 5 is the most recent.
 * Each subscriber then gets the standard segment name from the recency × frequency grid
 * (champions, loyal, potential loyalist, new, promising, need attention, about to sleep,
 * at risk, can't lose, hibernating).
 *
 * @param records - one record per subscriber with the three fields
 * @param options - field names
 * @param options.recencyField - days since last top-up/payment (default `'recencyDays'`)
 * @param options.frequencyField - top-ups/payments in the window (default `'frequency'`)
 * @param options.monetaryField - spend in the window (default `'monetary'`)
 * @param options.idField - id field (default `'id'`; the row index when absent)
 * @returns scores, codes, segment names, cut-offs and counts
 * @throws DataError on no records, or a missing / non-finite / negative field value
 * @example
 * const recs = [1, 2, 3, 4, 5].map((i) => ({ id: `s${i}`, recencyDays: i * 10, frequency: 6 - i, monetary: 100 * (6 - i) }));
 * rfmScores(recs).segments // => ['champions', 'loyal', 'need attention', 'hibernating', 'hibernating']
 * @category Segment
 */
export function rfmScores(records: readonly Readonly<Record<string, unknown>>[], options: RfmOptions = {}): RfmResult {
  const FN = 'rfmScores';
  options = optionsObject(FN, options);
  requireRecords(FN, 'records', records);
  const n = records.length;
  if (n === 0) throw new DataError(`${FN}: no records`);
  const fields = [options.recencyField ?? 'recencyDays', options.frequencyField ?? 'frequency', options.monetaryField ?? 'monetary'] as const;
  const idField = options.idField ?? 'id';
  const cols = fields.map(() => new Float64Array(n));
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    ids[i] = r[idField] === undefined || r[idField] === null ? String(i) : String(r[idField]);
    for (let j = 0; j < 3; j++) {
      const v = r[fields[j]!];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new DataError(`${FN}: record ${i} (id ${ids[i]}) has ${fields[j]} = ${String(v)}; expected a finite number ≥ 0`);
      }
      cols[j]![i] = v;
    }
  }
  const R = scores(cols[0]!, true);
  const F = scores(cols[1]!, false);
  const M = scores(cols[2]!, false);
  const codes = new Array<string>(n);
  const segments = new Array<RfmSegment>(n);
  const counts: Partial<Record<RfmSegment, number>> = {};
  for (let i = 0; i < n; i++) {
    codes[i] = `${R.s[i]}${F.s[i]}${M.s[i]}`;
    const seg = rfmSegmentOf(R.s[i]!, F.s[i]!);
    segments[i] = seg;
    counts[seg] = (counts[seg] ?? 0) + 1;
  }
  return {
    ids,
    recency: R.s,
    frequency: F.s,
    monetary: M.s,
    codes,
    segments,
    cutoffs: { recency: R.cuts, frequency: F.cuts, monetary: M.cuts },
    counts,
  };
}
