/**
 * `createDecisionHandler`: the decision API as a standard fetch handler
 * (`(request: Request) => Promise<Response>`), for Node (telcokit/node's `serveFetchHandler`),
 * Deno.serve, Bun.serve and edge runtimes.
 *
 * @module
 */
import * as z from 'zod';
import { isTelcoError, OptionsError, PrivacyBudgetError, ValidationError } from '../../errors.js';
import { defineOptions, described, func, int, real } from '../../internal/options.js';
import * as o from '../../internal/option-kinds.js';
import { MAX_TOP_K } from '../../limits.js';
import { selectColumns } from '../../matrix/feature-matrix.js';
import type { FeatureMatrix } from '../../matrix/feature-matrix.js';
import { createFeatureMatrix } from '../../matrix/feature-matrix.js';
import { SUBSCRIBER_FEATURE_NAMES, subscriberFeatures } from '../../features/telecom-features.js';
import { predictChurn } from '../../churn/fit-churn-model.js';
import type { ChurnModel } from '../../churn/fit-churn-model.js';
import { recommend } from '../../recommend/recommend.js';
import type { RecommenderModel } from '../../recommend/fit-recommender.js';
import { parseAudienceAs } from '../../tags/parse-audience.js';
import type { AudienceNode } from '../../tags/parse-audience.js';
import { queryAudience } from '../../tags/query-audience.js';
import type { TagIndex } from '../../tags/tag-index.js';
import { createPrivacyBudget } from '../../privacy/privacy-budget.js';
import type { PrivacyBudget } from '../../privacy/privacy-budget.js';
import { noisyCount } from '../../privacy/dp-queries.js';
import { pseudonymize } from '../../privacy/pseudonymize.js';
import type { PseudonymizeOptions } from '../../privacy/pseudonymize.js';
import { checkSecret, equalConstantTime, fromHex, importHmacKey, macOf, MAX_API_KEY_LENGTH } from './api-keys.js';
import { audienceCacheSchema, createLruCache, KEY_SEPARATOR } from './audience-cache.js';
import type { AudienceCache, CachedAudience } from './audience-cache.js';
import { canonicalText } from './canonical-audience.js';
import { decisionOpenApi } from './openapi.js';
import { createBuckets } from './rate-limit.js';
import type { RateLimit } from './rate-limit.js';
import { ID_PARAM, offersParams, queryUsersParams, scoreBody } from './schemas.js';

const FN = 'createDecisionHandler';

/**
 * What a key may do. `audience:ids` (internal systems): `/query_users` with exact counts and
 * subscriber ids. `audience:count` (partners): `/query_users` with a differentially private count
 * charged to the key's privacy budget, and keyed pseudonyms instead of ids when the handler has a
 * pseudonym key. `offers`: `/subscribers/{id}/offers`. `score`: `POST /score`.
 * @category Realtime
 */
export type DecisionScope = 'audience:ids' | 'audience:count' | 'offers' | 'score';

/** The scopes, in a fixed order. @category Realtime */
export const DECISION_SCOPES = ['audience:ids', 'audience:count', 'offers', 'score'] as const satisfies readonly DecisionScope[];

/** One API key as the handler stores it: never the key itself, only its keyed hash. @category Realtime */
export interface DecisionApiKey {
  /** A public name for the key (`[A-Za-z0-9_-]{1,64}`), written in audit records. */
  readonly id: string;
  /** {@link hashApiKey} of the key with the handler's `keySecret`: 64 hex digits. */
  readonly hash: string;
  /** What the key may do. */
  readonly scopes: readonly DecisionScope[];
  /** This key's token bucket (default: the handler's `rateLimit`). */
  readonly rateLimit?: RateLimit;
}

/** One request, as the audit callback receives it: plain data, no subscriber id. @category Realtime */
export interface DecisionAuditRecord {
  /** ISO-8601 time of the request, from the handler's clock. */
  readonly time: string;
  readonly requestId: string;
  /** The key's id, or null when no valid key was presented. */
  readonly keyId: string | null;
  readonly method: string;
  /** The route template (`/query_users`, `/subscribers/{id}/offers`, …) or `'unknown'`. */
  readonly route: string;
  readonly status: number;
  /** Rows released: ids or pseudonyms listed, offers given, subscribers scored (0 for a count). */
  readonly rows: number;
  /** The canonical audience expression of a `/query_users` request. */
  readonly expression?: string;
  /** How the audience was found: `'hit'`, `'miss'`, `'off'` (no cache) or `'unavailable'` (the store failed). */
  readonly cache?: 'hit' | 'miss' | 'off' | 'unavailable';
  /** Privacy loss charged for a noisy count. */
  readonly epsilon?: number;
}

