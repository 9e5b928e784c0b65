/**
 * `createTriggerEngine`: marketing triggers over a stream of subscriber events, in event time with
 * watermarks and allowed lateness as Flink defines them, deduplicated and passed through the
 * campaign module's contact policy, with state that checkpoints to plain JSON-safe data.
 *
 * @module
 */
import * as z from 'zod';
import { AbortError, DataError, OptionsError, ValidationError } from '../errors.js';
import type { Progress } from '../long-run.js';
import { MAX_BUFFERED_EVENTS, MAX_TRACKED_SUBSCRIBERS } from '../limits.js';
import { bool, defineOptions, described, func, int, longRun, oneOf } from '../internal/options.js';
import * as o from '../internal/option-kinds.js';
import { compileContactPolicy } from '../campaign/contact-policy.js';
import type { Channel, CompiledContactPolicy, ContactPolicy } from '../campaign/contact-policy.js';
import { compileGeoFence, parseInstant } from '../tags/geo-fence-tag.js';
import type { CompiledGeoFence, GeoFenceWeekday } from '../tags/geo-fence-tag.js';
import { parseTriggerRules } from './rules.js';
import type { TriggerEvent, TriggerRule, TriggerRuleInput } from './rules.js';

/** An action a rule fired, after deduplication and the contact policy (plain JSON-safe data). @category Realtime */
export interface TriggerAction {
  /** `ruleId|period|subscriberId`: the same firing always has the same id (idempotent sinks). */
  readonly id: string;
  readonly ruleId: string;
  readonly kind: TriggerRule['kind'];
  readonly subscriberId: string;
  /** Event time of the firing (ISO, UTC): the event's timestamp, or the window's last millisecond. */
  readonly eventTime: string;
  /** When to send (ISO, UTC): `eventTime` deferred out of the subscriber's quiet hours. */
  readonly sendAt: string;
  readonly channel: Channel;
  readonly offer: string | null;
  readonly campaignId: string | null;
  /** The dedup period index (hours or days since the epoch in local time; 0 for `'forever'`). */
  readonly period: number;
  /** Numbers behind the firing: `total`, `baseline`, `windowStart` (usage drop); `value` (threshold). */
  readonly detail: Readonly<Record<string, number>>;
}

/** An event the engine did not process, and why. @category Realtime */
export interface TriggerRejection {
  /** Offset of the event in the stream (0-based, counting from the start of the first run). */
  readonly offset: number;
  readonly reason: string;
  readonly event: unknown;
}

/** A firing the contact policy stopped. @category Realtime */
export interface TriggerSuppression {
  readonly ruleId: string;
  readonly subscriberId: string;
  readonly eventTime: string;
  readonly reason: string;
}

/** Counters of an engine (plain data). @category Realtime */
export interface TriggerStats {
  /** Events read (valid or not). */
  readonly events: number;
  /** Events that failed validation (reported to `onInvalid`). */
  readonly invalid: number;
  /** Events at or behind the watermark that no window could still take: counted and reported to `onLate`, never silently dropped. */
  readonly late: number;
  /** Late events a window still took within `allowedLatenessMs` (each may re-fire its window). */
  readonly lateAccepted: number;
  /** Firings dropped because the rule already fired for the subscriber in that period. */
  readonly deduplicated: number;
  /** Firings the contact policy stopped (do-not-disturb, frequency cap). */
  readonly suppressed: number;
  /** Actions produced. */
  readonly actions: number;
  /** Events waiting in the reorder buffer for the watermark. */
  readonly buffered: number;
  /** Subscribers with state. */
  readonly subscribers: number;
  /** Current watermark (epoch ms; `null` before the first event). */
  readonly watermark: number | null;
}

/** A checkpoint: the engine's whole state as JSON-safe data. Restore it with the `restore` option. @category Realtime */
export interface TriggerCheckpoint {
  readonly format: 'telcokit/trigger-checkpoint';
  readonly version: 1;
  /** Digest of the rules the state belongs to. */
  readonly rules: string;
  /** Events consumed: replay the source from this offset. */
  readonly offset: number;
  /** Actions handed out before the checkpoint (not counting `pending`). */
  readonly actionsEmitted: number;
  readonly maxEventTime: number;
  readonly watermark: number;
  readonly seq: number;
  readonly buffer: readonly StoredEvent[];
  readonly subscribers: readonly (readonly [string, SubJson])[];
  readonly windows: readonly (readonly (readonly [number, boolean, readonly string[]])[])[];
  readonly counters: readonly number[];
  /** Actions produced but not yet handed out by `run`: a restored `run` yields them first. */
  readonly pending: readonly TriggerAction[];
}

