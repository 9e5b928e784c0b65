/**
 * `subscriberFeatures`: the telecom features of the field's practice, computed per subscriber
 * from a monthly usage history (and optionally the subscriber master data).
 *
 * @module
 */
import { linearRegression, standardDeviation } from 'simple-statistics';
import { DataError } from '../errors.js';
import { APP_CATEGORIES, APP_FIELDS } from '../schema/usage-month.js';
import type { UsageMonth } from '../schema/usage-month.js';
import type { Subscriber } from '../schema/subscriber.js';
import { createFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../matrix/feature-matrix.js';
import { compareIds, dateMonthIndex, groupHistories, monthIndex } from './telecom-months.js';
import type { History } from './telecom-months.js';
import { defineOptions, described, int, real, str } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { exp } from '../internal/math.js';

/** Options of {@link subscriberFeatures}. @category Features */
export interface SubscriberFeaturesOptions {
  /** Master data: adds tenure, device, city tier and secondary cards, and fixes the row set (one row per subscriber, usage of others ignored). */
  subscribers?: readonly Subscriber[];
  /** Reference month `YYYY-MM` (the "last month"); default the latest month in `usage`. Records after it are ignored. */
  asOf?: string;
  /** Calendar months in the window ending at `asOf` (default 3; 6 is the other common choice). */
  windowMonths?: number;
  /** When given, adds exponentially decayed means over the whole history up to `asOf`: `arpu_ewm`, `dataMB_ewm`, `voiceMinutes_ewm` (weight `0.5^(age / halfLifeMonths)`). */
  halfLifeMonths?: number;
}

/**
 * The tenure buckets behind `tenureBucket` (upper bounds in months, exclusive): bucket 0 is
 * under 6 months, 1 is 6–11, 2 is 12–23, 3 is 24–47, 4 is 48 and more.
 * @category Features
 */
export const TENURE_BUCKET_BOUNDS: readonly number[] = [6, 12, 24, 48];

/** The columns of {@link subscriberFeatures}, in order (without the optional `_ewm` columns). @category Features */
export const SUBSCRIBER_FEATURE_NAMES: readonly string[] = [
  'arpu',
  'arpuTrend',
  'billVolatility',
  'monthlyBill',
  'dataMB',
  'voiceMinutes',
  'dataDropRatio',
  'voiceDropRatio',
  'nightDataShare',
  'voiceDataMix',
  'vasIntensity',
  'vasSpendShare',
  'topUpFrequency',
  'topUpRecencyMonths',
  'complaintRate',
  'serviceCallRate',
  'callsPerMonth',
  'contactsPerMonth',
  'awayWeekdayCallShare',
  ...APP_CATEGORIES.map((c) => `appShare_${c}`),
  'tenureMonths',
  'tenureBucket',
  'deviceAgeMonths',
  'deviceIs5G',
  'device5GOn4GPlan',
  'secondaryCards',
  'cityTier',
  'monthsObserved',
];

const FN = 'subscriberFeatures';
/** Ceiling of `windowMonths`: a century of months. */
const MAX_WINDOW_MONTHS = 1200;

/** A numeric field of a record: undefined/null/NaN → NaN (missing); ±Infinity or a non-number → DataError. */
function num(u: UsageMonth, field: keyof UsageMonth): number {
  const v = u[field] as unknown;
  if (v === undefined || v === null) return NaN;
  if (typeof v !== 'number' || v === Infinity || v === -Infinity) {
    throw new DataError(`${FN}: ${String(field)} = ${String(v)} for subscriber ${JSON.stringify(u.subscriberId)} in ${u.month}; expected a finite number`);
  }
  return v;
}

/** Sum and count of the non-missing values of one field over some records. */
class Acc {
  sum = 0;
  n = 0;
  reset(): this {
    this.sum = 0;
    this.n = 0;
    return this;
  }
  add(v: number): void {
    if (!Number.isNaN(v)) {
      this.sum += v;
      this.n++;
    }
  }
  mean(): number {
    return this.n === 0 ? NaN : this.sum / this.n;
  }
  total(): number {
    return this.n === 0 ? NaN : this.sum;
  }
}

function voiceOf(u: UsageMonth): number {
  return num(u, 'localVoiceMinutes') + num(u, 'longDistanceVoiceMinutes') + num(u, 'roamingVoiceMinutes');
}

function clip01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** `1 − last / mean(prior)`; NaN when last is missing, there are no prior values, or their mean is 0. */
function dropRatio(last: number, prior: Acc): number {
  const m = prior.mean();
  if (Number.isNaN(last) || !(m > 0)) return NaN;
  return 1 - last / m;
}

/**
 * Per-subscriber telecom features over a monthly usage history: one row per subscriber
 * (`rowIds` sorted by id in code-unit order), one readable column per feature.
 *
 * The window is the `windowMonths` calendar months ending at `asOf`; a month without a record is
 * missing, not zero (give explicit zero records for idle months). Optional fields are averaged
 * over the records that have them; a feature with nothing to average is NaN. Definitions (units):
 * - `arpu` mean `billedAmount` over the window (currency / month); `arpuTrend` its OLS slope
 *   against the month number (currency / month², NaN under 2 records); `billVolatility` its
 *   coefficient of variation, population sd / mean (NaN under 2 records or mean 0).
 * - `monthlyBill` (= `billedAmount`), `dataMB`, `voiceMinutes` (local + long distance + roaming):
 *   the `asOf` month's levels (NaN without an `asOf` record).
 * - `dataDropRatio`, `voiceDropRatio`: `1 − last / mean(prior window months)`, so 0.62 means use
 *   fell 62 % and −1 means it doubled; NaN without an `asOf` record, without prior months, or when
 *   the prior mean is 0.
 * - `nightDataShare` Σ nightDataMB / Σ dataMB over the window, clipped to 0..1 (NaN when Σ dataMB = 0).
 * - `voiceDataMix` Σ voiceMinutes / (Σ voiceMinutes + Σ dataMB): 1 = voice only, 0 = data only,
 *   one minute weighed like one MB (NaN when both are 0).
 * - `vasIntensity` mean `vasCount` per month; `vasSpendShare` Σ vasFee / Σ billedAmount.
 * - `topUpFrequency` mean `topUpCount` per month; `topUpRecencyMonths` months from the last month
 *   with a top-up (whole history up to `asOf`) to `asOf` (NaN when never).
 * - `complaintRate`, `serviceCallRate`: mean complaints / service calls per month.
 * - `callsPerMonth` mean callsIn + callsOut; `contactsPerMonth` mean `distinctContacts`.
 * - `awayWeekdayCallShare` Σ awayWeekdayCalls / Σ callsOut, clipped to 0..1 (business traveller).
 * - `appShare_<category>`: that category's share of the app-categorised MB over the window (sums to 1; NaN without app data).
 * - from `subscribers`: `tenureMonths` (whole months from `joinDate` to `asOf`), `tenureBucket`
 *   (see {@link TENURE_BUCKET_BOUNDS}), `deviceAgeMonths` (from `device.acquisitionDate`),
 *   `deviceIs5G` (0/1), `device5GOn4GPlan` (1 when a 5G device is on a non-5G plan), `secondaryCards`,
 *   `cityTier`; NaN when unknown.
 * - `monthsObserved`: records in the window.
 *
 * @param usage - monthly usage records, any order; duplicated (subscriberId, month) pairs are an error
 * @param options - see {@link SubscriberFeaturesOptions}
 * @param options.subscribers - master data (fixes the rows)
 * @param options.asOf - reference month `YYYY-MM`
 * @param options.windowMonths - window length in months (default 3)
 * @param options.halfLifeMonths - adds `_ewm` columns when given
 * @returns an n × p FeatureMatrix, columns {@link SUBSCRIBER_FEATURE_NAMES} (+ `_ewm` columns)
 * @throws DataError on duplicated months, malformed months, empty usage without `asOf`, ±Infinity values, duplicated subscriber ids
 * @throws OptionsError for an unknown option or one out of range (`windowMonths` an integer in [1, 1200], `halfLifeMonths` > 0)
 * @example
 * const m = subscriberFeatures([
 *   { subscriberId: 'a', month: '2024-01', localVoiceMinutes: 100, longDistanceVoiceMinutes: 0, roamingVoiceMinutes: 0, callsOut: 10, callsIn: 10, smsCount: 0, dataMB: 1000, nightDataMB: 100, monthlyFee: 50, billedAmount: 50 },
 *   { subscriberId: 'a', month: '2024-02', localVoiceMinutes: 50, longDistanceVoiceMinutes: 0, roamingVoiceMinutes: 0, callsOut: 10, callsIn: 10, smsCount: 0, dataMB: 400, nightDataMB: 100, monthlyFee: 50, billedAmount: 60 },
 * ]);
 * m.values[m.columns.indexOf('dataDropRatio')] // => 0.6
 * m.values[m.columns.indexOf('arpuTrend')] // => 10
 * @category Features
 */
export function subscriberFeatures(usage: readonly UsageMonth[], options: SubscriberFeaturesOptions = {}): FeatureMatrix {
  const opts = parseSubscriberFeaturesOptions(options);
  if (!Array.isArray(usage)) throw new DataError(`${FN}: usage must be an array of UsageMonth records`);
  const { windowMonths, halfLifeMonths: halfLife } = opts;
  const { histories, monthOf } = groupHistories(usage, FN);
  let asOf: number;
  if (opts.asOf !== undefined) asOf = monthIndex(opts.asOf, FN);
  else {
    if (usage.length === 0) throw new DataError(`${FN}: usage is empty; give at least one record or options.asOf`);
    asOf = -Infinity;
    for (let r = 0; r < monthOf.length; r++) if (monthOf[r]! > asOf) asOf = monthOf[r]!;
  }
  const first = asOf - windowMonths + 1;
  const { subById, ids } = subscriberRows(opts.subscribers, histories);

  const columns = [...SUBSCRIBER_FEATURE_NAMES];
  if (halfLife !== undefined) columns.push('arpu_ewm', 'dataMB_ewm', 'voiceMinutes_ewm');
  const p = columns.length;
  const col: Record<string, number> = Object.fromEntries(columns.map((c, j) => [c, j]));
  const values = new Float64Array(ids.length * p).fill(NaN);
  const decay = halfLife === undefined ? 0 : Math.LN2 / halfLife;
  // accumulators reused across subscribers (reset per subscriber) to spare the garbage collector
  const A = createAccumulators();

  let base = 0;
  const set: SetFeature = (name, v) => {
    values[base + col[name]!] = v;
  };
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    base = i * p;
    const h = histories.get(id);
    if (h) setUsageFeatures(set, A, scanHistory(h, usage, asOf, first, decay, A), asOf, decay);
    else set('monthsObserved', 0);
    const s = subById.get(id);
    if (s) setMasterDataFeatures(set, s, asOf);
  }
  return createFeatureMatrix(values, columns, ids);
}