/** What a partner (`audience:count` scope) gets. @category Realtime */
export interface PartnerPolicy {
  /** Privacy loss ε charged per count (default 0.1; in (0, 10]). */
  readonly epsilon?: number;
  /** Each partner key's total budget ε for the handler's lifetime (default 1; in (0, 1000]). */
  readonly budgetEpsilon?: number;
  /** Audiences smaller than this get a count but no pseudonyms (default 100). */
  readonly minAudience?: number;
  /** Key for the pseudonyms a partner receives (none: partners get counts only). */
  readonly pseudonym?: PseudonymizeOptions;
}

/** Options of {@link createDecisionHandler}. @category Realtime */
export interface DecisionHandlerOptions {
  /** The API keys (required, 1 to 10,000). */
  readonly keys: readonly DecisionApiKey[];
  /** The secret the key hashes were made with (required, at least 32 bytes). */
  readonly keySecret: Uint8Array;
  /** The tag index of `/query_users`, or a function returning the current one (called per request). */
  readonly tags?: TagIndex | (() => TagIndex);
  /**
   * The index version in cache keys: a function of the index (default: a SHA-256 fingerprint of its
   * tag ids, bitsets, row count and first and last ids, computed once per index object).
   */
  readonly tagsVersion?: (index: TagIndex) => string;
  /** The fitted recommender of `/subscribers/{id}/offers`. */
  readonly recommender?: RecommenderModel;
  /** The churn model of `POST /score`. */
  readonly churn?: ChurnModel;
  /** Hot-audience store (default `createLruCache()`); `false` for none. */
  readonly cache?: AudienceCache | false;
  /** Longest wait for the store per operation, ms (default 100; in [1, 60,000]); past it the request is answered in process. */
  readonly cacheTimeoutMs?: number;
  /** Largest `limit` of `/query_users` (default 1,000; in [1, 100,000]). */
  readonly maxLimit?: number;
  /** Largest `k` of the offers route (default 100; in [1, MAX_TOP_K]). */
  readonly maxK?: number;
  /** Longest `q` or `tags`, in characters (default 2,048; in [16, 65,536]). */
  readonly maxExpressionLength?: number;
  /** Largest request body, bytes (default 1 MiB; in [1, 64 MiB]). */
  readonly maxBodyBytes?: number;
  /** Most records (usage months or feature rows) in one `/score` body (default 10,000; in [1, 1,000,000]). */
  readonly maxScoreRecords?: number;
  /** Default token bucket per key (default `{ perSecond: 20, burst: 40 }`). */
  readonly rateLimit?: RateLimit;
  /** What partners get; see {@link PartnerPolicy}. */
  readonly partner?: PartnerPolicy;
  /** The clock, ms since the epoch (default `Date.now`): rate limits and audit times read it. */
  readonly now?: () => number;
  /** Receives one {@link DecisionAuditRecord} per request (after the response is built). */
  readonly onAudit?: (record: DecisionAuditRecord) => void;
  /** Receives unexpected errors (answered as a bare 500) with the request id, for your logs. */
  readonly onError?: (error: unknown, requestId: string) => void;
}

/** A fetch handler. @category Realtime */
export type DecisionHandler = (request: Request) => Promise<Response>;

const rateLimitSchema = o.strictObject({ perSecond: real({ gt: 0, max: 1e6 }), burst: int(1, 1e6) });
const keySchema = o.strictObject({
  id: o.string({ regex: /^[A-Za-z0-9_-]{1,64}$/ }),
  hash: o.string({ regex: /^[0-9a-fA-F]{64}$/ }),
  scopes: o.array(o.oneOfValues(DECISION_SCOPES), { min: 1 }),
  rateLimit: rateLimitSchema.optional(),
});
const isIndex = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as TagIndex).kind === 'tags/index' && Array.isArray((v as TagIndex).bitsets) && Array.isArray((v as TagIndex).tagIds) && Array.isArray((v as TagIndex).ids);
const isModel = (kinds: readonly string[]) => (v: unknown): boolean => typeof v === 'object' && v !== null && kinds.includes((v as { kind?: string }).kind as string);

