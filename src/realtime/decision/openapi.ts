/**
 * The decision API's OpenAPI 3.1 document, generated from the zod schemas the handler validates
 * with (zod 4's `z.toJSONSchema`), so the document cannot drift from the checks.
 *
 * @module
 */
import * as z from 'zod';
import { ErrorBodySchema, HealthResponseSchema, offersParams, OffersResponseSchema, queryUsersParams, QueryUsersResponseSchema, scoreBody, ScoreResponseSchema } from './schemas.js';

/** The limits that appear in the document (as the handler resolved them). */
export interface OpenApiLimits {
  readonly maxLimit: number;
  readonly maxK: number;
  readonly maxExpressionLength: number;
  readonly maxScoreRecords: number;
}

type Json = Record<string, unknown>;

const toSchema = (s: z.ZodType): Json => {
  const j = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete j.$schema;
  return j;
};

/** Query parameters from an object schema: one OpenAPI parameter per property. */
function parameters(s: z.ZodType): Json[] {
  const j = toSchema(s) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(j.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: 'query', required: (j.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });

/** Builds the OpenAPI document of {@link createDecisionHandler}'s routes. */
export function decisionOpenApi(limits: OpenApiLimits): Json {
  const error = { $ref: '#/components/schemas/Error' };
  const errors = (codes: readonly number[]): Json =>
    Object.fromEntries(codes.map((c) => [String(c), json(error, c === 401 ? 'No or wrong API key' : c === 403 ? 'Key without the scope, or privacy budget spent' : c === 429 ? 'Rate limited (see Retry-After)' : c === 400 ? 'Invalid request' : c === 404 ? 'Not found' : c === 413 ? 'Body too large' : c === 415 ? 'Not JSON' : 'Error')]));
  const secured = [{ bearer: [] }, { apiKey: [] }];
  return {
    openapi: '3.1.0',
    info: { title: 'telcokit decision API', version: '1', description: 'Audiences over the tag index, offers and churn scores. Generated from the zod schemas the handler validates with.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
      schemas: { Error: toSchema(ErrorBodySchema) },
    },
    paths: {
      '/query_users': {
        get: {
          summary: 'Subscribers matching tags (comma = AND) or an audience expression',
          description: "Scope audience:ids gets the exact count and ids; scope audience:count gets a differentially private count and, when configured, keyed pseudonyms. Header X-Telcokit-Cache says how the audience was found.",
          security: secured,
          parameters: parameters(queryUsersParams(limits.maxLimit, limits.maxExpressionLength, 100_000_000)),
          responses: { '200': json(toSchema(QueryUsersResponseSchema), 'The audience'), ...errors([400, 401, 403, 404, 429]) },
        },
      },
      '/subscribers/{id}/offers': {
        get: {
          summary: 'Top offers for one subscriber',
          security: secured,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_.:@+-]{1,128}$' } }, ...parameters(offersParams(limits.maxK))],
          responses: { '200': json(toSchema(OffersResponseSchema), 'Offers, best first'), ...errors([400, 401, 403, 404, 429]) },
        },
      },
      '/score': {
        post: {
          summary: 'Churn probabilities',
          security: secured,
          requestBody: { required: true, content: { 'application/json': { schema: toSchema(scoreBody(limits.maxScoreRecords)) } } },
          responses: { '200': json(toSchema(ScoreResponseSchema), 'One probability per subscriber'), ...errors([400, 401, 403, 404, 413, 415, 429]) },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': json(toSchema(HealthResponseSchema), 'Up') } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
  };
}