/** Options of {@link createTriggerEngine}. @category Realtime */
export interface TriggerEngineOptions {
  /** Bounded out-of-orderness B, ms: watermark = max event time − B − 1 (Flink's `forBoundedOutOfOrderness`). Default 0. */
  maxOutOfOrdernessMs?: number;
  /** How long past the watermark a window still takes late events (each re-fires it), ms. Default 0. */
  allowedLatenessMs?: number;
  /** Local time offset for dedup periods and geo windows without their own (minutes). Default 0. */
  utcOffsetMinutes?: number;
  /** The campaign module's contact policy, applied before an action leaves (`channels` and `sendAt` do not apply here). */
  contactPolicy?: ContactPolicy;
  /** Most subscribers with state (default 1,000,000; ceiling `MAX_TRACKED_SUBSCRIBERS`); one more is a `DataError`. */
  maxSubscribers?: number;
  /** Most events waiting for the watermark (default 1,000,000; ceiling `MAX_BUFFERED_EVENTS`); one more is a `DataError`. */
  maxBufferedEvents?: number;
  /** `'collect'` reports invalid events to `onInvalid` and goes on; `'strict'` throws a `ValidationError`. Default `'collect'`. */
  mode?: 'collect' | 'strict';
  onInvalid?: (rejection: TriggerRejection) => void;
  /** Called for every late event no window could take. */
  onLate?: (rejection: TriggerRejection) => void;
  /** Called for every firing the contact policy stopped. */
  onSuppressed?: (suppression: TriggerSuppression) => void;
  /** `run` calls `onCheckpoint(engine.checkpoint())` after every this many events. */
  checkpointEvery?: number;
  onCheckpoint?: (checkpoint: TriggerCheckpoint) => void;
  /** A checkpoint to start from (from `engine.checkpoint()` of an engine with the same rules). */
  restore?: TriggerCheckpoint;
  /** At the end of a finite source, `run` advances the watermark to the end of time (Flink's bounded-source behaviour), firing what is left. Default true. */
  flushAtEnd?: boolean;
  /** Called every 10,000 events with `{ stage: 'events', done, total: done, metrics }`. */
  onProgress?: (p: Progress) => void;
  /** Stops `run` between events with an `AbortError`; the state stays consistent. */
  signal?: AbortSignal;
}

/** A trigger engine (see {@link createTriggerEngine}). @category Realtime */
export interface TriggerEngine {
  /** Reads a sync or async iterable of events, yielding actions as they fire (pull-based: the source is read only as fast as the actions are consumed). */
  run(source: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<TriggerAction, void, undefined>;
  /** Processes one event; returns the actions it fired (push-based use). */
  push(event: unknown): TriggerAction[];
  /** Advances the watermark to the end of time: fires every open window and releases the buffer. */
  flush(): TriggerAction[];
  /** The whole state as JSON-safe data. */
  checkpoint(): TriggerCheckpoint;
  stats(): TriggerStats;
}

interface StoredEvent {
  readonly t: number;
  readonly q: number;
  readonly type: TriggerEvent['type'];
  readonly sid: string;
  readonly a?: number;
  readonly b?: number;
  readonly c?: number;
  readonly tag?: string;
  readonly on?: boolean;
}

interface SubJson {
  /** per rule: last sequence state (-1 unknown, 0 off/outside, 1 on/inside) */
  s: number[];
  /** per rule: last fired period, or null */
  f: (number | null)[];
  /** per rule (usage drop): open windows [start, total] and fired history [start, total] */
  o: ([number, number][] | null)[];
  h: ([number, number][] | null)[];
  /** contacts sent [channelIndex, ms] */
  c: [number, number][];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Number.MIN_SAFE_INTEGER;
const END = Number.MAX_SAFE_INTEGER;
const CH: readonly Channel[] = ['sms', 'push', 'call'];
const TYPES = new Set(['location', 'usage', 'balance', 'tag', 'interaction']);
const PROGRESS_EVERY = 10_000;

const parseOptions = defineOptions('createTriggerEngine', {
  maxOutOfOrdernessMs: int(0, 30 * DAY).default(0),
  allowedLatenessMs: int(0, 30 * DAY).default(0),
  utcOffsetMinutes: int(-720, 840).default(0),
  contactPolicy: described(o.custom<ContactPolicy>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)), 'a contact policy object').optional(),
  maxSubscribers: int(1, MAX_TRACKED_SUBSCRIBERS).default(1_000_000),
  maxBufferedEvents: int(1, MAX_BUFFERED_EVENTS).default(1_000_000),
  mode: oneOf(['collect', 'strict']).default('collect'),
  onInvalid: func<(r: TriggerRejection) => void>().optional(),
  onLate: func<(r: TriggerRejection) => void>().optional(),
  onSuppressed: func<(s: TriggerSuppression) => void>().optional(),
  checkpointEvery: int(1, 1e12).optional(),
  onCheckpoint: func<(c: TriggerCheckpoint) => void>().optional(),
  restore: described(o.custom<TriggerCheckpoint>((v) => typeof v === 'object' && v !== null && !Array.isArray(v)), 'a checkpoint object').optional(),
  flushAtEnd: bool().default(true),
  ...longRun(),
});