const parseSubscriberFeaturesOptions = defineOptions(FN, {
  subscribers: described(o.custom<readonly Subscriber[]>((v) => Array.isArray(v)), 'an array of Subscriber records').optional(),
  asOf: str().optional(),
  windowMonths: int(1, MAX_WINDOW_MONTHS).default(3),
  halfLifeMonths: real({ gt: 0 }).optional(),
});

/** The usage fields of the app categories, in {@link APP_CATEGORIES} order. */
const APP_FIELD_LIST = APP_CATEGORIES.map((c) => APP_FIELDS[c]);

/** Writes one feature of the current row. */
type SetFeature = (name: string, v: number) => void;

/** The rows: the master data's subscribers (in `subscribers` mode) or every subscriber with usage, sorted by id. */
function subscriberRows(subscribers: readonly Subscriber[] | undefined, histories: Map<string, History>): { subById: Map<string, Subscriber>; ids: string[] } {
  const subById = new Map<string, Subscriber>();
  let ids: string[];
  if (subscribers) {
    subscribers.forEach((s, i) => {
      if (s === null || typeof s !== 'object') throw new DataError(`${FN}: options.subscribers[${i}] must be a Subscriber record, got ${s === null ? 'null' : typeof s}`);
      if (subById.has(s.id)) throw new DataError(`${FN}: subscriber id ${JSON.stringify(s.id)} appears twice in options.subscribers`);
      subById.set(s.id, s);
    });
    ids = [...subById.keys()];
  } else ids = [...histories.keys()];
  ids.sort(compareIds);
  return { subById, ids };
}