const parseOptions = defineOptions(FN, {
  keys: described(o.array(keySchema, { min: 1, max: 10_000 }), 'an array of 1 to 10,000 keys { id, hash, scopes, rateLimit? } (hash from hashApiKey)'),
  keySecret: described(o.custom<Uint8Array>((v) => v instanceof Uint8Array && v.length >= 32), 'a Uint8Array of at least 32 random bytes'),
  tags: described(o.custom<TagIndex | (() => TagIndex)>((v) => typeof v === 'function' || isIndex(v)), 'a TagIndex or a function returning one').optional(),
  tagsVersion: func<(index: TagIndex) => string>().optional(),
  recommender: described(o.custom<RecommenderModel>(isModel(['recommend/hybrid'])), "a 'recommend/hybrid' model from fitRecommender").optional(),
  churn: described(o.custom<ChurnModel>(isModel(['churn/logistic', 'churn/gbdt'])), 'a churn model from fitChurnModel').optional(),
  cache: described(o.union([audienceCacheSchema, o.literal(false)]), 'an AudienceCache { name, get, set } or false').optional(),
  cacheTimeoutMs: int(1, 60_000).default(100),
  maxLimit: int(1, 100_000).default(1000),
  maxK: int(1, MAX_TOP_K).default(100),
  maxExpressionLength: int(16, 65_536).default(2048),
  maxBodyBytes: int(1, 64 * 2 ** 20).default(2 ** 20),
  maxScoreRecords: int(1, 1_000_000).default(10_000),
  rateLimit: rateLimitSchema.default({ perSecond: 20, burst: 40 }),
  partner: o
    .strictObject({
      epsilon: real({ gt: 0, max: 10 }).default(0.1),
      budgetEpsilon: real({ gt: 0, max: 1000 }).default(1),
      minAudience: int(1, 1e9).default(100),
      pseudonym: described(o.custom<PseudonymizeOptions>((v) => typeof v === 'object' && v !== null), 'pseudonymize options { key, keyId }').optional(),
    })
    .default({ epsilon: 0.1, budgetEpsilon: 1, minAudience: 100 }),
  now: func<() => number>().default(() => Date.now),
  onAudit: func<(record: DecisionAuditRecord) => void>().optional(),
  onError: func<(error: unknown, requestId: string) => void>().optional(),
});

/** Rows of an audience kept in a cache entry: enough for any page of the first `maxLimit` × 10 ids. */
const PREFIX_PAGES = 10;
const REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ROUTES = ['GET /healthz', 'GET /openapi.json', 'GET /query_users', 'GET /subscribers/{id}/offers', 'POST /score'];

/** An answer already decided: status, body, extra headers, and what the audit should say. */
class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
    readonly audit: Partial<DecisionAuditRecord> = {},
  ) {}
}

const fail = (status: number, error: string, message: string, extra: { parameter?: string; position?: number; headers?: Record<string, string> } = {}): Reply =>
  new Reply(status, { error, message, ...(extra.parameter !== undefined ? { parameter: extra.parameter } : {}), ...(extra.position !== undefined ? { position: extra.position } : {}) }, extra.headers);

/**
 * Builds the decision API as a fetch handler. Routes:
 *
 * - `GET /query_users?tags=a,b&limit=1000` (every tag holds) or `?q=<expression>` (the
 *   {@link parseAudience} grammar) over the tag index: an `audience:ids` key gets the exact count and
 *   subscriber ids; an `audience:count` key gets a count with discrete Laplace noise of scale 1/ε
 *   charged to its own privacy budget ({@link createPrivacyBudget}), and keyed pseudonyms
 *   ({@link pseudonymize}) when the partner policy has a key and the audience has at least
 *   `minAudience` members. Results are cached by the index version and the
 *   {@link canonicalAudience} of the expression (`X-Telcokit-Cache: hit | miss | off | unavailable`).
 * - `GET /subscribers/{id}/offers?k=3` ({@link recommend}; `offers` scope).
 * - `POST /score` with `{ usage: UsageMonth[], asOf? }` (features by {@link subscriberFeatures}) or
 *   `{ rows: [{ id, features }] }` ({@link predictChurn}; `score` scope).
 * - `GET /healthz` and `GET /openapi.json` (generated from the zod schemas), without a key.
 *
 * Every other answer is JSON `{ error, message, parameter?, position?, requestId }` with no internal
 * detail and no subscriber id: 401 (no or wrong key, `Authorization: Bearer <key>` or `X-Api-Key`),
 * 403 (scope; privacy budget spent), 429 with `Retry-After` (the key's token bucket is empty),
 * 400 (unknown, repeated or out-of-range parameters; an expression error with its position), 404,
 * 405, 413, 414, 415. Keys are checked by HMAC-SHA-256 with `keySecret` (Web Crypto) and compared in
 * constant time against every stored hash. One {@link DecisionAuditRecord} per request goes to
 * `onAudit`.
 *
 * @param options - see {@link DecisionHandlerOptions}; `keys` and `keySecret` are required
 * @returns the handler; it never throws (unexpected errors become a bare 500 and go to `onError`)
 * @throws OptionsError for a missing, unknown or out-of-range option, a model of the wrong kind, or a
 *   key without a usable scope
 * @example
 * const handler = createDecisionHandler({ keys: [{ id: 'ops', hash: '0'.repeat(64), scopes: ['audience:ids'] }], keySecret: new Uint8Array(32) });
 * typeof handler // => 'function'
 * @category Realtime
 */