const num = /* @__PURE__ */ (() => z.number().finite())();
const CheckpointSchema = /* @__PURE__ */ (() => z.strictObject({
  format: z.literal('telcokit/trigger-checkpoint'),
  version: z.literal(1),
  rules: z.string(),
  offset: z.number().int().min(0),
  actionsEmitted: z.number().int().min(0),
  maxEventTime: num,
  watermark: num,
  seq: z.number().int().min(0),
  buffer: z.array(z.strictObject({ t: num, q: z.number().int(), type: z.enum(['location', 'usage', 'balance', 'tag', 'interaction']), sid: z.string(), a: num.optional(), b: num.optional(), c: num.optional(), tag: z.string().optional(), on: z.boolean().optional() })),
  subscribers: z.array(z.tuple([z.string(), z.strictObject({
    s: z.array(z.number().int().min(-1).max(1)),
    f: z.array(num.nullable()),
    o: z.array(z.array(z.tuple([num, num])).nullable()),
    h: z.array(z.array(z.tuple([num, num])).nullable()),
    c: z.array(z.tuple([z.number().int().min(0).max(2), num])),
  })])),
  windows: z.array(z.array(z.tuple([num, z.boolean(), z.array(z.string())]))),
  counters: z.array(z.number().int().min(0)).length(7),
  pending: z.array(z.looseObject({ id: z.string(), ruleId: z.string(), subscriberId: z.string() })),
}))();

