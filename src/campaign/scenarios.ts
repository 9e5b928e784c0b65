/**
 * `defaultScenarios` and `selectTargets`: the field's four campaign recipes as plain data, and
 * the target list each one selects, with the reasons every subscriber qualified.
 *
 * @module
 */
import { defineOptions, described } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import * as z from 'zod';
import { DataError, OptionsError } from '../errors.js';
import type { LocationPing } from '../schema/location-ping.js';
import type { Offer } from '../schema/offer.js';
import type { Subscriber } from '../schema/subscriber.js';
import type { UsageMonth } from '../schema/usage-month.js';

const parseSelectTargetsOptions = defineOptions('selectTargets', { asOf: described(o.string({ regex: /^\d{4}-\d{2}$/ }), 'a month YYYY-MM').optional() });

const hhmm = /* @__PURE__ */ (() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/))();
const finite = /* @__PURE__ */ (() => z.number().finite())();

/** Zod schema of a campaign scenario (strict: an unknown field is an error). @category Campaign */
export const ScenarioSchema = /* @__PURE__ */ (() => z.discriminatedUnion('kind', [
  z.strictObject({
    id: z.string().min(1),
    label: z.string(),
    kind: z.literal('launch'),
    offer: z.string().optional(),
    params: z.strictObject({
      deviceChangedWithinMonths: z.number().int().min(0).max(120),
      minMonthlyBill: finite.min(0),
      cityTiers: z.array(z.number().int().min(1).max(5)).min(1),
    }),
  }),
  z.strictObject({
    id: z.string().min(1),
    label: z.string(),
    kind: z.literal('recall'),
    offer: z.string().optional(),
    params: z.strictObject({ minDataDrop: finite.gt(0).max(1), maxVasCount: z.number().int().min(0) }),
  }),
  z.strictObject({
    id: z.string().min(1),
    label: z.string(),
    kind: z.literal('store-traffic'),
    offer: z.string().optional(),
    params: z.strictObject({
      radiusKm: finite.gt(0).max(100),
      weekdaysOnly: z.boolean(),
      from: hhmm,
      to: hhmm,
      utcOffsetMinutes: z.number().int().min(-720).max(840),
      minPings: z.number().int().min(1).max(1000),
    }),
  }),
  z.strictObject({
    id: z.string().min(1),
    label: z.string(),
    kind: z.literal('broadband-upsell'),
    offer: z.string().optional(),
    params: z.strictObject({
      customerTypes: z.array(z.enum(['individual', 'family', 'business', 'government', 'vip'])).min(1),
      minMonthlyBill: finite.min(0),
      offerCategory: z.enum(['plan', 'data_pack', 'broadband', 'device', 'vas', 'content']),
    }),
  }),
]))();

/** A campaign scenario: plain JSON, like a tag catalogue. @category Campaign */
export type Scenario = z.infer<typeof ScenarioSchema>;

/**
 * The field's four scenarios with their usual thresholds (every threshold is a parameter):
 * new-product launch (device changed in the last 3 months AND monthly bill > 150 AND tier-1
 * city); churn recall (data use fell ≥ 50 % month on month AND no value-added service, offered
 * a discounted data pack); store traffic (seen within 3 km of a store on weekdays 11:30–13:30
 * local time, UTC+8 by default); broadband upsell (the recommender's broadband offers for family
 * households billed over 150).
 * @example
 * defaultScenarios.map((s) => s.id) // => ['launch', 'recall', 'store-traffic', 'broadband-upsell']
 * @category Campaign
 */
export const defaultScenarios: readonly Scenario[] = [
  { id: 'launch', label: 'New-product launch', kind: 'launch', params: { deviceChangedWithinMonths: 3, minMonthlyBill: 150, cityTiers: [1] } },
  { id: 'recall', label: 'Churn recall', kind: 'recall', offer: 'discounted-data-pack', params: { minDataDrop: 0.5, maxVasCount: 0 } },
  { id: 'store-traffic', label: 'Store traffic', kind: 'store-traffic', params: { radiusKm: 3, weekdaysOnly: true, from: '11:30', to: '13:30', utcOffsetMinutes: 480, minPings: 1 } },
  { id: 'broadband-upsell', label: 'Broadband upsell', kind: 'broadband-upsell', params: { customerTypes: ['family'], minMonthlyBill: 150, offerCategory: 'broadband' } },
];

