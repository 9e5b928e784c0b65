/**
 * The decision API's request and response shapes, declared once as zod schemas: the handler
 * validates with them and `/openapi.json` is generated from them (zod 4's `z.toJSONSchema`).
 *
 * @module
 */
import * as z from 'zod';
import { UsageMonthSchema } from '../../schema/usage-month.js';

/** Most characters of a path segment `{id}` (subscriber ids are identifiers, not documents). */
export const MAX_ID_PARAM_LENGTH = 128;
/** What a subscriber id in a URL path may contain: no slash, dot-dot, percent, space or control character. */
export const ID_PARAM = /^(?!\.{1,2}$)[A-Za-z0-9_.:@+-]{1,128}$/;

/** An integer query parameter: decimal digits only (no sign, exponent, spaces or empty string), then range-checked. */
function intParam(min: number, max: number, dflt: number, description: string) {
  return z
    .string()
    .regex(/^[0-9]{1,16}$/, 'expected decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((v) => v ?? dflt)
    .describe(`${description} An integer in [${min}, ${max}], default ${dflt}.`);
}

/** Query parameters of `GET /query_users` (built per handler: the limits are options). */
export function queryUsersParams(maxLimit: number, maxExpressionLength: number, maxOffset: number) {
  return z.strictObject({
    tags: z.string().min(1).max(maxExpressionLength).optional().describe('Comma-separated tag ids; every tag must hold (AND).'),
    q: z.string().min(1).max(maxExpressionLength).optional().describe('An audience expression: tags with AND, OR, NOT, parentheses and commas (= AND).'),
    limit: intParam(0, maxLimit, Math.min(100, maxLimit), 'Most ids returned.'),
    offset: intParam(0, maxOffset, 0, 'Ids skipped first, for paging.'),
  });
}

/** Query parameters of `GET /subscribers/{id}/offers`. */
export function offersParams(maxK: number) {
  return z.strictObject({
    k: intParam(1, maxK, Math.min(3, maxK), 'How many offers.'),
  });
}

/** Body of `POST /score`: monthly usage records (scored through `subscriberFeatures`) or feature rows. */
export function scoreBody(maxRecords: number) {
  return z
    .strictObject({
      usage: z.array(UsageMonthSchema).min(1).max(maxRecords).optional().describe('Monthly usage records (UsageMonthSchema); features are computed with subscriberFeatures.'),
      asOf: z
        .string()
        .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
        .optional()
        .describe('Reference month YYYY-MM for usage (default: the latest month given).'),
      rows: z
        .array(z.strictObject({ id: z.string().regex(ID_PARAM), features: z.record(z.string(), z.number().nullable()) }))
        .min(1)
        .max(maxRecords)
        .optional()
        .describe("Feature rows: each model feature by name (null = missing)."),
    })
    .refine((b) => (b.usage === undefined) !== (b.rows === undefined), { message: 'give exactly one of usage and rows' });
}

/** An error answer: a stable code and a message with no internal detail. */
export const ErrorBodySchema = /* @__PURE__ */ (() => z.object({
  error: z.string().describe('A stable code: unauthorized, forbidden, rate_limited, bad_request, bad_expression, not_found, payload_too_large, unsupported_media_type, method_not_allowed, privacy_budget_exhausted, unavailable.'),
  message: z.string(),
  parameter: z.string().optional().describe('The query parameter or body path at fault.'),
  position: z.number().int().optional().describe('0-based offset of the fault in an audience expression.'),
  requestId: z.string(),
}))();

export const QueryUsersResponseSchema = /* @__PURE__ */ (() => z.object({
  expression: z.string().describe('The canonical form of the expression.'),
  count: z.number().int().describe('Audience size: exact for the ids scope, with differential-privacy noise for the count scope.'),
  exact: z.boolean(),
  ids: z.array(z.string()).optional().describe('Subscriber ids (ids scope) or keyed pseudonyms (count scope, when configured), index order.'),
  pseudonymous: z.boolean().optional(),
  epsilon: z.number().optional().describe('Privacy loss charged to this key for a noisy count.'),
  remainingEpsilon: z.number().optional(),
  limit: z.number().int(),
  offset: z.number().int(),
}))();

export const OffersResponseSchema = /* @__PURE__ */ (() => z.object({
  offers: z.array(z.object({ offerId: z.string(), score: z.number(), reasons: z.array(z.string()) })),
}))();

export const ScoreResponseSchema = /* @__PURE__ */ (() => z.object({
  scores: z.array(z.object({ id: z.string(), probability: z.number().nullable() })),
}))();

export const HealthResponseSchema = /* @__PURE__ */ (() => z.object({
  status: z.literal('ok'),
  routes: z.array(z.string()),
}))();