/** FNV-1a of the rules' JSON, as a hex string: a checkpoint must be restored under the same rules. */
function digest(rules: readonly TriggerRule[]): string {
  const s = JSON.stringify(rules);
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${h.toString(16).padStart(8, '0')}:${s.length}`;
}

/** Min-heap of events by (t, q). */
class EventHeap {
  readonly a: StoredEvent[] = [];
  push(e: StoredEvent): void {
    const a = this.a;
    let i = a.length;
    a.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const up = a[p]!;
      if (up.t < e.t || (up.t === e.t && up.q < e.q)) break;
      a[i] = up;
      i = p;
    }
    a[i] = e;
  }
  pop(): StoredEvent {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    const n = a.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let m = 2 * i + 1;
        if (m >= n) break;
        const r = m + 1;
        if (r < n && (a[r]!.t < a[m]!.t || (a[r]!.t === a[m]!.t && a[r]!.q < a[m]!.q))) m = r;
        const c = a[m]!;
        if (last.t < c.t || (last.t === c.t && last.q < c.q)) break;
        a[i] = c;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}

interface Sub {
  s: number[];
  f: (number | null)[];
  o: (Map<number, number> | null)[];
  h: ([number, number][] | null)[];
  c: [number, number][];
}

interface WindowSlot {
  fired: boolean;
  subs: string[];
}

/**
 * Creates a trigger engine: rules (plain data, {@link TriggerRuleSchema}) watch a stream of
 * subscriber events — location pings, usage, balance, tag changes, interactions — and fire
 * marketing actions.
 *
 * **Event time.** The watermark follows Flink's bounded out-of-orderness strategy:
 * `W = max event time − maxOutOfOrdernessMs − 1`, advanced on every event. An event with
 * timestamp `t ≤ W` is late. Events wait in a reorder buffer until no on-time event can precede
 * them (`t ≤ W + 1` ms) and are then processed in timestamp order (ties in arrival order), as
 * Flink's CEP operator (and `MATCH_RECOGNIZE`) sorts by event time, so sequence rules see each
 * subscriber's events in event time.
 *
 * **Windows** (usage drop) are UTC-aligned tumbling or sliding windows `[start, end)` of whole
 * minutes. A window fires when `W ≥ end − 1`; with `allowedLatenessMs` L its state is kept until
 * `W ≥ end − 1 + L`, and a late event it still takes re-fires it (Flink's `EventTimeTrigger`). A
 * late event no window can take, and a late event for a sequence or threshold rule, is counted in
 * `stats().late` and passed to `onLate`: never dropped silently.
 *
 * **Rules.** `geoFenceEntry`: the subscriber's previous ping was outside the circle and this one is
 * inside, within the local weekly window (the geometry and time window of `geoFenceTag`).
 * `usageDrop`: a window's total of `metric` is below `(1 − dropFraction)` × the mean of the
 * subscriber's previous `baselineWindows` windows (at least `minBaselineWindows` of them).
 * `balanceBelow`: a balance event's `field` is below `threshold`. `tagOn`: the subscriber's previous
 * event for the tag said off, this one says on. (A first observation only sets the state.)
 *
 * **Before an action leaves**: once per subscriber per rule per period (`oncePer`), then the
 * contact policy (do-not-disturb, frequency caps counted over `history` and the engine's own
 * actions, quiet hours deferring `sendAt`) — the same code as `planCampaign`.
 *
 * **Checkpoints.** `checkpoint()` returns the whole state as JSON-safe data with the `offset` of
 * events consumed; an engine created with `restore: checkpoint` and fed the source from that
 * offset produces exactly the actions the uninterrupted engine would have produced after it.
 * Actions handed out after the last checkpoint are produced again on replay, with the same `id`
 * (at-least-once delivery; an idempotent sink keyed by `id` makes it exactly-once).
 *
 * **Bounded state**: at most `maxSubscribers` subscribers and `maxBufferedEvents` buffered events;
 * one more is a `DataError` (raise the limit, lower `maxOutOfOrdernessMs`, or shard by subscriber).
 *
 * @param rules - trigger rules (validated: a `ValidationError` names the rule index and field)
 * @param options - see {@link TriggerEngineOptions}
 * @returns the engine: `run(source)` (async generator of actions), `push`, `flush`, `checkpoint`, `stats`
 * @throws ValidationError for bad rules; OptionsError for bad options, a bad contact policy or a
 *   checkpoint of other rules
 * @example
 * const engine = createTriggerEngine([{ id: 'low-balance', kind: 'balanceBelow', field: 'balance', threshold: 5 }]);
 * engine.push({ type: 'balance', subscriberId: 'S1', timestamp: '2024-03-04T12:00:00Z', balance: 3 }).map((a) => a.id)
 * // => ['low-balance|19786|S1']
 * @category Realtime
 */
export function createTriggerEngine(rules: readonly TriggerRuleInput[], options?: TriggerEngineOptions): TriggerEngine {
  const st = engineState(rules, options);
  return {
    run: (source) => runEngine(st, source),
    push: (event) => {
      const out = push(st, event);
      st.emitted += out.length;
      return out;
    },
    flush: () => {
      const out = flush(st);
      st.emitted += out.length;
      return out;
    },
    checkpoint: () => checkpoint(st),
    stats: () => stats(st),
  };
}

/** Everything an engine keeps: the compiled rules and options, then the state a checkpoint saves. */
interface EngineState {
  readonly fn: string;
  readonly R: readonly TriggerRule[];
  readonly o: ReturnType<typeof parseOptions>;
  readonly policy: CompiledContactPolicy | null;
  readonly ooo: number;
  readonly lateness: number;
  readonly offsetMs: number;
  readonly rulesDigest: string;
  readonly nR: number;
  readonly fences: readonly (CompiledGeoFence | null)[];
  readonly sizeMs: readonly number[];
  readonly slideMs: readonly number[];
  readonly keepHist: readonly number[];
  readonly usageRules: readonly number[];
  readonly byType: { readonly location: readonly number[]; readonly tag: readonly number[]; readonly balance: readonly number[] };
  offset: number;
  emitted: number;
  maxT: number;
  W: number;
  seq: number;
  readonly heap: EventHeap;
  readonly subs: Map<string, Sub>;
  readonly windows: Map<number, WindowSlot>[];
  readonly ends: number[][];
  /** events, invalid, late, lateAccepted, deduplicated, suppressed, actions */
  readonly cnt: number[];
  pending: TriggerAction[];
}

/** Validates rules and options and builds the engine's state (restored from `options.restore` when given). */
function engineState(rules: readonly TriggerRuleInput[], options: TriggerEngineOptions | undefined): EngineState {
  const fn = 'createTriggerEngine';
  const R = parseTriggerRules(fn, rules);
  const o = parseOptions(options);
  if (o.contactPolicy && (o.contactPolicy.sendAt !== undefined || o.contactPolicy.channels !== undefined)) {
    throw new OptionsError(`${fn}: contactPolicy.sendAt and contactPolicy.channels do not apply to triggers (actions go out at their event time on their rule's channel)`, o.contactPolicy.sendAt !== undefined ? 'contactPolicy.sendAt' : 'contactPolicy.channels');
  }
  const policy: CompiledContactPolicy | null = o.contactPolicy ? compileContactPolicy(fn, o.contactPolicy, 'contactPolicy') : null;
  if (o.onCheckpoint && o.checkpointEvery === undefined) throw new OptionsError(`${fn}: onCheckpoint needs checkpointEvery`, 'checkpointEvery');
  const ooo = o.maxOutOfOrdernessMs;
  const lateness = o.allowedLatenessMs;
  const offsetMs = o.utcOffsetMinutes * 60_000;
  const rulesDigest = digest(R);
  const nR = R.length;
  const fences: (CompiledGeoFence | null)[] = R.map((r) =>
    r.kind === 'geoFenceEntry'
      ? compileGeoFence(fn, { center: r.center, radiusKm: r.radiusKm, ...(r.days ? { days: r.days as GeoFenceWeekday[] } : {}), ...(r.from ? { from: r.from } : {}), ...(r.to ? { to: r.to } : {}), utcOffsetMinutes: r.utcOffsetMinutes ?? o.utcOffsetMinutes })
      : null,
  );
  const sizeMs = R.map((r) => (r.kind === 'usageDrop' ? r.window.sizeMinutes * 60_000 : 0));
  const slideMs = R.map((r) => (r.kind === 'usageDrop' ? (r.window.type === 'sliding' ? r.window.slideMinutes : r.window.sizeMinutes) * 60_000 : 0));
  const keepHist = R.map((r, k) => (r.kind === 'usageDrop' ? r.baselineWindows + Math.ceil((sizeMs[k]! + lateness + ooo) / slideMs[k]!) + 1 : 0));
  const usageRules = R.map((r, k) => k).filter((k) => R[k]!.kind === 'usageDrop');
  const byType = {
    location: R.map((r, k) => k).filter((k) => R[k]!.kind === 'geoFenceEntry'),
    tag: R.map((r, k) => k).filter((k) => R[k]!.kind === 'tagOn'),
    balance: R.map((r, k) => k).filter((k) => R[k]!.kind === 'balanceBelow'),
  };
  const st: EngineState = {
    fn,
    R,
    o,
    policy,
    ooo,
    lateness,
    offsetMs,
    rulesDigest,
    nR,
    fences,
    sizeMs,
    slideMs,
    keepHist,
    usageRules,
    byType,
    offset: 0,
    emitted: 0,
    maxT: START,
    W: START,
    seq: 0,
    heap: new EventHeap(),
    subs: new Map<string, Sub>(),
    windows: R.map(() => new Map<number, WindowSlot>()),
    ends: R.map((): number[] => []),
    cnt: [0, 0, 0, 0, 0, 0, 0],
    pending: [],
  };
  if (o.restore !== undefined) restoreState(st, o.restore);
  return st;
}

