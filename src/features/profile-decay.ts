/**
 * Time-decayed profiles: exponentially weighted aggregates of the monthly usage fields, computed
 * in batch (`decayedAggregates`, `createProfileState`) or folded in one month at a time
 * (`updateProfile`), with the same result either way.
 *
 * @module
 */
import { DataError, ModelError } from '../errors.js';
import { checkOptions } from '../internal/model.js';
import type { UsageMonth } from '../schema/usage-month.js';
import { createFeatureMatrix } from '../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../matrix/feature-matrix.js';
import { compareIds, groupHistories, monthIndex, monthString } from './telecom-months.js';
import { exp } from '../internal/math.js';

export { DECAY_FIELDS } from './profile-state-schema.js';
export type { DecayField } from './profile-state-schema.js';
import { DECAY_FIELDS, ProfileOptionsSchema, type DecayField } from './profile-state-schema.js';
import { FEATURES_MODEL_VERSIONS } from './model-kinds.js';
import { requireArray, requireModel } from '../internal/guards.js';
import { defineOptions, real, str } from '../internal/options.js';

/**
 * One subscriber's decayed profile state: plain data (JSON-safe), updated month by month with
 * {@link updateProfile}. All weights are referenced to `asOf`: a month `a` months before `asOf`
 * weighs `0.5^(a / halfLifeMonths)`.
 * @category Features
 */
export interface ProfileState {
  readonly kind: 'features/profile-state';
  readonly version: number;
  /** The resolved options: the half-life in months. */
  readonly options: { readonly halfLifeMonths: number };
  readonly subscriberId: string;
  /** The month the weights are referenced to, `YYYY-MM` (the latest month folded in, or a later `asOf`). */
  readonly asOf: string;
  /** The latest month folded in, `YYYY-MM`, or null for an empty state. */
  readonly lastMonth: string | null;
  /** Months folded in. */
  readonly months: number;
  /** Σ w over the months folded in (effective number of months). */
  readonly weight: number;
  /** Σ w·x per field, over the months where the field is present. */
  readonly sums: Readonly<Record<DecayField, number>>;
  /** Σ w per field, over the months where the field is present. */
  readonly weights: Readonly<Record<DecayField, number>>;
  /** The latest record folded in (a copy), or null. */
  readonly last: UsageMonth | null;
}

/** Options of {@link decayedAggregates} and {@link createProfileState}. @category Features */
export interface DecayOptions {
  /** Half-life in months (> 0): a month this old counts half. Default 3. */
  halfLifeMonths?: number;
  /** Reference month `YYYY-MM`; default the latest month in the data. Later records are ignored. */
  asOf?: string;
}

function fieldValue(u: UsageMonth, f: DecayField, fn: string): number {
  let v: unknown;
  if (f === 'voiceMinutes') {
    v = (u.localVoiceMinutes as number) + (u.longDistanceVoiceMinutes as number) + (u.roamingVoiceMinutes as number);
  } else v = u[f];
  if (v === undefined || v === null) return NaN;
  if (typeof v !== 'number' || v === Infinity || v === -Infinity) {
    throw new DataError(`${fn}: ${f} = ${String(v)} for subscriber ${JSON.stringify(u.subscriberId)} in ${u.month}; expected a finite number`);
  }
  return v;
}

const decayShape = { halfLifeMonths: real({ gt: 0 }).default(3), asOf: str().optional() };
const parseDecayOptions = defineOptions('decayedAggregates', decayShape);
const parseCreateStateOptions = defineOptions('createProfileState', { ...decayShape, subscriberId: str().optional() });

function checkHalfLife(h: number, fn: string): number {
  return checkOptions(ProfileOptionsSchema, { halfLifeMonths: h }, fn).halfLifeMonths;
}

function zeros(): Record<DecayField, number> {
  const o = {} as Record<DecayField, number>;
  for (const f of DECAY_FIELDS) o[f] = 0;
  return o;
}