/** The accumulators of one subscriber's window, allocated once and reset per subscriber. */
function createAccumulators() {
  return {
    data: new Acc(),
    night: new Acc(),
    voice: new Acc(),
    priorData: new Acc(),
    priorVoice: new Acc(),
    vas: new Acc(),
    vasFee: new Acc(),
    billSum: new Acc(),
    topUps: new Acc(),
    complaints: new Acc(),
    serviceCalls: new Acc(),
    calls: new Acc(),
    contacts: new Acc(),
    away: new Acc(),
    callsOutForAway: new Acc(),
    apps: APP_CATEGORIES.map(() => new Acc()),
  };
}

type Accumulators = ReturnType<typeof createAccumulators>;

/** What one pass over a subscriber's history yields besides the accumulators. */
interface HistoryScan {
  readonly bills: number[];
  readonly points: [number, number][];
  /** The `asOf` month's record, if any. */
  readonly last: UsageMonth | undefined;
  readonly lastTopUp: number;
  readonly ewW: number;
  readonly ewBill: number;
  readonly ewData: number;
  readonly ewVoice: number;
  readonly observed: number;
}

/** One pass over a subscriber's months up to `asOf`: decayed sums over the whole history, window sums from `first` on. */
function scanHistory(h: History, usage: readonly UsageMonth[], asOf: number, first: number, decay: number, A: Accumulators): HistoryScan {
  const appFields = APP_FIELD_LIST;
  const bills: number[] = [];
  const points: [number, number][] = [];
  const data = A.data.reset();
  const night = A.night.reset();
  const voice = A.voice.reset();
  const priorData = A.priorData.reset();
  const priorVoice = A.priorVoice.reset();
  const vas = A.vas.reset();
  const vasFee = A.vasFee.reset();
  const billSum = A.billSum.reset();
  const topUps = A.topUps.reset();
  const complaints = A.complaints.reset();
  const serviceCalls = A.serviceCalls.reset();
  const calls = A.calls.reset();
  const contacts = A.contacts.reset();
  const away = A.away.reset();
  const callsOutForAway = A.callsOutForAway.reset();
  const apps = A.apps;
  for (const a of apps) a.reset();
  let last: UsageMonth | undefined;
  let lastTopUp = NaN;
  let ewW = 0;
  let ewBill = 0;
  let ewData = 0;
  let ewVoice = 0;
  let observed = 0;
  for (let k = 0; k < h.rows.length; k++) {
    const mi = h.months[k]!;
    if (mi > asOf) break;
    const u = usage[h.rows[k]!]!;
    const t = num(u, 'topUpCount');
    if (t > 0) lastTopUp = mi;
    if (decay > 0) {
      const w = exp(-decay * (asOf - mi));
      ewW += w;
      ewBill += w * num(u, 'billedAmount');
      ewData += w * num(u, 'dataMB');
      ewVoice += w * voiceOf(u);
    }
    if (mi < first) continue;
    observed++;
    const bill = num(u, 'billedAmount');
    const d = num(u, 'dataMB');
    const v = voiceOf(u);
    if (!Number.isNaN(bill)) {
      bills.push(bill);
      points.push([mi - asOf, bill]);
    }
    billSum.add(bill);
    data.add(d);
    night.add(Number.isNaN(d) ? NaN : num(u, 'nightDataMB'));
    voice.add(v);
    if (mi < asOf) {
      priorData.add(d);
      priorVoice.add(v);
    } else last = u;
    vas.add(num(u, 'vasCount'));
    vasFee.add(num(u, 'vasFee'));
    topUps.add(t);
    complaints.add(num(u, 'complaints'));
    serviceCalls.add(num(u, 'serviceCalls'));
    calls.add(num(u, 'callsIn') + num(u, 'callsOut'));
    contacts.add(num(u, 'distinctContacts'));
    const aw = num(u, 'awayWeekdayCalls');
    away.add(aw);
    if (!Number.isNaN(aw)) callsOutForAway.add(num(u, 'callsOut'));
    for (let c = 0; c < appFields.length; c++) apps[c]!.add(num(u, appFields[c]!));
  }
  return { bills, points, last, lastTopUp, ewW, ewBill, ewData, ewVoice, observed };
}