/** What {@link selectTargets} reads; each scenario uses only part of it. @category Campaign */
export interface TargetData {
  readonly subscribers: readonly Subscriber[];
  /** Monthly usage; the last two months are compared (recall) and the last bill is read (launch, upsell). */
  readonly usage?: readonly UsageMonth[];
  /** Location pings with latitude/longitude (store traffic). */
  readonly pings?: readonly LocationPing[];
  /** Store locations (store traffic). */
  readonly stores?: readonly { readonly id: string; readonly latitude: number; readonly longitude: number }[];
  /** Recommended offer ids per subscriber, e.g. from `recommend` (broadband upsell). */
  readonly recommendations?: Readonly<Record<string, readonly string[]>>;
  /** The offer catalogue, to read each recommended offer's category (broadband upsell). */
  readonly offers?: readonly Offer[];
}

/** One selected subscriber and why. @category Campaign */
export interface Target {
  readonly subscriberId: string;
  /** One phrase per condition met, e.g. `'monthly bill 212.40 > 150'`. */
  readonly reasons: string[];
  /** Offer ids to make (broadband upsell) or the scenario's offer. */
  readonly offers: string[];
}

/** Options of {@link selectTargets}. @category Campaign */
export interface SelectTargetsOptions {
  /** Month the selection is made in, `YYYY-MM`: device age is counted to it. Default the latest month in `usage`. */
  readonly asOf?: string;
}

/**
 * Selects a scenario's targets and says why each one qualified. The scenario is validated first
 * (unknown fields and out-of-range thresholds are OptionsErrors naming the path). Only active
 * subscribers are considered. "Monthly bill" is the latest month's `billedAmount`; "data fell"
 * compares `dataMB` of the latest month with the month before (1 − last/previous ≥ minDataDrop);
 * store traffic counts pings within `radiusKm` (haversine, Earth radius 6,371 km) of any store,
 * at local times in [from, to) on Monday–Friday when `weekdaysOnly`.
 *
 * @param scenario - a {@link Scenario} (e.g. one of {@link defaultScenarios}, or plain JSON)
 * @param data - subscribers plus what the scenario needs (usage, pings and stores, recommendations and offers)
 * @param options - `asOf`
 * @returns the targets, in subscriber order, each with its reasons and offers
 * @throws OptionsError for an invalid scenario (unknown field, bad threshold) or option
 * @throws DataError when the scenario needs data that was not given (usage, pings, stores, recommendations, offers)
 * @example
 * const subscribers = [{ id: 'S1', regionCode: 'GD', cityTier: 1, customerType: 'individual', joinDate: '2020-01-01', planId: 'P', paymentPlan: 'postpaid', status: 'active', networkType: '5G' }] as const;
 * const usage = [{ subscriberId: 'S1', month: '2024-05', dataMB: 4000, vasCount: 0 }, { subscriberId: 'S1', month: '2024-06', dataMB: 1000, vasCount: 0 }];
 * selectTargets(defaultScenarios[1]!, { subscribers, usage } as never)[0]!.reasons // => ['data use fell 75 % (4000 → 1000 MB)', 'value-added services 0 ≤ 0']
 * @category Campaign
 */