export function createDecisionHandler(options: DecisionHandlerOptions): DecisionHandler {
  const s = handlerState(options);
  return (request: Request): Promise<Response> => handle(s, request);
}

type ParsedOptions = ReturnType<typeof parseOptions>;

/** One stored key, ready for the constant-time check. */
interface HandlerKey {
  readonly id: string;
  readonly mac: Uint8Array;
  readonly scopes: ReadonlySet<DecisionScope>;
  readonly rateLimit: RateLimit;
}

/** Everything a handler keeps between requests: built once by {@link handlerState}. */
interface HandlerState {
  readonly o: ParsedOptions;
  readonly keySecret: Uint8Array;
  readonly keys: readonly HandlerKey[];
  readonly partner: ParsedOptions['partner'];
  readonly budgets: Map<string, PrivacyBudget>;
  readonly churn: ChurnModel | undefined;
  readonly churnFromUsage: boolean;
  readonly recommender: RecommenderModel | undefined;
  subscriberRow: Set<string> | undefined;
  readonly cache: AudienceCache | undefined;
  readonly now: () => number;
  readonly buckets: ReturnType<typeof createBuckets>;
  readonly queryParams: ReturnType<typeof queryUsersParams>;
  readonly kParams: ReturnType<typeof offersParams>;
  readonly bodySchema: ReturnType<typeof scoreBody>;
  readonly prefixRows: number;
  readonly maxUrlLength: number;
  openapi: string | undefined;
  hmacKey: Promise<CryptoKey> | undefined;
  lastVersion: string | undefined;
  readonly versions: WeakMap<TagIndex, Promise<string>>;
}

/** Validates the options and builds the handler's state (throws OptionsError). */
function handlerState(options: DecisionHandlerOptions): HandlerState {
  const o = parseOptions(options);
  checkSecret(o.keySecret, FN);
  const ids = new Set<string>();
  const keys = o.keys.map((k, i): HandlerKey => {
    if (ids.has(k.id)) throw new OptionsError(`${FN}: keys[${i}].id '${k.id}' appears twice`, `keys.${i}.id`);
    ids.add(k.id);
    return { id: k.id, mac: fromHex(k.hash)!, scopes: new Set<DecisionScope>(k.scopes), rateLimit: k.rateLimit ?? o.rateLimit };
  });
  const partner = o.partner;
  if (partner.epsilon > partner.budgetEpsilon) {
    throw new OptionsError(`${FN}: partner.epsilon (${partner.epsilon}) is larger than partner.budgetEpsilon (${partner.budgetEpsilon}): no count could ever be paid`, 'partner.epsilon');
  }
  if (partner.pseudonym !== undefined) pseudonymize(['check'], partner.pseudonym); // a bad key fails now, not per request
  const budgets = new Map<string, PrivacyBudget>();
  for (const k of keys) if (k.scopes.has('audience:count')) budgets.set(k.id, createPrivacyBudget({ epsilon: partner.budgetEpsilon }));
  const churn = o.churn;
  return {
    o,
    keySecret: new Uint8Array(o.keySecret),
    keys,
    partner,
    budgets,
    churn,
    churnFromUsage: churn !== undefined && churn.featureNames.every((f) => (SUBSCRIBER_FEATURE_NAMES as readonly string[]).includes(f)),
    recommender: o.recommender,
    subscriberRow: undefined,
    cache: o.cache === false ? undefined : (o.cache ?? createLruCache()),
    now: o.now,
    buckets: createBuckets(o.now),
    queryParams: queryUsersParams(o.maxLimit, o.maxExpressionLength, 100_000_000),
    kParams: offersParams(o.maxK),
    bodySchema: scoreBody(o.maxScoreRecords),
    prefixRows: o.maxLimit * PREFIX_PAGES,
    // longest URL: room for an expression of maxExpressionLength characters, each percent-encoded as up to 3 UTF-8 bytes
    maxUrlLength: 8192 + 9 * o.maxExpressionLength,
    openapi: undefined,
    hmacKey: undefined,
    lastVersion: undefined,
    versions: new WeakMap<TagIndex, Promise<string>>(),
  };
}