/** Loads a checkpoint (`restore`) into a fresh state; OptionsError when it does not fit these rules and limits. */
function restoreState(st: EngineState, restore: unknown): void {
  const r = CheckpointSchema.safeParse(restore);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new OptionsError(`${st.fn}: option restore is not a trigger checkpoint: at ${i.path.join('.') || '(root)'}: ${i.message}`, 'restore');
  }
  const c = r.data;
  if (c.rules !== st.rulesDigest) throw new OptionsError(`${st.fn}: option restore is a checkpoint of other rules (digest ${c.rules}, these rules ${st.rulesDigest})`, 'restore');
  if (c.subscribers.length > st.o.maxSubscribers) throw new OptionsError(`${st.fn}: option restore has ${c.subscribers.length} subscribers, more than maxSubscribers ${st.o.maxSubscribers}`, 'maxSubscribers');
  if (c.buffer.length > st.o.maxBufferedEvents) throw new OptionsError(`${st.fn}: option restore has ${c.buffer.length} buffered events, more than maxBufferedEvents ${st.o.maxBufferedEvents}`, 'maxBufferedEvents');
  if (c.windows.length !== st.nR) throw new OptionsError(`${st.fn}: option restore has windows for ${c.windows.length} rules, expected ${st.nR}`, 'restore');
  st.offset = c.offset;
  st.emitted = c.actionsEmitted;
  st.maxT = c.maxEventTime;
  st.W = c.watermark;
  st.seq = c.seq;
  for (const e of c.buffer) st.heap.push(e as StoredEvent);
  for (const [sid, j] of c.subscribers) {
    if (j.s.length !== st.nR || j.f.length !== st.nR || j.o.length !== st.nR || j.h.length !== st.nR) throw new OptionsError(`${st.fn}: option restore: state of '${sid}' does not match ${st.nR} rules`, 'restore');
    st.subs.set(sid, { s: j.s, f: j.f, o: j.o.map((x) => (x ? new Map(x) : null)), h: j.h.map((x) => (x ? x.map(([a, b]) => [a, b] as [number, number]) : null)), c: j.c.map(([a, b]) => [a, b] as [number, number]) });
  }
  c.windows.forEach((list, k) => {
    for (const [end, fired, ids] of list) {
      st.windows[k]!.set(end, { fired, subs: [...ids] });
      st.ends[k]!.push(end);
    }
    st.ends[k]!.sort((x, y) => x - y);
  });
  c.counters.forEach((v, k) => (st.cnt[k] = v));
  st.pending = c.pending.map((a) => ({ ...(a as unknown as TriggerAction) }));
}

function subOf(st: EngineState, sid: string): Sub {
  let s = st.subs.get(sid);
  if (s === undefined) {
    if (st.subs.size >= st.o.maxSubscribers) {
      throw new DataError(`${st.fn}: subscriber '${sid.slice(0, 40)}' would be number ${st.subs.size + 1} with state, past maxSubscribers ${st.o.maxSubscribers} (raise it or shard the stream by subscriber)`);
    }
    s = {
      s: new Array<number>(st.nR).fill(-1),
      f: new Array<number | null>(st.nR).fill(null),
      o: st.R.map((r) => (r.kind === 'usageDrop' ? new Map<number, number>() : null)),
      h: st.R.map((r) => (r.kind === 'usageDrop' ? [] : null)),
      c: [],
    };
    st.subs.set(sid, s);
  }
  return s;
}

