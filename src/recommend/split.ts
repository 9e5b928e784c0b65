/**
 * Time-ordered leave-last-out splitting shared by `fitRecommender` (validation split for the blend)
 * and `evaluateRecommender` (the README protocol).
 */
import { DataError } from '../errors.js';
import type { KindWeights, RecommendInteraction } from './types.js';

/** Positive records in stable time order (invalid timestamps throw, naming the record). */
export function positiveInTimeOrder(
  interactions: readonly RecommendInteraction[],
  kw: Required<KindWeights>,
  fn: string,
): number[] {
  const keep: number[] = [];
  const t = new Float64Array(interactions.length);
  for (let r = 0; r < interactions.length; r++) {
    const rec = interactions[r]!;
    const k = kw[rec.kind as keyof KindWeights];
    const w = rec.weight ?? 1;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new DataError(`${fn}: interaction ${r} (subscriber '${rec.subscriberId}', offer '${rec.offerId}') has weight ${String(w)}; weights must be finite and ≥ 0`);
    }
    if (k === null || k === undefined || !(k * w > 0)) continue;
    const ms = parseInstant(rec.timestamp);
    if (Number.isNaN(ms)) throw new DataError(`${fn}: interaction ${r} has timestamp '${rec.timestamp}', not an ISO-8601 time`);
    t[r] = ms;
    keep.push(r);
  }
  // stable: ties keep input order
  keep.sort((a, b) => t[a]! - t[b]! || a - b);
  return keep;
}

/**
 * Milliseconds since the epoch for an ISO-8601 time. A date-time without an offset is read as UTC
 * (not the host's local time, which would make the order depend on the machine).
 */
export function parseInstant(ts: string): number {
  if (typeof ts !== 'string') return NaN;
  const zoned = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/.test(ts);
  return Date.parse(ts.includes('T') && !zoned ? `${ts}Z` : ts);
}

/** Result of a leave-last-out split. */
export interface LeaveLastOutSplit {
  /** Record indices kept for training (time order). */
  readonly train: number[];
  /** Held-out offer per evaluated subscriber. */
  readonly heldOut: Map<string, string>;
}

/**
 * For every subscriber with ≥ 2 distinct offers (in time order of first appearance) the last
 * distinct offer is held out (all its records leave the training set). With `dedupe`, repeated
 * (subscriber, offer) records after the first are dropped from training too.
 */
export function leaveLastOut(
  interactions: readonly RecommendInteraction[],
  order: readonly number[],
  dedupe: boolean,
): LeaveLastOutSplit {
  const distinct = new Map<string, string[]>();
  const seenPair = new Set<string>();
  const firstRecords: number[] = [];
  for (const r of order) {
    const rec = interactions[r]!;
    const key = `${rec.subscriberId}\u0000${rec.offerId}`;
    if (seenPair.has(key)) {
      if (!dedupe) firstRecords.push(r);
      continue;
    }
    seenPair.add(key);
    firstRecords.push(r);
    let l = distinct.get(rec.subscriberId);
    if (!l) distinct.set(rec.subscriberId, (l = []));
    l.push(rec.offerId);
  }
  const heldOut = new Map<string, string>();
  for (const [u, items] of distinct) if (items.length >= 2) heldOut.set(u, items[items.length - 1]!);
  const train = firstRecords.filter((r) => {
    const rec = interactions[r]!;
    return heldOut.get(rec.subscriberId) !== rec.offerId;
  });
  return { train, heldOut };
}
