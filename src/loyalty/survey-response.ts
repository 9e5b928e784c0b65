/**
 * `SurveyResponseSchema` and `validateSurveyResponses`: one NPS / CSAT survey answer per record,
 * validated like every other telcokit record, with the usual Chinese survey-export headers mapped
 * by `suggestColumnMapping` (see `CHINESE_HEADER_ALIASES`).
 *
 * @module
 */
import * as z from 'zod';
import { DataError, OptionsError, ValidationError, type ValidationIssue } from '../errors.js';
import { validateRecords, type ValidateOptions, type ValidationResult } from '../schema/validate.js';

/** Channels a survey reaches a subscriber through. @category Loyalty */
export const SURVEY_CHANNELS = ['sms', 'app', 'ivr', 'web', 'call_centre', 'store', 'wechat', 'email', 'other'] as const;

/**
 * The service attributes the schema knows, each rated 1–10 (10 = best). Driver analysis may use
 * any numeric field, so a schema extended with `.extend({ … })` works as well.
 * @category Loyalty
 */
export const SURVEY_ATTRIBUTES = ['networkQuality', 'coverage', 'price', 'customerService', 'billingClarity', 'digitalExperience'] as const;

/** One of {@link SURVEY_ATTRIBUTES}. @category Loyalty */
export type SurveyAttribute = (typeof SURVEY_ATTRIBUTES)[number];

const rating = () => z.int().min(1).max(10).optional();

/**
 * One survey response (key: `subscriberId` + `date`). NPS is the 0–10 answer to "how likely are you
 * to recommend us"; CSAT the 1–5 overall satisfaction; attribute ratings are 1–10; the free-text
 * comment is kept as text, never parsed.
 * @category Loyalty
 */
export const SurveyResponseSchema = /* @__PURE__ */ (() => z.object({
  /** Subscriber id. */
  subscriberId: z.string().min(1, 'expected a non-empty id'),
  /** Date answered, `YYYY-MM-DD`. */
  date: z.iso.date({ error: 'expected an existing date as YYYY-MM-DD' }),
  /** Channel the survey was answered through. */
  channel: z.enum(SURVEY_CHANNELS).optional(),
  /** `relationship` (periodic) or `transactional` (after a service contact). */
  surveyType: z.enum(['relationship', 'transactional']).optional(),
  /** Likelihood to recommend, an integer 0–10. */
  nps: z.int().min(0).max(10),
  /** Overall satisfaction, an integer 1–5. */
  csat: z.int().min(1).max(5).optional(),
  /** Network quality (speed, dropped calls), 1–10. */
  networkQuality: rating(),
  /** Coverage where the subscriber lives and travels, 1–10. */
  coverage: rating(),
  /** Price / value for money, 1–10. */
  price: rating(),
  /** Customer service (hotline, stores), 1–10. */
  customerService: rating(),
  /** Billing clarity, 1–10. */
  billingClarity: rating(),
  /** App and online self-service, 1–10. */
  digitalExperience: rating(),
  /** Free-text comment, kept as given. */
  comment: z.string().optional(),
}))();
/** One survey response. @category Loyalty */
export type SurveyResponse = z.infer<typeof SurveyResponseSchema>;

/** Options of {@link validateSurveyResponses}. @category Loyalty */
export interface ValidateSurveyOptions extends Pick<ValidateOptions, 'coerce' | 'thousandsSeparator' | 'unknownFields' | 'maxErrors' | 'rowOffset'> {
  /** `'collect'` (default) returns errors beside the valid rows; `'strict'` throws a ValidationError. */
  mode?: 'collect' | 'strict';
  /** Known subscriber ids: a response from any other id is an error on its row. Default: not checked. */
  subscriberIds?: Iterable<string>;
}

/**
 * Validates survey records: {@link SurveyResponseSchema} field by field, a repeated
 * `subscriberId` + `date` (the later row is the error; the first is kept), and, when
 * `subscriberIds` is given, ids that are not subscribers. Valid rows and errors come back side by
 * side; `'strict'` throws instead.
 *
 * @param records - raw records (from CSV, JSON Lines or code)
 * @param options - `mode`, `subscriberIds`, and the CSV coercion options of `validateRecords`
 * @returns `{ valid, errors, invalidRows, unknownFields, rowsRead }`
 * @throws ValidationError in `'strict'` mode when any row fails
 * @throws DataError when `records` is not an array or `subscriberIds` not iterable
 * @example
 * const r = validateSurveyResponses([
 *   { subscriberId: 'S1', date: '2024-03-01', nps: 9 },
 *   { subscriberId: 'S1', date: '2024-03-01', nps: 7 },
 *   { subscriberId: 'S2', date: '2024-03-02', nps: 11 },
 * ]);
 * [r.valid.length, r.invalidRows] // => [1, [1, 2]]
 * @category Loyalty
 */
export function validateSurveyResponses(records: readonly unknown[], options: ValidateSurveyOptions = {}): ValidationResult<SurveyResponse> {
  const fn = 'validateSurveyResponses';
  if (!Array.isArray(records)) throw new DataError(`${fn}: expected an array of records, got ${records === null ? 'null' : typeof records}`);
  const opts: ValidateSurveyOptions = options ?? {};
  if (typeof opts !== 'object') throw new DataError(`${fn}: options must be an object`);
  const { subscriberIds, mode = 'collect', ...rest } = opts;
  if (mode !== 'strict' && mode !== 'collect') throw new OptionsError(`${fn}: option mode must be 'collect' or 'strict', got ${String(mode)}`, 'mode');
  let known: Set<string> | undefined;
  if (subscriberIds !== undefined) {
    if (subscriberIds === null || typeof (subscriberIds as Iterable<string>)[Symbol.iterator] !== 'function') {
      throw new DataError(`${fn}: option subscriberIds must be an iterable of ids`);
    }
    known = new Set(subscriberIds);
  }
  const res = validateRecords(SurveyResponseSchema, records, { ...rest, mode: 'collect', key: ['subscriberId', 'date'] });
  let result = res;
  if (known) {
    const extra: ValidationIssue[] = [];
    const bad = new Set<number>();
    const offset = rest.rowOffset ?? 0;
    // valid rows keep their input order; map them back to their row numbers
    const invalid = new Set(res.invalidRows);
    const rowsOfValid: number[] = [];
    for (let i = 0; i < res.rowsRead; i++) if (!invalid.has(i + offset)) rowsOfValid.push(i + offset);
    const valid: SurveyResponse[] = [];
    res.valid.forEach((v, k) => {
      if (known.has(v.subscriberId)) valid.push(v);
      else {
        const row = rowsOfValid[k]!;
        bad.add(row);
        extra.push({ row, path: ['subscriberId'], reason: 'unknown subscriber id (not in subscriberIds)', value: v.subscriberId });
      }
    });
    result = {
      ...res,
      valid,
      errors: [...res.errors, ...extra].sort((a, b) => a.row - b.row),
      invalidRows: [...res.invalidRows, ...bad].sort((a, b) => a - b),
    };
  }
  if (mode === 'strict' && result.errors.length > 0) {
    const max = rest.maxErrors ?? 20;
    const shown = result.errors.slice(0, max);
    throw new ValidationError(
      `${fn}: ${result.invalidRows.length} of ${result.rowsRead} responses failed: ${shown.map((e) => `row ${e.row} ${e.path.join('.') || '(record)'}: ${e.reason}`).join('; ')}`,
      shown,
    );
  }
  return result;
}