/** Batch state of one sorted history (months ascending, none after asOf). */
function batchState(id: string, recs: readonly UsageMonth[], months: readonly number[], halfLife: number, asOf: number, fn: string): ProfileState {
  const sums = zeros();
  const weights = zeros();
  let weight = 0;
  const lambda = Math.LN2 / halfLife;
  for (let k = 0; k < recs.length; k++) {
    const u = recs[k]!;
    const w = exp(-lambda * (asOf - months[k]!));
    weight += w;
    for (const f of DECAY_FIELDS) {
      const x = fieldValue(u, f, fn);
      if (!Number.isNaN(x)) {
        sums[f] += w * x;
        weights[f] += w;
      }
    }
  }
  const last = recs.length > 0 ? { ...recs[recs.length - 1]! } : null;
  return {
    kind: 'features/profile-state',
    version: FEATURES_MODEL_VERSIONS['features/profile-state'],
    options: { halfLifeMonths: halfLife },
    subscriberId: id,
    asOf: monthString(asOf),
    lastMonth: recs.length > 0 ? monthString(months[months.length - 1]!) : null,
    months: recs.length,
    weight,
    sums,
    weights,
    last,
  };
}

/**
 * Builds one subscriber's decayed profile state from a full history (batch). Months may come in
 * any order; a duplicated month is an error.
 *
 * State: `weight = Σ_t w_t`, `sums[f] = Σ_t w_t x_t[f]`, `weights[f] = Σ_t w_t` over months
 * having `f`, with `w_t = 0.5^((asOf − t) / halfLifeMonths)`.
 *
 * @param history - usage records of one subscriber (may be empty when `options.subscriberId` is given)
 * @param options - half-life and reference month
 * @param options.halfLifeMonths - half-life in months (default 3)
 * @param options.asOf - reference month (default the latest month in `history`)
 * @param options.subscriberId - the subscriber, required for an empty history
 * @returns the state, plain data
 * @throws DataError on mixed subscribers, duplicated or malformed months, an empty history without subscriberId and asOf
 * @example
 * const s = createProfileState([{ subscriberId: 'a', month: '2024-01', localVoiceMinutes: 0, longDistanceVoiceMinutes: 0, roamingVoiceMinutes: 0, callsOut: 0, callsIn: 0, smsCount: 0, dataMB: 100, nightDataMB: 0, monthlyFee: 0, billedAmount: 10 }], { halfLifeMonths: 1, asOf: '2024-02' });
 * s.sums.dataMB // => 50
 * @category Features
 */
export function createProfileState(
  history: readonly UsageMonth[],
  options: DecayOptions & { subscriberId?: string } = {},
): ProfileState {
  const fn = 'createProfileState';
  options = parseCreateStateOptions(options);
  const halfLife = checkHalfLife(options.halfLifeMonths ?? 3, fn);
  const { histories } = groupHistories(history, fn);
  if (histories.size > 1) throw new DataError(`${fn}: history mixes ${histories.size} subscribers; give one subscriber's months`);
  const h = [...histories.values()][0];
  const id = h?.id ?? options.subscriberId;
  if (id === undefined) throw new DataError(`${fn}: empty history; give options.subscriberId and options.asOf`);
  if (options.subscriberId !== undefined && options.subscriberId !== id) {
    throw new DataError(`${fn}: history is for ${JSON.stringify(id)}, options.subscriberId is ${JSON.stringify(options.subscriberId)}`);
  }
  const lastIdx = h && h.months.length > 0 ? h.months[h.months.length - 1]! : undefined;
  if (options.asOf === undefined && lastIdx === undefined) throw new DataError(`${fn}: empty history; give options.asOf`);
  const asOf = options.asOf !== undefined ? monthIndex(options.asOf, fn) : lastIdx!;
  const recs: UsageMonth[] = [];
  const months: number[] = [];
  if (h) {
    for (let k = 0; k < h.rows.length; k++) {
      if (h.months[k]! > asOf) break;
      recs.push(history[h.rows[k]!]!);
      months.push(h.months[k]!);
    }
  }
  return batchState(id, recs, months, halfLife, asOf, fn);
}

