/**
 * `loyaltyProfiles`: the inputs of {@link loyaltyIndex} built from subscriber, usage and
 * (optionally) call-edge records.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { checkRecords, idField } from './check.js';
import type { LoyaltyProfile } from './loyalty-index.js';

/** Options of {@link loyaltyProfiles}. @category Loyalty */
export interface LoyaltyProfilesOptions {
  /** Monthly call edges (`callerId`, `calleeId`, `month`): gives `inNetworkShare`. Default: left out. */
  readonly callEdges?: readonly object[];
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(\d{2})$/;

/**
 * Builds one {@link LoyaltyProfile} per subscriber from the records telcokit validates:
 * `tenureMonths` (the record's own, else whole months from `joinDate` to the end of the last usage
 * month of the data), `rechargeRegularity` (share of the subscriber's usage months with a top-up —
 * prepaid — or a bill > 0 — postpaid), `services` (1 + 1 with secondary cards + 1 with value-added
 * services in any month), `complaints` (summed), `daysSinceTopUp` (30 × whole months from the
 * last month with a top-up or bill to the last month of the data, + 15 for mid-month; 30 × the
 * subscriber's months + 15 when there was none) and, with `callEdges`, `inNetworkShare` (distinct
 * callees who are subscribers over all distinct callees, summed over months; callees over the
 * month's `distinctContacts` when that is larger).
 *
 * @param subscribers - subscriber records (`id`, `joinDate`, `paymentPlan`, optional `tenureMonths`, `secondaryCards`)
 * @param usage - monthly usage records (`subscriberId`, `month`, `billedAmount`, optional `topUpCount`, `complaints`, `vasCount`, `distinctContacts`)
 * @param options - `callEdges`
 * @returns profiles in subscriber order; subscribers without usage are left out
 * @throws DataError for records that are not objects, a bad id, month or date (naming the record), a
 *   repeated subscriber id, or usage of an unknown subscriber
 * @example
 * const p = loyaltyProfiles(
 *   [{ id: 'S1', joinDate: '2023-01-15', paymentPlan: 'prepaid' }],
 *   [{ subscriberId: 'S1', month: '2024-01', billedAmount: 30, topUpCount: 1 }, { subscriberId: 'S1', month: '2024-02', billedAmount: 30, topUpCount: 0 }],
 * );
 * [p[0].tenureMonths, p[0].rechargeRegularity, p[0].daysSinceTopUp] // => [13, 0.5, 45]
 * @category Loyalty
 */
export function loyaltyProfiles(subscribers: readonly object[], usage: readonly object[], options: LoyaltyProfilesOptions = {}): LoyaltyProfile[] {
  const fn = 'loyaltyProfiles';
  const subs = checkRecords(fn, subscribers, 'subscribers');
  const use = checkRecords(fn, usage, 'usage');
  const opts = options ?? {};
  if (typeof opts !== 'object') throw new DataError(`${fn}: options must be an object`);
  const pos = new Map<string, number>();
  subs.forEach((s, i) => {
    const id = idField(fn, 'subscribers', s, i, 'id');
    if (pos.has(id)) throw new DataError(`${fn}: subscribers[${i}].id ${JSON.stringify(id)} repeats subscribers[${pos.get(id)}]`);
    pos.set(id, i);
  });
  const monthIndex = (v: unknown, what: string, i: number): number => {
    const m = typeof v === 'string' ? MONTH.exec(v) : null;
    if (!m) throw new DataError(`${fn}: ${what}[${i}].month is ${JSON.stringify(v) ?? String(v)}; expected YYYY-MM`);
    return Number(m[1]) * 12 + Number(m[2]) - 1;
  };
  const ns = subs.length;
  const months = new Int32Array(ns);
  const paid = new Int32Array(ns);
  const lastPaid = new Int32Array(ns).fill(-1);
  const firstMonth = new Int32Array(ns).fill(2 ** 30);
  const complaints = new Float64Array(ns);
  const vas = new Uint8Array(ns);
  let lastMonth = -1;
  const contacts = new Map<string, number>();
  for (let i = 0; i < use.length; i++) {
    const u = use[i]!;
    const id = idField(fn, 'usage', u, i, 'subscriberId');
    const k = pos.get(id);
    if (k === undefined) throw new DataError(`${fn}: usage[${i}].subscriberId ${JSON.stringify(id)} is not among the subscribers`);
    const t = monthIndex(u.month, 'usage', i);
    lastMonth = Math.max(lastMonth, t);
    firstMonth[k] = Math.min(firstMonth[k]!, t);
    months[k]!++;
    const prepaid = subs[k]!.paymentPlan === 'prepaid';
    const topUps = typeof u.topUpCount === 'number' ? u.topUpCount : 0;
    const billed = typeof u.billedAmount === 'number' ? u.billedAmount : 0;
    if (prepaid ? topUps > 0 : billed > 0) {
      paid[k]!++;
      lastPaid[k] = Math.max(lastPaid[k]!, t);
    }
    if (typeof u.complaints === 'number') complaints[k]! += u.complaints;
    if (typeof u.vasCount === 'number' && u.vasCount > 0) vas[k] = 1;
    if (typeof u.distinctContacts === 'number') contacts.set(`${id}\u0000${t}`, u.distinctContacts);
  }
  let inNet: Float64Array | undefined;
  if (opts.callEdges !== undefined) {
    const edges = checkRecords(fn, opts.callEdges, 'callEdges', 0);
    const callees = new Map<string, Set<string>>();
    for (let i = 0; i < edges.length; i++) {
      const e = edges[i]!;
      const a = idField(fn, 'callEdges', e, i, 'callerId');
      const b = idField(fn, 'callEdges', e, i, 'calleeId');
      const t = monthIndex(e.month, 'callEdges', i);
      if (!pos.has(a)) continue;
      const key = `${a}\u0000${t}`;
      let set = callees.get(key);
      if (!set) callees.set(key, (set = new Set()));
      set.add(b);
    }
    const on = new Float64Array(ns);
    const all = new Float64Array(ns);
    for (const [key, set] of callees) {
      const k = pos.get(key.slice(0, key.indexOf('\u0000')))!;
      let o = 0;
      for (const b of set) if (pos.has(b)) o++;
      on[k]! += o;
      all[k]! += Math.max(set.size, contacts.get(key) ?? 0);
    }
    inNet = Float64Array.from(on, (v, k) => (all[k]! > 0 ? v / all[k]! : 0));
  }
  const out: LoyaltyProfile[] = [];
  for (let k = 0; k < ns; k++) {
    if (months[k] === 0) continue;
    const s = subs[k]!;
    let tenure: number;
    if (typeof s.tenureMonths === 'number' && Number.isFinite(s.tenureMonths) && s.tenureMonths >= 0) tenure = s.tenureMonths;
    else {
      const d = typeof s.joinDate === 'string' ? DATE.exec(s.joinDate) : null;
      if (!d) throw new DataError(`${fn}: subscribers[${k}].joinDate is ${JSON.stringify(s.joinDate) ?? 'undefined'}; expected YYYY-MM-DD (or give tenureMonths)`);
      tenure = Math.max(0, lastMonth + 1 - (Number(d[1]) * 12 + Number(d[2]) - 1) - (Number(d[3]) > 1 ? 1 : 0));
    }
    const cards = typeof s.secondaryCards === 'number' && s.secondaryCards > 0 ? 1 : 0;
    const since = lastPaid[k]! >= 0 ? lastMonth - lastPaid[k]! : lastMonth - firstMonth[k]! + 1;
    out.push({
      subscriberId: idField(fn, 'subscribers', s, k, 'id'),
      tenureMonths: tenure,
      rechargeRegularity: paid[k]! / months[k]!,
      services: 1 + cards + vas[k]!,
      ...(inNet ? { inNetworkShare: inNet[k]! } : {}),
      complaints: complaints[k]!,
      daysSinceTopUp: 30 * since + 15,
    });
  }
  return out;
}