/** The cache version of an index: `tagsVersion`, else its fingerprint (computed once per index object). */
function versionOf(s: HandlerState, index: TagIndex): Promise<string> {
  const o = s.o;
  if (o.tagsVersion) {
    const v = o.tagsVersion(index);
    if (typeof v !== 'string' || v.length === 0 || v.length > 256) throw new OptionsError(`${FN}: tagsVersion must return a non-empty string of at most 256 characters`, 'tagsVersion');
    return Promise.resolve(v);
  }
  let v = s.versions.get(index);
  if (v === undefined) {
    v = fingerprint(index);
    s.versions.set(index, v);
  }
  return v;
}

/** A cache operation that cannot hang or throw: undefined value and `failed` on error or timeout. */
async function guarded<T>(timeoutMs: number, op: () => T | Promise<T>): Promise<{ value?: T; failed: boolean }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = op();
    // a synchronous store (the in-process LRU) answers without a timer
    if (!(result instanceof Promise) && typeof (result as { then?: unknown } | undefined)?.then !== 'function') return { value: result as T, failed: false };
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('cache timeout')), timeoutMs);
    });
    const value = await Promise.race([result, timeout]);
    return { value, failed: false };
  } catch {
    return { failed: true };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** The key a request presents, or the 401 reply. */
async function authenticate(s: HandlerState, request: Request): Promise<HandlerKey | Reply> {
  const auth = request.headers.get('authorization');
  let presented: string | null;
  if (auth !== null) {
    const m = /^Bearer ([\x21-\x7e]+)$/.exec(auth);
    if (m === null) return fail(401, 'unauthorized', 'the Authorization header must be "Bearer <key>"', { headers: { 'www-authenticate': 'Bearer' } });
    presented = m[1]!;
  } else presented = request.headers.get('x-api-key');
  if (presented === null || presented.length === 0) return fail(401, 'unauthorized', 'an API key is required (Authorization: Bearer <key>, or X-Api-Key)', { headers: { 'www-authenticate': 'Bearer' } });
  if (presented.length > MAX_API_KEY_LENGTH) return fail(401, 'unauthorized', 'the API key is not valid', { headers: { 'www-authenticate': 'Bearer' } });
  s.hmacKey ??= importHmacKey(s.keySecret, FN);
  const mac = await macOf(await s.hmacKey, presented);
  // compare with every stored hash, whatever matched, so the time does not depend on which key it is
  let found: HandlerKey | undefined;
  for (const k of s.keys) if (equalConstantTime(mac, k.mac) && found === undefined) found = k;
  return found ?? fail(401, 'unauthorized', 'the API key is not valid', { headers: { 'www-authenticate': 'Bearer' } });
}

/** Search parameters as an object; a repeated parameter is an error (which value would win?). */
function paramsOf(url: URL): Record<string, string> | Reply {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of url.searchParams) {
    if (Object.hasOwn(out, k)) return fail(400, 'bad_request', 'a query parameter is repeated', { parameter: k.length <= 32 ? k : undefined });
    out[k] = v;
  }
  return out;
}

/** The 400 reply for a parameter or body that fails its schema: the first issue, with a safe parameter name. */
function zodFail(error: z.ZodError): Reply {
  const issue = error.issues[0]!;
  const path = issue.path.map(String).join('.');
  const param = issue.code === 'unrecognized_keys' ? issue.keys[0] : path;
  const safeParam = param !== undefined && /^[A-Za-z0-9_.]{1,64}$/.test(param) ? param : undefined;
  const what = issue.code === 'unrecognized_keys' ? 'unknown parameter' : issue.code === 'too_big' ? `too large (at most ${String((issue as { maximum?: unknown }).maximum)})` : issue.code === 'too_small' ? `too small (at least ${String((issue as { minimum?: unknown }).minimum)})` : issue.message;
  return fail(400, 'bad_request', safeParam ? `${safeParam}: ${what}` : what, { parameter: safeParam });
}

