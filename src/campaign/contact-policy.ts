/**
 * `checkContact`: the contact policy of {@link planCampaign} (do-not-disturb, frequency caps,
 * quiet hours) applied to one contact, so that a planner and a real-time trigger engine enforce
 * the same rules with the same code.
 *
 * @module
 */
import { DataError } from '../errors.js';
import { defineOptions, described, int, oneOf, real } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';

/** Contact channels. @category Campaign */
export type Channel = 'sms' | 'push' | 'call';
export const CHANNELS: readonly Channel[] = ['sms', 'push', 'call'];

/** A frequency cap: at most `max` contacts in `windowDays` days, on one channel or on all (`'any'`). @category Campaign */
export interface FrequencyCap {
  readonly channel: Channel | 'any';
  readonly max: number;
  readonly windowDays: number;
}

/** A past contact, as the frequency caps count it. @category Campaign */
export interface PastContact {
  readonly subscriberId: string;
  readonly channel: Channel;
  /** ISO timestamp. */
  readonly at: string;
}

/** A channel's cost and relative effect. @category Campaign */
export interface ChannelSpec {
  /** Cost of one contact (≥ 0). */
  readonly cost: number;
  /** Multiplier of `expectedUplift` for this channel (≥ 0). Default 1. */
  readonly effect?: number;
  /** Subscribers reachable on this channel (e.g. app users for push); default everyone. */
  readonly reachable?: readonly string[];
}

/** The contact policy. @category Campaign */
export interface ContactPolicy {
  /** The channels the campaign may use; default `{ sms: { cost: 0.05 } }`. */
  readonly channels?: Partial<Record<Channel, ChannelSpec>>;
  /** Caps checked against `history` plus this plan. Default none. */
  readonly frequencyCaps?: readonly FrequencyCap[];
  /** Past contacts, for the caps: `at` is an ISO timestamp. */
  readonly history?: readonly PastContact[];
  /** Local quiet hours `{ from: '21:00', to: '08:00' }` (may wrap midnight): a contact due inside them is deferred to `to`. */
  readonly quietHours?: { readonly from: string; readonly to: string };
  /** Subscribers' offset from UTC in minutes: one number, or per subscriber with `default`. Default 0. */
  readonly utcOffsetMinutes?: number | { readonly default: number; readonly bySubscriber: Readonly<Record<string, number>> };
  /** Subscribers who must never be contacted. */
  readonly doNotDisturb?: readonly string[];
  /** When the contacts go out (ISO timestamp, UTC). Required when caps or quiet hours are set. */
  readonly sendAt?: string;
}

/** The verdict of {@link checkContact}. @category Campaign */
export type ContactDecision =
  | { readonly allowed: true; /** When to send (ISO, UTC), after deferring out of quiet hours. */ readonly sendAt: string }
  | { readonly allowed: false; readonly reason: string };

const DAY = 86_400_000;

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const minutesOf = (v: string): number => Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5));
const hhmm = described(o.string({ regex: HHMM }), 'a time HH:MM');
const offset = int(-720, 840);
const channelSpec = o.strictObject({
  cost: real({ min: 0 }),
  effect: real({ min: 0 }).default(1),
  reachable: described(o.array(o.string()), 'an array of subscriber ids').optional(),
});

/**
 * The contact policy, declared once: `planCampaign` (its `policy`), `checkContact` and the
 * trigger engine (`contactPolicy`) check it with this parser, each with its own name and prefix.
 */
export const parseContactPolicy = defineOptions('checkContact', {
  channels: described(
    o.refine(o.strictObject({ sms: channelSpec.optional(), push: channelSpec.optional(), call: channelSpec.optional() }), (c) => Object.keys(c).length > 0),
    'an object of one or more channels { sms?, push?, call? }, each { cost, effect?, reachable? }',
  ).default({ sms: { cost: 0.05, effect: 1 } }),
  frequencyCaps: o
    .array(o.strictObject({ channel: oneOf(['sms', 'push', 'call', 'any']), max: int(0, 1e6), windowDays: real({ gt: 0, max: 3660 }) }))
    .default([]),
  history: described(o.custom<readonly PastContact[]>((v) => Array.isArray(v)), 'an array of past contacts { subscriberId, channel, at }').default([]),
  quietHours: o.strictObject({ from: hhmm, to: hhmm }).optional(),
  utcOffsetMinutes: described(
    o.union([offset, o.strictObject({ default: offset, bySubscriber: o.record(offset).default({}) })]),
    'an integer in [-720, 840] or { default, bySubscriber } of such integers',
  ).default(0),
  doNotDisturb: described(o.array(o.string()), 'an array of subscriber ids').default([]),
  sendAt: described(o.refine(o.string(), (v) => Number.isFinite(Date.parse(v))), 'an ISO timestamp').optional(),
});

/** A contact policy after {@link parseContactPolicy}: every default filled in. */
export type ResolvedContactPolicy = ReturnType<typeof parseContactPolicy>;

export interface CompiledContactPolicy {
  /** The checked policy, defaults filled in. */
  readonly policy: ResolvedContactPolicy;
  readonly caps: readonly FrequencyCap[];
  /** The widest cap window, ms (0 without caps): older contacts never count. */
  readonly horizonMs: number;
  isDoNotDisturb(subscriberId: string): boolean;
  /** The first cap on `channel` that `past` (contacts of this subscriber) already reaches at `atMs`, or undefined. */
  capReached(channel: Channel, atMs: number, past: readonly { readonly channel: Channel; readonly ms: number }[]): FrequencyCap | undefined;
  /** `atMs` deferred to the end of the subscriber's local quiet hours when it falls inside them. */
  deferQuiet(subscriberId: string, atMs: number): number;
  /** Past contacts from `policy.history`, per subscriber. */
  readonly history: ReadonlyMap<string, readonly { readonly channel: Channel; readonly ms: number }[]>;
}