/**
 * Folds one new month into a decayed profile state: the old sums decay by
 * `0.5^((new − asOf) / halfLifeMonths)` and the new month enters with weight 1. The result equals
 * {@link createProfileState} on the full history (to rounding, about 1e-12 relative).
 *
 * @param state - the current state (not mutated)
 * @param newMonth - the next month's record, later than `state.lastMonth` and not before `state.asOf`
 * @returns a new state referenced to `newMonth.month`
 * @throws DataError when the record is for another subscriber, or its month is not after the last month folded in (out of order or duplicated)
 * @example
 * const s0 = createProfileState([], { subscriberId: 'a', asOf: '2024-01', halfLifeMonths: 1 });
 * const rec = { subscriberId: 'a', month: '2024-02', localVoiceMinutes: 0, longDistanceVoiceMinutes: 0, roamingVoiceMinutes: 0, callsOut: 0, callsIn: 0, smsCount: 0, dataMB: 100, nightDataMB: 0, monthlyFee: 0, billedAmount: 10 };
 * updateProfile(s0, rec).sums.dataMB // => 100
 * @category Features
 */
export function updateProfile(state: ProfileState, newMonth: UsageMonth): ProfileState {
  const fn = 'updateProfile';
  if (state === null || typeof state !== 'object' || state.kind !== 'features/profile-state') {
    throw new DataError(`${fn}: state is not a profile state (build one with createProfileState)`);
  }
  if (newMonth.subscriberId !== state.subscriberId) {
    throw new DataError(`${fn}: record is for subscriber ${JSON.stringify(newMonth.subscriberId)}, state is for ${JSON.stringify(state.subscriberId)}`);
  }
  const t = monthIndex(newMonth.month, fn);
  if (state.lastMonth !== null) {
    const last = monthIndex(state.lastMonth, fn);
    if (t === last) throw new DataError(`${fn}: month ${newMonth.month} is already in the state of ${JSON.stringify(state.subscriberId)} (duplicated month)`);
    if (t < last) throw new DataError(`${fn}: month ${newMonth.month} is before the state's last month ${state.lastMonth} (months out of order)`);
  }
  const ref = monthIndex(state.asOf, fn);
  if (t < ref) throw new DataError(`${fn}: month ${newMonth.month} is before the state's reference month ${state.asOf} (months out of order)`);
  const d = exp((-Math.LN2 / state.options.halfLifeMonths) * (t - ref));
  const sums = zeros();
  const weights = zeros();
  for (const f of DECAY_FIELDS) {
    const x = fieldValue(newMonth, f, fn);
    const present = !Number.isNaN(x);
    sums[f] = state.sums[f] * d + (present ? x : 0);
    weights[f] = state.weights[f] * d + (present ? 1 : 0);
  }
  return {
    kind: 'features/profile-state',
    version: state.version,
    options: { halfLifeMonths: state.options.halfLifeMonths },
    subscriberId: state.subscriberId,
    asOf: newMonth.month,
    lastMonth: newMonth.month,
    months: state.months + 1,
    weight: state.weight * d + 1,
    sums,
    weights,
    last: { ...newMonth },
  };
}

/**
 * The exponentially weighted means of a state: `sums[f] / weights[f]` per field (NaN for a field
 * never present).
 * @param state - a decayed profile state
 * @returns one mean per {@link DECAY_FIELDS} entry
 * @example
 * const s = createProfileState([], { subscriberId: 'a', asOf: '2024-01' });
 * profileStateMeans(s).dataMB // => NaN
 * @category Features
 */