/** `GET /query_users`: exact ids for `audience:ids`, a noisy count (and pseudonyms) for `audience:count`. */
async function queryUsers(s: HandlerState, url: URL, key: HandlerKey): Promise<Reply> {
  const { o, cache, partner } = s;
  const full = key.scopes.has('audience:ids');
  if (!full && !key.scopes.has('audience:count')) return fail(403, 'forbidden', 'this key may not query audiences');
  if (o.tags === undefined) return fail(404, 'not_found', 'no tag index is configured');
  const raw = paramsOf(url);
  if (raw instanceof Reply) return raw;
  const parsed = s.queryParams.safeParse(raw);
  if (!parsed.success) return zodFail(parsed.error);
  const { tags, q, limit, offset } = parsed.data;
  if ((tags === undefined) === (q === undefined)) return fail(400, 'bad_request', 'give exactly one of tags and q', { parameter: 'q' });
  let expression: string;
  if (tags !== undefined) {
    // the seeds' form: tag ids separated by commas, all of them must hold
    const bad = /[^A-Za-z0-9_.,-]/.exec(tags) ?? /(^|,)(,|$)|(^|,)[0-9.-]/.exec(tags);
    if (bad) return fail(400, 'bad_expression', 'tags is a comma-separated list of tag ids', { parameter: 'tags', position: bad.index });
    expression = tags;
  } else expression = q!;
  const index = typeof o.tags === 'function' ? (o.tags as () => TagIndex)() : o.tags;
  if (!isIndex(index)) throw new OptionsError(`${FN}: the tags function did not return a TagIndex`, 'tags');
  let ast: AudienceNode;
  try {
    ast = parseAudienceAs(expression, index.tagIds, { maxDepth: 64 }, FN);
  } catch (e) {
    if (e instanceof ValidationError) {
      const issue = e.issues[0];
      const position = typeof issue?.path[1] === 'number' ? issue.path[1] : undefined;
      return fail(400, 'bad_expression', issue?.reason ?? 'bad expression', { parameter: tags !== undefined ? 'tags' : 'q', position });
    }
    throw e;
  }
  const canonical = canonicalText(ast);
  const version = await versionOf(s, index);
  let state: 'hit' | 'miss' | 'off' | 'unavailable' = cache ? 'miss' : 'off';
  const cacheKey = version + KEY_SEPARATOR + canonical;
  if (cache && version !== s.lastVersion) {
    s.lastVersion = version;
    if (cache.invalidate) {
      const r = await guarded(o.cacheTimeoutMs, () => cache.invalidate!(version));
      if (r.failed) state = 'unavailable';
    }
  }
  let entry: CachedAudience | undefined;
  if (cache && state !== 'unavailable') {
    const r = await guarded(o.cacheTimeoutMs, () => cache.get(cacheKey));
    if (r.failed) state = 'unavailable';
    else if (r.value !== undefined && isEntry(r.value)) {
      entry = r.value;
      state = 'hit';
    }
  }
  if (entry === undefined) {
    const found = queryAudience(index, ast, { limit: s.prefixRows });
    entry = { total: found.total, rows: found.rows };
    if (cache && state === 'miss') {
      const e = entry;
      const r = await guarded(o.cacheTimeoutMs, () => cache.set(cacheKey, e));
      if (r.failed) state = 'unavailable';
    }
  }
  // the page: from the cached prefix when it covers it, else from the index
  let rows: Int32Array;
  if (offset + limit <= entry.rows.length || entry.rows.length === entry.total) rows = entry.rows.subarray(Math.min(offset, entry.rows.length), Math.min(offset + limit, entry.rows.length));
  else rows = queryAudience(index, ast, { offset, limit }).rows;
  const headers = { 'x-telcokit-cache': state };
  const audit = { expression: canonical, cache: state } as const;
  const pageIds = (): string[] => Array.from(rows, (r) => index.ids[r]!);
  if (full) {
    const ids = pageIds();
    return new Reply(200, { expression: canonical, count: entry.total, exact: true, ids, limit, offset }, headers, { ...audit, rows: ids.length });
  }
  const budget = s.budgets.get(key.id)!;
  let noisy: number;
  try {
    noisy = noisyCount(FN, entry.total, { epsilon: partner.epsilon, budget, label: `query_users ${canonical.slice(0, 200)}` });
  } catch (e) {
    if (e instanceof PrivacyBudgetError) return fail(403, 'privacy_budget_exhausted', "this key's privacy budget is spent");
    throw e;
  }
  const count = Math.max(0, noisy); // post-processing: costs no privacy
  const body: Record<string, unknown> = { expression: canonical, count, exact: false, epsilon: partner.epsilon, remainingEpsilon: budget.remaining().epsilon, limit, offset };
  let released = 0;
  if (partner.pseudonym !== undefined && entry.total >= partner.minAudience) {
    const ids = pseudonymize(pageIds(), partner.pseudonym);
    body.ids = ids;
    body.pseudonymous = true;
    released = ids.length;
  }
  return new Reply(200, body, headers, { ...audit, rows: released, epsilon: partner.epsilon });
}