// ---- validation of one event (hand-written: this runs per event)
function reject(st: EngineState, event: unknown, reason: string): null {
  st.cnt[1]!++;
  const rej: TriggerRejection = { offset: st.offset - 1, reason, event };
  if (st.o.mode === 'strict') {
    throw new ValidationError(`${st.fn}: event ${st.offset - 1}: ${reason}`, [{ row: st.offset - 1, path: [], reason, value: event }]);
  }
  st.o.onInvalid?.(rej);
  return null;
}
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
function normalise(st: EngineState, e: unknown): StoredEvent | null {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return reject(st, e, 'not an event object');
  const x = e as Record<string, unknown>;
  const type = x.type;
  if (typeof type !== 'string' || !TYPES.has(type)) return reject(st, e, `field type must be 'location', 'usage', 'balance', 'tag' or 'interaction', got ${JSON.stringify(type) ?? 'undefined'}`);
  const sid = x.subscriberId;
  if (typeof sid !== 'string' || sid.length === 0) return reject(st, e, 'field subscriberId must be a non-empty string');
  const ts = x.timestamp;
  const t = typeof ts === 'number' ? (Number.isInteger(ts) && Math.abs(ts) <= 8.64e15 ? ts : NaN) : typeof ts === 'string' ? parseInstant(ts) : NaN;
  if (!Number.isFinite(t)) return reject(st, e, `field timestamp must be an ISO-8601 instant or integer epoch milliseconds, got ${typeof ts === 'string' ? JSON.stringify(ts.slice(0, 40)) : String(ts)}`);
  const q = st.seq;
  switch (type) {
    case 'location': {
      if (!finite(x.latitude) || Math.abs(x.latitude) > 90) return reject(st, e, 'field latitude must be a number in [−90, 90]');
      if (!finite(x.longitude) || Math.abs(x.longitude) > 180) return reject(st, e, 'field longitude must be a number in [−180, 180]');
      return { t, q, type, sid, a: x.latitude, b: x.longitude };
    }
    case 'usage': {
      const out: { t: number; q: number; type: 'usage'; sid: string; a?: number; b?: number; c?: number } = { t, q, type, sid };
      const { dataMB, voiceMinutes, sms } = x;
      if (dataMB !== undefined) {
        if (!finite(dataMB) || dataMB < 0) return reject(st, e, 'field dataMB must be a finite number ≥ 0');
        out.a = dataMB;
      }
      if (voiceMinutes !== undefined) {
        if (!finite(voiceMinutes) || voiceMinutes < 0) return reject(st, e, 'field voiceMinutes must be a finite number ≥ 0');
        out.b = voiceMinutes;
      }
      if (sms !== undefined) {
        if (!finite(sms) || sms < 0) return reject(st, e, 'field sms must be a finite number ≥ 0');
        out.c = sms;
      }
      return out;
    }
    case 'balance': {
      const out: { t: number; q: number; type: 'balance'; sid: string; a?: number; b?: number } = { t, q, type, sid };
      const { balance, quotaRemainingMB } = x;
      if (balance !== undefined) {
        if (!finite(balance)) return reject(st, e, 'field balance must be a finite number');
        out.a = balance;
      }
      if (quotaRemainingMB !== undefined) {
        if (!finite(quotaRemainingMB)) return reject(st, e, 'field quotaRemainingMB must be a finite number');
        out.b = quotaRemainingMB;
      }
      return out;
    }
    case 'tag': {
      if (typeof x.tag !== 'string' || x.tag.length === 0) return reject(st, e, 'field tag must be a non-empty string');
      if (typeof x.on !== 'boolean') return reject(st, e, 'field on must be true or false');
      return { t, q, type, sid, tag: x.tag, on: x.on };
    }
    default: {
      if (typeof x.offerId !== 'string') return reject(st, e, 'field offerId must be a string');
      return { t, q, type: 'interaction', sid };
    }
  }
}

// ---- firing: dedup, contact policy, action
function fire(st: EngineState, out: TriggerAction[], k: number, sid: string, sub: Sub, t: number, detail: Record<string, number>): void {
  const r = st.R[k]!;
  const period = r.oncePer === 'forever' ? 0 : Math.floor((t + st.offsetMs) / (r.oncePer === 'hour' ? HOUR : DAY));
  const last = sub.f[k]!;
  if (last !== null && last >= period) {
    st.cnt[4]!++;
    return;
  }
  const eventTime = new Date(t).toISOString();
  let sendAtMs = t;
  if (st.policy) {
    let reason: string | null = null;
    if (st.policy.isDoNotDisturb(sid)) reason = 'do-not-disturb list';
    else if (st.policy.caps.length > 0) {
      const past = sub.c.map(([ch, ms]) => ({ channel: CH[ch]!, ms }));
      const h = st.policy.history.get(sid);
      const cap = st.policy.capReached(r.channel, t, h ? [...h, ...past] : past);
      if (cap) reason = `frequency cap ${cap.max} per ${cap.windowDays} days (${cap.channel}) reached`;
    }
    if (reason !== null) {
      st.cnt[5]!++;
      st.o.onSuppressed?.({ ruleId: r.id, subscriberId: sid, eventTime, reason });
      return;
    }
    sendAtMs = st.policy.deferQuiet(sid, t);
    if (st.policy.caps.length > 0) {
      sub.c.push([CH.indexOf(r.channel), t]);
      const horizon = t - st.policy.horizonMs;
      if (sub.c[0]![1] <= horizon) sub.c = sub.c.filter(([, ms]) => ms > horizon);
    }
  }
  sub.f[k] = period;
  st.cnt[6]!++;
  out.push({ id: `${r.id}|${period}|${sid}`, ruleId: r.id, kind: r.kind, subscriberId: sid, eventTime, sendAt: new Date(sendAtMs).toISOString(), channel: r.channel, offer: r.offer ?? null, campaignId: r.campaignId ?? null, period, detail });
}

// ---- usage windows
function addToWindows(st: EngineState, out: TriggerAction[], e: StoredEvent, sub: Sub, late: boolean): boolean {
  let took = false;
  for (const k of st.usageRules) {
    const r = st.R[k]! as Extract<TriggerRule, { kind: 'usageDrop' }>;
    const v = r.metric === 'dataMB' ? e.a : r.metric === 'voiceMinutes' ? e.b : e.c;
    if (v === undefined) continue;
    const size = st.sizeMs[k]!;
    const slide = st.slideMs[k]!;
    const open = sub.o[k]!;
    for (let start = Math.floor(e.t / slide) * slide; start > e.t - size; start -= slide) {
      const end = start + size;
      // a late event is too late for a window already cleaned up; an event released from the
      // buffer arrived before the watermark passed it and always counts
      if (late && end - 1 + st.lateness <= st.W) continue;
      took = true;
      const had = open.get(start);
      open.set(start, (had ?? 0) + v);
      let slot = st.windows[k]!.get(end);
      if (slot === undefined) {
        slot = { fired: late && end - 1 <= st.W, subs: [] };
        st.windows[k]!.set(end, slot);
        insertSorted(st.ends[k]!, end);
      }
      if (had === undefined) slot.subs.push(e.sid);
      if (late && end - 1 <= st.W) evaluate(st, out, k, e.sid, sub, start); // late firing
    }
  }
  return took;
}