export function profileStateMeans(state: ProfileState): Record<DecayField, number> {
  requireModel('profileStateMeans', 'state', state, ['features/profile-state'], 'createProfileState', []);
  for (const k of ['sums', 'weights'] as const) {
    if (state[k] === null || typeof state[k] !== 'object') throw new ModelError(`profileStateMeans: state is a profile state without ${k}; load states with parseModel`);
  }
  const out = {} as Record<DecayField, number>;
  for (const f of DECAY_FIELDS) out[f] = state.weights[f] > 0 ? state.sums[f] / state.weights[f] : NaN;
  return out;
}

/**
 * Exponentially decayed aggregates of the monthly fields, per subscriber (rows sorted by id):
 * for each field of {@link DECAY_FIELDS} the weighted mean `<field>_ewm = Σ w x / Σ w` and the
 * weighted sum `<field>_ews = Σ w x`, plus `decayWeight = Σ w` (effective months), with
 * `w = 0.5^((asOf − month) / halfLifeMonths)` over the months up to `asOf`.
 *
 * @param usage - monthly usage records of any number of subscribers, any order
 * @param options - half-life and reference month
 * @param options.halfLifeMonths - half-life in months (default 3)
 * @param options.asOf - reference month (default the latest month in `usage`)
 * @returns an n × (1 + 2·35) FeatureMatrix
 * @throws DataError on empty usage, duplicated or malformed months, ±Infinity values, a bad half-life
 * @example
 * const rec = (month: string, dataMB: number) => ({ subscriberId: 'a', month, localVoiceMinutes: 0, longDistanceVoiceMinutes: 0, roamingVoiceMinutes: 0, callsOut: 0, callsIn: 0, smsCount: 0, dataMB, nightDataMB: 0, monthlyFee: 0, billedAmount: 0 });
 * const m = decayedAggregates([rec('2024-01', 100), rec('2024-02', 400)], { halfLifeMonths: 1 });
 * m.values[m.columns.indexOf('dataMB_ewm')] // => 300
 * @category Features
 */
export function decayedAggregates(usage: readonly UsageMonth[], options: DecayOptions = {}): FeatureMatrix {
  const fn = 'decayedAggregates';
  options = parseDecayOptions(options);
  const halfLife = checkHalfLife(options.halfLifeMonths ?? 3, fn);
  requireArray(fn, 'usage', usage, 'of UsageMonth records');
  if (usage.length === 0) throw new DataError(`${fn}: usage is empty`);
  const { histories, monthOf } = groupHistories(usage, fn);
  let asOf: number;
  if (options.asOf !== undefined) asOf = monthIndex(options.asOf, fn);
  else {
    asOf = -Infinity;
    for (let r = 0; r < monthOf.length; r++) if (monthOf[r]! > asOf) asOf = monthOf[r]!;
  }
  const ids = [...histories.keys()].sort(compareIds);
  const columns = ['decayWeight', ...DECAY_FIELDS.map((f) => `${f}_ewm`), ...DECAY_FIELDS.map((f) => `${f}_ews`)];
  const p = columns.length;
  const nf = DECAY_FIELDS.length;
  const values = new Float64Array(ids.length * p);
  for (let i = 0; i < ids.length; i++) {
    const h = histories.get(ids[i]!)!;
    const recs: UsageMonth[] = [];
    const months: number[] = [];
    for (let k = 0; k < h.rows.length && h.months[k]! <= asOf; k++) {
      recs.push(usage[h.rows[k]!]!);
      months.push(h.months[k]!);
    }
    const s = batchState(h.id, recs, months, halfLife, asOf, fn);
    const base = i * p;
    values[base] = s.weight;
    for (let f = 0; f < nf; f++) {
      const name = DECAY_FIELDS[f]!;
      values[base + 1 + f] = s.weights[name] > 0 ? s.sums[name] / s.weights[name] : NaN;
      values[base + 1 + nf + f] = s.weights[name] > 0 ? s.sums[name] : NaN;
    }
  }
  return createFeatureMatrix(values, columns, ids);
}