/**
 * Checks a contact policy's do-not-disturb list, caps, quiet hours, offsets and history once.
 * @internal
 */
export function compileContactPolicy(fn: string, policy: unknown, prefix = 'policy'): CompiledContactPolicy {
  const p = parseContactPolicy(policy, fn, `${prefix}.`);
  const caps: readonly FrequencyCap[] = p.frequencyCaps;
  const quiet = p.quietHours ? { from: minutesOf(p.quietHours.from), to: minutesOf(p.quietHours.to) } : null;
  const off = p.utcOffsetMinutes;
  const offsetOf = (id: string): number => (typeof off === 'number' ? off : Object.hasOwn(off.bySubscriber, id) ? off.bySubscriber[id]! : off.default);
  const history = new Map<string, { channel: Channel; ms: number }[]>();
  for (const h of p.history) {
    const ms = h && typeof h.at === 'string' ? Date.parse(h.at) : NaN;
    if (!Number.isFinite(ms)) throw new DataError(`${fn}: history entry for '${String(h?.subscriberId)}' has an invalid timestamp '${String(h?.at)}'`);
    let l = history.get(h.subscriberId);
    if (!l) history.set(h.subscriberId, (l = []));
    l.push({ channel: h.channel, ms });
  }
  const dnd = new Set(p.doNotDisturb);
  const horizonMs = caps.reduce((m, c) => Math.max(m, c.windowDays * DAY), 0);
  return {
    policy: p,
    caps,
    horizonMs,
    history,
    isDoNotDisturb: (id) => dnd.has(id),
    capReached(ch, atMs, past) {
      if (caps.length === 0) return undefined;
      return caps.find((c) => (c.channel === 'any' || c.channel === ch) && past.filter((p) => (c.channel === 'any' || p.channel === ch) && p.ms > atMs - c.windowDays * DAY && p.ms <= atMs).length >= c.max);
    },
    deferQuiet(id, atMs) {
      if (!quiet) return atMs;
      const local = (((Math.floor((atMs + offsetOf(id) * 60_000) / 60_000) % 1440) + 1440) % 1440);
      const inQuiet = quiet.from <= quiet.to ? local >= quiet.from && local < quiet.to : local >= quiet.from || local < quiet.to;
      if (!inQuiet) return atMs;
      return atMs + ((quiet.to - local + 1440) % 1440) * 60_000;
    },
  };
}

/** Text of a cap for reasons. @internal */
export function capText(c: FrequencyCap): string {
  return `frequency cap ${c.max} per ${c.windowDays} days (${c.channel})`;
}

/**
 * Applies a contact policy to one contact: refused when the subscriber is on the do-not-disturb
 * list or a frequency cap is reached (the subscriber's `policy.history` plus `recent`, within each
 * cap's `windowDays` before the contact), otherwise allowed with its send time deferred out of the
 * subscriber's local quiet hours. The same checks `planCampaign` applies, one contact at a time.
 *
 * @param policy - the {@link ContactPolicy} (`channels` and `sendAt` are not used here)
 * @param contact - `subscriberId`, `channel`, and `at` (ISO timestamp or epoch ms) when it would go out
 * @param recent - further past contacts of this subscriber (e.g. sent since the history was loaded)
 * @returns `{ allowed: true, sendAt }` or `{ allowed: false, reason }`
 * @throws OptionsError for bad caps, quiet hours or offsets; DataError for a contact without a
 *   subscriber id, an unknown channel or an invalid time
 * @example
 * checkContact(
 *   { quietHours: { from: '21:00', to: '08:00' }, utcOffsetMinutes: 480 },
 *   { subscriberId: 'S1', channel: 'push', at: '2024-03-04T14:30:00Z' },
 * ) // => { allowed: true, sendAt: '2024-03-05T00:00:00.000Z' }
 * @category Campaign
 */
export function checkContact(
  policy: ContactPolicy,
  contact: { readonly subscriberId: string; readonly channel: Channel; readonly at: string | number },
  recent: readonly { readonly channel: Channel; readonly at: string | number }[] = [],
): ContactDecision {
  const fn = 'checkContact';
  const p = compileContactPolicy(fn, policy, 'policy');
  if (contact === null || typeof contact !== 'object' || typeof contact.subscriberId !== 'string') throw new DataError(`${fn}: contact needs a string subscriberId`);
  if (!CHANNELS.includes(contact.channel)) throw new DataError(`${fn}: contact channel must be one of ${CHANNELS.join(', ')}, got ${String(contact.channel)}`);
  const ms = (v: unknown, what: string): number => {
    const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
    if (!Number.isFinite(t)) throw new DataError(`${fn}: ${what} must be an ISO timestamp or epoch milliseconds, got ${String(v)}`);
    return t;
  };
  const atMs = ms(contact.at, 'contact.at');
  if (!Array.isArray(recent)) throw new DataError(`${fn}: recent must be an array of { channel, at }`);
  const past = [...(p.history.get(contact.subscriberId) ?? []), ...recent.map((r, k) => ({ channel: r?.channel, ms: ms(r?.at, `recent[${k}].at`) }))];
  if (p.isDoNotDisturb(contact.subscriberId)) return { allowed: false, reason: 'do-not-disturb list' };
  const cap = p.capReached(contact.channel, atMs, past);
  if (cap) return { allowed: false, reason: `${capText(cap)} reached` };
  return { allowed: true, sendAt: new Date(p.deferQuiet(contact.subscriberId, atMs)).toISOString() };
}