function evaluate(st: EngineState, out: TriggerAction[], k: number, sid: string, sub: Sub, start: number): void {
  const r = st.R[k]! as Extract<TriggerRule, { kind: 'usageDrop' }>;
  const total = sub.o[k]!.get(start)!;
  const hist = sub.h[k]!;
  // previous windows (by start) with a result
  let i = hist.length;
  while (i > 0 && hist[i - 1]![0] >= start) i--;
  const from = Math.max(0, i - r.baselineWindows);
  let sum = 0;
  for (let j = from; j < i; j++) sum += hist[j]![1];
  const n = i - from;
  // record this window's result (a late firing replaces the earlier one)
  if (i < hist.length && hist[i]![0] === start) hist[i] = [start, total];
  else hist.splice(i, 0, [start, total]);
  if (hist.length > st.keepHist[k]!) hist.splice(0, hist.length - st.keepHist[k]!);
  if (n < (r.minBaselineWindows ?? r.baselineWindows)) return;
  const baseline = sum / n;
  if (baseline > 0 && total < (1 - r.dropFraction) * baseline) {
    fire(st, out, k, sid, sub, start + st.sizeMs[k]! - 1, { total, baseline, windowStart: start });
  }
}

// ---- in-order processing of one released event
function processOrdered(st: EngineState, out: TriggerAction[], e: StoredEvent): void {
  const sub = st.subs.get(e.sid)!;
  switch (e.type) {
    case 'location':
      for (const k of st.byType.location) {
        const f = st.fences[k]!;
        const inside = f.inFence(e.a!, e.b!) ? 1 : 0;
        if (inside === 1 && sub.s[k] === 0 && f.windowDay(e.t) === f.windowDay(e.t)) fire(st, out, k, e.sid, sub, e.t, { latitude: e.a!, longitude: e.b! });
        sub.s[k] = inside;
      }
      break;
    case 'tag':
      for (const k of st.byType.tag) {
        if ((st.R[k] as Extract<TriggerRule, { kind: 'tagOn' }>).tag !== e.tag) continue;
        if (e.on && sub.s[k] === 0) fire(st, out, k, e.sid, sub, e.t, {});
        sub.s[k] = e.on ? 1 : 0;
      }
      break;
    case 'balance':
      for (const k of st.byType.balance) {
        const r = st.R[k] as Extract<TriggerRule, { kind: 'balanceBelow' }>;
        const v = r.field === 'balance' ? e.a : e.b;
        if (v !== undefined && v < r.threshold) fire(st, out, k, e.sid, sub, e.t, { value: v });
      }
      break;
    case 'usage':
      addToWindows(st, out, e, sub, false);
      break;
    default:
      break;
  }
}

/**
 * Moves the engine up to the watermark: releases buffered events (t ≤ W + 1) and fires windows
 * (end − 1 ≤ W) merged in event time — an event at t goes before a window whose last millisecond
 * is ≥ t, after one that ended before t — so the order of firings (and with it the frequency
 * caps) does not depend on how far the watermark moved in one step. Then drops window state
 * past the allowed lateness.
 */
function advance(st: EngineState, out: TriggerAction[]): void {
  const a = st.heap.a;
  for (;;) {
    let bestK = -1;
    let bestEnd = Infinity;
    for (const k of st.usageRules) {
      const list = st.ends[k]!;
      for (let j = 0; j < list.length; j++) {
        const end = list[j]!;
        if (end - 1 > st.W || end >= bestEnd) break;
        if (!st.windows[k]!.get(end)!.fired) {
          bestEnd = end;
          bestK = k;
          break;
        }
      }
    }
    if (a.length > 0 && a[0]!.t <= st.W + 1 && (bestK < 0 || a[0]!.t <= bestEnd - 1)) {
      processOrdered(st, out, st.heap.pop());
      continue;
    }
    if (bestK < 0) break;
    const slot = st.windows[bestK]!.get(bestEnd)!;
    slot.fired = true;
    const start = bestEnd - st.sizeMs[bestK]!;
    for (const sid of slot.subs) evaluate(st, out, bestK, sid, st.subs.get(sid)!, start);
  }
  for (const k of st.usageRules) {
    const list = st.ends[k]!;
    let removed = false;
    for (let j = 0; j < list.length; j++) {
      const end = list[j]!;
      if (end - 1 + st.lateness > st.W) break;
      const slot = st.windows[k]!.get(end)!;
      const start = end - st.sizeMs[k]!;
      for (const sid of slot.subs) st.subs.get(sid)!.o[k]!.delete(start);
      st.windows[k]!.delete(end);
      removed = true;
    }
    if (removed) st.ends[k] = list.filter((end) => st.windows[k]!.has(end));
  }
}