/** `GET /subscribers/{id}/offers`. */
function offers(s: HandlerState, url: URL, key: HandlerKey, rawId: string): Reply {
  const recommender = s.recommender;
  if (!key.scopes.has('offers')) return fail(403, 'forbidden', 'this key may not read offers');
  if (recommender === undefined) return fail(404, 'not_found', 'no recommender is configured');
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return fail(400, 'bad_request', 'the subscriber id is not a valid identifier', { parameter: 'id' });
  }
  if (!ID_PARAM.test(id)) return fail(400, 'bad_request', 'the subscriber id is not a valid identifier', { parameter: 'id' });
  const raw = paramsOf(url);
  if (raw instanceof Reply) return raw;
  const parsed = s.kParams.safeParse(raw);
  if (!parsed.success) return zodFail(parsed.error);
  s.subscriberRow ??= new Set(recommender.subscriberIds);
  if (!s.subscriberRow.has(id)) return fail(404, 'not_found', 'unknown subscriber');
  const recs = recommend(recommender, id, { k: parsed.data.k });
  return new Reply(200, { offers: recs.map((r) => ({ offerId: r.offerId, score: r.score, reasons: [...r.reasons] })) }, {}, { rows: recs.length });
}

/** `POST /score`: usage months or feature rows through the churn model. */
async function score(s: HandlerState, request: Request, key: HandlerKey): Promise<Reply> {
  const { o, churn } = s;
  if (!key.scopes.has('score')) return fail(403, 'forbidden', 'this key may not score');
  if (churn === undefined) return fail(404, 'not_found', 'no churn model is configured');
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) return fail(415, 'unsupported_media_type', 'the body must be application/json (UTF-8)');
  const bytes = await readBody(request, o.maxBodyBytes);
  if (bytes === undefined) return fail(413, 'payload_too_large', `the body is larger than ${o.maxBodyBytes} bytes`);
  let json: unknown;
  try {
    let proto = false;
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes), (k, v: unknown) => {
      // an own "__proto__" key would be dropped or reinterpreted by object handling downstream: refuse it
      if (k === '__proto__') proto = true;
      return v;
    });
    if (proto) return fail(400, 'bad_request', 'the body has a "__proto__" key');
  } catch {
    return fail(400, 'bad_request', 'the body is not valid UTF-8 JSON');
  }
  const parsed = s.bodySchema.safeParse(json);
  if (!parsed.success) return zodFail(parsed.error);
  const b = parsed.data;
  let m: FeatureMatrix;
  if (b.usage !== undefined) {
    if (!s.churnFromUsage) return fail(400, 'bad_request', 'this model scores feature rows: send { rows: [{ id, features }] }', { parameter: 'usage' });
    try {
      m = selectColumns(subscriberFeatures(b.usage, b.asOf === undefined ? {} : { asOf: b.asOf }), churn.featureNames);
    } catch (e) {
      if (isTelcoError(e)) return fail(400, 'bad_request', 'the usage records cannot be turned into features (repeated or malformed months?)', { parameter: 'usage' });
      throw e;
    }
  } else {
    const rows = b.rows!;
    const names = churn.featureNames;
    const p = names.length;
    const values = new Float64Array(rows.length * p);
    const seen = new Set<string>();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (seen.has(r.id)) return fail(400, 'bad_request', `rows.${i}.id: repeated id`, { parameter: `rows.${i}.id` });
      seen.add(r.id);
      for (const f of Object.keys(r.features)) {
        if (!names.includes(f)) return fail(400, 'bad_request', `rows.${i}.features: a feature the model does not use`, { parameter: `rows.${i}.features` });
      }
      for (let j = 0; j < p; j++) {
        if (!Object.hasOwn(r.features, names[j]!)) return fail(400, 'bad_request', `rows.${i}.features.${names[j]}: missing (send null for a missing value)`, { parameter: `rows.${i}.features.${names[j]}` });
        const v = r.features[names[j]!];
        values[i * p + j] = v === null || v === undefined ? NaN : v;
      }
    }
    m = createFeatureMatrix(values, names, rows.map((r) => r.id));
  }
  let probs: Float64Array;
  try {
    probs = predictChurn(churn, m);
  } catch (e) {
    if (isTelcoError(e)) return fail(400, 'bad_request', 'the model cannot score these rows (missing values where it needs numbers?)');
    throw e;
  }
  const ids = m.rowIds ?? [];
  const scores = Array.from(probs, (p, i) => ({ id: ids[i]!, probability: Number.isFinite(p) ? p : null }));
  return new Reply(200, { scores }, {}, { rows: scores.length });
}