export function selectTargets(scenario: Scenario, data: TargetData, options: SelectTargetsOptions = {}): Target[] {
  const fn = 'selectTargets';
  options = parseSelectTargetsOptions(options);
  const parsed = ScenarioSchema.safeParse(scenario);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join('.') || '(root)';
    const keys = issue.code === 'unrecognized_keys' ? ` (${(issue as { keys: string[] }).keys.join(', ')})` : '';
    throw new OptionsError(`${fn}: invalid scenario at ${path}: ${issue.message}${keys}`, `scenario.${path}`);
  }
  const sc = parsed.data;
  const active = data.subscribers.filter((s) => s.status === 'active');
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new DataError(`${fn}: scenario '${sc.id}' (${sc.kind}) needs data.${what}`);
    return v;
  };
  const lastTwo = () => {
    const usage = need(data.usage, 'usage');
    let latest = '';
    for (const u of usage) if (u.month > latest) latest = u.month;
    const prevMonth = shiftMonth(latest, -1);
    const last = new Map<string, UsageMonth>();
    const prev = new Map<string, UsageMonth>();
    for (const u of usage) {
      if (u.month === latest) last.set(u.subscriberId, u);
      else if (u.month === prevMonth) prev.set(u.subscriberId, u);
    }
    return { latest, last, prev };
  };
  const out: Target[] = [];
  const offer = sc.offer ? [sc.offer] : [];
  switch (sc.kind) {
    case 'launch': {
      const { latest, last } = lastTwo();
      const asOf = options.asOf ?? latest;
      const ref = monthIndex(asOf);
      const p = sc.params;
      for (const s of active) {
        const u = last.get(s.id);
        if (!u || !s.device) continue;
        const age = ref - monthIndex(s.device.acquisitionDate.slice(0, 7));
        if (age < 0 || age > p.deviceChangedWithinMonths) continue;
        if (!(u.billedAmount > p.minMonthlyBill)) continue;
        if (!p.cityTiers.includes(s.cityTier)) continue;
        out.push({
          subscriberId: s.id,
          reasons: [`device acquired ${s.device.acquisitionDate} (${age} months before ${asOf})`, `monthly bill ${u.billedAmount.toFixed(2)} > ${p.minMonthlyBill}`, `tier-${s.cityTier} city`],
          offers: offer,
        });
      }
      break;
    }
    case 'recall': {
      const { last, prev } = lastTwo();
      const p = sc.params;
      for (const s of active) {
        const u = last.get(s.id);
        const v = prev.get(s.id);
        if (!u || !v || !(v.dataMB > 0)) continue;
        const drop = 1 - u.dataMB / v.dataMB;
        const vas = u.vasCount ?? 0;
        if (drop >= p.minDataDrop && vas <= p.maxVasCount) {
          out.push({ subscriberId: s.id, reasons: [`data use fell ${Math.round(drop * 100)} % (${v.dataMB} → ${u.dataMB} MB)`, `value-added services ${vas} ≤ ${p.maxVasCount}`], offers: offer });
        }
      }
      break;
    }
    case 'store-traffic': {
      const pings = need(data.pings, 'pings');
      const stores = need(data.stores, 'stores');
      const p = sc.params;
      const from = minutes(p.from);
      const to = minutes(p.to);
      const hits = new Map<string, { n: number; store: string; km: number }>();
      for (const g of pings) {
        if (g.latitude === undefined || g.longitude === undefined) continue;
        const t = Date.parse(g.timestamp) + p.utcOffsetMinutes * 60_000;
        if (!Number.isFinite(t)) continue;
        const d = new Date(t);
        const dow = d.getUTCDay();
        if (p.weekdaysOnly && (dow === 0 || dow === 6)) continue;
        const mins = d.getUTCHours() * 60 + d.getUTCMinutes();
        if (mins < from || mins >= to) continue;
        for (const st of stores) {
          const km = haversineKm(g.latitude, g.longitude, st.latitude, st.longitude);
          if (km <= p.radiusKm) {
            const h = hits.get(g.subscriberId);
            if (h) {
              h.n++;
              if (km < h.km) Object.assign(h, { km, store: st.id });
            } else hits.set(g.subscriberId, { n: 1, store: st.id, km });
            break;
          }
        }
      }
      for (const s of active) {
        const h = hits.get(s.id);
        if (h && h.n >= p.minPings) out.push({ subscriberId: s.id, reasons: [`${h.n} ping(s) within ${p.radiusKm} km of a store ${p.from}–${p.to}${p.weekdaysOnly ? ' on weekdays' : ''}`, `nearest: ${h.store} at ${h.km.toFixed(2)} km`], offers: offer });
      }
      break;
    }
    case 'broadband-upsell': {
      const recs = need(data.recommendations, 'recommendations');
      const offers = need(data.offers, 'offers');
      const { last } = lastTwo();
      const category = new Map(offers.map((o) => [o.id, o.category]));
      const p = sc.params;
      for (const s of active) {
        if (!p.customerTypes.includes(s.customerType)) continue;
        const u = last.get(s.id);
        if (!u || !(u.billedAmount > p.minMonthlyBill)) continue;
        const mine = (Object.hasOwn(recs, s.id) ? recs[s.id]! : []).filter((o) => category.get(o) === p.offerCategory);
        if (mine.length === 0) continue;
        out.push({ subscriberId: s.id, reasons: [`${s.customerType} household`, `monthly bill ${u.billedAmount.toFixed(2)} > ${p.minMonthlyBill}`, `recommended ${p.offerCategory}: ${mine.join(', ')}`], offers: [...mine] });
      }
      break;
    }
  }
  return out;
}

function monthIndex(ym: string): number {
  return Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
}

function shiftMonth(ym: string, k: number): string {
  const i = monthIndex(ym) + k;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}