/** The usage features of one subscriber from the scan and the accumulators (definitions in {@link subscriberFeatures}). */
function setUsageFeatures(set: SetFeature, A: Accumulators, scan: HistoryScan, asOf: number, decay: number): void {
  const { bills, points, last, lastTopUp, ewW, ewBill, ewData, ewVoice, observed } = scan;
  const { billSum, priorData, priorVoice, data, night, voice, vas, vasFee, topUps, complaints, serviceCalls, calls, contacts, away, callsOutForAway, apps } = A;
  set('arpu', billSum.mean());
  set('arpuTrend', points.length >= 2 ? linearRegression(points).m : NaN);
  const mean = billSum.mean();
  set('billVolatility', bills.length >= 2 && mean > 0 ? standardDeviation(bills) / mean : NaN);
  if (last) {
    set('monthlyBill', num(last, 'billedAmount'));
    set('dataMB', num(last, 'dataMB'));
    set('voiceMinutes', voiceOf(last));
    set('dataDropRatio', dropRatio(num(last, 'dataMB'), priorData));
    set('voiceDropRatio', dropRatio(voiceOf(last), priorVoice));
  }
  const dTot = data.total();
  set('nightDataShare', dTot > 0 ? clip01(night.sum / dTot) : NaN);
  const vTot = voice.total();
  set('voiceDataMix', vTot + dTot > 0 ? vTot / (vTot + dTot) : NaN);
  set('vasIntensity', vas.mean());
  set('vasSpendShare', vasFee.n > 0 && billSum.sum > 0 ? vasFee.sum / billSum.sum : NaN);
  set('topUpFrequency', topUps.mean());
  set('topUpRecencyMonths', Number.isNaN(lastTopUp) ? NaN : asOf - lastTopUp);
  set('complaintRate', complaints.mean());
  set('serviceCallRate', serviceCalls.mean());
  set('callsPerMonth', calls.mean());
  set('contactsPerMonth', contacts.mean());
  const outTot = callsOutForAway.total();
  set('awayWeekdayCallShare', away.n > 0 && outTot > 0 ? clip01(away.sum / outTot) : NaN);
  let appTot = 0;
  for (const a of apps) appTot += a.sum;
  if (appTot > 0) for (let c = 0; c < apps.length; c++) set(`appShare_${APP_CATEGORIES[c]}`, apps[c]!.sum / appTot);
  set('monthsObserved', observed);
  if (decay > 0 && ewW > 0) {
    set('arpu_ewm', ewBill / ewW);
    set('dataMB_ewm', ewData / ewW);
    set('voiceMinutes_ewm', ewVoice / ewW);
  }
}

/** Tenure, device and plan features from the master data record. */
function setMasterDataFeatures(set: SetFeature, s: Subscriber, asOf: number): void {
  const join = dateMonthIndex(s.joinDate);
  const tenure = Number.isNaN(join) ? (s.tenureMonths ?? NaN) : Math.max(0, asOf - join);
  set('tenureMonths', tenure);
  if (!Number.isNaN(tenure)) {
    let b = 0;
    while (b < TENURE_BUCKET_BOUNDS.length && tenure >= TENURE_BUCKET_BOUNDS[b]!) b++;
    set('tenureBucket', b);
  }
  const dev = s.device;
  if (dev) {
    const acq = dateMonthIndex(dev.acquisitionDate);
    if (!Number.isNaN(acq)) set('deviceAgeMonths', Math.max(0, asOf - acq));
    if (dev.supports5G !== undefined) {
      set('deviceIs5G', dev.supports5G ? 1 : 0);
      set('device5GOn4GPlan', dev.supports5G && s.networkType !== '5G' ? 1 : 0);
    }
  }
  set('secondaryCards', s.secondaryCards ?? NaN);
  set('cityTier', s.cityTier ?? NaN);
}