/** Routes one request (authentication and rate limit included) to its reply. */
async function route(s: HandlerState, request: Request, audit: { keyId: string | null; route: string }): Promise<Reply> {
  const o = s.o;
  if (request.url.length > s.maxUrlLength) return fail(414, 'uri_too_long', 'the URL is too long');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return fail(400, 'bad_request', 'the URL is not valid');
  }
  const path = url.pathname;
  const method = request.method;
  const offersMatch = /^\/subscribers\/([^/]+)\/offers$/.exec(path);
  const routeName = path === '/healthz' || path === '/openapi.json' || path === '/query_users' || path === '/score' ? path : offersMatch ? '/subscribers/{id}/offers' : 'unknown';
  audit.route = routeName;
  if (routeName === 'unknown') return fail(404, 'not_found', 'no such route');
  const want = routeName === '/score' ? 'POST' : 'GET';
  if (method !== want && !(want === 'GET' && method === 'HEAD')) return fail(405, 'method_not_allowed', `use ${want}`, { headers: { allow: want === 'GET' ? 'GET, HEAD' : 'POST' } });
  if (routeName === '/healthz') return new Reply(200, { status: 'ok', routes: ROUTES });
  if (routeName === '/openapi.json') {
    s.openapi ??= JSON.stringify(decisionOpenApi({ maxLimit: o.maxLimit, maxK: o.maxK, maxExpressionLength: o.maxExpressionLength, maxScoreRecords: o.maxScoreRecords }));
    return new Reply(200, s.openapi);
  }
  const key = await authenticate(s, request);
  if (key instanceof Reply) return key;
  audit.keyId = key.id;
  const wait = s.buckets.take(key.id, key.rateLimit);
  if (wait > 0) return fail(429, 'rate_limited', 'too many requests for this key', { headers: { 'retry-after': String(wait) } });
  if (routeName === '/query_users') return queryUsers(s, url, key);
  if (routeName === '/score') return score(s, request, key);
  return offers(s, url, key, offersMatch![1]!);
}

/** One request to one response; never throws. */
async function handle(s: HandlerState, request: Request): Promise<Response> {
  const o = s.o;
  const given = typeof request?.headers?.get === 'function' ? request.headers.get('x-request-id') : null;
  const requestId = given !== null && REQUEST_ID.test(given) ? given : globalThis.crypto.randomUUID();
  const audit: { keyId: string | null; route: string } = { keyId: null, route: 'unknown' };
  let reply: Reply;
  try {
    if (!(request instanceof Request)) reply = fail(400, 'bad_request', 'not a Request');
    else reply = await route(s, request, audit);
  } catch (e) {
    o.onError?.(e, requestId);
    reply = fail(500, 'internal', 'internal error');
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.status >= 400 ? { ...(reply.body as object), requestId } : reply.body);
  const headers = new Headers({
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-request-id': requestId,
    ...reply.headers,
  });
  const method = request instanceof Request ? request.method : 'UNKNOWN';
  if (o.onAudit) {
    const time = new Date(s.now());
    const record: DecisionAuditRecord = {
      time: Number.isFinite(time.getTime()) ? time.toISOString() : 'invalid',
      requestId,
      keyId: audit.keyId,
      method: /^[A-Z]{1,16}$/.test(method) ? method : 'OTHER',
      route: audit.route,
      status: reply.status,
      rows: 0,
      ...reply.audit,
    };
    try {
      o.onAudit(record);
    } catch (e) {
      o.onError?.(e, requestId);
    }
  }
  return new Response(method === 'HEAD' ? null : text, { status: reply.status, headers });
}

function isEntry(v: unknown): v is CachedAudience {
  return typeof v === 'object' && v !== null && Number.isInteger((v as CachedAudience).total) && (v as CachedAudience).rows instanceof Int32Array;
}

/** Reads at most `max` bytes of the body; undefined when it is larger. */
async function readBody(request: Request, max: number): Promise<Uint8Array | undefined> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^[0-9]+$/.test(declared) && Number(declared) > max) return undefined;
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** SHA-256 of an index's tag ids, row count, first and last ids and bitsets, as hex (the default cache version). */
async function fingerprint(index: TagIndex): Promise<string> {
  const head = new TextEncoder().encode(JSON.stringify([index.nRows, index.tagIds, index.ids[0] ?? null, index.ids[index.nRows - 1] ?? null]));
  let size = head.byteLength;
  for (const b of index.bitsets) size += b.byteLength;
  const all = new Uint8Array(size);
  all.set(head, 0);
  let at = head.byteLength;
  for (const b of index.bitsets) {
    all.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), at);
    at += b.byteLength;
  }
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', all));
  let hex = '';
  for (const x of digest) hex += x.toString(16).padStart(2, '0');
  return hex;
}