/** One event, all or nothing: a throw (strict mode, a limit) leaves the state as it was, offset included. */
function push(st: EngineState, event: unknown): TriggerAction[] {
  const before = [st.offset, st.cnt[0]!, st.cnt[1]!];
  try {
    return pushOne(st, event);
  } catch (err) {
    [st.offset, st.cnt[0], st.cnt[1]] = before as [number, number, number];
    throw err;
  }
}

function pushOne(st: EngineState, event: unknown): TriggerAction[] {
  const out: TriggerAction[] = [];
  st.offset++;
  st.cnt[0]!++;
  if (st.cnt[0]! % PROGRESS_EVERY === 0 && st.o.onProgress) {
    st.o.onProgress({ stage: 'events', done: st.cnt[0]!, total: st.cnt[0]!, metrics: { actions: st.cnt[6]!, late: st.cnt[2]!, buffered: st.heap.a.length, subscribers: st.subs.size } });
  }
  const e = normalise(st, event);
  if (e === null) return out;
  const sub = subOf(st, e.sid);
  st.seq++;
  if (e.t <= st.W) {
    // late: only a window within its allowed lateness may still take it
    const took = e.type === 'usage' && addToWindows(st, out, e, sub, true);
    if (took) st.cnt[3]!++;
    else {
      st.cnt[2]!++;
      st.o.onLate?.({ offset: st.offset - 1, reason: `timestamp ${new Date(e.t).toISOString()} is at or behind the watermark ${new Date(st.W).toISOString()}${e.type === 'usage' ? ' plus allowed lateness' : ''}`, event });
    }
    return out;
  }
  if (st.heap.a.length >= st.o.maxBufferedEvents) {
    throw new DataError(`${st.fn}: event ${st.offset - 1} would be buffered event number ${st.heap.a.length + 1}, past maxBufferedEvents ${st.o.maxBufferedEvents} (lower maxOutOfOrdernessMs or raise the limit)`);
  }
  st.heap.push(e);
  if (e.t > st.maxT) {
    st.maxT = e.t;
    st.W = Math.max(st.W, st.maxT - st.ooo - 1);
    advance(st, out);
  } else if (e.t <= st.W + 1) {
    // not a new maximum, but nothing on time can precede it: process it now (windows are unchanged)
    while (st.heap.a.length > 0 && st.heap.a[0]!.t <= st.W + 1) processOrdered(st, out, st.heap.pop());
  }
  return out;
}

function flush(st: EngineState): TriggerAction[] {
  const out: TriggerAction[] = [];
  st.W = END;
  advance(st, out);
  return out;
}

function checkpoint(st: EngineState): TriggerCheckpoint {
  return {
  format: 'telcokit/trigger-checkpoint',
  version: 1,
  rules: st.rulesDigest,
  offset: st.offset,
  actionsEmitted: st.emitted,
  maxEventTime: st.maxT,
  watermark: st.W,
  seq: st.seq,
  buffer: st.heap.a.map((e) => ({ ...e })),
  subscribers: [...st.subs].map(([sid, s]) => [sid, { s: [...s.s], f: [...s.f], o: s.o.map((m) => (m ? [...m] : null)), h: s.h.map((h) => (h ? h.map(([a, b]) => [a, b] as [number, number]) : null)), c: s.c.map(([a, b]) => [a, b] as [number, number]) }] as const),
  windows: st.windows.map((m, k) => st.ends[k]!.map((end) => [end, m.get(end)!.fired, [...m.get(end)!.subs]] as const)),
  counters: [...st.cnt],
  pending: st.pending.map((a) => ({ ...a, detail: { ...a.detail } })),
  };
}

function stats(st: EngineState): TriggerStats {
  return {
  events: st.cnt[0]!,
  invalid: st.cnt[1]!,
  late: st.cnt[2]!,
  lateAccepted: st.cnt[3]!,
  deduplicated: st.cnt[4]!,
  suppressed: st.cnt[5]!,
  actions: st.cnt[6]!,
  buffered: st.heap.a.length,
  subscribers: st.subs.size,
  watermark: st.W === START ? null : st.W,
  };
}

async function* runEngine(st: EngineState, source: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<TriggerAction, void, undefined> {
  const isIter = source !== null && typeof source === 'object' && (typeof (source as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' || typeof (source as Iterable<unknown>)[Symbol.iterator] === 'function');
  if (!isIter || typeof source === 'string') throw new DataError(`${st.fn}: run(source) needs an iterable or async iterable of events, got ${source === null ? 'null' : typeof source}`);
  const drain = function* (): Generator<TriggerAction> {
    while (st.pending.length > 0) {
      const a = st.pending.shift()!;
      st.emitted++;
      yield a;
    }
  };
  yield* drain();
  for await (const event of source as AsyncIterable<unknown>) {
    if (st.o.signal?.aborted) throw new AbortError(st.fn);
    st.pending.push(...push(st, event));
    if (st.o.checkpointEvery !== undefined && st.offset % st.o.checkpointEvery === 0) st.o.onCheckpoint?.(checkpoint(st));
    yield* drain();
  }
  if (st.o.flushAtEnd) {
    st.pending.push(...flush(st));
    yield* drain();
  }
}

function insertSorted(a: number[], v: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! < v) lo = m + 1;
    else hi = m;
  }
  a.splice(lo, 0, v);
}
